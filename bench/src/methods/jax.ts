/**
 * Peer: @jax-js/jax (JAX for JavaScript), float64 arrays on its Wasm backend. `grad` is reverse
 * mode; `jit(grad(f))` compiles the derivative into one kernel. Loaded lazily: if it fails to
 * load, the bench reports it unavailable with the reason instead of failing.
 */
import type { ScalarName } from '../workloads.js';

type Jax = typeof import('@jax-js/jax');
type JaxArray = import('@jax-js/jax').Array;

export interface JaxMethods {
  first(name: ScalarName): (x: number) => number;
  firstJit(name: ScalarName): (x: number) => number;
  second(name: ScalarName): (x: number) => number;
  gradient(n: number): (x: readonly number[]) => number[];
  hessian(n: number): (x: readonly number[]) => number[][];
  jacobian(n: number): (x: readonly number[]) => number[][];
}

/** Loads jax-js and starts its Wasm backend; a string says why it is unavailable. */
export async function loadJax(): Promise<JaxMethods | string> {
  try {
    // jax-js refers to Float16Array, which Node 20 lacks; it is only needed for float16 arrays.
    const g = globalThis as { Float16Array?: unknown };
    g.Float16Array ??= Float32Array;
    const jax = await import('@jax-js/jax');
    await jax.init('wasm');
    return jaxMethods(jax);
  } catch (error) {
    return `failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const transpose = (A: number[][]): number[][] => A[0].map((_, j) => A.map((row) => row[j]));

function jaxMethods(jax: Jax): JaxMethods {
  const np = jax.numpy;
  const ln1031 = Math.log(10.31);
  // jax-js arrays are reference counted: every use but the last takes `.ref`.
  const scalar: Record<ScalarName, (x: JaxArray) => JaxArray> = {
    // cubes as products: np.power is only float32-accurate in jax-js 0.1.25 (3·1.5² → 6.749997)
    martins: (x) => {
      const s = np.sin(x.ref), c = np.cos(x.ref);
      return np.exp(x).div(np.sqrt(s.ref.mul(s.ref).mul(s).add(c.ref.mul(c.ref).mul(c))));
    },
    num2num_1: (x) => np.square(np.sin(x.ref)).div(np.square(np.cos(x))),
    num2num_2: (x) => x.ref.mul(2).add(np.sqrt(x.ref.mul(x.ref).mul(x))),
    num2num_3: (x) => np.exp(x.ref.add(x.ref).mul(ln1031)).sub(x),
    num2num_4: (x) => np.onesLike(x),
    num2num_5: (x) => np.reciprocal(np.exp(x.mul(-1)).add(1)),
  };
  const rosenbrock = (x: JaxArray): JaxArray => {
    const n = x.shape[0];
    const head = x.ref.slice([0, n - 1]);
    const tail = x.slice([1, n]);
    const a = head.ref.mul(-1).add(1);
    const b = tail.sub(np.square(head));
    return np.sum(np.square(a).add(np.square(b).mul(100)));
  };
  const brown = (x: JaxArray): JaxArray => {
    const n = x.shape[0];
    const c = np.sum(x.ref).sub(n + 1);
    const rows = x.ref.slice([0, n - 1]).add(c);
    return np.concatenate([rows, np.prod(x).sub(1).reshape([1])]);
  };
  const at = (x: number): JaxArray => np.array(x, { dtype: np.float64 });
  const vector = (x: readonly number[]): JaxArray => np.array(Float64Array.from(x));
  const scalarOut = (f: (x: JaxArray) => JaxArray) => (x: number): number => f(at(x)).js() as number;
  return {
    first: (name) => scalarOut(jax.grad(scalar[name])),
    firstJit: (name) => scalarOut(jax.jit(jax.grad(scalar[name]))),
    second: (name) => scalarOut(jax.grad(jax.grad(scalar[name]))),
    gradient: () => (x) => jax.grad(rosenbrock)(vector(x)).js() as number[],
    hessian: () => (x) => jax.hessian(rosenbrock)(vector(x)).js() as number[][],
    // jax-js 0.1.25's jacfwd returns the Jacobian input-major (n × m); transposed to J[i][j] = ∂yᵢ/∂xⱼ
    jacobian: () => (x) => transpose(jax.jacfwd(brown)(vector(x)).js() as number[][]),
  };
}

/**
 * Peer: TensorFlow.js (@tensorflow/tfjs), float32 tensors on its CPU backend (the pure-JavaScript
 * one; there is no float64). `tf.grad` is reverse mode. Loaded lazily: if it fails to load, its
 * rows say why. Used for the GradBench problems GradBench's own TensorFlow.js tool implements, and
 * for the gradients reverse mode is compared on (Rosenbrock, the 2-16-3 network).
 */
import { samplePoint } from '../gradbench/llsq.js';
import { HIDDEN, REGULARIZATION } from '../network.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;

export interface TfjsMethods {
  llsqGradient(x: readonly number[], n: number): () => number[];
  lseGradient(x: readonly number[]): () => number[];
  rosenbrockGradient(): (x: readonly number[]) => number[];
  /** The network's loss gradient (src/network.ts) over these points, as a function of θ. */
  networkGradient(points: readonly (readonly number[])[], labels: readonly number[]): (theta: readonly number[]) => number[];
}

export async function loadTfjs(): Promise<TfjsMethods | string> {
  try {
    const warn = console.warn, log = console.log;
    console.warn = console.log = () => {}; // its "install the node backend" banner
    let tf: Tf;
    try {
      tf = await import('@tensorflow/tfjs');
      await tf.setBackend('cpu');
      await tf.ready();
    } finally {
      console.warn = warn;
      console.log = log;
    }
    return tfjsMethods(tf);
  } catch (error) {
    return `failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function tfjsMethods(tf: Tf): TfjsMethods {
  return {
    // y = ½ |s − T x|², T = [tᵢʲ] (data, built once), as GradBench's own TensorFlow.js tool vectorises it
    llsqGradient(x, n) {
      const m = x.length;
      const t = Array.from({ length: n }, (_, i) => samplePoint(i, n));
      const T = tf.tensor2d(t.flatMap((ti) => Array.from({ length: m }, (_, j) => ti ** j)), [n, m]);
      const s = tf.tensor1d(t.map(Math.sign));
      const g = tf.grad((v: Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.sub(s, tf.matMul(T, v.reshape([m, 1])).reshape([n]))))));
      return () => tf.tidy(() => Array.from(g(tf.tensor1d(x as number[])).dataSync()));
    },
    // max, subtract, exp, sum, log: the primitives (not tf.logSumExp)
    lseGradient(x) {
      const g = tf.grad((v: Tensor) => {
        const a = tf.max(v);
        return tf.add(tf.log(tf.sum(tf.exp(tf.sub(v, a)))), a);
      });
      return () => tf.tidy(() => Array.from(g(tf.tensor1d(x as number[])).dataSync()));
    },
    // Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)², vectorised over i as a TF.js user writes it
    rosenbrockGradient() {
      const g = tf.grad((x: Tensor) => {
        const n = x.shape[0];
        const head = x.slice(0, n - 1), tail = x.slice(1, n - 1);
        return tf.sum(tf.add(tf.square(tf.sub(1, head)), tf.mul(100, tf.square(tf.sub(tail, tf.square(head))))));
      });
      return (x) => tf.tidy(() => Array.from(g(tf.tensor1d(x as number[])).dataSync()));
    },
    // scores = relu(X W1 + b1) W2 + b2 for all points at once; mean of logΣexp(s) − s_y; ½λ(‖W1‖² + ‖W2‖²)
    networkGradient(points, labels) {
      const H = HIDDEN, N = points.length;
      const X = tf.tensor2d(points.flat(), [N, 2]);
      const oneHot = tf.oneHot(tf.tensor1d(labels as number[], 'int32'), 3);
      const g = tf.grad((theta: Tensor) => {
        const W1 = theta.slice(0, 2 * H).reshape([2, H]), b1 = theta.slice(2 * H, H);
        const W2 = theta.slice(3 * H, 3 * H).reshape([H, 3]), b2 = theta.slice(6 * H, 3);
        const s = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(X, W1), b1)), W2), b2);
        const data = tf.mean(tf.sub(tf.logSumExp(s, 1), tf.sum(tf.mul(s, oneHot), 1)));
        return tf.add(data, tf.mul(0.5 * REGULARIZATION, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2)))));
      });
      return (theta) => tf.tidy(() => Array.from(g(tf.tensor1d(theta as number[])).dataSync()));
    },
  };
}

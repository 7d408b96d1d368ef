/**
 * vjp(f, x, w) and valueAndVjp compiled in reverse mode (f's adjoint seeded with w): against wᵀJ
 * from the forward-mode Jacobian compiled in the same module (relative 1e-13, absolute floor
 * 1e-13 × max |f(x)|: reverse mode sums in another order), central differences of x ↦ w·f(x)
 * (h = 1e-5, relative 1e-6) and closed forms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { run } from './run.js';

interface Case {
  source: string;
  points: number[][];
  exact?: (x: number[], w: number[]) => number[];
}

const cases: Record<string, Case> = {
  polar: {
    source: 'function f(p: number[]): number[] {\n  return [p[0] * Math.cos(p[1]), p[0] * Math.sin(p[1])];\n}',
    points: [[2, 0.7], [0.5, -2.1]],
    exact: ([r, t], w) => [w[0] * Math.cos(t) + w[1] * Math.sin(t), -w[0] * r * Math.sin(t) + w[1] * r * Math.cos(t)],
  },
  'softmax, a local array written in loops': {
    source: `function f(x: number[]): number[] {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  const e = new Array<number>(x.length).fill(0);
  let z = 0;
  for (let i = 0; i < x.length; i++) {
    e[i] = Math.exp(x[i] - m);
    z += e[i];
  }
  for (let i = 0; i < x.length; i++) e[i] /= z;
  return e;
}`,
    points: [[0.3, -1.2, 2.5, 0.9], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
  },
  'a callee, branches and an early return': {
    source: `function sq(t: number): number {
  return t * t;
}
function f(x: number[]): number[] {
  if (x[0] > 100) return [0, 0];
  const a = sq(x[0] - x[1]);
  if (x[2] > 0) return [a * Math.log1p(x[2]), Math.tanh(a + x[1])];
  return [a, x[2] * x[0]];
}`,
    points: [[0.4, -0.3, 1.7], [1.1, 2.2, -0.5]],
  },
  'several number parameters': {
    source: 'function f(r: number, t: number, h: number): number[] {\n  return [r * Math.cos(t), r * Math.sin(t), h * r * r];\n}',
    points: [[2, 0.3, -1.5]],
    exact: ([r, t, h], w) => [w[0] * Math.cos(t) + w[1] * Math.sin(t) + 2 * w[2] * h * r, -w[0] * r * Math.sin(t) + w[1] * r * Math.cos(t), w[2] * r * r],
  },
};

async function compiled(source: string, params: boolean) {
  const spread = params ? '(x: number[]) => f(x[0], x[1], x[2])' : 'f';
  const module = `import { jacobian, valueAndVjp, vjp } from '@ddx/dual';
${source}
export const reverse = (x: number[], w: number[]) => valueAndVjp(f, x, w);
export const reverseVjp = (x: number[], w: number[]) => vjp(f, x, w);
export const forwardJacobian = (x: number[]) => jacobian(${spread}, x);
export const plain = (x: number[]) => ${params ? 'f(x[0], x[1], x[2])' : 'f(x)'};
`;
  const r = transform(module, '/project/m.ts');
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  expect(r.code).toMatch(/f_valueAndVjp_reverse/);
  return (await run(r.code)) as {
    reverse: (x: number[], w: number[]) => { value: number[]; vjp: number[] };
    reverseVjp: (x: number[], w: number[]) => number[];
    forwardJacobian: (x: number[]) => number[][];
    plain: (x: number[]) => number[];
  };
}

describe('vjp in reverse mode', () => {
  it.each(Object.entries(cases))('%s: agrees with wᵀJ of forward mode, central differences and the closed form', async (name, c) => {
    const m = await compiled(c.source, name === 'several number parameters');
    for (const x of c.points) {
      const fx = m.plain(x);
      const w = fx.map((_, i) => 1.5 - 0.7 * i);
      const { value, vjp } = m.reverse(x, w);
      expect(value).toEqual(fx);
      expect(m.reverseVjp(x, w)).toEqual(vjp);
      const J = m.forwardJacobian(x);
      const want = x.map((_, j) => J.reduce((s, row, i) => s + w[i] * row[j], 0));
      const scale = Math.max(...fx.map(Math.abs));
      vjp.forEach((g, j) => expect(Math.abs(g - want[j]), `entry ${j}`).toBeLessThanOrEqual(1e-13 * Math.max(Math.abs(want[j]), scale)));
      const dot = (p: number[]) => m.plain(p).reduce((s, fi, i) => s + w[i] * fi, 0);
      vjp.forEach((g, j) => {
        const h = 1e-5;
        const up = x.slice(); up[j] += h;
        const down = x.slice(); down[j] -= h;
        const cd = (dot(up) - dot(down)) / (2 * h);
        expect(Math.abs(g - cd), `central difference ${j}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cd)));
      });
      if (c.exact) c.exact(x, w).forEach((e, j) => expect(Math.abs(vjp[j] - e)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(e))));
    }
  });

  it('checks w against the length of f(x), naming w, as the run-time verb does', async () => {
    const m = await compiled(cases.polar.source, false);
    expect(() => m.reverseVjp([2, 0.7], [1, 2, 3])).toThrow(new RangeError('vjp: `w` has length 3 but `f` returned 2 values; w must have one weight per value of f'));
    expect(() => m.reverseVjp([2, 0.7], 'w' as unknown as number[])).toThrow(TypeError);
  });

  it('runs f once: the forward sweep gives its value (no call of f or of a copy of it before the adjoint)', () => {
    for (const [name, c] of Object.entries(cases)) {
      const params = name === 'several number parameters';
      const r = transform(`import { valueAndVjp, vjp } from '@ddx/dual';\n${c.source}\nexport const a = (x: number[], w: number[]) => vjp(f, x, w);\nexport const b = (x: number[], w: number[]) => valueAndVjp(f, x, w);\n`, '/project/m.ts');
      expect(r.diagnostics).toEqual([]);
      const generated = r.code.slice(r.code.indexOf('// ---- generated by ddx')).replace(/\/\*\*.*\*\//g, '');
      // The drivers are the only functions of the generated block that take f's point (besides the callee's adjoint and the argument checks).
      expect(generated, name).not.toMatch(params ? /\bf\(x\[0\]/ : /\bf\d*\(x\)/);
      expect(generated, name).toMatch(/value = /);
    }
  });

  it('after a w of the wrong length, the next call is right (the tape was given back)', async () => {
    const m = await compiled(cases['softmax, a local array written in loops'].source, false);
    const x = [0.3, -1.2, 2.5, 0.9], w = [1, -2, 0.5, 3];
    const before = m.reverseVjp(x, w);
    expect(() => m.reverseVjp(x, [1, 2])).toThrow(RangeError);
    expect(m.reverseVjp(x, w)).toEqual(before);
  });

  it('rejects a function returning a number (DDX1010) and what reverse mode does not compile for vjp (DDX1062)', () => {
    const messages = (source: string) => transform(`import { vjp } from '@ddx/dual';\n${source}`, '/project/m.ts').diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages('export const a = vjp((x: number[]) => x[0] * x[1], [1, 2], [1]);')[0]).toMatch(/^DDX1010 vjp needs f to return an array, but '\w+' returns a number; use gradient for scalar outputs/);
    expect(messages('const k = [3, 4];\nexport const a = vjp((x: number[]) => [x[0] * k[0], x[1]], [1, 2], [1, 1]);')[0]).toBe("DDX1062 vjp of a function reading 'k' from its enclosing scope is not supported in reverse mode yet; use wᵀ·jacobian(f, x) (forward mode) for now");
  });
});

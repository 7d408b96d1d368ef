/**
 * jacobian(f, x, { mode: 'reverse' }) and valueAndJacobian: by rows, one forward and one backward
 * sweep per value of f, each seeded with a unit weight. Checked against the forward-mode Jacobian
 * compiled in the same module (relative 1e-13, absolute floor 1e-13 × max |f(x)|: reverse mode
 * sums in another order; forward mode ≡ the run-time engine is checked elsewhere), central
 * differences (h = 1e-5, relative 1e-6) and a closed form.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { run } from './run.js';
import { calleeAndBranches, softmax } from './array-valued.js';

interface Case {
  source: string;
  /** f's parameters: one array, or this many numbers. */
  params?: number;
  points: number[][];
}

const cases: Record<string, Case> = {
  'straight-line code': {
    source: 'function f(p: number[]): number[] {\n  return [p[0] * Math.cos(p[1]), p[0] * Math.sin(p[1]), Math.hypot(p[0], p[1], p[2]) / p[2]];\n}',
    points: [[2, 0.7, 1.5], [0.5, -2.1, -3]],
  },
  'several number parameters': {
    source: 'function f(r: number, t: number, h: number): number[] {\n  return [r * Math.cos(t), r * Math.sin(t), h * r * r];\n}',
    params: 3,
    points: [[2, 0.3, -1.5]],
  },
  'loops and a local array written (softmax)': softmax,
  'fewer values than inputs: sums over a loop with break and continue': {
    source: `function f(x: number[]): number[] {
  let s = 0;
  let q = 1;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 50) break;
    if (i % 3 === 2) continue;
    s += Math.sin(x[i]) * x[i];
    q *= 1 + x[i] * x[i];
  }
  return [s, Math.log(q)];
}`,
    points: [[0.3, -1.2, 2.5, 0.9, 0.1, -0.4, 1.3], [1, 2, 60, 4]],
  },
  'a callee, branches and an early return': { ...calleeAndBranches, points: [...calleeAndBranches.points, [101, 1, 1]] },
  'a callee returning an array, and a pushed array': {
    source: `function polar(r: number, t: number): number[] {
  return [r * Math.cos(t), r * Math.sin(t)];
}
function f(x: number[]): number[] {
  const xy = polar(x[0], x[1]);
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) out.push(xy[i % 2] * x[i]);
  return out;
}`,
    points: [[1.5, 0.3, -0.7], [0.9, -1.1, 2, 0.4, 3]],
  },
};

async function compiled(source: string, params: number | undefined) {
  const spread = params ? '(x: number[]) => f(x[0], x[1], x[2])' : 'f';
  const module = `import { jacobian, valueAndJacobian } from '@ddx/dual';
${source}
export const reverse = (x: number[]) => valueAndJacobian(f, x, { mode: 'reverse' });
export const reverseJacobian = (x: number[]) => jacobian(f, x, { mode: 'reverse' });
export const curried = jacobian(f, { mode: 'reverse' });
export const forward = (x: number[]) => jacobian(${spread}, x);
export const plain = (x: number[]) => ${params ? 'f(x[0], x[1], x[2])' : 'f(x)'};
`;
  const r = transform(module, '/project/m.ts');
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  expect(r.code).toMatch(/f_valueAndJacobian_reverse/);
  return (await run(r.code)) as {
    reverse: (x: number[]) => { value: number[]; jacobian: number[][] };
    reverseJacobian: (x: number[]) => number[][];
    curried: (x: number[]) => number[][];
    forward: (x: number[]) => number[][];
    plain: (x: number[]) => number[];
  };
}

describe('jacobian in reverse mode, by rows', () => {
  it.each(Object.entries(cases))('%s: agrees with forward mode and central differences', async (_, c) => {
    const m = await compiled(c.source, c.params);
    for (const x of c.points) {
      const fx = m.plain(x);
      const { value, jacobian } = m.reverse(x);
      expect(value).toEqual(fx);
      expect(m.reverseJacobian(x)).toEqual(jacobian);
      expect(m.curried(x)).toEqual(jacobian);
      expect(jacobian.length).toBe(fx.length);
      const scale = Math.max(...fx.map(Math.abs));
      const close = (got: number, want: number, what: string) =>
        expect(Math.abs(got - want), what).toBeLessThanOrEqual(1e-13 * Math.max(Math.abs(want), scale));
      const J = m.forward(x);
      jacobian.forEach((row, i) => {
        expect(row.length).toBe(x.length);
        row.forEach((g, j) => close(g, J[i][j], `forward mode [${i}][${j}]`));
      });
      for (let j = 0; j < x.length; j++) {
        const h = 1e-5;
        const up = x.slice(); up[j] += h;
        const down = x.slice(); down[j] -= h;
        const [fu, fd] = [m.plain(up), m.plain(down)];
        jacobian.forEach((row, i) => {
          const cd = (fu[i] - fd[i]) / (2 * h);
          expect(Math.abs(row[j] - cd), `central difference [${i}][${j}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cd)));
        });
      }
    }
  });

  it('reads captured data, and agrees with the closed form', async () => {
    const r = transform(`import { jacobian } from '@ddx/dual';
export const make = (k: number[]) => (x: number[]) => jacobian((p: number[]) => [k[0] * p[0] * p[1], Math.exp(k[1] * p[1])], x, { mode: 'reverse' });
`, '/project/m.ts');
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toMatch(/_jacobian_reverse/);
    const m = (await run(r.code)) as { make: (k: number[]) => (x: number[]) => number[][] };
    const [k0, k1, a, b] = [1.5, -0.25, 0.8, 2.2];
    const J = m.make([k0, k1])([a, b]);
    const want = [[k0 * b, k0 * a], [0, k1 * Math.exp(k1 * b)]];
    J.forEach((row, i) => row.forEach((g, j) => expect(Math.abs(g - want[i][j])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(want[i][j])))));
  });

  it('names what it does not compile (DDX1062) and checks its point as the run-time verb does', async () => {
    const messages = (source: string) => transform(`import { jacobian, valueAndJacobian } from '@ddx/dual';\n${source}`, '/project/m.ts').diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages("export const a = jacobian((x: number[]) => { let r = [x[0], 1]; const q = [x[1], 2]; r = q; q.push(x[0]); return [r[2] * q[1], q[0]]; }, [1, 2], { mode: 'reverse' });")[0])
      .toBe("DDX1062 an array that grows by push ('q') while another local array names it too (`y = z`, then y or z used) is not supported in reverse mode yet; use forward mode (remove mode: 'reverse') for now");
    expect(messages("export const a = valueAndJacobian((x: number[]) => [x[0]], [1], { mode: 'sideways' });")[0]).toMatch(/^DDX1009 the mode of valueAndJacobian must be written as 'forward', 'reverse' or 'auto'/);
    const m = await compiled(cases['straight-line code'].source, undefined);
    expect(() => m.reverseJacobian([])).toThrow(new RangeError('jacobian: `x` must not be empty'));
    expect(() => m.reverseJacobian(['a'] as unknown as number[])).toThrow(TypeError);
  });
});

/**
 * The rows replay one forward sweep: its tape is read once per row, and what each backward sweep
 * sets of f's state (elements restored, counters undone, numbers restored, a pushed array popped, an
 * array a callee wrote given back) is set back before the next row. Each case's backward sweep
 * changes that state, so a row that saw it as the previous row left it would differ (with the
 * setting back left out, every case failed, by 0.17 to 1.9 in an entry). Checked against forward mode's
 * columns (relative 1e-13, absolute floor 1e-13: the sums are the same terms in another order).
 */
const replayed: Record<string, Case> = {
  'elements overwritten in nested loops, a number restored each time': {
    source: `function f(x: number[]): number[] {
  const a = new Array<number>(3).fill(1);
  let t = 0.5;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < 3; j++) {
      a[j] = a[j] * Math.sin(x[i] + j) + t * a[(j + 1) % 3];
      t = t * Math.cos(a[j]) + 0.1;
    }
  }
  return [a[0] * t, a[1] / (1 + a[2] * a[2]), t];
}`,
    points: [[0.3, -0.7, 1.1, 0.4, 0.9, -0.2], [2, 1]],
  },
  'a copy of the point written in place': {
    source: `function f(x: number[]): number[] {
  const y = new Array<number>(x.length).fill(0);
  for (let i = 0; i < x.length; i++) y[i] = x[i];
  for (let i = 1; i < y.length; i++) y[i] = y[i] * y[i - 1] + Math.sin(y[i]);
  return [y[y.length - 1], y[1] * y[0]];
}`,
    points: [[0.3, -0.7, 1.1, 0.4], [1.5, 0.2]],
  },
  'a pushed array read back and overwritten': {
    source: `function f(x: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) out.push(Math.exp(0.3 * x[i]) * x[i]);
  for (let i = 1; i < out.length; i++) out[i] = out[i] * out[i - 1];
  return [out[out.length - 1], out[0] + out[1], out[1] * out[0]];
}`,
    points: [[0.3, -0.7, 1.1, 0.4], [0.8, -1.3]],
  },
  'a callee writing a local array (saved whole, given back backward)': {
    source: `function scaleInPlace(u: number[], s: number): void {
  for (let i = 0; i < u.length; i++) u[i] = Math.tanh(u[i] * s);
}
function f(x: number[]): number[] {
  const u = [x[0], x[1] * x[2], x[3]];
  scaleInPlace(u, x[4]);
  scaleInPlace(u, x[0]);
  return [u[0] * u[1], u[2] * u[0]];
}`,
    points: [[0.3, -0.7, 1.1, 0.4, 0.6]],
  },
  'number parameters reassigned, a var and an early return': {
    source: `function f(a: number, b: number, c: number): number[] {
  var k;
  a = a * b;
  if (a > 10) return [a, b, c * b];
  b = Math.sin(a) * b;
  k = a * c;
  c = c * k;
  return [a * b, Math.exp(c), k];
}`,
    params: 3,
    points: [[0.3, -0.7, 1.1], [4, 3, 0.5]],
  },
  'verbs called inside f (their drivers take tapes of their own)': {
    source: `function g(y: number[]): number[] {
  const a = [y[0], y[1]];
  for (let i = 0; i < 2; i++) a[i] = a[i] * Math.sin(a[1 - i]);
  return [a[0] * a[1], a[0] + Math.exp(a[1])];
}
function h(y: number[]): number {
  return Math.sin(y[0]) * y[1] * y[1];
}
function f(x: number[]): number[] {
  const J = jacobian(g, [x[0], x[1]]);
  const G = gradient(h, [x[1], x[2]]);
  return [J[0][0] * x[2] + G[0], J[1][1] * G[1], J[0][1] * x[0]];
}`,
    points: [[0.3, -0.7, 1.1, 2]],
  },
};

describe('jacobian by rows replays one forward sweep', () => {
  it.each(Object.entries(replayed))('%s: the rows equal forward mode\'s columns', async (_, c) => {
    const spread = c.params ? '(x: number[]) => f(x[0], x[1], x[2])' : 'f';
    const r = transform(`import { gradient, jacobian } from '@ddx/dual';
${c.source}
export const rows = (x: number[]) => jacobian(f, x, { mode: 'reverse' });
export const columns = (x: number[]) => jacobian(${spread}, x, { mode: 'forward' });
`, '/project/m.ts');
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const driver = /function f_jacobian_reverse\(/.exec(r.code);
    expect(driver).not.toBeNull();
    const doc = r.code.slice(r.code.lastIndexOf('/**', driver!.index), driver!.index);
    expect(doc).toContain('one forward sweep that records on a tape, then per row i one backward sweep of that tape');
    const m = (await run(r.code)) as { rows: (x: number[]) => number[][]; columns: (x: number[]) => number[][] };
    for (const x of c.points) {
      const [J, K] = [m.rows(x.slice()), m.columns(x.slice())];
      expect(J.length).toBe(K.length);
      J.forEach((row, i) => {
        expect(row.length).toBe(x.length);
        row.forEach((g, j) => expect(Math.abs(g - K[i][j]), `[${i}][${j}] at ${x}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(K[i][j]))));
      });
      // A second call starts from the stacks the first gave back.
      expect(m.rows(x.slice())).toEqual(J);
    }
  });
});

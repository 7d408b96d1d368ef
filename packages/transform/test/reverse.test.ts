/**
 * Reverse mode (`gradient(f, x, { mode: 'reverse' })`): each function is compiled three ways in one
 * module — reverse mode, forward mode (inline), and the run-time engine (dual mode, f's dual
 * version run by @ddx/dual) — and the gradients must agree within 1e-13 relative, with an absolute
 * floor of 1e-13·|f(x)| (reverse mode sums in another order), or be the same non-finite value.
 * Independent oracles besides: closed forms (Rosenbrock), and central differences (h = 1e-5,
 * relative 1e-6) at points where f is smooth.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { run } from './run.js';

interface Case {
  /** The declaration of `f` (and of anything it reads), `f` taking `x: number[]` unless `params`. */
  source: string;
  points: number[][];
  /** f takes several numbers: the point is spread. */
  params?: boolean;
  /** Check against central differences (f smooth at every point). */
  smooth?: boolean;
  /** The exact gradient, where known in closed form. */
  exact?: (x: number[]) => number[];
}

const rosenbrock = `function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  }
  return s;
}`;

const rosenbrockGradient = (x: number[]): number[] => x.map((xi, i) =>
  (i > 0 ? 200 * (xi - x[i - 1] ** 2) : 0) + (i < x.length - 1 ? -400 * xi * (x[i + 1] - xi * xi) - 2 * (1 - xi) : 0));

/** The determinant by minors (GradBench det): a minor made in the loop, filled by push, passed to the recursive call. */
const detByMinors = `function det(a: number[], ell: number): number {
  if (ell === 1) return a[0];
  let sum = 0;
  let sign = 1;
  for (let j = 0; j < ell; j++) {
    const minor: number[] = [];
    for (let i = 1; i < ell; i++) {
      for (let k = 0; k < ell; k++) if (k !== j) minor.push(a[i * ell + k]);
    }
    sum += sign * a[j] * det(minor, ell - 1);
    sign = -sign;
  }
  return sum;
}`;

/** The examples' 2-16-3 classifier loss (softmax), over 40 spiral points, written out in one function. */
const network = `function f(theta: number[]): number {
  const H = 16, b1 = 32, W2 = 48, b2 = 96;
  let total = 0;
  for (let n = 0; n < 40; n++) {
    const r = n / 40, t = 4 * (n % 3) + 4 * r + 0.2 * Math.sin(n);
    const x0 = r * Math.sin(t);
    const x1 = r * Math.cos(t);
    let s0 = theta[b2];
    let s1 = theta[b2 + 1];
    let s2 = theta[b2 + 2];
    for (let j = 0; j < H; j++) {
      const a = theta[b1 + j] + theta[j] * x0 + theta[H + j] * x1;
      const h = a > 0 ? a : 0;
      s0 += theta[W2 + 3 * j] * h;
      s1 += theta[W2 + 3 * j + 1] * h;
      s2 += theta[W2 + 3 * j + 2] * h;
    }
    const y = n % 3;
    const shift = Math.max(s0, s1, s2);
    const sy = y === 0 ? s0 : y === 1 ? s1 : s2;
    total += Math.log(Math.exp(s0 - shift) + Math.exp(s1 - shift) + Math.exp(s2 - shift)) + shift - sy;
  }
  let squares = 0;
  for (let i = 0; i < b1; i++) squares += theta[i] * theta[i];
  for (let i = W2; i < b2; i++) squares += theta[i] * theta[i];
  return total / 40 + 0.0005 * squares;
}`;
const theta = Array.from({ length: 99 }, (_, i) => Math.sin(1.7 * i + 0.3) * 0.8);

/** Helpers run for what they write into their array argument (issue 15: calls reverse mode compiles as statements). */
const glMatrix = `function add(out: number[], a: number[], b: number[]): number[] {
  out[0] = a[0] + b[0];
  out[1] = a[1] + b[1];
  return out;
}
function scale(out: number[], a: number[], k: number): number[] {
  out[0] = a[0] * k;
  out[1] = a[1] * k;
  return out;
}
function square(v: number[]): void {
  for (let i = 0; i < v.length; i++) v[i] = v[i] * v[i];
}`;

/** RK4 for y' = −k·y·|y| + sin y componentwise, in place: the stages are local arrays written by helpers. */
const rk4 = `function rate(out: number[], y: number[], k: number): void {
  for (let i = 0; i < y.length; i++) out[i] = -k * y[i] * Math.abs(y[i]) + Math.sin(y[i]);
}
function axpy(out: number[], y: number[], h: number, d: number[]): void {
  for (let i = 0; i < y.length; i++) out[i] = y[i] + h * d[i];
}
function rk4Step(y: number[], h: number, k: number): void {
  const n = y.length;
  const k1 = new Array(n).fill(0), k2 = new Array(n).fill(0), k3 = new Array(n).fill(0), k4 = new Array(n).fill(0), t = new Array(n).fill(0);
  rate(k1, y, k);
  axpy(t, y, h / 2, k1);
  rate(k2, t, k);
  axpy(t, y, h / 2, k2);
  rate(k3, t, k);
  axpy(t, y, h, k3);
  rate(k4, t, k);
  for (let i = 0; i < n; i++) y[i] = y[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}`;

const cases: Record<string, Case> = {
  'Rosenbrock (closed form)': { source: rosenbrock, points: [[1.2, -0.7, 0.3], [-1.5, 2, 0.5, 1, -0.25, 0.75]], smooth: true, exact: rosenbrockGradient },
  'the 2-16-3 network loss': { source: network, points: [theta], smooth: false },
  // Loops whose forward sweep only counts are counted without running: the count max(0, bound − i)
  // and i's final value, also where i starts past the bound (x of length 1 and 2).
  'loops counted without running them': {
    source: `function f(x: number[]): number {
  let s = 0;
  for (let i = 2; i < x.length - 1; i++) s += x[i] * x[i + 1] - Math.sin(x[i - 2]);
  let j = 0;
  for (; j < 1; j++) s += x[j] * x[j];
  for (let k = x.length; k < x.length + 2 - 1; k++) s += Math.cos(x[k - 1]) * j;
  return s;
}`,
    points: [[0.7], [1.2, -0.7], [1.2, -0.7, 0.3], [-1.5, 2, 0.5, 1, -0.25, 0.75]],
    smooth: true,
  },
  // Loops whose saves are reserved on the tape before them (room for bound − i + 1 iterations,
  // also for a bound that is not a whole number), then pushed without a test each.
  'loops reserving their saves on the tape': {
    source: `const C = 2.5;
function f(x: number[]): number {
  let s = 1;
  for (let i = 0; i < C; i++) s = s * x[i] + Math.sin(s);
  for (let k = 1; k < x.length; k++) s = s * x[k] - 0.5 * s * s;
  return s;
}`,
    points: [[1.2, -0.7, 0.3], [-1.5, 2, 0.5, 1, -0.25, 0.75]],
    smooth: true,
  },
  'every Math function of the rule table': {
    source: `function f(x: number[]): number {
      const u = x[0], v = x[1], w = x[2];
      return Math.exp(u) + Math.expm1(v) + Math.log(w) + Math.log1p(w) + Math.log2(w) + Math.log10(w) + Math.sqrt(w) + Math.cbrt(u)
        + Math.sin(u) * Math.cos(v) + Math.tan(u) + Math.asin(u) + Math.acos(v) + Math.atan(w) + Math.sinh(u) + Math.cosh(v)
        + Math.tanh(w) + Math.asinh(u) + Math.acosh(w + 1) + Math.atanh(v) + Math.abs(u - v) + Math.pow(w, u) + w ** v
        + Math.atan2(u, w) + Math.hypot(u, v, w) + Math.max(u, v) - Math.min(v, w) + u % w + u / w
        + Math.floor(u) + Math.ceil(v) + Math.round(w) + Math.trunc(u) + Math.sign(v);
    }`,
    points: [[0.3, -0.4, 1.7], [-0.6, 0.2, 0.9]],
    smooth: true,
  },
  'branches and conditionals': {
    source: `function f(x: number[]): number {
      let t = x[0] * x[1];
      if (t > 0) { t = Math.sin(t) * x[2]; } else if (t < -1) { t = -t * x[0]; } else { t = t + x[2] * x[2]; }
      const c = x[2] > 0.5 ? t * x[2] : t / x[1];
      return c + (x[0] > x[1] ? x[0] : x[1]) * 2;
    }`,
    points: [[0.5, 0.8, 0.7], [-2, 0.9, 0.2], [0.3, -0.4, 0.1], [0.3, -0.4, 0.9]],
    smooth: true,
  },
  'loops with break, continue and early returns': {
    source: `function f(x: number[]): number {
      let s = 0;
      let p = 1;
      for (let i = 0; i < x.length; i++) {
        if (x[i] < 0) continue;
        s += x[i] * p;
        p = p * (1 + x[i]);
        if (s > 4) break;
        if (s > 3.5) return s * p;
      }
      let k = 0;
      while (k < 3) {
        k++;
        if (k === 2) continue;
        s = s * x[0] + 0.5;
      }
      do { s = Math.sqrt(s * s + 1); k--; } while (k > 0);
      return s + p;
    }`,
    points: [[0.5, -0.3, 0.8, 0.9], [2, 3, 4, 5], [0.5, 1.2, 1, 0.1], [-1, -2, 0.3, 0.4]],
    smooth: true,
  },
  'labelled loops left from inside': {
    source: `function f(x: number[]): number {
      let s = x[0];
      outer: for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          if (j > i) continue outer;
          s = s * x[1] + x[2] * j;
          if (s > 40) break outer;
          if (s < -40) return s * s;
        }
      }
      block: {
        if (s > 10) break block;
        s = s * s;
      }
      return s;
    }`,
    points: [[1.1, 1.3, 0.4], [0.5, 2.5, 3], [-3, 2.2, -5], [0.2, 0.5, 0.1]],
    smooth: true,
  },
  // The inner counters are set backward from each run's trip count (0, 1, 2, … runs, a start of 1,
  // a step of 2, a continue), not restored from the tape; the partials read them.
  'inner loops run again with other trip counts': {
    source: `function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        for (let j = 1; j < i; j += 2) {
          if (j === 3) continue;
          s += x[j] * x[i] * j;
        }
        for (let k = 0; k < i; k++) s = s * 0.9 + Math.exp(x[k]) * x[i] / (k + 1);
      }
      return s;
    }`,
    points: [[0.3, -0.5, 0.8, 1.1, -0.7, 0.4, 0.9], [1.2, 0.1], [0.6]],
    smooth: true,
  },
  'overwritten locals and array elements': {
    source: `function f(x: number[]): number {
      const a = [x[0], x[1], x[2]];
      const b: number[] = [];
      const z = new Array(3).fill(0);
      let t = 1;
      for (let i = 0; i < 3; i++) {
        a[i] = a[i] * a[(i + 1) % 3] + t;
        t = t * a[i];
        b.push(Math.exp(a[i]) * t);
        z[i] = z[i] + b[i] * x[i];
        z[i] = z[i] * z[i];
      }
      a[0] = a[0] * a[0];
      return a[0] + a[1] * a[2] + b[1] - b[2] * t + z[0] + z[2];
    }`,
    points: [[0.3, 0.5, -0.2], [0.1, -0.4, 0.6]],
    smooth: true,
  },
  'several number parameters': {
    source: 'function f(a: number, b: number, c: number): number { let s = a * b; s = s * s + c; return Math.sin(s) / (1 + c * c); }',
    points: [[0.4, 1.3, -0.5], [1, 2, 3]],
    params: true,
    smooth: true,
  },
  // Fuzz seed 23417 run 1439: an element read past the end of the point gave the gradient an entry
  // x.length (NaN); and an element written past the end of a local array had no adjoint entry.
  'element reads and writes out of range': {
    source: `function f(x: number[]): number {
      let v0 = 0;
      const a = [x[0]];
      a[1] = x[0] * 3;
      const t = x[1] ?? ((v0 = x[0]), x[0]);
      const b: number[] = [];
      const u = b[0] ?? 2;
      b.push(x[0] * t);
      return t * a[1] + (x[2] ?? a[0] * v0) + b[0] * u;
    }`,
    points: [[0], [0.5], [1.5, 2], [0.5, -1, 3]],
    smooth: true,
  },
  // An element written past the end of a local array, then read by a `??` the backward sweep
  // recomputes at the iteration before the write: restoring it must make it undefined again (it was
  // restored as NaN, and the gradient was [0, NaN] where forward mode gives [3x1, 3x0 + 3x1²]).
  'a write past the end, undone in the backward sweep': {
    source: `function f(x: number[]): number {
      const a = [x[0]];
      let s = 0;
      for (let i = 0; i < 2; i++) {
        s += (a[1] ?? x[0] * 3) * x[1];
        a[1] = x[1] * x[1];
      }
      return s;
    }`,
    points: [[2, 5], [-0.5, 1.5]],
    smooth: true,
    exact: ([x0, x1]) => [3 * x1, 3 * x0 + 3 * x1 * x1],
  },
  // The pushes undone in the backward sweep pop the adjoint array too where a pushed value's
  // partials are all zero (Math.trunc): the pop went with its unread const, and a[0]'s adjoint was
  // read from a[1]'s entry, giving 0 (fuzz seed 424601 run 1318, a local matrix's rows).
  'pushes of values whose partials are zero': {
    source: `function f(x: number[]): number {
      const a: number[] = [];
      a.push(x[0] * 2);
      a.push(Math.trunc(x[0]));
      for (let i = 0; i < 2; i++) { a.push(x[1] * x[0]); a.push(Math.sign(x[1])); }
      const m = [[x[0], Math.floor(x[1])], [x[1], 1]];
      return a[0] * a[0] + a[1] * a[2] + a[4] + m[0][0] * m[1][0];
    }`,
    points: [[0.7197, 1.3], [-1.25, 0.4]],
    smooth: true,
    exact: ([x0, x1]) => [8 * x0 + Math.trunc(x0) * x1 + x1 + x1, Math.trunc(x0) * x0 + x0 + x0],
  },
  // Calls (issue 15): each call's adjoint is the callee's adjoint for its pattern of active arguments.
  'calls of functions returning a number': {
    source: `function sq(a: number): number { return a * a; }
    function dot(a: number[], b: number[]): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }
    function two(a: number, b: number): number { return Math.sin(a) * b; }
    function f(x: number[]): number { const w = [1, 2, 3]; return sq(x[0]) + dot(x, x) * dot(x, w) + two(x[1], sq(x[2])); }`,
    points: [[0.5, 1.5, -2], [-1, 0.25, 3]],
    smooth: true,
    exact: ([a, b, c]) => {
      const xx = a * a + b * b + c * c, xw = a + 2 * b + 3 * c;
      return [2 * a + 2 * a * xw + xx, 2 * b * xw + 2 * xx + Math.cos(b) * c * c, 2 * c * xw + 3 * xx + 2 * c * Math.sin(b)];
    },
  },
  'calls inside loops and branches, overwriting what they read': {
    source: `function scaled(v: number[], k: number, i: number): number {
      if (i >= v.length) return 0;
      let t = v[i];
      t = t * k;
      for (let j = 0; j < 2; j++) { if (t > 3) break; t = t * t + 0.5; }
      return Math.exp(-t) * k;
    }
    function f(x: number[]): number {
      const a = [x[0], x[1], x[2]];
      let s = 0;
      for (let i = 0; i < 3; i++) {
        s = s * 0.5 + scaled(a, x[i], i);
        a[i] = a[i] * s;
        if (s > 1) s = scaled(a, s, (i + 1) % 3);
      }
      return s + scaled(a, 1, 5);
    }`,
    points: [[0.3, 0.5, -0.2], [1.1, 0.9, 0.4], [-0.4, 1.2, 2]],
    smooth: true,
  },
  'nested and recursive calls': {
    source: `function power(a: number, n: number): number { return n < 1 ? 1 : a * power(a, n - 1); }
    function tail(v: number[], i: number): number {
      if (i >= v.length) return 0;
      return Math.sin(v[i]) * power(v[i], i) + tail(v, i + 1);
    }
    function f(x: number[]): number { return tail(x, 0) * power(x[0] + x[1], 3); }`,
    points: [[0.5, 1.5, -2, 0.7], [-1, 0.25, 3, 0.1]],
    smooth: true,
    exact: (x) => {
      const t = x.reduce((s, v, i) => s + Math.sin(v) * v ** i, 0), p = (x[0] + x[1]) ** 3, dp = 3 * (x[0] + x[1]) ** 2;
      return x.map((v, i) => (Math.cos(v) * v ** i + (i > 0 ? Math.sin(v) * i * v ** (i - 1) : 0)) * p + (i < 2 ? t * dp : 0));
    },
  },
  'a call of several numbers, some constant': {
    source: `function mix(a: number, b: number, c: number): number { b = b * c; return a * b + Math.hypot(a, c) + c; }
    function f(a: number, b: number, c: number): number { return mix(a, 2, c) + mix(c, b, a) * mix(1, b, 3); }`,
    points: [[0.4, 1.3, -0.5], [1, 2, 3]],
    params: true,
    smooth: true,
  },
  // Loop locals the backward sweep computes again instead of restoring (a chain of them, one in a
  // nested loop reading the outer counter), next to ones it must not: read before the counter steps
  // after it, or (var) read on the next iteration before its declaration. And element reads at a
  // negative or fractional index (`?? 0`), or past the end under a loop bound (x[q + 2] for
  // q < x.length - 1, x[q - 1] for a q from 0; x[p] for a p from -1), which add to no entry of the returned gradient.
  'loop locals computed again, and indices outside the point': {
    source: `function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const a = x[i] * 2 - 1;
        const b = a * x[i] + x[i] / 3;
        s += (x[i - 1] ?? 0.5) * (x[i / 2] ?? 3) * b;
        for (let j = 0; j < 2; j++) {
          const c = x[i] * j + b;
          s += c * c;
        }
        s += a * b;
      }
      let k = 0;
      while (k < x.length) {
        const e = x[k] * x[k];
        k++;
        s += e * (x[k - 1] ?? 1);
      }
      for (let m = 0; m < x.length; m++) {
        if (m > 0) s += w * x[m];
        var w = x[m] * x[m];
      }
      for (let p = -1; p < x.length - 1; p++) s += (x[p] ?? 2) * x[p + 1];
      for (let q = 0; q < x.length - 1; q++) s += (x[q + 2] ?? 0.5) * (x[q - 1] ?? 3) * x[q + 1];
      return s;
    }`,
    points: [[0.5], [1.5, -2], [0.5, -1, 3, 0.25]],
    smooth: true,
  },
  // The forward sweep leaves out what nothing reads (s, a, the returned value of gradient)
  // but keeps what a local computed again backward is computed from (c, read only by a and by s),
  // what a test reads (t, a flag) and
  // what a partial reads (u).
  'values the forward sweep leaves out and the ones it keeps': {
    source: `function f(x: number[]): number {
      const c = x[0] + 1;
      let s = 0;
      let t = 0;
      let u = 1;
      let big = false;
      for (let i = 0; i < x.length; i++) {
        const a = c + x[i];
        s += a * a + c;
        t = t + x[i];
        big = t > 2;
        if (big) u = u * x[i];
      }
      return s + u;
    }`,
    points: [[0.5], [1.5, -2], [0.5, -1, 3, 0.25]],
    smooth: true,
  },
  'calls returning arrays': {
    source: `function pair(a: number, b: number): number[] { return [a * b, Math.sin(a)]; }
    function scaledCopy(v: number[], k: number): number[] {
      const out = new Array(v.length).fill(0);
      for (let i = 0; i < v.length; i++) out[i] = v[i] * k;
      if (k > 1) return out;
      const twice: number[] = [];
      for (let i = 0; i < v.length; i++) twice.push(out[i] * out[i]);
      return twice;
    }
    function f(x: number[]): number {
      const p = pair(x[0], x[1]);
      const q = scaledCopy(x, p[1] + x[2]);
      q[0] = q[0] * p[0];
      q[3] = q[1] * 2;
      return p[0] * q[2] + q[1] + q[0] + q[3] * x[0];
    }`,
    points: [[0.5, 1.5, -2], [-1, 0.25, 3], [2, 0.3, 0.1]],
    smooth: true,
  },
  // A callee reading its array argument out of range adds to no entry of the caller's adjoint (the
  // point's is the returned gradient: an entry past its end would lengthen it).
  'a callee reading its array argument out of range': {
    source: `function at(v: number[], i: number): number { return (v[i] ?? 0.5) * v[0] + (v[i - 2] ?? 1) * (v[i / 2] ?? 2); }
    function f(x: number[]): number { const a = [x[0], x[0] * x[0]]; return at(x, 3) + at(x, 1) + at(a, 2) * at(a, 0); }`,
    points: [[0.5], [1.5, -2], [0.5, -1, 3, 0.25]],
    smooth: true,
  },
  // Indices that are integers ≥ 0 by construction (a module constant, a counter only stepped up,
  // their sums and products) test only the length; the others (j - 1 at j = 0, a counter stepped
  // down, a parameter) also that they are array indices. Past the end, and before the start, they
  // add to no entry of the caller's adjoint.
  'a callee\'s indices of its array argument, whole numbers or not, in and out of range': {
    source: `const OFFSET = 2 * 2;
    function tail(v: number[], m: number): number {
      let s = 0;
      for (let j = 0; j < 3; j++) s += (v[OFFSET + 2 * j] ?? 0.5) * v[0] + (v[j - 1] ?? 1.5) * (v[j * 1 + 1] ?? 2) + (v[m + j] ?? 0.25) * (v[j] ?? 1);
      for (let k = 4; k >= 0; k--) s += (v[k] ?? 3) * (v[k + 1] ?? 0.75);
      return s;
    }
    function f(x: number[]): number { return tail(x, 1) + tail(x, 0.5) + tail(x, -2); }`,
    points: [[0.5], [1.5, -2, 0.3], [0.5, -1, 3, 0.25, 1.1], [0.2, 0.4, -0.6, 0.8, 1, -1.2, 1.4, 1.6, -1.8]],
    smooth: true,
  },
  // Arrays bound anew on each iteration (issue 15): the backward sweep restores the array the
  // local held before, and makes its adjoint afresh. The determinant by minors (GradBench det): a
  // minor made in the loop, filled by push, passed to the recursive call; ∂det/∂aᵢⱼ is the cofactor.
  'a minor made in a loop, grown by push, passed to a recursive call (det by minors)': {
    source: `${detByMinors}
    function f(x: number[]): number { return det(x, Math.round(Math.sqrt(x.length))); }`,
    points: [[2.5], [1, 2, 3, 4], [0.5, -1.2, 2, 0.3, 1.7, -0.4, 1.1, 0.9, -2.2], [2, -1, 0.5, 1.3, 0.7, 3, -0.4, 0.2, 1.1, -0.6, 2.5, 0.9, -0.3, 0.8, 1.4, 2.2]],
    smooth: true,
    exact: (x) => {
      const n = Math.round(Math.sqrt(x.length));
      const det = (m: number[], l: number): number => (l === 1 ? m[0] : [...Array(l).keys()].reduce((s, j) => s + (j % 2 === 0 ? 1 : -1) * m[j] * det(minor(m, l, 0, j), l - 1), 0));
      const minor = (m: number[], l: number, r: number, c: number): number[] => m.filter((_, k) => Math.floor(k / l) !== r && k % l !== c);
      // The cofactor (−1)^(r+c) det(A without row r and column c).
      return x.map((_, k) => (n === 1 ? 1 : ((Math.floor(k / n) + (k % n)) % 2 === 0 ? 1 : -1) * det(minor(x, n, Math.floor(k / n), k % n), n - 1)));
    },
  },
  // ODE stages (GradBench ode): a callee returning an array, called in the loop; y = y.map(…).
  'calls returning arrays in a loop and y = y.map(…) (Runge–Kutta stages)': {
    source: `function slope(x: number[], y: number[]): number[] {
      return y.map((_, i) => (i === 0 ? x[0] : x[i] * y[i - 1]));
    }
    function solve(x: number[], s: number): number[] {
      const h = 2 / s;
      let y = new Array<number>(x.length).fill(0);
      for (let step = 0; step < s; step++) {
        const k1 = slope(x, y);
        const k2 = slope(x, y.map((v, i) => v + (h / 2) * k1[i]));
        y = y.map((v, i) => v + (h / 2) * (k1[i] + k2[i]));
      }
      return y;
    }
    function f(x: number[]): number { return solve(x, 3)[x.length - 1]; }`,
    points: [[0.7], [0.5, -1.5, 2], [1.1, 0.3, -0.8, 0.6]],
    smooth: true,
  },
  'arrays made in loops: literals, filled arrays, written elements and rebound locals': {
    source: `function pair(t: number): number[] { return [t * t, Math.sin(t)]; }
    function f(x: number[]): number {
      let s = 0;
      let acc = [1, 0];
      for (let i = 0; i < x.length; i++) {
        const a = [x[i], x[i] * s + 1];
        const z = new Array(2).fill(0);
        z[0] = a[0] * a[1];
        z[1] = z[0] + Math.exp(a[0]);
        const p = pair(z[1] * 0.1);
        s += z[0] * p[1] + a[1] - p[0];
        const next = [acc[0] * x[i] + z[1] * 0.01, acc[1] + acc[0] * p[1]];
        acc = next;
        if (s > 5) break;
      }
      return s + acc[0] * acc[1];
    }`,
    points: [[0.3], [0.5, -0.4, 0.8], [1.2, 0.9, -0.3, 0.25, 0.6]],
    smooth: true,
  },
  'gl-matrix calls as statements, const r = …, in place': {
    source: `${glMatrix}
function f(p: number[]): number {
  const q = [0, 0];
  add(q, p, [1, 2]);
  square(q);
  const r = scale([0, 0], q, p[0]);
  return r[0] + r[1] + q[0];
}`,
    points: [[0.5, -1], [2, 3], [-1.5, 0.25]],
    smooth: true,
    // q = ((p0 + 1)², (p1 + 2)²), f = p0 (q0 + q1) + q0.
    exact: ([a, b]) => [(a + 1) ** 2 + (b + 2) ** 2 + 2 * a * (a + 1) + 2 * (a + 1), 2 * a * (b + 2)],
  },
  'an out array overwritten again and again in a loop (its adjoint replaced each time)': {
    source: `${glMatrix}
function f(x: number[]): number {
  const acc = [1, 0];
  const tmp = [0, 0];
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    scale(tmp, acc, x[i]);
    add(acc, tmp, [x[i + 1], Math.sin(x[i])]);
    s += acc[0] * acc[1];
  }
  return s + acc[0];
}`,
    points: [[0.3, 0.7], [0.5, -0.4, 0.8], [1.2, 0.9, -0.3, 0.25, 0.6]],
    smooth: true,
  },
  'RK4 steps in place on the point-derived state, in a loop': {
    source: `${rk4}
function f(x: number[]): number {
  const y = [x[0], x[1], x[2]];
  for (let s = 0; s < 4; s++) rk4Step(y, 0.1, x[3]);
  return y[0] * y[0] + y[1] * y[2];
}`,
    points: [[0.5, -0.3, 0.8, 1.5], [1.1, 0.2, -0.6, 0.4]],
    smooth: true,
  },
  'a writer that reads what it overwrites, and one writing its parameter through another': {
    source: `${glMatrix}
function shift(v: number[], c: number): void {
  for (let i = v.length - 1; i > 0; i--) v[i] = v[i - 1] * c + v[i];
  v[0] = v[0] * c;
}
function normalize(v: number[]): void {
  const n = Math.hypot(v[0], v[1]);
  const w = [v[0], v[1]];
  scale(v, w, 1 / n);
}
function f(x: number[]): number {
  const y = x.slice();
  shift(y, 0.5);
  shift(y, x[1]);
  normalize(y);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i] * (i + 1) + x[i] * y[i];
  return s;
}`,
    points: [[0.5, -1, 2], [1.5, 0.3, -0.7, 0.2]],
    smooth: true,
  },
  'a writer returning a number, its value unused, and an inactive writer': {
    source: `function fill(out: number[], t: number): number {
  out[0] = Math.exp(t);
  out[1] = t * t;
  return out[0] + out[1];
}
function f(x: number[]): number {
  const a = [0, 0], b = [0, 0];
  fill(a, x[0] * x[1]);
  fill(b, 3);
  fill(a, a[1] + x[0]);
  return a[0] * b[1] + a[1];
}`,
    points: [[0.5, -1], [0.2, 0.7]],
    smooth: true,
  },
  'swaps of local arrays in loops: [a, b] = [b, a] and t = cur; cur = next; next = t (double buffering)': {
    source: `function f(x: number[]): number {
  let a = [x[0], x[1]];
  let b = [x[1] * x[2], 1];
  let s = 0;
  for (let i = 0; i < 3; i++) {
    b[0] = a[0] * x[2] + b[1] * Math.sin(a[1]);
    b[1] = a[1] - 0.5 * a[0];
    [a, b] = [b, a];
    s += a[0] * b[1];
  }
  let cur = [x[0], x[2]];
  let next = [0, 0];
  for (let k = 0; k < 2; k++) {
    next[0] = cur[0] * cur[1];
    next[1] = cur[1] + x[1];
    const t = cur;
    cur = next;
    next = t;
  }
  return s + cur[0] + a[1] * next[1];
}`,
    points: [[0.5, -0.4, 0.8], [1.2, 0.9, -0.3], [-0.7, 0.35, 1.5]],
    smooth: true,
  },
  // Two names of one array, both used after `a = b` (issue 15): a write through either is seen
  // through the other, forward and backward (the names share one adjoint array).
  'y = z between local arrays, both used after, written through either': {
    source: `function f(x: number[]): number {
  let a = [x[0], 0];
  const b = [x[1], x[0]];
  a = b;
  a[0] = a[0] * x[1];
  b[1] = Math.sin(a[1]) + b[0];
  return a[0] * b[1] + b[0] + a[1];
}`,
    points: [[0.5, -1], [2, 3], [-1.5, 0.25]],
    smooth: true,
    // b = (x1², sin x0 + x1²) = (u, w): f = u·w + u + w, ∂0 = (u + 1) cos x0, ∂1 = 2x1 (w + u + 2).
    exact: ([x0, x1]) => {
      const u = x1 * x1, w = Math.sin(x0) + u;
      return [(u + 1) * Math.cos(x0), 2 * x1 * (w + u + 2)];
    },
  },
  'names of one array in a loop: keep = cur, cur = next, writes through keep and next': {
    source: `function f(x: number[]): number {
  let cur = [x[0], x[1], x[2]];
  let keep = cur;
  let s = 0;
  for (let k = 0; k < 3; k++) {
    const next = [cur[1] * x[0], cur[2] + cur[0], Math.sin(cur[0])];
    let alias = [0, 0, 0];
    alias = next;
    alias[0] = alias[0] + next[2] * x[2];
    s += keep[k] * next[0] + cur[k];
    keep[k] = keep[k] * next[1];
    if (k === 1) keep = next;
    cur = next;
  }
  return s + cur[0] * keep[0] + keep[2];
}`,
    points: [[0.5, -0.4, 0.8], [1.2, 0.9, -0.3], [-0.7, 0.35, 1.5]],
    smooth: true,
  },
  'y = z read through both names in a loop (each name gathers its share of the adjoint)': {
    source: `function f(x: number[]): number {
  let s = 0;
  let a = [x[0]];
  const b = [x[1], 2 * x[0]];
  for (let i = 0; i < 2; i++) {
    s += a[0] * b[1];
    a = b;
  }
  return s + a[1] * b[0];
}`,
    points: [[0.5, -1], [2, 3]],
    smooth: true,
    // s = x0 · 2x0 + x1 · 2x0, then + 2x0 · x1: f = 2x0² + 4x0x1.
    exact: ([x0, x1]) => [4 * x0 + 4 * x1, 4 * x0],
  },
  'const b = c ? a : w between local arrays, written through b, and c ? x : w with the point': {
    source: `function pick(x: number[]): number {
  const w = [x[1] * x[1], 3];
  const b = x[0] > 0 ? x : w;
  return b[0] * b[1] + w[0] * x[2];
}
function f(x: number[]): number {
  const a = [x[0] * x[1], x[2]];
  const w = [Math.cos(x[1]), x[0]];
  const b = x[0] > 0 ? a : w;
  b[1] = b[0] * b[1] + a[1];
  return a[0] * a[1] + w[1] * w[0] + b[1] + pick(x);
}`,
    points: [[0.5, -0.4, 0.8], [-1.2, 0.9, -0.3]],
    smooth: true,
  },
  'zero and non-finite edges': {
    source: `function f(x: number[]): number {
      return Math.abs(x[0]) + Math.sqrt(x[1]) + Math.max(x[2], x[3]) + x[0] ** 0 + Math.sqrt(x[1] * x[2]) + (1 / x[1]) * (x[2] * 0 + 2)
        + Math.min(x[2], x[3], x[0]) + Math.fround(x[2]) + x[1] ** x[2] + Math.hypot(x[0], x[1]) + Math.atan2(x[0], x[1]);
    }`,
    points: [[0, 0, 1.5, 1.5], [-0, 0, 2, 2], [0.5, 0, 0, 3], [0, 4, -1, -1]],
  },
};

const key = (name: string): string => name.replace(/\W+/g, '_');

function moduleOf(c: Case): string {
  // JSON would write -0 as 0.
  const points = `[${c.points.map((p) => `[${p.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}]`).join(', ')}]`;
  return `import { gradient, valueAndGradient } from '@ddx/dual';
${c.source}
export const value = (p: number[]) => ${c.params ? 'f(...(p as [number, number, number]))' : 'f(p)'};
export const reverse = () => (${points}).map((p) => gradient(f, p, { mode: 'reverse' }));
export const both = () => (${points}).map((p) => valueAndGradient(f, p, { mode: 'reverse' }));
export const forward = () => (${points}).map((p) => gradient(f, p));
`;
}

async function compiled(source: string, mode: 'inline' | 'dual'): Promise<Record<string, unknown>> {
  const r = transform(source, `/p/${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return run(r.code);
}

/** Same number within 1e-13 relative (floor 1e-13·|f|), or the same non-finite value. */
function agree(a: number, b: number, f: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-13 * Math.max(Math.abs(a), Math.abs(b), Number.isFinite(f) ? Math.abs(f) : 0);
}

function central(f: (p: number[]) => number, x: number[]): number[] {
  return x.map((_, i) => {
    const h = 1e-5 * Math.max(1, Math.abs(x[i]));
    const up = [...x], down = [...x];
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

describe('reverse mode ≡ forward mode ≡ the run-time engine', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const source = moduleOf(c);
      const inline = await compiled(source, 'inline');
      const dual = await compiled(source, 'dual');
      const f = inline.value as (p: number[]) => number;
      const reverse = (inline.reverse as () => number[][])();
      const forward = (inline.forward as () => number[][])();
      const engine = (dual.forward as () => number[][])();
      const both = (inline.both as () => { value: number; gradient: number[] }[])();
      c.points.forEach((p, k) => {
        const fx = f(p);
        expect(both[k].value).toBe(fx);
        expect(both[k].gradient).toEqual(reverse[k]);
        expect(reverse[k]).toHaveLength(p.length);
        expect(Object.keys(reverse[k]), 'no entry outside the indices (as d[-1] or d[0.5])').toHaveLength(p.length);
        expect(forward[k]).toHaveLength(p.length);
        expect((dual.reverse as () => number[][])()[k]).toEqual(reverse[k]);
        reverse[k].forEach((g, i) => {
          const where = `${key(name)} at ${JSON.stringify(p)}, ∂${i}: reverse ${g}, forward ${forward[k][i]}, engine ${engine[k][i]}`;
          expect(agree(g, forward[k][i], fx), where).toBe(true);
          expect(agree(g, engine[k][i], fx), where).toBe(true);
        });
        if (c.exact) c.exact(p).forEach((g, i) => expect(Math.abs(reverse[k][i] - g)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(g))));
        if (c.smooth) {
          central(f, p).forEach((g, i) => expect(Math.abs(reverse[k][i] - g), `∂${i} at ${JSON.stringify(p)}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(g))));
        }
      });
    });
  }

  it('gives the conventions at non-differentiable points', async () => {
    const m = await compiled(moduleOf({
      source: 'function f(x: number[]): number { return Math.abs(x[0]) + Math.sqrt(x[1]) + Math.max(x[2], x[3]) + x[4] ** 0 + Math.min(x[3], x[2]); }',
      points: [[0, 0, 1, 1, 0], [-0, 0, 1, 1, 0]],
    }), 'inline');
    // abs' follows the sign bit, sqrt'(0) = ∞, a tie goes to the first argument, x ** 0 is flat (also at 0).
    expect((m.reverse as () => number[][])()).toEqual([[1, Infinity, 1, 1, 0], [-1, Infinity, 1, 1, 0]]);
  });
});

describe("reverse mode's sum whose adjoint is 1 throughout", () => {
  // `return s` with s only ever `s += term`: each term's partials go in as they are, with no product
  // by d_s and no zero guard (p·1 is p bit for bit). The oracle: the same sum returned through
  // another local (`const t = s; return t`), where d_s is a variable and every partial goes
  // through ddxProduct; the gradients must be the same bits, ±0, ±∞ and NaN included.
  it('gives the same bits as the guarded products at zero and non-finite partials', async () => {
    const body = `let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] * x[i] + Math.sqrt(x[i]) - Math.abs(x[i]) * x[0];
    if (x[i] > 1) s -= 3 * x[i] * x[i];
  }
  s += x[0] * x[1];`;
    const m = await compiled(`import { gradient } from '@ddx/dual';
function f(x: number[]): number {
  ${body}
  return s;
}
function viaLocal(x: number[]): number {
  ${body}
  const t = s;
  return t;
}
const points = [[0.5, 0, Infinity, 2], [-2, 3, -0, 1e308], [1.5, -1, 0, 4], [2, NaN, 0.25, -Infinity], [0, -0, 3, 0.5]];
export const carried = () => points.map((p) => gradient(f, p, { mode: 'reverse' }));
export const guarded = () => points.map((p) => gradient(viaLocal, p, { mode: 'reverse' }));
export const forward = () => points.map((p) => gradient(f, p));
`, 'inline');
    const carried = (m.carried as () => number[][])(), guarded = (m.guarded as () => number[][])(), forward = (m.forward as () => number[][])();
    carried.forEach((g, k) => g.forEach((v, i) => {
      expect(Object.is(v, guarded[k][i]), `point ${k}, ∂${i}: ${v} vs ${guarded[k][i]}`).toBe(true);
      // (Forward mode may give NaN where a non-finite partial meets another: README's reverse mode.)
      if (Number.isFinite(v) && Number.isFinite(forward[k][i])) expect(agree(v, forward[k][i], 0), `point ${k}, ∂${i}: ${v} vs forward ${forward[k][i]}`).toBe(true);
    }));
    // Entries here are ±∞, NaN and finite (sqrt' at ±0, an infinite point, 0·∞ met by a zero adjoint).
    const all = carried.flat();
    expect([Infinity, -Infinity, NaN].every((c) => all.some((v) => Object.is(v, c))) && all.some((v) => Number.isFinite(v) && v !== 0)).toBe(true);
  });
});

describe("reverse mode's saves of a product's and a quotient's operands", () => {
  // ∂(a·b)/∂a = b, ∂(a/b)/∂a = 1/b: an operand's value is needed only where the other operand is
  // active (a divisor's always). `sum * 1.5` and `sum / 2` read no sum, so the loop saves no old
  // sum; `q / x[i]` and `p * x[i]` read q and p, which must still be saved (a value left unsaved is
  // read backward as the last one forward: a silently wrong gradient). Oracles: the closed form,
  // forward mode and central differences.
  const source = `import { gradient } from '@ddx/dual';
export function f(x: number[]): number {
  let sum = 0, q = 1, p = 1;
  for (let i = 0; i < x.length; i++) {
    sum += x[i] * x[i];
    sum = sum * 1.5;
    q = q / x[i];
    p = p * x[i];
  }
  return sum / 2 + q * 3 + p;
}
export const reverse = (v: number[]) => gradient(f, v, { mode: 'reverse' });
export const forward = (v: number[]) => gradient(f, v, { mode: 'forward' });
`;
  // sum = Σᵢ 1.5^(n−i) xᵢ², q = 1/Πx, p = Πx: ∂/∂xᵢ = 1.5^(n−i) xᵢ − 3/(xᵢ Πx) + Πx/xᵢ.
  const exact = (x: number[]): number[] => {
    const prod = x.reduce((a, b) => a * b, 1);
    return x.map((xi, i) => 1.5 ** (x.length - i) * xi - 3 / (xi * prod) + prod / xi);
  };

  it('saves q and p, not sum, and gives the closed-form gradient', async () => {
    const r = transform(source, '/p/inline.ts', { mode: 'inline', sourceMap: false });
    const reverseCode = r.code.slice(r.code.indexOf('function f_gradient_reverse('));
    expect(reverseCode).not.toMatch(/values\[valueTop\+\+\] = sum\b/);
    expect(reverseCode).toMatch(/values\[valueTop\+\+\] = q\b/);
    expect(reverseCode).toMatch(/values\[valueTop\+\+\] = p\b/);
    const m = await compiled(source, 'inline');
    for (const x of [[0.5, -1.25, 2, 0.75], [1.5, 0.3, -0.8, 1.1, 2.5, -0.6]]) {
      const got = (m.reverse as (v: number[]) => number[])(x), fwd = (m.forward as (v: number[]) => number[])(x), fx = (m.f as (v: number[]) => number)(x);
      const cd = central(m.f as (v: number[]) => number, x);
      exact(x).forEach((e, i) => {
        expect(agree(got[i], e, fx) || Math.abs(got[i] - e) <= 1e-12 * Math.max(1, Math.abs(e)), `∂${i}: ${got[i]} vs ${e}`).toBe(true);
        expect(agree(got[i], fwd[i], fx), `∂${i}: ${got[i]} vs forward ${fwd[i]}`).toBe(true);
        expect(Math.abs(got[i] - cd[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(e)));
      });
    }
  });
});

describe("a callee's value that nothing forward reads: computed backward only", () => {
  // GradBench det: each level computed every minor's determinant forward (unread: the adjoint returns
  // no value), again backward for the partial, and once more in the minor's adjoint. The forward
  // call is left out where the callee can throw nothing; one that can throw keeps it, so that the
  // first error forward is the one thrown (the backward sweep meets the calls in reverse order).
  const source = `import { gradient } from '@ddx/dual';
${detByMinors}
function square(v: number[], k: number): number {
  if (v[k] > 1) throw new RangeError(\`element \${k} is above 1\`);
  return v[k] * v[k] + k;
}
function squares(x: number[]): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s = s + x[0] * square(x, k);
  return s;
}
export const reverse = (v: number[]) => gradient((w: number[]) => det(w, Math.round(Math.sqrt(w.length))), v, { mode: 'reverse' });
export const reverseSquares = (v: number[]) => gradient(squares, v, { mode: 'reverse' });
`;
  // ∂det/∂aᵢⱼ = (−1)^(i+j) det(A without row i and column j), by Laplace expansion written here.
  const detOf = (a: number[], n: number): number => n === 1 ? a[0] : Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 1 : -1) * a[j] *
    detOf(a.slice(n).filter((_, q) => q % n !== j), n - 1)).reduce((s, t) => s + t, 0);
  const cofactors = (a: number[], n: number): number[] => a.map((_, q) => {
    const i = Math.floor(q / n), j = q % n;
    return n === 1 ? 1 : ((i + j) % 2 === 0 ? 1 : -1) * detOf(a.filter((_, r) => Math.floor(r / n) !== i && r % n !== j), n - 1);
  });

  it('det: the adjoint calls det once per minor (backward), and gives the cofactors', async () => {
    const r = transform(source, '/p/inline.ts', { mode: 'inline', sourceMap: false });
    const start = r.code.search(/function det_adjoint_\d+\(/), adjoint = r.code.slice(start, r.code.indexOf('\n}\n', start)).replace(/\/\/.*$/gm, '');
    expect(adjoint.match(/\bdet\d*\(minor, ell - 1\)/g)).toHaveLength(1);
    const m = await compiled(source, 'inline');
    for (const a of [[2.5], [1, 2, 3, 4], [0.5, -1.2, 2, 0.3, 1.7, -0.4, 1.1, 0.9, -2.2], Array.from({ length: 25 }, (_, q) => Math.sin(1.7 * q) + 0.1 * q)]) {
      const n = Math.round(Math.sqrt(a.length)), got = (m.reverse as (v: number[]) => number[])(a);
      cofactors(a, n).forEach((c, q) => expect(Math.abs(got[q] - c), `∂${q} at n = ${n}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(c))));
    }
  });

  it('a callee that can throw is still called forward: the first error is thrown first', async () => {
    const r = transform(source, '/p/inline.ts', { mode: 'inline', sourceMap: false });
    const start = r.code.indexOf('function squares_gradient_reverse('), driver = r.code.slice(start, r.code.indexOf('\n}\n', start)).replace(/\/\/.*$/gm, '');
    expect(driver.match(/\bsquare\d*\(x, k\)/g)?.length).toBe(2); // forward, and backward for the partial
    const m = await compiled(source, 'inline'), reverseSquares = m.reverseSquares as (v: number[]) => number[];
    // ∂/∂x₀ = Σₖ (xₖ² + k) + 2x₀² (k = 0); ∂/∂xₖ = 2x₀xₖ (k > 0).
    expect(reverseSquares([0.5, -0.25])).toEqual([0.25 + 0.0625 + 1 + 0.5, 2 * 0.5 * -0.25]);
    expect(() => reverseSquares([0.5, 2, 3])).toThrow('element 1 is above 1');
  });
});

describe('a gradient returning a call: the callee runs once forward, inside its adjoint', () => {
  // `return g(…)`: g's adjoint runs g's forward sweep, so the driver no longer computes the unused
  // value first (GradBench llsq: a whole extra primal). What g throws is still thrown, also where
  // no adjoint reaches an argument (`0 * x[0]`, the call's adjoint kept as an effect).
  const source = `import { gradient } from '@ddx/dual';
function residual(v: number[], t: number): number {
  let r = Math.sign(t), power = 1;
  for (let j = 0; j < v.length; j++) { r -= v[j] * power; power *= t; }
  return r;
}
function objective(v: number[], n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) { const r = residual(v, -1 + (2 * i) / (n - 1)); sum += r * r; }
  return sum / 2;
}
function guarded(a: number, b: number): number {
  if (b > 1) throw new RangeError('b must be at most 1');
  return a * b + Math.sin(b);
}
export function f(x: number[]): number { return objective(x, 9); }
export function g(x: number[]): number { return guarded(0 * x[0], x[1]); }
export function h(x: number[]): number { return guarded(0 * x[0], 0 * x[0] + x.length); }
export const reverse = (v: number[]) => gradient(f, v, { mode: 'reverse' });
export const reverseG = (v: number[]) => gradient(g, v, { mode: 'reverse' });
export const reverseH = (v: number[]) => gradient(h, v, { mode: 'reverse' });
`;
  it('computes no value forward, gives the closed-form gradient and still throws', async () => {
    const r = transform(source, '/p/inline.ts', { mode: 'inline', sourceMap: false });
    const driver = r.code.slice(r.code.indexOf('function f_gradient_reverse('));
    expect(driver.slice(0, driver.indexOf('\n}'))).not.toMatch(/= objective\d*\(/);
    const m = await compiled(source, 'inline');
    const x = [0.5, -1.25, 2, 0.75];
    // ∂/∂xⱼ of ½ Σᵢ rᵢ² with rᵢ = sign(tᵢ) − Σⱼ xⱼ tᵢʲ: −Σᵢ rᵢ tᵢʲ.
    const ts = Array.from({ length: 9 }, (_, i) => -1 + (2 * i) / 8);
    const rs = ts.map((t) => Math.sign(t) - x.reduce((s, xj, j) => s + xj * t ** j, 0));
    const got = (m.reverse as (v: number[]) => number[])(x);
    x.forEach((_, j) => expect(Math.abs(got[j] + rs.reduce((s, ri, i) => s + ri * ts[i] ** j, 0))).toBeLessThanOrEqual(1e-12));
    // g's gradient: [0, cos(x₁)] below the guard, the callee's RangeError above it.
    expect((m.reverseG as (v: number[]) => number[])([2, 0.5])).toEqual([0, Math.cos(0.5)]);
    expect(() => (m.reverseG as (v: number[]) => number[])([2, 1.5])).toThrow('b must be at most 1');
    // h: no adjoint reaches x (both partials are the literal 0), the call still runs: [0], then the throw.
    expect((m.reverseH as (v: number[]) => number[])([2])).toEqual([0]);
    expect(() => (m.reverseH as (v: number[]) => number[])([2, 1.5, 3, 4])).toThrow('b must be at most 1');
  });
});

describe('reverse mode through a callee reading past the end of its array argument', () => {
  // Without ?? the value is NaN (the run-time engine throws on the undefined element; forward mode's
  // tangents are NaN where reverse mode adds to no entry, README): the entry the callee's adjoint
  // would add past the point's end must not lengthen the returned gradient.
  it('gives a gradient of x.length entries, as reverse mode of the function with the call written out', async () => {
    const m = await compiled(`import { gradient } from '@ddx/dual';
function at(v: number[], i: number): number { return v[i] * v[0] + v[1]; }
function f(x: number[]): number { return at(x, 2) + x[0]; }
function inlined(x: number[]): number { return x[2] * x[0] + x[1] + x[0]; }
const points = [[0.5], [1.5, -2], [0.5, -1, 3, 0.25]];
export const viaCall = points.map((p) => gradient(f, p, { mode: 'reverse' }));
export const written = points.map((p) => gradient(inlined, p, { mode: 'reverse' }));
`, 'inline');
    expect((m.viaCall as number[][]).map((g) => g.length)).toEqual([1, 2, 4]);
    expect(m.viaCall).toEqual(m.written);
  });
  it('adds nothing at an index that is not a whole number (j - 1 at j = 0, m + j at m = 0.5): only a whole one is tested by the length alone', async () => {
    const m = await compiled(`import { gradient } from '@ddx/dual';
function at(v: number[], m: number): number {
  let s = 0;
  for (let j = 0; j < 2; j++) s += v[j - 1] * v[0] + v[m + j] * v[1] + v[2 * j + 1] * v[0];
  return s;
}
function f(x: number[]): number { return at(x, 0.5) + at(x, 1); }
export const viaCall = [[0.5, 2], [1.5, -2, 0.25, 3]].map((p) => gradient(f, p, { mode: 'reverse' }));
`, 'inline');
    // (The values are NaN: v[-1] is undefined.) The gradient has its entries and no other key.
    expect((m.viaCall as number[][]).map((g) => Object.keys(g))).toEqual([['0', '1'], ['0', '1', '2', '3']]);
  });
});

describe('reverse mode through a callee adjoint whose returned adjoint nothing reads', () => {
  // The adjoint of r in h(0 * x[0], x[1]) goes nowhere (its partial is the literal 0), but the call
  // also returns the adjoint of t (in ddxAdjoint_1) and, for dot, adds into d_x: dropping the call
  // with its unread const left ddxAdjoint_1 as the gradient of g wrote it (fuzz seed 8662 run 102,
  // NaN on a fresh module) and lost dot's 2·x1, silently.
  it('still calls it: the gradient equals the closed form, forward mode and central differences', async () => {
    const m = await compiled(`import { gradient } from '@ddx/dual';
function h(r: number, t: number): number { return r * t + Math.sin(t); }
function dot(v: number[], r: number): number { return r * v[0] + v[1] * v[1]; }
export function f(x: number[]): number { return h(0 * x[0], x[1]) + dot(x, 0 * x[2]); }
function g(x: number[]): number { return h(x[0], x[1]); }
export const reverse = (p: number[]) => gradient(f, p, { mode: 'reverse' });
export const other = (p: number[]) => gradient(g, p, { mode: 'reverse' });
export const forward = (p: number[]) => gradient(f, p);
`, 'inline');
    const reverse = m.reverse as (p: number[]) => number[], other = m.other as (p: number[]) => number[];
    for (const p of [[2, 0.5, 1], [-1, 1.25, 0.3]]) {
      other([3, p[1]]);
      const r = reverse(p);
      expect(r).toEqual([0, Math.cos(p[1]) + 2 * p[1], 0]);
      r.forEach((v, i) => expect(agree(v, (m.forward as (p: number[]) => number[])(p)[i], 1)).toBe(true));
      central(m.f as (p: number[]) => number, p).forEach((v, i) => expect(Math.abs(r[i] - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v))));
    }
  });
});

describe('reverse mode is safe to call again and again', () => {
  it('reuses its tape: calls in any order, after a throw, and from a function that calls it', async () => {
    const source = `import { gradient } from '@ddx/dual';
function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 100) throw new RangeError('too large: ' + x[i]);
    s = s * x[i] + Math.sin(s + x[i]);
  }
  return s;
}
const g = (p: number[]) => gradient(f, p, { mode: 'reverse' });
export const forward = (p: number[]) => gradient(f, p);
export function nested(p: number[]): number[] {
  // The gradient at a point made from another gradient: the calls follow each other on one tape.
  return g(g(g(p)).map((v) => v / 10));
}
export { g };
`;
    const m = await compiled(source, 'inline');
    const g = m.g as (p: number[]) => number[];
    const forward = m.forward as (p: number[]) => number[];
    const p = [0.3, 0.7, -0.2, 0.9], q = Array.from({ length: 300 }, (_, i) => Math.cos(i) * 0.5);
    const first = g(p);
    expect(g(q)).toEqual(g(q));
    // The gradient is copied from zeros kept between calls: a new array each time, which the caller
    // may write without changing the next gradient, also after a call at another length.
    const written = g(p);
    expect(written).not.toBe(first);
    written.fill(7);
    expect(g(p)).toEqual(first);
    expect(g([0.5])).toEqual(forward([0.5]));
    expect(() => g([0.1, 200, 0.3])).toThrow('too large: 200');
    expect(g(p)).toEqual(first);
    first.forEach((v, i) => expect(agree(v, forward(p)[i], 1)).toBe(true));
    const nested = (m.nested as (p: number[]) => number[])(p);
    const expected = g(g(g(p)).map((v) => v / 10));
    expect(nested).toEqual(expected);
  });

  it('a recursion takes one tape per call running at once, and makes none once they are made (det by minors)', async () => {
    const source = `import { gradient } from '@ddx/dual';
${detByMinors}
function f(x: number[]): number { return det(x, Math.round(Math.sqrt(x.length))); }
export const g = (p: number[]) => gradient(f, p, { mode: 'reverse' });
export const forward = (p: number[]) => gradient(f, p);
`;
    const m = await compiled(source, 'inline');
    const g = m.g as (p: number[]) => number[];
    const forward = m.forward as (p: number[]) => number[];
    const p = [2, -1, 0.5, 1.3, 0.7, 3, -0.4, 0.2, 1.1, -0.6, 2.5, 0.9, -0.3, 0.8, 1.4, 2.2];
    const first = g(p);
    first.forEach((v, i) => expect(agree(v, forward(p)[i], 1)).toBe(true));
    // Count the typed arrays made (tape stacks, new or doubled) while the gradient runs again: the
    // stacks of every depth of the recursion were made by the first call (one free pair kept
    // between calls made each inner call start from new stacks).
    const made = { Float64Array: 0, Int32Array: 0 };
    const saved = { Float64Array: globalThis.Float64Array, Int32Array: globalThis.Int32Array };
    const counting = <T extends Float64ArrayConstructor | Int32ArrayConstructor>(c: T, name: keyof typeof made): T =>
      new Proxy(c, { construct: (target, args: unknown[]) => { made[name]++; return Reflect.construct(target, args) as object; } });
    let again: number[][];
    try {
      globalThis.Float64Array = counting(saved.Float64Array, 'Float64Array');
      globalThis.Int32Array = counting(saved.Int32Array, 'Int32Array');
      again = [g(p), g(p)];
    } finally {
      Object.assign(globalThis, saved);
    }
    expect(made).toEqual({ Float64Array: 0, Int32Array: 0 });
    expect(again).toEqual([first, first]);
    // A smaller and a larger matrix after it: the tapes kept serve any depth.
    expect(g([1, 2, 3, 4])).toEqual([4, -3, -2, 1]);
    expect(g(p)).toEqual(first);
  });
});

describe("reverse mode's checks of the point", () => {
  it("name the verb's argument `x` where the driver's point is renamed (the module has an `x`: the message said `x2`)", async () => {
    const source = `import { gradient, valueAndGradient } from '@ddx/dual';
const x = 3;
function g(a: number, b: number): number { return a * Math.sin(b) * x; }
export const r = (p: number[]) => gradient(g, p, { mode: 'reverse' });
export const both = (p: number[]) => valueAndGradient(g, p, { mode: 'reverse' });
`;
    const r = transform(source, '/p/inline.ts', { sourceMap: false });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    // The driver's point is not called x here (x is the module's constant, which g reads).
    expect(r.code).toMatch(/\bx2\.length !== 2/);
    const m = await run(r.code);
    for (const verb of ['r', 'both']) {
      const name = verb === 'r' ? 'gradient' : 'valueAndGradient';
      expect(() => (m[verb] as (p: number[]) => unknown)([1, 2, 3])).toThrow(new RangeError(`${name}: \`x\` must have length 2 (g takes 2 parameters), got 3`));
    }
    // And the point is still read under its own name: ∂/∂a = 3 sin b, ∂/∂b = 3a cos b.
    const [ga, gb] = (m.r as (p: number[]) => number[])([0.5, 1.2]);
    expect(agree(ga, 3 * Math.sin(1.2), 1)).toBe(true);
    expect(agree(gb, 3 * 0.5 * Math.cos(1.2), 1)).toBe(true);
  });
});

describe('reverse-mode diagnostics', () => {
  const diagnose = (body: string): string[] => transform(`import { gradient } from '@ddx/dual';\n${body}`, '/p/a.ts').diagnostics.map((d) => `${d.code}: ${d.message}`);

  it('names a construct it does not compile yet and says to use forward mode', () => {
    const [d] = diagnose("function f(x: number[]): number { let a = [x[0]]; const b = [x[1]]; a = b; a.push(x[0]); return a[1] + b[0]; }\nexport const g = gradient(f, [1, 2], { mode: 'reverse' });");
    expect(d).toMatch(/^DDX1062: an array that grows by push \('a'\) while another local array names it too \(`y = z`, then y or z used\) is not supported in reverse mode yet; use forward mode \(remove mode: 'reverse'\) for now$/);
  });

  it("a 'var' not assigned on the path taken is undefined, as in JavaScript (its local started as 0, so v ?? 3 read 0: fuzz seed 8662 run 717 gave 2 instead of 2 - 3/(x0² + 9))", async () => {
    const r = transform("import { gradient } from '@ddx/dual';\nfunction f(x: number[]): number { if (x[0] > 100) { var v = x[0]; } return x[0] + x[0] - Math.atan2(x[0], v ?? 3); }\nexport const g = gradient(f, [1], { mode: 'reverse' });", '/p/a.ts');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = await run(r.code);
    // d/dx (2x − atan2(x, 3)) = 2 − 3/(x² + 9) = 1.7 at x = 1.
    expect(Math.abs((m.g as number[])[0] - 1.7)).toBeLessThanOrEqual(1e-15);
  });

  it("a 'var' saved on the tape before its first assignment is undefined again when restored (the tape's numbers held NaN: v ?? 3 read NaN backward)", async () => {
    const m = await compiled(`import { gradient } from '@ddx/dual';
export function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0) { var v = x[i] * x[i]; }
    s += Math.sin(v ?? 3) * x[i];
  }
  return s;
}
function branchy(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0) { var v = x[i] * x[i]; }
    s += (v ?? 3) > 2 ? x[i] * x[i] : x[i];
  }
  return s;
}
export const reverse = (p: number[]) => [gradient(f, p, { mode: 'reverse' }), gradient(branchy, p, { mode: 'reverse' })];
export const forward = (p: number[]) => [gradient(f, p), gradient(branchy, p)];
`, 'inline');
    const p = [-0.5, 0.7, 0.3];
    const [r, rb] = (m.reverse as (p: number[]) => number[][])(p);
    const [fw, fb] = (m.forward as (p: number[]) => number[][])(p);
    // v is undefined in the first iteration: sin(3) there; x_i² after x_i > 0 (∂: sin(x_i²) + 2x_i² cos(x_i²)).
    const exact = [Math.sin(3), ...p.slice(1).map((t) => Math.sin(t * t) + 2 * t * t * Math.cos(t * t))];
    r.forEach((g, i) => {
      expect(Math.abs(g - exact[i])).toBeLessThanOrEqual(1e-15);
      expect(agree(g, fw[i], 1)).toBe(true);
    });
    central(m.f as (p: number[]) => number, p).forEach((g, i) => expect(Math.abs(r[i] - g)).toBeLessThanOrEqual(1e-6));
    // The branch taken first is x0² (undefined ?? 3 > 2; NaN > 2 took the other, silently: 1 instead of −1).
    expect(rb).toEqual([2 * p[0], 1, 1]);
    expect(rb).toEqual(fb);
  });

  it('rejects a mode it cannot read', () => {
    const [d] = diagnose("function f(x: number[]): number { return x[0]; }\nconst m = 'reverse';\nexport const g = gradient(f, [1], { mode: m });");
    expect(d).toMatch(/^DDX1009: the mode of gradient must be written as 'forward', 'reverse' or 'auto'/);
  });
});

describe("reverse mode's unguarded products and the guarded fallback", () => {
  // A partial times an adjoint is a plain product summed into `products`; where one was NaN (0·∞:
  // here sqrt'(0) = ∞ times the adjoint x1 = 0), the driver with guarded products (ddxProduct)
  // computes the result again. Oracle: the closed form under the zero convention (∂/∂x0 of
  // x1·√x0 + x2·x0 at x0 = x1 = 0 is x2), and forward mode where no zero meets an infinity.
  const source = `import { gradient, jacobian, vjp } from '@ddx/dual';
function scaled(x: number[]): number { return x[1] * Math.sqrt(x[0]) + x[2] * x[0]; }
function helper(a: number, b: number): number { return b * Math.sqrt(a); }
function viaCall(x: number[]): number { return helper(x[0], x[1]) + x[2] * x[0]; }
function pair(x: number[]): number[] { return [x[1] * Math.sqrt(x[0]), x[2] * x[0]]; }
export const reverse = (p: number[]) => gradient(scaled, p, { mode: 'reverse' });
export const call = (p: number[]) => gradient(viaCall, p, { mode: 'reverse' });
export const rows = (p: number[]) => jacobian(pair, p, { mode: 'reverse' });
export const weighted = (p: number[], w: number[]) => vjp(pair, p, w);
export const forward = (p: number[]) => gradient(scaled, p, { mode: 'forward' });
`;
  const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

  it('where a fast product is NaN (0·∞), the fallback gives the guarded gradient, vjp and Jacobian rows', async () => {
    const r = transform(source, '/p/inline.ts', { mode: 'inline', sourceMap: false });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.code).toMatch(/function scaled_gradient_reverse_guarded\(/);
    const m = await run(r.code), x = [0, 0, 3];
    expect((m.reverse as (p: number[]) => number[])(x)).toEqual([3, 0, 0]);
    expect((m.call as (p: number[]) => number[])(x)).toEqual([3, 0, 0]);
    expect((m.rows as (p: number[]) => number[][])(x)).toEqual([[0, 0, 0], [3, 0, 0]]);
    expect((m.weighted as (p: number[], w: number[]) => number[])(x, [1, 1])).toEqual([3, 0, 0]);
    // Without the fallback the fast sweep's result is NaN there: the point does force it.
    const withoutFallback = r.code.replace(/if \(products !== products\) \{\s*return \w+\([^)]*\);\s*\}/g, '');
    expect(withoutFallback).not.toBe(r.code);
    const fast = await run(withoutFallback);
    expect(Number.isNaN((fast.reverse as (p: number[]) => number[])(x)[0])).toBe(true);
    expect(Number.isNaN((fast.call as (p: number[]) => number[])(x)[0])).toBe(true);
    // Where no product is NaN the fast sweep's result is returned, equal to forward mode's.
    for (const p of [[4, 2, 3], [0.25, -1, 0], [1e-300, 5, -2]]) {
      const g = (m.reverse as (q: number[]) => number[])(p), want = (m.forward as (q: number[]) => number[])(p);
      expect(g.every((v, i) => agree(v, want[i], 1)), `${g} vs ${want}`).toBe(true);
    }
  });

  it('a gradient that is NaN in the guarded sweep too runs the fallback and is NaN where forward mode is', async () => {
    const m = await compiled(source, 'inline'), x = [-1, 1, 0];
    const reverse = (m.reverse as (p: number[]) => number[])(x), forward = (m.forward as (p: number[]) => number[])(x);
    expect(Number.isNaN(reverse[0]) && Number.isNaN(reverse[1])).toBe(true);
    expect(same(reverse, forward)).toBe(true);
    expect(reverse[2]).toBe(-1);
  });
});

describe("a local's adjoint whose first contribution is assigned (emit/reverse/combine.ts)", () => {
  it('leaves no −0 in the gradient where that contribution is −0 (it is added into the point\'s adjoints, which start at +0)', async () => {
    const source = `import { gradient } from '@ddx/dual';
function f(x: number[]): number { const t = Math.sin(x[0]); return x[1] * t; }
export const g = (p: number[]) => gradient(f, p, { mode: 'reverse' });
`;
    const r = transform(source, '/p/inline.ts', { sourceMap: false });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.code).toMatch(/\bd_t = x\[1\];/);
    const m = await run(r.code);
    // ∂/∂x₀ = x₁ cos x₀ = −0 · cos 0.3 = −0, added to +0: +0 (as before the assignment: 0 + −0 is +0).
    const [g0, g1] = (m.g as (p: number[]) => number[])([0.3, -0]);
    expect(Object.is(g0, 0)).toBe(true);
    expect(g1).toBe(Math.sin(0.3));
  });
});

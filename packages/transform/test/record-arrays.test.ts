/**
 * Arrays of records (analyze/scalarise.ts: laid out strided, record k at k·stride): the user
 * scenarios of issue 14 — a least-squares loss over a data set of records, a spring chain over
 * `Point[]` — compile in both modes and are exact against closed forms computed here by hand
 * (1e-14 relative); a gradient with respect to an array of records is an array of records. What
 * the layout cannot follow is diagnosed (DDX1022). The golden fixture `record-arrays` covers the
 * forms (indexed reads, views, for…of, methods, literals, push, field writes).
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';
import { typeErrors } from './type-errors.js';

const file = '/project/src/record-arrays.ts';
const head = "import { gradient, hessian, hvp, valueAndGradient } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const result = transform(head + source, file, { mode });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  expect(result.code).not.toMatch(/\b(gradient|hessian|hvp)\((loss|energy),/); // rewritten, not left to the engine
  return run(result.code);
}

const diagnosticsOf = (source: string): string[] =>
  transform(head + source, file).diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

const close = closeWithin(1e-14);

// A data set of records: y ≈ 2x + 1 with noise.
const data = [
  { x: 0.5, y: 2.1 }, { x: 1, y: 2.9 }, { x: 1.5, y: 4.2 }, { x: 2, y: 4.8 }, { x: 3, y: 7.3 }, { x: -1, y: -0.7 },
];

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('least squares over a data set of records: gradient and hessian against the normal equations', async () => {
    const m = await compiled([
      'interface Sample { x: number; y: number }',
      'interface Line { a: number; b: number }',
      'function residual(p: Line, s: Sample): number { return p.a * s.x + p.b - s.y; }',
      'function loss(p: Line, data: Sample[]): number {',
      '  let sum = 0;',
      '  for (const s of data) sum += residual(p, s) ** 2;',
      '  return sum;',
      '}',
      `const data: Sample[] = ${JSON.stringify(data)};`,
      'const p0: Line = { a: 1.5, b: 0.25 };',
      'export const g = gradient((p: Line) => loss(p, data), p0);',
      'export const h = hessian((p: Line) => loss(p, data), p0);',
      // The same loss written with reduce and an index loop over data[i].x.
      'function byReduce(p: Line, data: Sample[]): number {',
      '  return data.reduce((acc, s) => acc + (p.a * s.x + p.b - s.y) ** 2, 0);',
      '}',
      'function byIndex(p: Line, data: Sample[]): number {',
      '  let sum = 0;',
      '  for (let i = 0; i < data.length; i++) { const r = p.a * data[i].x + p.b - data[i].y; sum += r * r; }',
      '  return sum;',
      '}',
      'export const gr = valueAndGradient((p: Line) => byReduce(p, data), p0);',
      'export const gi = gradient((p: Line) => byIndex(p, data), p0);',
    ].join('\n'), mode);
    // L(a, b) = Σ (a xₖ + b − yₖ)²: ∇L = 2 (Σ rₖ xₖ, Σ rₖ), ∇²L = 2 [[Σ xₖ², Σ xₖ], [Σ xₖ, n]].
    const [a, b] = [1.5, 0.25];
    let ga = 0, gb = 0, sxx = 0, sx = 0, value = 0;
    for (const s of data) {
      const r = a * s.x + b - s.y;
      ga += 2 * r * s.x;
      gb += 2 * r;
      sxx += s.x * s.x;
      sx += s.x;
      value += r * r;
    }
    for (const g of [m.g, m.gi, (m.gr as { gradient: unknown }).gradient] as { a: number; b: number }[]) {
      expect(Object.keys(g)).toEqual(['a', 'b']);
      close(g.a, ga);
      close(g.b, gb);
    }
    close((m.gr as { value: number }).value, value);
    const h = m.h as number[][];
    close(h[0][0], 2 * sxx);
    close(h[0][1], 2 * sx);
    close(h[1][0], 2 * sx);
    close(h[1][1], 2 * data.length);
  });

  it('a spring chain over Point[]: the gradient is an array of Points, the forces of the springs', async () => {
    const m = await compiled([
      'interface Point { x: number; y: number }',
      'function energy(ps: Point[]): number {',
      '  const k = 3, rest = 1;',
      '  let e = 0;',
      '  for (let i = 0; i + 1 < ps.length; i++) {',
      '    const a = ps[i], b = ps[i + 1];',
      '    const stretch = Math.hypot(b.x - a.x, b.y - a.y) - rest;',
      '    e += 0.5 * k * stretch * stretch;',
      '  }',
      '  return e;',
      '}',
      'const chain: Point[] = [{ x: 0, y: 0 }, { x: 1.5, y: 0.25 }, { x: 1.75, y: 2 }, { x: 3, y: 2.5 }];',
      'export const g = gradient(energy, chain);',
      'export const vg = valueAndGradient(energy, chain);',
      'export const hv = hvp(energy, chain, [{ x: 1, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }]);',
    ].join('\n'), mode);
    const chain = [{ x: 0, y: 0 }, { x: 1.5, y: 0.25 }, { x: 1.75, y: 2 }, { x: 3, y: 2.5 }];
    // E = Σ ½k(|dᵢ| − L)², dᵢ = pᵢ₊₁ − pᵢ: the spring pulls pᵢ₊₁ by −fᵢ and pᵢ by +fᵢ, fᵢ = k(|dᵢ| − L) dᵢ/|dᵢ|.
    const want = chain.map(() => ({ x: 0, y: 0 }));
    let energy = 0;
    for (let i = 0; i + 1 < chain.length; i++) {
      const dx = chain[i + 1].x - chain[i].x, dy = chain[i + 1].y - chain[i].y;
      const r = Math.hypot(dx, dy);
      const f = (3 * (r - 1)) / r;
      want[i + 1].x += f * dx;
      want[i + 1].y += f * dy;
      want[i].x -= f * dx;
      want[i].y -= f * dy;
      energy += 1.5 * (r - 1) ** 2;
    }
    const g = m.g as { x: number; y: number }[];
    expect(g).toHaveLength(4);
    g.forEach((p, i) => {
      expect(Object.keys(p)).toEqual(['x', 'y']);
      close(p.x, want[i].x);
      close(p.y, want[i].y);
    });
    const vg = m.vg as { value: number; gradient: { x: number; y: number }[] };
    close(vg.value, energy);
    close(vg.gradient[3].y, want[3].y);
    // ∂²E/∂x₀² = k (1 − L dy²/r³) of the first spring (only it moves with x₀); ∂²E/∂x₀∂x₁ is its negative.
    const [dx, dy] = [1.5, 0.25];
    const r = Math.hypot(dx, dy);
    const hxx = 3 * (1 - (dy * dy) / r ** 3);
    const hv = m.hv as { x: number; y: number }[];
    close(hv[0].x, hxx);
    close(hv[1].x, -hxx);
    // ∂²E/∂x₀∂y₀ = k L dx dy / r³.
    close(hv[0].y, (3 * dx * dy) / r ** 3);
    expect(hv[2]).toEqual({ x: 0, y: 0 });
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('arrays of tuples, %s mode', (mode) => {
  it('Vec3[]: the potential of point charges, whose gradient is a Vec3[] of minus the forces', async () => {
    const m = await compiled([
      'type Vec3 = [number, number, number];',
      'function dist(a: Vec3, b: Vec3): number { return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]); }',
      'function energy(rs: Vec3[]): number {',
      '  let e = 0;',
      '  for (let i = 0; i < rs.length; i++) {',
      '    const a = rs[i];',
      '    for (let j = i + 1; j < rs.length; j++) e += 1 / dist(a, rs[j]);',
      '  }',
      '  return e;',
      '}',
      'export const g = gradient(energy, [[0, 0, 0], [1, 0.5, 0], [0.25, 1, 2]]);',
    ].join('\n'), mode);
    // ∂/∂rᵢ of 1/|rᵢ − rⱼ| is −(rᵢ − rⱼ)/|rᵢ − rⱼ|³.
    const rs = [[0, 0, 0], [1, 0.5, 0], [0.25, 1, 2]];
    const want = rs.map(() => [0, 0, 0]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (i === j) continue;
        const d = [0, 1, 2].map((k) => rs[i][k] - rs[j][k]);
        const r3 = Math.hypot(d[0], d[1], d[2]) ** 3;
        for (let k = 0; k < 3; k++) want[i][k] -= d[k] / r3;
      }
    }
    const g = m.g as number[][];
    expect(g).toHaveLength(3);
    g.forEach((row, i) => row.forEach((v, k) => close(v, want[i][k])));
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('an array literal of records as an argument (%s mode)', (mode) => {
  // loss(w) = Σ (w·xₖ − yₖ)², loss′(w) = Σ 2xₖ(w·xₖ − yₖ), loss″ = Σ 2xₖ².
  const loss = 'interface P { x: number; y: number }\nfunction loss(ps: P[], w: number): number { let s = 0; for (const p of ps) s += (w * p.x - p.y) ** 2; return s; }\n';
  it('as a local would be: the records evaluated in order, exact against closed forms', async () => {
    const m = await compiled([
      "import { derivative, secondDerivative } from '@ddx/dual';",
      loss,
      'export const d = derivative((w: number) => loss([{ x: 1, y: 2 }, { x: 3, y: 4 }], w), 1);',
      'export const d2 = secondDerivative((w: number) => loss([{ x: 1, y: 2 }, { x: 3, y: 4 }], w), 1);',
      // Fields that depend on the input: loss = (v₀² − 2)² + (3v₀ − v₁)².
      'export const g = gradient((v: number[]) => loss([{ x: v[0], y: 2 }, { x: 3, y: v[1] }], v[0]), [1, 4]);',
      "export const gr = gradient((v: number[]) => loss([{ x: v[0], y: 2 }, { x: 3, y: v[1] }], v[0]), [1, 4], { mode: 'reverse' });",
      // A record variable among the literals (its numbers copied: the function writes no field), and an empty literal.
      'export const dq = derivative((w: number) => { const q: P = { x: 1, y: 2 }; return loss([q, { x: 3, y: 4 }], w) + loss([], w); }, 1);',
    ].join('\n'), mode);
    close(m.d as number, 2 * 1 * (1 - 2) + 2 * 3 * (3 - 4));
    close(m.d2 as number, 2 * 1 + 2 * 9);
    const [v0, v1] = [1, 4];
    const want = [2 * (v0 * v0 - 2) * 2 * v0 + 2 * (3 * v0 - v1) * 3, -2 * (3 * v0 - v1)];
    (m.g as number[]).forEach((v, i) => close(v, want[i]));
    (m.gr as number[]).forEach((v, i) => close(v, want[i]));
    close(m.dq as number, -8);
  });
});

describe('what the strided layout cannot follow (DDX1022, DDX1011)', () => {
  const inF = (body: string): string[] => diagnosticsOf([
    'interface Point { x: number; y: number }',
    'function sum(xs: number[]): number { return xs[0]; }',
    `function f(ps: Point[]): number { ${body} }`,
    'export const g = gradient(f, [{ x: 1, y: 2 }]);',
  ].join('\n') + '\n');

  it('a record of an array of records used as a number, or passed as an array of numbers', () => {
    expect(inF('return ps[0] * 2;')).toEqual([expect.stringMatching(/^DDX1022 4:42 'ps\[0\]' is a record \(Point\), not a number; read its fields \(ps\[0\]\.x, …\)$/)]);
    expect(inF('return sum(ps);')).toEqual([expect.stringMatching(/^DDX1022 4:46 'ps' is an array of records \(Point\), where argument 1 of 'sum' is an array of numbers/)]);
  });

  it('methods that would take its numbers for elements, callbacks by name, reduce without a start', () => {
    expect(inF('const q = ps.filter((p) => p.x > 0); return q.length;')).toEqual([expect.stringMatching(/^DDX1022 4:45 ps\.filter is not supported on an array of records \(Point\[\]\); map, forEach, reduce/)]);
    expect(inF('return ps.reduce((a, p) => a + p.x);')).toEqual([expect.stringMatching(/^DDX1022 4:42 ps\.reduce over an array of records \(Point\) needs an initial value/)]);
  });

  it('destructuring, and a record of one read by a local function', () => {
    expect(inF('let s = 0; for (const { x } of ps) s += x; return s;')).toEqual([expect.stringMatching(/^DDX1022 4:57 for…of over an array of records binds one name/)]);
    expect(inF('const [a] = ps; return a.x;')).toEqual([expect.stringMatching(/^DDX1022 4:41 'ps' is an array of records \(Point\); read its records by index/)]);
    expect(inF('const p = ps[0]; const g = () => p.x; return g();')).toEqual([expect.stringMatching(/^DDX1022 4:41 'p' is a record of an array of records, read by a local function/)]);
  });

  it('a record placed in an array that is not a new one, where the function writes fields (JavaScript would share it)', () => {
    expect(diagnosticsOf([
      'interface Point { x: number; y: number }',
      'function f(p: Point): number {',
      '  const q = { x: p.x, y: p.y };',
      '  const ps: Point[] = [{ x: 0, y: 0 }];',
      '  ps.push(q);',
      '  q.x = 5;',
      '  return ps[1].x;',
      '}',
      'export const g = gradient(f, { x: 1, y: 2 });',
    ].join('\n') + '\n')).toEqual([expect.stringMatching(/^DDX1022 6:11 'ps' holds 'q' itself in JavaScript \(not a copy of its numbers\), and this function writes 'q\.x'/)]);
    // The same of a literal passed as an argument (JavaScript's array would hold q itself while the callee runs).
    expect(diagnosticsOf([
      'interface Point { x: number; y: number }',
      'function first(ps: Point[]): number { return ps[0].x; }',
      'function f(p: Point): number {',
      '  const q = { x: p.x, y: p.y };',
      '  const s = first([q, { x: 0, y: 0 }]);',
      '  q.x = 5;',
      '  return s;',
      '}',
      'export const g = gradient(f, { x: 1, y: 2 });',
    ].join('\n') + '\n')).toEqual([expect.stringMatching(/^DDX1022 6:20 argument 1 of 'first' holds 'q' itself in JavaScript/)]);
    expect(diagnosticsOf([
      'type Vec3 = [number, number, number];',
      'function f(vs: Vec3[]): number { let s = 0; for (let k = 0; k < 3; k++) s += vs[0][k]; return s; }',
      'export const g = gradient(f, [[1, 2, 3]]);',
    ].join('\n') + '\n')).toEqual([expect.stringMatching(/^DDX1022 3:84 a tuple of an array of tuples \(Vec3\) is read by a literal index from 0 to 2/)]);
  });

  it('writing a field of a record of a parameter (the caller\'s array), and other fields where a layout is taken', () => {
    expect(inF('ps[0].x = 1; return ps[0].x;')).toEqual([expect.stringMatching(/^DDX1011 4:35 'ps' is a parameter: assigning fields of its records would change the caller's array/)]);
    expect(diagnosticsOf([
      'interface Point { x: number; y: number }',
      'interface Flipped { y: number; x: number }',
      'function n(ps: Point[]): number { return ps[0].x; }',
      'function f(qs: Flipped[]): number { return n(qs); }',
      'export const g = gradient(f, [{ x: 1, y: 2 }]);',
    ].join('\n') + '\n')).toEqual([expect.stringMatching(/^DDX1022 5:46 'qs' is an array of 'Flipped', whose fields differ from those of 'Point'/)]);
  });
});

describe("the verbs' types over records (@ddx/dual's overloads)", () => {
  const source = `import { derivative, gradient, hessian, hvp, jacobian, jvp, valueAndGradient, valueAndJacobian, valueAndVjp, valueGradientHessian, vjp } from '@ddx/dual';
interface Point { x: number; y: number }
type Vec3 = [number, number, number];
function energy(p: Point): number { return p.x * p.x * p.y; }
function chain(ps: Point[]): number { return ps.reduce((e, p) => e + p.x * p.y, 0); }
function rot(p: Point): Point { return { x: -p.y, y: p.x }; }
function norm2(v: Vec3): number { return v[0] * v[0] + v[1] * v[1] + v[2] * v[2]; }
const p0: Point = { x: 1, y: 2 };
const pts: Point[] = [p0, { x: 3, y: 4 }];
export const g: Point = gradient(energy, p0);
export const gc: Point[] = gradient(chain, pts);
export const gv: Vec3 = gradient(norm2, [1, 2, 3]);
export const curried: (p: Point) => Point = gradient(energy);
export const vg: { value: number; gradient: Point } = valueAndGradient(energy, p0);
export const hv: Point[] = hvp(chain, pts, pts);
export const h: number[][] = hessian(energy, p0);
export const vgh: Point = valueGradientHessian(energy, p0).gradient;
export const j: number[][] = jacobian(rot, p0);
export const vj: Point = valueAndJacobian(rot, p0).value;
export const jv: Point = jvp(rot, p0, { x: 0, y: 1 });
export const js: number = jvp(energy, p0, { x: 0, y: 1 });
function trail(p: Point): Point[] { const out: Point[] = [p, { x: p.y, y: 1 }]; return out; }
export const wj: Point = vjp(rot, p0, { x: 1, y: 0 });
export const vwj: { value: Point; vjp: Point } = valueAndVjp(rot, p0, { x: 1, y: 0 });
export const tj: { value: Point[]; vjp: Point } = valueAndVjp(trail, p0, pts);
export const plain: number[] = gradient((v) => v[0] * v[1], [1, 2]);
export const d: number = derivative((x) => x * Math.sin(x), 1);
`;

  it('a gradient with respect to a record is typed as the record, an array of records as the array', () => {
    expect(typeErrors(source, '__record_types__.ts')).toEqual([]);
  });

  it('and the check sees real type errors (the test can fail)', () => {
    const errors = typeErrors(`${source}export const bad: number = gradient(energy, p0);\nexport const wrong = gradient(energy, { x: 1 });\n`, '__record_types__.ts');
    expect(errors).toEqual([expect.stringMatching(/^28: Type 'Point' is not assignable to type 'number'/), expect.stringMatching(/^29: No overload matches this call/)]);
  });
});

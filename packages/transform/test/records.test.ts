/**
 * Records and tuples (analyze/scalarise.ts): the user scenarios of issue 14 — physics over
 * `interface Point`, `Vec3` tuples — compile in both modes and are exact against closed forms;
 * a record the transform cannot lay out is diagnosed (DDX1022) with the type and the field named.
 * The golden fixture `records` covers every verb.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const file = '/project/src/records.ts';
const head = "import { derivative, gradient, hessian, jacobian, valueAndGradient } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const result = transform(head + source, file, { mode });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  expect(result.code).not.toMatch(/gradient\(potential,/); // rewritten, not left to the engine
  return run(result.code);
}

const diagnosticsOf = (source: string): string[] =>
  transform(head + source, file).diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

const close = closeWithin(1e-14);

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('physics over interface Point: the force is minus the gradient, a Point', async () => {
    const m = await compiled([
      'export interface Point { x: number; y: number }',
      'interface Body { pos: Point; charge: number }',
      // A charge in the field of two fixed charges at (−1, 0) and (1, 0), and a spring to the origin.
      'function coulomb(p: Point, at: Point): number {',
      '  const d = { x: p.x - at.x, y: p.y - at.y };',
      '  return 1 / Math.sqrt(d.x * d.x + d.y * d.y);',
      '}',
      'function potential(b: Body): number {',
      '  const k = 0.5;',
      '  return b.charge * (coulomb(b.pos, { x: -1, y: 0 }) + coulomb(b.pos, { x: 1, y: 0 })) + k * (b.pos.x * b.pos.x + b.pos.y * b.pos.y);',
      '}',
      'export const force = gradient(potential, { pos: { x: 0.5, y: 2 }, charge: 3 });',
      'export const vg = valueAndGradient(potential, { pos: { x: 0.5, y: 2 }, charge: 3 });',
    ].join('\n'), mode);
    // ∂/∂x of 1/|p − a| is −(x − aₓ)/|p − a|³.
    const [x, y, q] = [0.5, 2, 3];
    const r1 = Math.hypot(x + 1, y), r2 = Math.hypot(x - 1, y);
    const want = { pos: { x: q * (-(x + 1) / r1 ** 3 - (x - 1) / r2 ** 3) + x, y: q * (-y / r1 ** 3 - y / r2 ** 3) + y }, charge: 1 / r1 + 1 / r2 };
    const force = m.force as typeof want;
    expect(Object.keys(force)).toEqual(['pos', 'charge']);
    expect(Object.keys(force.pos)).toEqual(['x', 'y']);
    close(force.pos.x, want.pos.x);
    close(force.pos.y, want.pos.y);
    close(force.charge, want.charge);
    const vg = m.vg as { value: number; gradient: typeof want };
    close(vg.value, q * (1 / r1 + 1 / r2) + 0.5 * (x * x + y * y));
    close(vg.gradient.pos.y, want.pos.y);
  });

  it('a record point written as an expression is passed as written, even where its names start ddxQ', async () => {
    const m = await compiled([
      'interface Point { x: number; y: number }',
      'const ddxQuarter = { x: 0.25, y: 3 };',
      'function f(p: Point): number { return p.x * p.x * p.y; }',
      'export const g = gradient(f, true ? ddxQuarter : { x: 1, y: 1 });',
    ].join('\n'), mode);
    // ∇(x²y) = (2xy, x²) at (0.25, 3).
    expect(m.g).toEqual({ x: 1.5, y: 0.0625 });
  });

  it('a record literal of shorthand fields ({ x, y }) names the locals, also where nothing read them before', async () => {
    const m = await compiled([
      'interface Point { x: number; y: number }',
      'function polar(p: Point): Point { const x = p.x * Math.cos(p.y); let y = 0; y += p.x * Math.sin(p.y); return { x, y }; }',
      'function area(p: Point): number { const x = p.x; const y = p.y; const q: Point = { y, x }; return q.x * q.y * q.y; }',
      'export const j = jacobian(polar, { x: 2, y: 0.5 });',
      'export const g = gradient(area, { x: 3, y: 2 });',
    ].join('\n'), mode);
    // polar's rows: (cos θ, −ρ sin θ), (sin θ, ρ cos θ); ∇(xy²) = (y², 2xy).
    const [r, t] = [2, 0.5];
    const want = [[Math.cos(t), -r * Math.sin(t)], [Math.sin(t), r * Math.cos(t)]];
    (m.j as number[][]).forEach((row, i) => row.forEach((v, k) => close(v, want[i][k])));
    expect(m.g).toEqual({ x: 4, y: 12 });
  });

  it('Vec3 tuples: a cross product and its rows, a triple product and its hessian', async () => {
    const m = await compiled([
      'type Vec3 = [number, number, number];',
      'function cross(a: Vec3): Vec3 {',
      '  const b: Vec3 = [0.5, -1, 2];',
      '  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];',
      '}',
      'function triple(v: Vec3): number {',
      '  const [x, y, z] = v;',
      '  return x * y * z;',
      '}',
      'export const j = jacobian(cross, [1, 2, 3]);',
      'export const g = gradient(triple, [1, 2, 3]);',
      'export const h = hessian(triple, [1, 2, 3]);',
    ].join('\n'), mode);
    // cross(a) = a × b is linear: its jacobian is the matrix [b]ₓᵀ… row i = ∂(a × b)ᵢ/∂a.
    expect(m.j).toEqual([[0, 2, 1], [-2, 0, 0.5], [-1, -0.5, 0]]);
    expect(m.g).toEqual([6, 3, 2]);
    expect(m.h).toEqual([[0, 3, 2], [3, 0, 1], [2, 1, 0]]);
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('typeof on a record parameter\'s fields, %s mode', (mode) => {
  it('a number field is tested at run time; an array field and a nested record are objects', async () => {
    // f(b, s) = b.pos.x s b.m + b.w₀ s: ∂f/∂s = b.pos.x b.m + b.w₀ = 1·3 + 2 = 5;
    // g(p) = p.x p.y (the guards hold): ∇g = (p.y, p.x) = (2, 1), also in reverse mode.
    const m = await compiled([
      'type B = { pos: { x: number; y: number }; w: number[]; m: number };',
      'function f(b: B, s: number) {',
      "  const pos = typeof b.pos === 'object' ? b.pos.x : 9;",
      "  const w = typeof b.w !== 'object' ? 9 : b.w[0];",
      "  return (typeof b.pos.x === 'number' ? pos * s : 9) * b.m + w * s;",
      '}',
      'export const d = derivative((s: number) => f({ pos: { x: 1, y: 2 }, w: [2, 5], m: 3 }, s), 1.5);',
      "export const g = gradient((p: { x: number; y: number }) => ((typeof p.x !== 'number' && typeof p.x !== 'number') ? 9 : p.x) * p.y, { x: 1, y: 2 }, { mode: 'reverse' });",
    ].join('\n'), mode);
    close(m.d as number, 5);
    expect(m.g).toEqual({ x: 2, y: 1 });
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('local records made from elements and constructors, %s mode', (mode) => {
  it('a record literal whose fields read array elements (typed any where the analysis has no lib)', async () => {
    const m = await compiled([
      'function potential(p: number[]): number {',
      '  const q = p[1];',
      '  const r = { x: p[0], y: q };',
      '  r.x += q;',
      '  return r.x * r.y * p[0];',
      '}',
      'export const g = gradient(potential, [0.75, -1.5]);',
    ].join('\n'), mode);
    // f(a, b) = (a + b) b a: ∂/∂a = 2ab + b², ∂/∂b = a² + 2ab.
    const [a, b] = [0.75, -1.5];
    const g = m.g as number[];
    close(g[0], 2 * a * b + b * b);
    close(g[1], a * a + 2 * a * b);
  });

  it('new of a class whose fields are its constructor\'s parameter properties: a local record, its methods called on it', async () => {
    const m = await compiled([
      'class Spring {',
      '  constructor(readonly k: number, readonly rest: number) {}',
      '  energy(x: number): number { const d = x - this.rest; return 0.5 * this.k * d * d; }',
      '}',
      'function potential(p: number[]): number {',
      '  const s = new Spring(p[0] * p[0], 1);',
      '  let t: Spring = new Spring(2, p[1]);',
      '  return s.energy(p[1]) + t.energy(p[0]) + s.k;',
      '}',
      'export const g = gradient(potential, [0.75, -1.5]);',
    ].join('\n'), mode);
    // f(a, b) = ½a²(b − 1)² + (a − b)² + a².
    const [a, b] = [0.75, -1.5];
    const g = m.g as number[];
    close(g[0], a * (b - 1) ** 2 + 2 * (a - b) + 2 * a);
    close(g[1], a * a * (b - 1) - 2 * (a - b));
  });

  it('a field read before an assignment to it in the same expression keeps the value JavaScript read', async () => {
    // Each is x · (2x) = 2x², whose derivative is 4x (reading the field after the assignment would give 8x).
    const m = await compiled([
      'interface P { x: number; y: number }',
      'function rec(x: number[]): number { const r = { x: 1, y: x[0] }; return r.y * (r.y *= 2); }',
      'function arr(x: number[]): number { const ps: P[] = [{ x: 1, y: x[0] }]; return ps[0].y * (ps[0].y *= 2); }',
      'function view(x: number[]): number { const ps: P[] = [{ x: 1, y: x[0] }]; const q = ps[0]; return ps[0].y * (q.y *= 2); }',
      'function nested(x: number[]): number { const b = { pos: { x: x[0], y: 1 }, m: 2 }; return b.pos.x * (b.pos.x += b.pos.x); }',
      'export const v = [rec([3]), arr([3]), view([3]), nested([3])];',
      'export const g = [gradient(rec, [3]), gradient(arr, [3]), gradient(view, [3]), gradient(nested, [3])];',
    ].join('\n'), mode);
    expect(m.v).toEqual([18, 18, 18, 18]);
    expect(m.g).toEqual([[12], [12], [12], [12]]);
  });

  it('the records of an array literal and the fields of a nested record are evaluated in the order written', async () => {
    // a² · (a + 1) with an assignment after the read of a in every form: derivative 3a² + 2a; written
    // the other way round, (a + 1)³: 3(a + 1)².
    const m = await compiled([
      'interface P { x: number; y: number }',
      'function arr(x: number[]): number { let a = x[0]; const ps: P[] = [{ x: a * a, y: 1 }, { x: (++a), y: 2 }]; return ps[0].x * ps[1].x; }',
      'function nested(x: number[]): number { let a = x[0]; const b = { pos: { x: a * a, y: 1 }, m: (a += 1) }; return b.pos.x * b.m; }',
      'function after(x: number[]): number { let a = x[0]; const b = { m: (a += 1), pos: { x: a * a, y: 1 } }; return b.pos.x * b.m; }',
      'export const v = [arr([3]), nested([3]), after([3])];',
      'export const g = [gradient(arr, [3]), gradient(nested, [3]), gradient(after, [3])];',
    ].join('\n'), mode);
    expect(m.v).toEqual([36, 36, 64]);
    expect(m.g).toEqual([[33], [33], [48]]);
  });

  it('a record returned by a call on inputs-free arguments, then written with the input: the value of its fields, and zero tangents to start from', async () => {
    // The call's record does not depend on x (its plain call returns an object, the caller holds the
    // array of its fields); a field is then written with x in one branch only (the fuzzer's
    // "Cannot create property '1' on number '0'", seed 90006, run 342).
    const m = await compiled([
      'interface P { x: number; y: number }',
      'function polar(r: number, t: number): P { return { x: r * Math.cos(t), y: r * Math.sin(t) }; }',
      'function f(x: number[]): number {',
      '  const c = polar(2, 0.5);',
      '  const r = polar(2, 0.5);',
      '  var v = x[0] > 5 ? 0 : (r.y *= x[0]);',
      '  return c.x * x[0] + r.y * v;',
      '}',
      'export const v = [f([0.75]), f([6])];',
      'export const g = [gradient(f, [0.75]), gradient(f, [6])];',
      'export const h = hessian(f, [0.75]);',
    ].join('\n'), mode);
    // x ≤ 5: c.x·x + (s·x)² with c.x = 2cos ½, s = 2 sin ½: f' = c.x + 2s²x, f'' = 2s². x > 5: r.y·0, f' = c.x.
    const [cx, s] = [2 * Math.cos(0.5), 2 * Math.sin(0.5)];
    const v = m.v as number[], g = m.g as number[][], h = m.h as number[][];
    close(v[0], cx * 0.75 + (s * 0.75) ** 2);
    close(v[1], cx * 6);
    close(g[0][0], cx + 2 * s * s * 0.75);
    close(g[1][0], cx);
    close(h[0][0], 2 * s * s);
  });

  it('a record field named by a local or by destructuring is the same record in JavaScript: writes through either show in both', async () => {
    // const s = b.pos; s.x *= a: b.pos.x is a², so f = a²·3 + a² = 4a² (a copy would give 3a + a², f' = 3 + 2a).
    const m = await compiled([
      'interface P { x: number; y: number }',
      'interface B { pos: P; m: number }',
      'function named(x: number[]): number { const b: B = { pos: { x: x[0], y: 2 }, m: 3 }; const s = b.pos; s.x *= x[0]; return b.pos.x * b.m + s.x; }',
      'function unpacked(x: number[]): number { const b: B = { pos: { x: x[0], y: 2 }, m: 3 }; const { m: k, pos: s } = b; b.pos.x *= x[0]; return s.x * k + s.x; }',
      'function element(x: number[]): number { const bs: B[] = [{ pos: { x: 1, y: 2 }, m: 3 }, { pos: { x: x[0], y: 2 }, m: 3 }]; const { pos: s } = bs[1]; s.x *= x[0]; return bs[1].pos.x * bs[1].m + s.x; }',
      // No field written: the local is a copy of the numbers, which a local function may read.
      'function read(x: number[]): number { const b: B = { pos: { x: x[0], y: 2 }, m: 3 }; const { pos: s, m } = b; const g = (t: number) => s.x * t * m; return g(x[0]) + s.y; }',
      'export const v = [named([3]), unpacked([3]), element([3]), read([3])];',
      'export const g = [gradient(named, [3]), gradient(unpacked, [3]), gradient(element, [3]), gradient(read, [3])];',
    ].join('\n'), mode);
    expect(m.v).toEqual([36, 36, 36, 29]);
    expect(m.g).toEqual([[24], [24], [24], [18]]);
  });

  it('a record a call returns, passed straight to another call: held in a local, evaluated in the order written', async () => {
    // a·nsq(mid(r, { x: ++a… })) + a with r = (x, 2): mid = (x + ½, 2), nsq = (x + ½)² + 2 sin 2, the last a is x + 1.
    const m = await compiled([
      'interface P { x: number; y: number }',
      'function mid(a: P, b: P): P { return { x: (a.x + b.x) / 2, y: a.y * b.y }; }',
      'function nsq(p: P): number { return p.x * p.x + Math.sin(p.y) * p.y; }',
      'function f(x: number[]): number { const r: P = { x: x[0], y: 2 }; let a = x[0]; return a * nsq(mid(r, { x: (a += 1), y: 1 })) + a; }',
      'function twice(x: number[]): number { const r: P = { x: x[0], y: 1 }; return nsq(mid(mid(r, r), { x: 0, y: 1 })); }',
      'export const g = [gradient(f, [3]), gradient(twice, [3])];',
    ].join('\n'), mode);
    const x = 3, s2 = 2 * Math.sin(2);
    const g = m.g as number[][];
    close(g[0][0], (x + 0.5) ** 2 + s2 + 2 * x * (x + 0.5) + 1);
    // mid(mid(r, r), (0, 1)) = (x/2, 1): nsq = x²/4 + sin 1, derivative x/2.
    close(g[1][0], x / 2);
  });

  it('a field of the record a call returns, read in place: held in a local, evaluated in the order written', async () => {
    // a·mid(r, { x: ++a… }).x + a with r = (x, 2): mid.x = (x + x + 1)/2, the last a is x + 1; so (x + 1)·(x + ½) − ½·… below.
    const m = await compiled([
      'interface P { x: number; y: number }',
      'interface M { weights: number[]; bias: number }',
      'function mid(a: P, b: P): P { return { x: (a.x + b.x) / 2, y: a.y * b.y }; }',
      'function unpack(x: number[]): M { return { weights: x.slice(0, 2), bias: x[2] }; }',
      'function f(x: number[]): number { const r: P = { x: x[0], y: 2 }; let a = x[0]; return a * mid(r, { x: (a += 1), y: 1 }).x + a; }',
      'function g(x: number[]): number { return unpack(x).bias * unpack(x).weights[1] + unpack(x).weights.length; }',
      'export const d = [gradient(f, [3]), gradient(g, [1, 2, 3])];',
    ].join('\n'), mode);
    const d = m.d as number[][];
    // f = x·(x + x + 1)/2 + x + 1 = x² + x/2 + x + 1: f′ = 2x + 3/2.
    close(d[0][0], 2 * 3 + 1.5);
    // g = x₂·x₁ + 2.
    expect(d[1]).toEqual([0, 3, 2]);
  });

  it('a field of the record a nested gradient or hvp at a record point returns: read in place or destructured', async () => {
    const m = await compiled([
      "import { hvp } from '@ddx/dual';",
      'interface P { x: number; y: number }',
      // a·x²·y at p = (a, 2): ∂/∂x = 2a·x·y = 4a², ∂/∂y = a·x² = a³; ∂²/∂y∂x = 2a·x = 2a².
      'function inPlace(a: number): number { const p: P = { x: a, y: 2 }; return gradient((q: P) => a * q.x * q.x * q.y, p).x + hvp((q: P) => a * q.x * q.x * q.y, p, { x: 1, y: 0 }).y; }',
      'function destructured(a: number): number { const { x, y } = gradient((q: P) => a * q.x * q.x * q.y, { x: a, y: 2 }); return x * y; }',
      "export const d = [derivative(inPlace, 3), derivative(destructured, 3), gradient((v: number[]) => inPlace(v[0]) * v[1], [3, 2], { mode: 'reverse' })];",
    ].join('\n'), mode);
    const d = m.d as [number, number, number[]];
    // inPlace = 4a² + 2a² = 6a²: 12a; destructured = 4a⁵: 20a⁴.
    close(d[0], 12 * 3);
    close(d[1], 20 * 3 ** 4);
    close(d[2][0], 12 * 3 * 2);
    close(d[2][1], 6 * 9);
  });

  it('another name for a tuple or an array is the same array (const t2 = t)', async () => {
    const m = await compiled([
      'type V3 = [number, number, number];',
      'function f(x: number[]): number { const t: V3 = [x[0], 2, 3]; const t2 = t; t2[1] = x[0]; const t3: V3 = t2; const ys = x; return t[1] * t2[0] * t3[2] + ys[0]; }',
      'export const v = f([3]);',
      'export const g = gradient(f, [3]);',
    ].join('\n'), mode);
    // 3x² + x.
    expect(m.v).toBe(30);
    expect(m.g).toEqual([19]);
  });

  it('leaves new of another class rejected (DDX1003), naming it', () => {
    expect(diagnosticsOf([
      'class Q { k: number; constructor(k: number) { this.k = k; } }',
      'function f(x: number): number { const q = new Q(2 * x); return q.k * x; }',
      'export const g = gradient((p: number[]) => f(p[0]), [1]);',
    ].join('\n') + '\n')).toEqual([expect.stringMatching(/^DDX1003 3:\d+ 'new Q\(…\)' makes an object of 'Q'/)]);
  });
});

describe('records that cannot be laid out as numbers (DDX1022)', () => {
  it('names the type and the field, and says what to do', () => {
    expect(diagnosticsOf('interface P { x: number; y?: number }\nfunction f(p: P): number { return p.x; }\nexport const g = gradient(f, { x: 1 });\n'))
      .toEqual([expect.stringMatching(/^DDX1022 \d+:\d+ gradient's point is a record \(P\) whose field 'y' is optional \(absent on some paths\).*make 'y' required$/)]);
    expect(diagnosticsOf('interface P { x: number; tags: number[] }\nfunction f(p: P): number { return p.x; }\nexport const g = gradient(f, { x: 1, tags: [] });\n'))
      .toEqual([expect.stringMatching(/^DDX1022 4:27 gradient varies every number of its input, and 'p' is a record with array fields \(P\); differentiate an arrow over the numbers that vary, with the rest as data: gradient\(\(tags: number\[\]\) => f\(\{ tags, … \}\), x0\)/)]);
    // A record with an array field as a local is compiled (record-array-values.test.ts), unless it is assigned another record.
    expect(diagnosticsOf('interface P { x: number; tags: number[] }\nfunction f(x: number[]): number { let p: P = { x: x[0], tags: [] }; p = { x: 2, tags: [] }; return p.x; }\nexport const g = gradient(f, [1]);\n'))
      .toEqual([expect.stringMatching(/^DDX1022 3:\d+ 'p' is a record with array fields \(P\) and is assigned later; declare it with const/)]);
    expect(diagnosticsOf('interface P { [k: string]: number }\nfunction f(p: P): number { return p.x; }\nexport const g = gradient(f, { x: 1 });\n'))
      .toEqual([expect.stringMatching(/^DDX1022 3:15 'P' has an index signature/)]);
  });

  it('rejects a record of other fields where a record type is expected, and a record used as a number', () => {
    expect(diagnosticsOf([
      'interface P { x: number; y: number }',
      'interface Q { y: number; x: number }',
      'function n(p: P): number { return p.x; }',
      'function f(q: Q): number { return n(q); }',
      'export const g = gradient(f, { x: 1, y: 2 });',
    ].join('\n') + '\n')).toEqual([expect.stringMatching(/^DDX1022 5:37 'q' is a 'Q', whose fields differ from those of 'P'.*build a 'P' from its fields \(\{ x, y \}\)$/)]);
    expect(diagnosticsOf([
      'interface P { x: number; y: number }',
      'function f(s: { p: P; m: number }): number { return s.m * s.p; }',
      'export const g = gradient(f, { p: { x: 1, y: 2 }, m: 1 });',
    ].join('\n') + '\n')).toEqual([expect.stringMatching(/^DDX1022 3:59 's\.p' is a record \(P\), not a number; read its fields/)]);
  });

  it('rejects what another name for a record field cannot follow: a local function reading a field written (a name assigned another array compiles: array-rebinding.test.ts)', () => {
    expect(diagnosticsOf([
      'interface P { x: number; y: number }',
      'interface B { pos: P; m: number }',
      'function f(x: number[]): number { const b: B = { pos: { x: x[0], y: 2 }, m: 3 }; const { pos: s } = b; s.x = 1; const g = (t: number) => s.x * t; return g(x[0]); }',
      'export const g = gradient(f, [3]);',
    ].join('\n') + '\n')).toEqual([
      expect.stringMatching(/^DDX1022 4:\d+ 's' is a record field of 'b' that this function writes fields of, read by a local function; pass it .* as a parameter/),
    ]);
  });

  it('rejects assigning a field of a record parameter (the caller\'s record)', () => {
    expect(diagnosticsOf('interface P { x: number; y: number }\nfunction f(p: P): number { p.x = 2; return p.x * p.y; }\nexport const g = gradient(f, { x: 1, y: 2 });\n'))
      .toEqual([expect.stringMatching(/^DDX1011 3:28 'p' is a parameter: assigning its fields would change the caller's record/)]);
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('methods of a module-level instance, %s mode', (mode) => {
  it('taken to verbs, also inside a differentiated arrow (nested), with local helpers reading the method\'s parameters and this', async () => {
    const m = await compiled([
      'class Model {',
      '  constructor(readonly k: number, readonly c: number) {}',
      '  run(x: number[]): number {',
      '    const h = (u: number): number => Math.max(x[1], x[0]) * u * this.k;',
      '    const g = (u: number): number => { const w = x[0]; const inner = () => this.c * w; return w * u + inner(); };',
      '    return h(x[0]) + g(this.c) + this.k * x[0] * x[0] * x[1];',
      '  }',
      '  along(t: number): number { return this.k * t * t * t + this.c * t; }',
      '}',
      'const model = new Model(2, 0.5);',
      'export const g = gradient(model.run, [1, 3]);',
      'export const vg = valueAndGradient(model.run, [1, 3]);',
      'export const h = hessian(model.run, [1, 3]);',
      'export const nested = gradient((x: number[]) => gradient(model.run, x)[0], [1, 3]);',
      'export const d2 = derivative((t: number) => derivative(model.along, t), 3);',
    ].join('\n'), mode);
    // Where x₁ > x₀: f = k x₁ x₀ + 2c x₀ + k x₀² x₁ (k = 2, c = ½): ∂₀ = k x₁ + 2c + 2k x₀ x₁, ∂₁ = k x₀ + k x₀²;
    // ∂₀₀ = 2k x₁, ∂₀₁ = k + 2k x₀, ∂₁₁ = 0. along: k t³ + c t, second derivative 6k t.
    const [k, c, x0, x1] = [2, 0.5, 1, 3];
    const grad = [k * x1 + 2 * c + 2 * k * x0 * x1, k * x0 + k * x0 * x0];
    expect(m.g).toEqual(grad);
    expect((m.vg as { gradient: number[] }).gradient).toEqual(grad);
    expect((m.vg as { value: number }).value).toBe(k * x1 * x0 + 2 * c * x0 + k * x0 * x0 * x1);
    expect(m.h).toEqual([[2 * k * x1, k + 2 * k * x0], [k + 2 * k * x0, 0]]);
    expect(m.nested).toEqual([2 * k * x1, k + 2 * k * x0]);
    expect(m.d2).toBe(6 * k * 3);
  });

  it('a module-level instance of a class of readonly numbers read inside a differentiated function (M.energy(x), M.k)', async () => {
    const m = await compiled([
      'class Spring {',
      '  constructor(readonly k: number, readonly rest: number) {}',
      '  energy(x: number): number { const d = x - this.rest; return 0.5 * this.k * d * d; }',
      '}',
      'const K = 2;',
      'const M = new Spring(K * 2, 0.5);',
      'function f(x: number): number { return M.energy(x) * x + M.k; }',
      'function g(p: number[]): number { return M.energy(p[0]) * p[1]; }',
      'export const d = derivative(f, 3);',
      'export const gr = gradient(g, [3, 2]);',
    ].join('\n'), mode);
    // k = 4, r = ½: f = ½k(x − r)²x + k, f' = k(x − r)x + ½k(x − r)²; g = ½k(x − r)²y, ∇g = [k(x − r)y, ½k(x − r)²].
    const [k, r, x, y] = [4, 0.5, 3, 2];
    expect(m.d).toBe(k * (x - r) * x + 0.5 * k * (x - r) ** 2);
    expect(m.gr).toEqual([k * (x - r) * y, 0.5 * k * (x - r) ** 2]);
  });
});

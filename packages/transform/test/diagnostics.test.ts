/**
 * Every diagnostic code is produced by some input, with position, code frame and a message that
 * says what to do; nothing is written when a diagnostic is reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { DdxError, diagnosticCodes, formatDiagnostic, generateModule, transform } from '../src/index.js';
import { codeFrame, diagnosticAt } from '../src/diagnostics.js';

const header = "import { derivative, gradient } from '@ddx/dual';\n";
const file = '/project/src/model.ts';

/** code → a module that must be rejected with it, and the text the caret must point at. */
const cases: Record<string, { code: string; at: string }> = {
  DDX1001: { code: `${header}function f(x: number) { return x * ; }\nexport const a = derivative(f, 1);\n`, at: ';' },
  DDX1002: { code: `${header}function f(x: number) { try { return x; } catch { return 0; } }\nexport const a = derivative(f, 1);\n`, at: 'try' },
  DDX1003: { code: `${header}function f(x: number) { return x * (x in [1] ? 1 : 0); }\nexport const a = derivative(f, 1);\n`, at: 'in' },
  DDX1004: { code: `${header}function f(x: number) { return x * Math.random(); }\nexport const a = derivative(f, 1);\n`, at: 'Math.random' },
  DDX1005: { code: `${header}function f(x: string) { return 1; }\nexport const a = derivative(f as never, 1);\n`, at: 'x: string' },
  DDX1006: { code: `${header}declare function g(x: number): number;\nfunction f(x: number) { return g(x); }\nexport const a = derivative(f, 1);\n`, at: 'g(x)' },
  DDX1007: { code: `${header}let k = 2;\nexport function setK(v: number) { k = v; }\nfunction f(x: number) { return k * x; }\nexport const a = derivative(f, 1);\n`, at: 'k * x' },
  DDX1008: { code: `${header}import { g } from './missing.js';\nfunction f(x: number) { return g(x); }\nexport const a = derivative(f, 1);\n`, at: 'g(x)' },
  DDX1009: { code: `${header}const opts = { strategy: 'sweeps' };\nfunction f(x: number) { return x; }\nexport const a = derivative(f, 1, opts);\nexport const b = derivative(f, 1, 2, 3);\n`, at: 'opts' },
  DDX1010: { code: `${header}function f(x: number[]) { return [x[0]]; }\nexport const a = gradient(f, [1]);\n`, at: 'f, [1]' },
  DDX1011: { code: `${header}function f(x: number[]) { x[0] = 2; return x[0]; }\nexport const a = gradient(f, [1]);\n`, at: 'x[0] = 2' },
  DDX1012: { code: `${header}function f(x: number) { let s = 0; for (let t = x; t < 10; t += x) s += t; return s; }\nexport const a = derivative(f, 1);\n`, at: 't += x' },
  DDX1013: { code: `${header}function f(x: number) { if (x > 0) return x; }\nexport const a = derivative(f as (x: number) => number, 1);\n`, at: '}\nexport' },
  DDX1014: { code: `${header}function f(x: number) { let s = 0; s ||= (x += 1); return s * x; }\nexport const a = derivative(f, 1);\n`, at: 'x += 1)' },
  DDX1016: { code: `${header}function f(x: number) { return x > 1 ? 1 : true; }\nexport const a = derivative(f as never, 1);\n`, at: 'true' },
  DDX1017: { code: `${header}function f(x: number[]) { x = [x[0], 2]; return x[0]; }\nexport const a = gradient(f, [1]);\n`, at: 'x = [x[0], 2]' },
};

describe('diagnostics', () => {
  for (const [code, { code: source, at }] of Object.entries(cases)) {
    it(`${code}: ${diagnosticCodes[code as keyof typeof diagnosticCodes]}`, () => {
      const r = transform(source, file, { readFile: () => undefined });
      expect(r.diagnostics.map((d) => d.code)).toContain(code);
      expect(r.changed).toBe(false);
      expect(r.code).toBe(source); // nothing partial
      const d = r.diagnostics.find((x) => x.code === code)!;
      const offset = source.split('\n').slice(0, d.line - 1).reduce((n, l) => n + l.length + 1, 0) + d.column - 1;
      expect(source.slice(offset, offset + at.length)).toBe(at);
      expect(d.file).toBe(file);
      expect(d.frame).toContain('^');
      expect(formatDiagnostic(d)).toMatch(new RegExp(`^${file}:${d.line}:${d.column}: error ${code}: `));
      expect(d.message.length).toBeGreaterThan(30);
    });
  }

  it("reports all of a module's diagnostics together: those of lowering and those of the checks pass (activity-dependent), in both modes", () => {
    const source = `${header}function looped(x: number) { let s = 0; for (let t = x; t < 10; t += x) s += t; return s; }
function shuffled(x: number) { return Math.clz32(x) + x; }
function paused(x: number) { debugger; return x; }
function shared(x: number) { return looped(x) * 2; }
export const a = derivative(looped, 1);
export const b = derivative(shuffled, 1);
export const c = derivative(paused, 1);
export const d = derivative(shared, 1);
`;
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(source, file, { readFile: () => undefined, mode });
      // looped's update once (shared reaches the same version), shuffled's Math.clz32, paused's debugger.
      expect(r.diagnostics.map((d) => `${d.code}@${d.line}`).sort()).toEqual(['DDX1002@4', 'DDX1004@3', 'DDX1012@2']);
      expect(r.code).toBe(source);
    }
  });

  it('a nested verb whose function does not return a number is reported once, at the function (DDX1010)', () => {
    // The nested verb is a call site of its own too: its own checks and the outer function's
    // lowering both reject it, which once gave two diagnostics (and a DDX1005 for a nested derivative).
    const source = `import { derivative, gradient } from '@ddx/dual';
function pair(x: number): number[] { return [x, x * x]; }
function positive(x: number): boolean { return x > 0; }
export const a = (y: number) => derivative((t: number) => derivative(pair, t), y);
export const b = (y: number) => derivative((t: number) => derivative(positive, t), y);
export const c = gradient((v: number[]) => gradient((w: number[]) => [w[0]], v)[0], [1, 2]);
`;
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(source, file, { readFile: () => undefined, mode });
      expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`), mode).toEqual(['DDX1010@4:70', 'DDX1010@5:70', 'DDX1010@6:53']);
      expect(r.diagnostics[0].message).toMatch(/derivative needs f to return a number, but 'pair' returns an array/);
      expect(r.diagnostics[1].message).toMatch(/derivative needs f to return a number, but 'positive' returns a boolean/);
    }
  });

  // (A const object of data its module never writes is read as constant data: module-objects.test.ts.)
  it("a member of a module-level object read by a function passed by name names the object and says to pass the member (not 'property access is not supported')", () => {
    const code = `${header}let data = { x: [1, 2, 3] };\nfunction fit(w: number[]) {\n  const x = data.x;\n  return w[0] * x[0];\n}\nexport const g = gradient(fit, [1]);\n`;
    const r = transform(code, file, { mode: 'inline' });
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['DDX1003 4:13']);
    expect(r.diagnostics[0].message).toMatch(/^'data\.x' reads a member of 'data', an object declared at module level \(line 2\)/);
    expect(r.diagnostics[0].message).toContain("Pass 'data.x' as a parameter, from an arrow written at the call site (e.g. (w) => fit(w, data.x))");
  });

  it('a scalar verb given a function of a record names the record, not an array (DDX1005)', () => {
    const code = `${header}interface Point { x: number; y: number }\nfunction energy(p: Point) { return p.x * p.y; }\nexport const d = derivative(energy as unknown as (x: number) => number, 2);\n`;
    const r = transform(code, file, { mode: 'inline' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1005']);
    expect(r.diagnostics[0].message).toContain("derivative needs f(x: number); 'energy' takes (a record Point)");
    expect(r.diagnostics[0].message).not.toContain('(array)');
  });

  // Issue 14: a diagnostic never misnames the cause. Records, tuples, class instances, arrays of
  // records and matrices are arrays once scalarised, and each of these messages once said "array"
  // (or "takes (array, number)", "returns an array"); a value imported from a module the transform
  // cannot read was called a property access or a non-constant.
  const point = 'interface Point { x: number; y: number }\n';
  const named: [what: string, source: string, code: string, message: string][] = [
    ['a held record returned as a number', `${point}function f(x: number) { const r = { x, y: x * x }; return r as unknown as number; }\nexport const a = derivative(f, 1);\n`,
      'DDX1022', "'r' is a record ({ x: number; y: number; }), not a number; read its fields (r.x, …)"],
    ['a record parameter used as a number', `${point}function f(p: Point) { return Math.hypot(p as never); }\nexport const a = gradient(f, { x: 1, y: 2 });\n`,
      'DDX1022', "'p' is a record (Point), not a number; read its fields (p.x, …)"],
    ['another name of a record used as a number', `${point}function f(p: Point) { const q = p; return (q as never) + 1; }\nexport const a = gradient(f, { x: 1, y: 2 });\n`,
      'DDX1022', "'q' is a record (Point), not a number"],
    ['a class instance used as a number', 'class C { constructor(readonly a: number) {} }\nfunction f(x: number) { const c = new C(x); return c as unknown as number; }\nexport const a = derivative(f, 1);\n',
      'DDX1022', "'c' is a record (C), not a number; read its fields (c.a, …)"],
    ['an array of records used as a number', `${point}function f(ps: Point[]) { return (ps as never) * 2; }\nexport const a = gradient(f, [{ x: 1, y: 2 }]);\n`,
      'DDX1022', "'ps' is an array of records (Point[]), not a number; read a field of one of its records (ps[i].x)"],
    ['a matrix used as a number', 'function f(m: number[][]) { return (m as never) * 2; }\nexport const a = gradient(f, [[1, 2]]);\n',
      'DDX1023', "'m' is a matrix (number[][]), read only as data: not a number; read its elements (m[i][j])"],
    ['a tuple used as a number', 'type T = [number, number];\nfunction f(t: T) { return (t as never) * 2; }\nexport const a = gradient(f, [1, 2]);\n',
      'DDX1017', "tuple 't' is used as a number; read an element with t[0]"],
    ['gradient of a function of a record and a number', `${point}function f(p: Point, k: number) { return p.x * p.y * k; }\nexport const a = gradient(f as never, { x: 1, y: 2 });\n`,
      'DDX1005', "gradient needs f(x: number[]) or f(a: number, b: number, …); 'f' takes (a record Point, number); differentiate an arrow of the record alone, with the others in scope: gradient((p: Point) => f(p, k), p0)"],
    ['a nested verb on a record-valued function through a cast', `${point}function fn2(t: number): Point { return { x: t, y: t * t }; }\nexport const a = derivative((s: number) => derivative(fn2 as unknown as (x: number) => number, s), 1);\n`,
      'DDX1010', "derivative needs f to return a number, but 'fn2' returns a record (Point); differentiate one of its fields, (…) => fn2(…).x, or use jacobian/jvp for array outputs"],
    ['gradient of a record-valued function', `${point}function f(p: Point): Point { return { x: p.y, y: p.x }; }\nexport const a = gradient(f as never, { x: 1, y: 2 });\n`,
      'DDX1010', "gradient needs f to return a number, but 'f' returns a record (Point); differentiate one of its fields"],
    ['gradient of a function returning an array of records', `${point}function f(x: number[]) { const o: Point[] = [{ x: x[0], y: x[1] }]; return o; }\nexport const a = gradient(f as never, [1, 2]);\n`,
      'DDX1010', "gradient needs f to return a number, but 'f' returns an array of records (Point[]); use jacobian/jvp for array outputs"],
    ["the length of an array imported from a module that cannot be read", "import { data } from './data.js';\nfunction f(x: number) { return x * data.length; }\nexport const a = derivative(f, 1);\n",
      'DDX1008', "cannot read module './data.js', which 'data' is imported from; check the path"],
    ["an element of an array imported from a module that cannot be read", "import { data } from './data.js';\nfunction f(x: number) { return x * data[0]; }\nexport const a = derivative(f, 1);\n",
      'DDX1008', "cannot read module './data.js', which 'data' is imported from"],
    ["a number imported from a package that cannot be read", "import { k } from 'some-package';\nfunction f(x: number) { return x * k; }\nexport const a = derivative(f, 1);\n",
      'DDX1006', "'k' is imported from 'some-package', which the transform cannot read (its import leads to a declaration file or nowhere), so its value is not known at build time"],
    ['a local record reassigned', `${point}function f(p: Point) { let q: Point = { x: p.x, y: 1 }; q = { x: 2, y: p.y }; return q.x * q.y; }\nexport const a = gradient(f, { x: 1, y: 2 });\n`,
      'DDX1017', "'q' is a record (Point), which cannot be reassigned; assign its fields"],
    ['a record parameter reassigned', `${point}function f(p: Point) { p = { x: 2, y: p.y }; return p.x * p.y; }\nexport const a = gradient(f, { x: 1, y: 2 });\n`,
      'DDX1017', "'p' is a record parameter (Point), which cannot be reassigned; declare a local record (const q: Point = …) and assign its fields"],
    ["a method assigning a field of 'this'", 'class A { constructor(public k: number) {} run(x: number) { this.k = x; return this.k * x; } }\nexport const a = derivative((x: number) => { const o = new A(1); return o.run(x); }, 1);\n',
      'DDX1011', "'this.k' assigns a field of 'this', which would change the instance the method is called on"],
    ['a method of an instance made in place', 'class A { constructor(readonly k: number) {} run(x: number) { return this.k * x; } }\nexport const a = derivative((x: number) => new A(1).run(x), 1);\n',
      'DDX1006', "'new A(1).run(…)' calls method 'run' of an instance made in place; hold the instance in a local first (const o = new A(1); o.run(…))"],
    // culori's rgb => convertLrgbToOklab(convertRgbToLrgb(rgb)) (the corpus) was "written over dual numbers"
    ['a callee reading fields of a parameter of no type', `${point}const toLinear = (rgb: any) => rgb.r * rgb.r;
function f(p: Point) { return toLinear(p) + p.y; }
export const a = gradient(f, { x: 1, y: 2 });
`,
      'DDX1022', "'toLinear' reads 'rgb.r' of its parameter 'rgb', given a 'Point' here; 'r' is not a number field of 'Point'; a record the transform differentiates through is read by its number fields"],
    ['Math.sin given to a function that takes a function', 'function integrate(f: (x: number) => number, b: number) { let s = 0; for (let i = 0; i < 4; i++) s += f((i + 0.5) * b / 4); return s * b / 4; }\nexport const a = derivative((b: number) => integrate(Math.sin, b), 1);\n',
      'DDX1030', "argument 1 of 'integrate' is the member 'Math.sin', and a solver's version is made for a function declared in this project, a local function or an arrow written here: pass an arrow that calls it, (t) => Math.sin(t)"],
  ];
  for (const [what, body, code, message] of named) {
    it(`names the cause: ${what} (${code})`, () => {
      const r = transform(header + body, file, { readFile: () => undefined, mode: 'inline' });
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([expect.stringContaining(`${code} ${message}`)]);
    });
  }

  it('DDX1002 names the try statement as written, and what of a try/finally does not compile', () => {
    const messageOf = (body: string): string => transform(`${header}function f(x: number) { ${body} }\nexport const a = derivative(f, 1);\n`, file, { mode: 'inline' }).diagnostics.map((d) => `${d.code} ${d.message}`)[0];
    expect(messageOf('let y = x; try { y = x * x; } finally { y += 1; } return y;')).toBeUndefined();
    expect(messageOf('let y = x; try { return x * x; } finally { y += 1; }')).toMatch(/^DDX1002 a return inside the try block of try\/finally is not supported \(JavaScript runs the finally block after the returned value is computed\)/);
    expect(messageOf('let y = 0; for (let i = 0; i < 2; i++) { try { y += x; } finally { if (y > 3) continue; } } return y;')).toMatch(/^DDX1002 'continue' leaves the finally block of try\/finally/);
    expect(messageOf('let y = 0; outer: for (let i = 0; i < 2; i++) { try { for (;;) { if (y > 3) break outer; y += x; } } finally { y += 1; } } return y;')).toMatch(/^DDX1002 'break outer' leaves the try block of try\/finally/);
    // Skipped where the try block throws, the finally block may do nothing that would show.
    expect(messageOf('let y = 0; try { y = x; } finally { if (y > 5) throw new Error(String(y)); } return y;')).toMatch(/^DDX1002 a throw in the finally block of try\/finally is not supported/);
    const called = transform(`${header}function g(t: number) { if (t > 9) throw new Error('big'); return 2 * t; }\nfunction f(x: number) { let y = 0; try { y = x; } finally { y = g(y); } return y; }\nexport const a = derivative(f, 1);\n`, file, { mode: 'inline' });
    expect(called.diagnostics.map((d) => `${d.code} ${d.message}`)[0]).toMatch(/^DDX1002 the call 'g\(y\)' in the finally block of try\/finally is not supported: the finally block is skipped where the try block throws/);
    // new Array(1.5) throws a RangeError; a.fill(y) of the function's own array cannot throw.
    expect(messageOf('let y = 0; try { y = x; } finally { const b = new Array(y).fill(0); y += b.length; } return y;')).toMatch(/^DDX1002 making an array \('b = new Array\(y\)\.fill\(0\)'\) in the finally block/);
    expect(messageOf('let y = 0; const a = [0]; try { y = x; } finally { a.fill(y); } return y + a[0];')).toBeUndefined();
    expect(messageOf('try { return x * x; } catch (e) { return 0; }')).toMatch(/^DDX1002 try\/catch is not supported/);
    expect(messageOf('try { return x * x; } catch { return 0; } finally { }')).toMatch(/^DDX1002 try\/catch\/finally is not supported/);
  });

  it('DDX1015: generateModule of a module without exported numeric functions', () => {
    const r = generateModule('const a = 1;\n', file);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1015']);
    expect(generateModule('export function f(x: number) { return x; }\n', file, { functions: ['g'] }).diagnostics.map((d) => d.code)).toEqual(['DDX1015']);
  });

  it('a frame built from the lines around a position is the frame of the whole text (first and last lines, CRLF, trailing newline)', () => {
    for (const text of ['a\nbb\nccc\ndddd\n', 'one\r\ntwo\r\nthree', 'only', 'x\n\ny\n\n', Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n')]) {
      const sf = ts.createSourceFile('/p/a.ts', text, ts.ScriptTarget.ES2022);
      for (let pos = 0; pos <= text.length; pos++) {
        const { line, character } = sf.getLineAndCharacterOfPosition(pos);
        expect(diagnosticAt(sf, pos, 'DDX1003', 'm').frame, `${JSON.stringify(text)} at ${pos}`).toBe(codeFrame(text, line + 1, character + 1));
      }
    }
  });

  it('every code is documented in DIAGNOSTICS.md', () => {
    const doc = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'DIAGNOSTICS.md'), 'utf8');
    for (const code of Object.keys(diagnosticCodes)) expect(doc).toContain(`## ${code}`);
  });

  it('DdxError carries the diagnostics and prints them', () => {
    const r = transform(cases.DDX1004.code, file);
    const e = new DdxError(r.diagnostics);
    expect(e).toBeInstanceOf(Error);
    expect(e.diagnostics).toBe(r.diagnostics);
    expect(e.message).toContain('DDX1004');
  });
});

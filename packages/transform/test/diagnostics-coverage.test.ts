/**
 * Every diagnostic code the core defines (read from its table, so a new code fails here until
 * an input produces it) comes out of at least one input, at the right file, line and column.
 * In each input, the marker comment `/*@*\/` sits right before the construct that must be
 * reported; the expected line and column are those of the first character after it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateModule, transform, type Diagnostic } from '../src/index.js';
import { diagnosticCodes } from '../src/diagnostics.js';

const here = dirname(fileURLToPath(import.meta.url));
const fileName = join(here, 'difftests', 'ports', 'diagnostics-input.ts');
const marker = '/*@*/';

interface Case {
  source: string;
  /** generateModule instead of transform, with these functions. */
  generate?: { functions?: string[] };
  /** Where the diagnostic belongs when no construct marks it (instead of a marker). */
  at?: { line: number; column: number };
}

const head = `import { derivative, gradient, jacobian } from '@ddx/dual';\n`;

const cases: Record<string, Case> = {
  DDX1001: { source: `${head}function f(x: number): number {\n  return x * /*@*/;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1002: { source: `${head}function f(x: number): number {\n  /*@*/try {\n    return x;\n  } catch {\n    return 0;\n  }\n}\nexport const d = derivative(f, 1);\n` },
  DDX1003: { source: `${head}function f(x: number): number {\n  const kind = /*@*/typeof x;\n  return x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1004: { source: `${head}function f(x: number): number {\n  return /*@*/Math.sine(x);\n}\nexport const d = derivative(f, 1);\n` },
  DDX1005: { source: `${head}function g(v: number[]): number {\n  return v[0];\n}\nexport const d = derivative(/*@*/g, 1);\n` },
  DDX1006: { source: `${head}declare function g(x: number): number;\nfunction f(x: number): number {\n  return /*@*/g(x) * x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1007: { source: `${head}let scale = 2;\nexport function setScale(s: number): void {\n  scale = s;\n}\nfunction f(x: number): number {\n  return /*@*/scale * x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1008: { source: `${head}import { g } from './does-not-exist.js';\nfunction f(x: number): number {\n  return /*@*/g(x) * x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1009: { source: `${head}function f(x: number): number {\n  return x * x;\n}\nexport const d = derivative(f, 1, { /*@*/speed: true });\n` },
  DDX1010: { source: `${head}function f(v: number[]): number[] {\n  return [v[0] * v[1]];\n}\nexport const g = gradient(/*@*/f, [1, 2]);\n` },
  DDX1011: { source: `${head}function f(v: number[]): number {\n  /*@*/v[0] = v[0] * v[1];\n  return v[0];\n}\nexport const g = gradient(f, [1, 2]);\n` },
  DDX1012: { source: `${head}function f(x: number): number {\n  let s = 0;\n  for (let i = 0; i < 3; /*@*/i += x) s += i;\n  return s;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1062: { source: `${head}function f(v: number[]): number {\n  let s = 0;\n  let a = [v[0], 1];\n  const b = [v[1], 2];\n  for (let i = 0; i < 2; i++) {\n    /*@*/a = b;\n    a.push(v[0]);\n    s += a[0] * b[1];\n  }\n  return s;\n}\nexport const g = gradient(f, [1, 2], { mode: 'reverse' });\n` },
  DDX1013: { source: `${head}function f(x: number): number {\n  if (x > 0) return x;\n/*@*/}\nexport const d = derivative(f, 1);\n` },
  DDX1014: { source: `${head}function f(x: number): number {\n  let y = 0;\n  y ||= (/*@*/x *= 2);\n  return x * y;\n}\nexport const d = derivative(f, 1);\n` },
  // A requested function that does not exist has no place in the file: reported at its start.
  DDX1015: { source: `export function square(x: number): number {\n  return x * x;\n}\n`, generate: { functions: ['cube'] }, at: { line: 1, column: 1 } },
  DDX1016: { source: `${head}function f(x: number): number {\n  const label: /*@*/string = 'x';\n  return x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1018: { source: `${head}export function newton(f: (x: number) => number, x0: number): number {\n  return x0 - f(x0) / derivative(/*@*/f, x0);\n}\n` },
  // Inline mode's hyper-dual code for 10,000 terms would declare about 120,000 locals.
  DDX1019: { source: `import { secondDerivative } from '@ddx/dual';\n/*@*/export function f(x: number): number {\n  return ${Array.from({ length: 10_000 }, (_, i) => `${i} * x * x`).join(' + ')};\n}\nexport const d = secondDerivative(f, 1);\n` },
  DDX1020: { source: `import { defineFunction, secondDerivative } from '@ddx/dual';\nconst cube = defineFunction('cube', (x) => x * x * x, (x) => 3 * x * x);\nfunction f(x: number): number {\n  return /*@*/cube(x) * x;\n}\nexport const d = secondDerivative(f, 1);\n` },
  DDX1030: { source: `${head}function sq(t: number): number {\n  return t * t;\n}\nfunction f(x: number): number {\n  const g = x > 0 ? /*@*/sq : Math.cos;\n  return g(x);\n}\nexport const d = derivative(f, 1);\n` },
  DDX1023: { source: `${head}function f(x: number[], m: number[][]): number {\n  /*@*/m[0][0] = x[0];\n  return x[0];\n}\nexport const g = (m: number[][]) => gradient((v: number[]) => f(v, m), [1]);\n` },
  DDX1022: { source: `${head}interface P {\n  x: number;\n  label: string;\n}\nfunction f(p: /*@*/P): number {\n  return p.x;\n}\nexport const g = gradient(f, { x: 1, label: 'a' });\n` },
  DDX1021: { source: `${head}function f(v: number[]): number {\n  return /*@*/v.find((x) => x > 0);\n}\nexport const g = gradient(f, [1, 2]);\n` },
  DDX1055: { source: `${head}function n(v: number[]): number {\n  return v[0];\n}\nfunction f(x: number): number {\n  const s = [x];\n  const [a, b = n(/*@*/[x, 1])] = s;\n  return a * b;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1056: { source: `${head}function put(out: number[], a: number): number {\n  out[0] = a;\n  return a;\n}\nfunction f(x: number): number {\n  const v = [0];\n  return /*@*/put(v, x) * x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1057: { source: `${head}function add(out: number[], a: number[]): void {\n  out[0] = out[0] + a[0];\n}\nfunction f(x: number): number {\n  const v = [x];\n  add(v, /*@*/v);\n  return v[0];\n}\nexport const d = derivative(f, 1);\n` },
  DDX1058: { source: `${head}function put(out: number[], a: number): void {\n  out[0] = a * a;\n}\nfunction g(t: number): number {\n  const v = [0];\n  /*@*/put(v, t);\n  return v[0];\n}\nfunction f(x: number): number {\n  return derivative(g, x) * x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1017: { source: `${head}function f(v: number[]): number[] {\n  const w: number[] = [/*@*/...v];\n  return w;\n}\nexport const j = jacobian(f, [1, 2]);\n` },
  DDX1040: { source: `${head}const FLOAT64_VIEW = new Float64Array(1);\nconst UINT32_VIEW = new Uint32Array(FLOAT64_VIEW.buffer);\nfunction highWord(x: number): number {\n  /*@*/FLOAT64_VIEW[0] = x;\n  return UINT32_VIEW[1];\n}\nfunction f(x: number): number {\n  return highWord(x) * x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1041: { source: `${head}const OUT = [0, 0];\nfunction split(x: number, out: number[]): number {\n  out[0] = x;\n  return x;\n}\nfunction f(x: number): number {\n  /*@*/split(x, OUT);\n  return OUT[0] * x;\n}\nexport const d = derivative(f, 1);\n` },
  DDX1050: { source: `${head}function scale(x: number, k?: number): number {\n  const c = /*@*/k;\n  return c === undefined ? x : c * x;\n}\nfunction f(x: number): number {\n  return scale(x);\n}\nexport const d = derivative(f, 1);\n` },
  DDX1051: { source: `${head}const W = [1, 2];\nexport function reset(): void {\n  W[0] = 0;\n}\nfunction f(x: number): number {\n  return x * /*@*/W[1];\n}\nexport const d = derivative(f, 1);\n` },
  DDX1060: { source: `${head}function f(x: number): number {\n  return x * /*@*/Number(x, 10);\n}\nexport const d = derivative(f, 1);\n` },
  DDX1061: { source: `${head}function g(x: number, k: number = (/*@*/x *= 2, 3)): number {\n  return x * k;\n}\nfunction f(x: number): number {\n  return g(x);\n}\nexport const d = derivative(f, 1);\n` },
  // A warning: the module compiles, and the test is reported beside it.
  DDX2001: { source: `${head}function f(x: number): number {\n  if (/*@*/x === 0) return 1;\n  return Math.sin(x) / x;\n}\nexport const d = derivative(f, 1);\n` },
};

/** 1-based line and column of the first character after the marker. */
function markedPosition(source: string): { line: number; column: number } {
  const at = source.indexOf(marker);
  expect(at, 'the input has a marker').toBeGreaterThanOrEqual(0);
  const before = source.slice(0, at + marker.length).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The frame shows the source line and, on the next line, a caret under the column. */
function expectCaretUnder(frame: string, sourceLine: string, column: number): void {
  const lines = frame.split('\n');
  const pointed = lines.findIndex((l) => l.endsWith(sourceLine) && l.trimStart().startsWith('>'));
  const at = pointed >= 0 ? pointed : lines.findIndex((l) => l.endsWith(sourceLine));
  expect(at, `frame shows the line:\n${frame}`).toBeGreaterThanOrEqual(0);
  const indent = lines[at].length - sourceLine.length;
  expect(lines[at + 1]?.indexOf('^'), `caret under column ${column}:\n${frame}`).toBe(indent + column - 1);
}

/** Errors and warnings. */
function diagnosticsOf(input: Case): Diagnostic[] {
  const result = input.generate ? generateModule(input.source, fileName, input.generate) : transform(input.source, fileName);
  return [...result.diagnostics, ...result.warnings];
}

const codes = Object.keys(diagnosticCodes);

describe('diagnostic coverage', () => {
  it('the core defines codes of the form DDX + 4 digits', () => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code).toMatch(/^DDX\d{4}$/);
  });

  it.each(codes)('%s is produced by an input, at its file, line and column', (code) => {
    const input = cases[code];
    expect(input, `no input in this test produces ${code}: add one`).toBeDefined();
    const diagnostics = diagnosticsOf(input);
    const found = diagnostics.find((d) => d.code === code);
    expect(found, `${code} not produced; got ${JSON.stringify(diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`))}`).toBeDefined();
    const { line, column } = input.at ?? markedPosition(input.source);
    expect({ file: found!.file, line: found!.line, column: found!.column }).toEqual({ file: fileName, line, column });
    expect(found!.message.length).toBeGreaterThan(10);
    expectCaretUnder(found!.frame, input.source.split('\n')[line - 1], column);
    // DDX1019's input is a 10,000-term expression: about 1.5 s (30 s while the analysis resolved
    // each of its 20,000 \`x\` through the checker, program.ts reach). A limit, not a timing assertion.
  }, 60_000);

  it('DIAGNOSTICS.md documents every code', () => {
    const documentation = readFileSync(resolve(here, '../DIAGNOSTICS.md'), 'utf8');
    for (const code of codes) expect(documentation, code).toContain(code);
  });
});

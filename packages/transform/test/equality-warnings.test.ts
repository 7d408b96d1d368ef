/**
 * DDX2001: an equality test of a value that depends on the input is reported as a warning — at
 * the test, once, whatever verbs and mode compile the function — and never a test of counters,
 * lengths, data or constant arguments, an input guard, or a line silenced by its comment.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, generateModule, transform, type Diagnostic, type EmitMode, type TransformOptions } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/model.ts';
const head = "import { derivative, gradient, secondDerivative } from '@ddx/dual';\n";
const modes: EmitMode[] = ['inline', 'dual'];

const warningsOf = (source: string, options: TransformOptions = {}): Diagnostic[] => {
  const r = transform(source, file, { readFile: () => undefined, ...options });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return r.warnings;
};

/** `file:line:column` of the first occurrence of `text` (1-based, as diagnostics count). */
function at(source: string, text: string, fileName = file): string {
  const offset = source.indexOf(text);
  expect(offset, `'${text}' in the source`).toBeGreaterThanOrEqual(0);
  const before = source.slice(0, offset).split('\n');
  return `${fileName}:${before.length}:${before[before.length - 1].length + 1}`;
}
const where = (warnings: readonly Diagnostic[]) => warnings.map((w) => `${w.file}:${w.line}:${w.column}`);

describe('DDX2001: equality tests of active values warn', () => {
  const source = `${head}function g(x: number): number {
  if (x === 1.0) return 0.0;
  if (x !== 2) { x = x * 1.5; }
  const y = x == 3 ? 4 : x;
  if (y != 5 && Object.is(x, -0)) return 1;
  switch (x) {
    case 6: return 7;
    case 8:
    case 9: return x;
  }
  return y * Math.log(x);
}
export const d = derivative(g, 2);
`;
  const expected = ['x === 1.0', 'x !== 2', 'x == 3', 'y != 5', 'Object.is(x, -0)', '6: return', '8:', '9: return'];

  it.each(modes)('%s mode: at each test, with its code, severity, frame and a message that says how to silence it', (mode) => {
    const warnings = warningsOf(source, { mode });
    expect(where(warnings)).toEqual(expected.map((text) => at(source, text)));
    for (const w of warnings) {
      expect(w.code).toBe('DDX2001');
      expect(w.severity).toBe('warning');
      expect(w.frame).toMatch(new RegExp(`^> +${w.line} \\| `, 'm'));
      expect(w.message).toContain("'// ddx-ignore-next-line equality' on the line above");
      expect(formatDiagnostic(w)).toMatch(new RegExp(`^${file}:${w.line}:${w.column}: warning DDX2001: `));
    }
    expect(warnings[0].message).toMatch(/^'x === 1\.0' compares a value that depends on the input for equality: where it holds exactly, the derivative is that of the branch it selects/);
    expect(warnings[5].message).toMatch(/^'case 6:' compares the switch's value, which depends on the input, for equality/);
  });

  it('a switch whose cases fall through warns at each case too', () => {
    const s = `${head}function g(x: number): number {
  let k = 0;
  switch (x) {
    case 1: k += 1;
    case 2: k += 2; break;
    default: k = x;
  }
  return k * x;
}
export const d = derivative(g, 2);
`;
    expect(where(warningsOf(s))).toEqual([at(s, '1: k'), at(s, '2: k')]);
  });

  it('the output and the derivatives are the same as without warnings; at the special point the derivative is the branch’s', async () => {
    const s = `${head}function f(x: number): number {
  if (x === 1) return 0;
  return Math.log(x);
}
export const at1 = derivative(f, 1);
export const at2 = derivative(f, 2);
`;
    const loud = transform(s, file, { readFile: () => undefined });
    const quiet = transform(s, file, { readFile: () => undefined, equalityWarnings: false });
    expect(loud.warnings).toHaveLength(1);
    expect(quiet.warnings).toEqual([]);
    expect(loud.code).toBe(quiet.code);
    const m = await run(loud.code);
    expect(m.at1).toBe(0);
    expect(m.at2).toBe(0.5);
  });

  it('warns once per test, whatever verbs and call sites compile the function', () => {
    const s = `${head}function g(x: number): number {
  return x === 0 ? 1 : Math.sin(x) / x;
}
export const a = derivative(g, 1);
export const b = derivative(g);
export const c = secondDerivative(g, 1);
export const d = gradient((v: number[]) => g(v[0]) * g(v[1]), [1, 2]);
`;
    for (const mode of modes) expect(where(warningsOf(s, { mode }))).toEqual([at(s, 'x === 0')]);
  });

  it('follows the activity into callees, boolean helpers and other modules', () => {
    const lib = '/project/src/lib.ts';
    const libSource = 'export function isUnit(t: number): boolean {\n  return t === 1;\n}\n';
    const s = `${head}import { isUnit } from './lib.js';
function h(a: number, n: number): number {
  return n === 3 ? a : a == 2 ? 1 : a;
}
function g(x: number): number {
  return isUnit(x) ? 0 : h(x, 3) + h(2, x);
}
export const d = derivative(g, 2);
`;
    const files: Record<string, string> = { [lib]: libSource };
    for (const mode of modes) {
      const r = transform(s, file, { mode, readFile: (f) => files[f], resolve: (spec) => (spec === './lib.js' ? lib : undefined) });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      // h(x, 3): a is active (a == 2 warns); h(2, x): n is active (n === 3 warns). By file, then position.
      expect(where(r.warnings)).toEqual([at(libSource, 't === 1', lib), at(s, 'n === 3'), at(s, 'a == 2')]);
    }
  });
});

describe('DDX2001: what never warns', () => {
  it('tests of counters, lengths, data, captured values and constant arguments', () => {
    const s = `${head}function weight(k: number, c: number): number {
  return k === 0 ? c : c / k;
}
function loss(w: number[]): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    if (i === w.length - 1) break;
    if (w.length == 2) s += 1;
    s += weight(i, 2) * w[i] * w[i];
  }
  return s;
}
export function fit(target: number, x0: number): number {
  return derivative((x: number) => (target === 1 ? x : x * x), x0) + gradient(loss, [1, 2, 3])[0];
}
`;
    for (const mode of modes) expect(warningsOf(s, { mode })).toEqual([]);
  });

  it('an input guard (an if that only throws), a NaN test (x !== x) and boolean comparisons', () => {
    const s = `${head}function g(x: number): number {
  if (x === 0) throw new RangeError('g: x must not be 0');
  if (x === -1 || x === 2) {
    throw new RangeError('g: -1 and 2 are poles');
  }
  if (x !== x) return x;
  const small = x < 1;
  if (small === true) return x;
  return 1 / x;
}
export const d = derivative(g, 3);
`;
    expect(warningsOf(s)).toEqual([]);
  });

  it('a guard with an else selects a formula: it warns', () => {
    const s = `${head}function g(x: number): number {
  if (x === 0) throw new RangeError('g: x must not be 0');
  else x = x * 2;
  return x;
}
export const d = derivative(g, 3);
`;
    expect(where(warningsOf(s))).toEqual([at(s, 'x === 0')]);
  });
});

describe('DDX2001: silencing', () => {
  const line = (directive: string) => `${head}function g(x: number): number {
  ${directive}
  if (x === 1) return 0;
  return x * x;
}
export const d = derivative(g, 2);
`;

  it.each([
    '// ddx-ignore-next-line equality',
    '// ddx-ignore-next-line',
    '// ddx-ignore-next-line DDX2001',
    '/* ddx-ignore-next-line equality */',
    '// ddx-ignore-next-line equality -- the limit is meant at 1',
  ])('"%s" on the line above silences it', (directive) => {
    expect(warningsOf(line(directive))).toEqual([]);
  });

  it.each([
    '// ddx-ignore-next-line equalty',
    '// ddx-ignore equality',
    '// a comment',
  ])('"%s" does not', (directive) => {
    expect(warningsOf(line(directive))).toHaveLength(1);
  });

  it('only the next line: not a line further down, and a switch case by a comment above the case', () => {
    const s = `${head}function g(x: number): number {
  // ddx-ignore-next-line equality
  const y = 2 * x;
  if (x === 1) return 0;
  switch (y) {
    // ddx-ignore-next-line equality
    case 4: return 1;
    case 6: return 2;
  }
  return y * x;
}
export const d = derivative(g, 2);
`;
    expect(where(warningsOf(s))).toEqual([at(s, 'x === 1'), at(s, '6: return')]);
  });

  it('equalityWarnings: false turns them all off', () => {
    expect(warningsOf(line(''), { equalityWarnings: false })).toEqual([]);
  });
});

describe('DDX2001 beside other results', () => {
  it('a module with errors gets its errors only', () => {
    const s = `${head}function g(x: number): number {
  if (x === 1) return 0;
  try { return x; } finally { x = 0; }
}
export const d = derivative(g, 2);
`;
    const r = transform(s, file, { readFile: () => undefined });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1002']);
    expect(r.diagnostics[0].severity).toBe('error');
    expect(r.warnings).toEqual([]);
  });

  it('generateModule warns for the exported functions it differentiates', () => {
    const s = 'export function g(x: number): number {\n  return x === 0 ? 1 : Math.sin(x) / x;\n}\n';
    const r = generateModule(s, file);
    expect(r.diagnostics).toEqual([]);
    expect(where(r.warnings)).toEqual([at(s, 'x === 0')]);
    expect(generateModule(s, file, { equalityWarnings: false }).warnings).toEqual([]);
  });
});

describe('DDX2001 inside nested derivatives', () => {
  it("warns at the user's tests of an inner function, never at the tests its derivative code makes", () => {
    // The inner derivative code compares tangents with 0, picks max's argument with Object.is and
    // tests the special cases of pow's and hypot's rules: none of those are the user's.
    const source = `${head}function g(x: number): number {
  if (x === 3) return 1;
  return Math.max(x, 0.5) ** x + Math.hypot(x, 1) + Math.sqrt(x);
}
export const d = derivative((y: number) => derivative(g, y), 2);
`;
    expect(where(warningsOf(source))).toEqual([at(source, 'x === 3')]);
  });
});

/**
 * `var`, `switch`, labels and `throw` beyond the golden fixtures: the thrown errors are those of
 * the plain program, derivatives of more shapes against closed forms and central differences,
 * and what still cannot compile is diagnosed at the construct.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { fixturesDir } from './fixtures.js';
import { run } from './run.js';

const modes = ['inline', 'dual'] as const;

/** Runs `code` transformed in both modes, and untransformed with the verbs stubbed out (the plain program). */
async function runBoth(code: string, file = '/virtual/statements.ts'): Promise<Record<string, unknown>[]> {
  return Promise.all(modes.map(async (mode) => {
    const r = transform(code, file, { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    return run(r.code);
  }));
}

describe('throw', () => {
  it('the generated code throws what the plain function throws, in both modes', async () => {
    const code = fs.readFileSync(path.join(fixturesDir, 'throw', 'input.ts'), 'utf8');
    for (const out of await runBoth(code)) {
      expect(out.errors).toEqual(['n must be >= 0', 'x = 12 is above 10', 'need 2 coordinates, got 1: 2', '{"x":0,"message":"no derivative at 0"}']);
    }
  });

  it('rejects a thrown value that calls a function of the program', () => {
    const code = "import { derivative } from '@ddx/dual';\nfunction describe(x: number) { return String(x); }\n" +
      "function f(x: number): number {\n  if (x < 0) throw new Error(describe(x));\n  return x;\n}\nexport const d = derivative(f, 1);\n";
    const r = transform(code, '/virtual/t.ts');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.message.includes("'describe' is none of them")])).toEqual([['DDX1002', 4, true]]);
  });
});

/** Central differences of `f` at x (step 1e-5): an oracle independent of both engines. */
const central = (f: (x: number) => number, x: number): number => (f(x + 1e-5) - f(x - 1e-5)) / 2e-5;

describe('var, switch and labels against central differences', () => {
  // Each body is a plain function of x; its derivative at several points is compared with
  // central differences of the plain function (smooth there), to 1e-7 relative.
  const bodies: Record<string, string> = {
    'var in nested loops, re-declared': `
      var s = 0;
      for (var i = 0; i < 3; i++) { for (var j = 0; j <= i; j++) { var t = Math.sin(x * (i + 1)) * j; s += t; } }
      for (var i = 0; i < 2; i++) { var t = x * t; }
      return s + t + i + j;`,
    'switch in a loop on the counter, fall-through and default first': `
      let s = x;
      for (let i = 0; i < 6; i++) {
        switch (i) {
          default: s = s * 0.5 + Math.cos(x);
          case 1: s += x * x; if (i > 3) break;
          case 2: s = Math.sqrt(1 + s * s); continue;
          case 5: s -= x;
        }
        s *= 1.25;
      }
      return s;`,
    'nested switches, break of the inner one': `
      let y = x;
      for (let k = 0; k < 4; k++) {
        switch (k % 2) {
          case 0:
            switch (k) { case 0: y *= x; break; case 2: y += Math.exp(x); break; }
            y += 1;
            break;
          case 1: y = Math.atan(y);
        }
      }
      return y;`,
    'labelled loops and a labelled block': `
      let s = 0;
      a: for (let i = 0; i < 4; i++) {
        b: for (let j = 0; j < 4; j++) {
          inner: { if (j === 1) break inner; s += Math.sin(x + j); }
          if ((i + j) % 3 === 2) continue a;
          if (i * j > 4) break a;
          let k = 0;
          c: while (k < 3) { k++; if (k === 2) continue c; if (j > 2) break b; s *= 0.75 + x * 0.01; }
        }
      }
      return s;`,
  };
  for (const [name, body] of Object.entries(bodies)) {
    it(name, async () => {
      const points = [0.3, 1.1, 2.4];
      const code = "import { derivative } from '@ddx/dual';\n" +
        `export function f(x: number): number {${body}\n}\n` +
        `export const results = [${points.map((p) => `derivative(f, ${p})`).join(', ')}];\n`;
      const plain = await run(code.replace(/^import.*\n/, '').replace(/export const results.*\n/, ''));
      const f = plain.f as (x: number) => number;
      for (const out of await runBoth(code)) {
        (out.results as number[]).forEach((d, i) => {
          const want = central(f, points[i]);
          expect(Math.abs(d - want)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(want)));
        });
      }
    });
  }
});

describe('what still cannot compile is diagnosed at the construct', () => {
  const cases: [string, string, string, number, string][] = [
    ['a var array declared again', 'DDX1017', 'var a = [x];\n  var a = [1, 2];\n  return a[0];', 5, 'declared again'],
    ['a var array read before its declaration', 'DDX1017', 'let s = 0;\n  for (let i = 0; i < 2; i++) {\n    if (i > 0) s += a[0];\n    var a = [x];\n  }\n  return s;', 6, 'read before its declaration'],
    ['a var array in a loop head', 'DDX1017', 'for (var a = [x]; a[0] < 0; ) return 1;\n  return 0;', 4, 'not in a loop head'],
    ['a let of one case read in another', 'DDX1002', 'switch (x) {\n    case 1: let t = x;\n    default: return t;\n  }', 6, 'declared in another case'],
    ['two labels on one loop', 'DDX1002', 'a: b: for (let i = 0; i < 2; i++) x *= 2;\n  return x;', 4, 'two labels'],
  ];
  for (const [name, code, body, line, text] of cases) {
    it(name, () => {
      const source = `import { derivative } from '@ddx/dual';\n\nfunction f(x: number): number {\n  ${body}\n}\nexport const d = derivative(f, 1);\n`;
      for (const mode of modes) {
        const r = transform(source, '/virtual/r.ts', { mode });
        expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([[code, line]]);
        expect(r.diagnostics[0].message).toContain(text);
      }
    });
  }
});

describe('for-loop updates', () => {
  it('are written from the IR in the form of the source (i += 2, j <<= 1, ++k in dual mode), and compute what the plain loops compute', async () => {
    const code = `import { derivative } from '@ddx/dual';
function f(x: number): number { let s = 0; for (let i = 0; i < 9; i += 2) s += x * i; for (let j = 1; j < 9; j <<= 1) s += x * j; for (let k = 0; k < 3; ++k) s += x; return s; }
export const d = derivative(f, 1);
`;
    const dual = transform(code, '/virtual/updates.ts', { mode: 'dual' }).code;
    expect(dual).toContain('i += 2)');
    expect(dual).toContain('j <<= 1)');
    expect(dual).toContain('++k)');
    // s = x·(0+2+4+6+8) + x·(1+2+4+8) + 3x: s' = 20 + 15 + 3.
    for (const out of await runBoth(code)) expect(out.d).toBe(38);
  });
});

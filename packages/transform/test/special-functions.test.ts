/**
 * Special functions of packages with built-in rules (@ddx/dual's specialRules): how a call of one
 * is recognised (by the module it is imported from, directly or through re-exports), what the
 * generated code imports, and what is rejected. Oracles: closed forms (erf′ = 2/√π·e^(−x²)). The
 * golden fixture `special-functions` covers every verb in both modes, against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const modes = ['inline', 'dual'] as const;
const dErf = (x: number): number => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
const close = closeWithin(1e-14);

const compile = (code: string, mode: EmitMode, files: Record<string, string> = {}) =>
  transform(code, '/virtual/main.ts', { mode, readFile: (f) => files[f] });
const compiled = (code: string, mode: EmitMode, files: Record<string, string> = {}) => {
  const r = compile(code, mode, files);
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return r.code;
};

describe('a call of a special function of @stdlib', () => {
  it('is recognised by its module in each of its forms, and the generated code imports it as written', () => {
    const forms: [string, RegExp][] = [
      ["import erf from '@stdlib/math-base-special-erf';", /^import erf2 from '@stdlib\/math-base-special-erf';$/m],
      ["import erf from '@stdlib/math/base/special/erf';", /^import erf2 from '@stdlib\/math\/base\/special\/erf';$/m],
      ["import { erf } from '@stdlib/math/base/special';", /^import \{ erf as erf2 \} from '@stdlib\/math\/base\/special';$/m],
      ["import { default as erf } from '@stdlib/math-base-special-erf';", /^import erf2 from '@stdlib\/math-base-special-erf';$/m],
    ];
    for (const [line, imported] of forms) {
      for (const mode of modes) {
        const code = compiled(`import { derivative } from '@ddx/dual';\n${line}\nexport const d = derivative((x: number) => erf(x) * x, 0.5);\n`, mode);
        expect(code).toMatch(imported);
        expect(code).toMatch(mode === 'inline' ? /specialRules\.erf\.partial\(0, / : /ops\.special\('erf', erf2, x\)/);
      }
    }
  });

  it('through a re-export of the project: runs in both modes and gives the closed form', async () => {
    const barrel = "export { default as erf } from '@stdlib/math-base-special-erf';\n";
    const code = "import { derivative, secondDerivative } from '@ddx/dual';\nimport { erf } from './barrel.js';\n" +
      'export const d = derivative((x: number) => erf(3 * x), 0.2);\nexport const d2 = secondDerivative(erf, 0.6);\n';
    for (const mode of modes) {
      const out = compiled(code, mode, { '/virtual/barrel.ts': barrel });
      expect(out).toMatch(/^import erf2 from '@stdlib\/math-base-special-erf';$/m);
      const m = await run(out, { 'barrel.ts': barrel });
      close(m.d as number, 3 * dErf(0.6));
      close(m.d2 as number, -2 * 0.6 * dErf(0.6));
    }
  });

  it('is not a special function when its module has no rule (an unknown @stdlib function is followed as any package)', () => {
    const r = compile("import { derivative } from '@ddx/dual';\nimport fresnel from '@stdlib/math-base-special-fresnelc';\nexport const d = derivative((x: number) => fresnel(x), 0.5);\n", 'inline');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1006']);
    expect(r.diagnostics[0].message).toMatch(/which the transform cannot read/);
  });

  it('is rejected where only a package imports it (the project may not resolve a dependency of a dependency)', () => {
    const files: Record<string, string> = { '/p/node_modules/stats/index.js': "export { default as erf } from '@stdlib/math-base-special-erf';\n" };
    const code = "import { derivative } from '@ddx/dual';\nimport { erf } from 'stats';\nexport const d = derivative((x: number) => erf(x) * x, 0.5);\n";
    const r = transform(code, '/p/main.ts', {
      mode: 'inline', readFile: (f) => files[f], resolve: (specifier) => (specifier === 'stats' ? '/p/node_modules/stats/index.js' : undefined),
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1020']);
    expect(r.diagnostics[0].message).toMatch(/^'erf' is erf of '@stdlib\/math-base-special-erf', imported by a package: .*add '@stdlib\/math-base-special-erf' to the project's dependencies/);
  });

  it('is rejected with the wrong number of arguments, and where a third derivative is needed', () => {
    const head = "import { derivative } from '@ddx/dual';\nimport erf from '@stdlib/math-base-special-erf';\n";
    const cases: [string, string, RegExp][] = [
      ['export const d = derivative((x: number) => erf(x, 1), 0.5);\n', 'DDX1006', /takes 1 argument\(s\) here, got 2/],
      // (A nested derivative of it compiles, by the rule's second partials: nested-rules.test.ts; a third derivative does not.)
      ['export const d = derivative((r: number) => derivative((x: number) => derivative((t: number) => erf(t * x * r), 1), 0.5), 2);\n', 'DDX1006', /'erf' of '@stdlib\/math-base-special-erf' is differentiated three times here/],
    ];
    for (const [body, code, message] of cases) {
      const r = compile(head + body, 'inline');
      expect(r.diagnostics.map((d) => d.code)).toEqual([code]);
      expect(r.diagnostics[0].message).toMatch(message);
    }
  });
});

/**
 * Golden fixtures: fixtures/<feature>/input.ts and its expected output in both emit modes.
 * Regenerate after a reviewed change with `UPDATE_FIXTURES=1 npx vitest run packages/transform`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { createTransformer, formatDiagnostic, transform } from '../src/index.js';
import { listFixtures, transformFixture } from './fixtures.js';
import { run } from './run.js';

const update = process.env.UPDATE_FIXTURES === '1';

describe('golden fixtures', () => {
  for (const fixture of listFixtures()) {
    for (const mode of ['inline', 'dual'] as const) {
      it(`${fixture.name} (${mode})`, () => {
        const result = transformFixture(fixture, mode);
        expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
        const file = path.join(fixture.dir, `output.${mode}.ts`);
        if (update || !fs.existsSync(file)) fs.writeFileSync(file, result.code);
        expect(result.code).toBe(fs.readFileSync(file, 'utf8'));
        // No branch is printed empty beside an else (the other's test is printed instead).
        expect(result.code).not.toMatch(/\) \{( \/\/[^\n]*)?\n\s*\} else \{/);
        // Deterministic: a second run gives byte-identical output.
        expect(transformFixture(fixture, mode).code).toBe(result.code);
      });
    }
  }
});

describe('transform results', () => {
  it('leaves a module without @ddx/dual calls unchanged', () => {
    const code = 'export function f(x: number) { return x * x; }\n';
    const r = transform(code, '/p/a.ts');
    expect(r).toMatchObject({ code, changed: false, diagnostics: [], map: null });
  });

  it('leaves calls on functions written over duals for the run-time engine', () => {
    const code = "import { derivative, ops, type Dual } from '@ddx/dual';\n" +
      'export const a = derivative((x: Dual) => x.mul(x), 2);\n' +
      'export const b = derivative((x) => ops.sin(x), 2);\n';
    const r = transform(code, '/p/a.ts');
    expect(r.changed).toBe(false);
    expect(r.code).toBe(code);
  });

  it('does not rewrite a local function that shadows a verb', () => {
    const code = "import { derivative as d } from '@ddx/dual';\n" +
      'function derivative(f: (x: number) => number, x: number) { return f(x); }\n' +
      'export const a = derivative((x: number) => x * x, 2);\n';
    expect(transform(code, '/p/a.ts').changed).toBe(false);
  });

  it('treats a local Math as user code, not the global', async () => {
    const code = "import { derivative } from '@ddx/dual';\n" +
      'export function f(x: number) { const Math = { sin: (t: number) => t }; return Math.sin(x); }\n' +
      'export const a = derivative(f, 2);\n';
    const r = transform(code, '/p/a.ts');
    // An object of functions made in f (members.ts): its sin is f's local function, the identity, not the global's.
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect((await run(r.code)).a).toBe(1);
  });

  it('returns a source map of the rewrite', () => {
    const code = "import { derivative } from '@ddx/dual';\nconst f = (x: number) => x * x;\nexport const a = derivative(f, 3);\n";
    const r = transform(code, '/p/a.ts');
    expect(r.map).toMatchObject({ version: 3, sources: ['/p/a.ts'] });
    expect(r.map!.mappings.length).toBeGreaterThan(0);
    expect(transform(code, '/p/a.ts', { sourceMap: false }).map).toBeNull();
  });

  it('reports the modules it read as dependencies', () => {
    const files: Record<string, string> = { '/p/g.ts': 'export function g(x: number) { return Math.sin(x); }\n' };
    const code = "import { derivative } from '@ddx/dual';\nimport { g } from './g.js';\nexport const a = derivative((x: number) => g(x) * x, 1);\n";
    const r = transform(code, '/p/a.ts', { readFile: (f) => files[f] });
    expect(r.diagnostics).toEqual([]);
    expect(r.dependencies).toEqual(['/p/g.ts']);
  });

  it('a transformer reuses its project and invalidates dependents of a changed module', () => {
    const files: Record<string, string> = { '/p/g.ts': 'export function g(x: number) { return Math.sin(x); }\n' };
    const t = createTransformer({ readFile: (f) => files[f] });
    const a = "import { derivative } from '@ddx/dual';\nimport { g } from './g.js';\nexport const a = derivative((x: number) => g(x), 1);\n";
    const first = t.transform(a, '/p/a.ts');
    expect(first.diagnostics).toEqual([]);
    expect(first.code).toContain('Math.cos(x)');
    expect(t.invalidate('/p/g.ts')).toEqual(['/p/a.ts']);
    files['/p/g.ts'] = 'export function g(x: number) { return Math.exp(x); }\n';
    const second = t.transform(a, '/p/a.ts');
    expect(second.code).not.toContain('Math.cos(x)');
    expect(second.code).toContain('Math.exp(x)');
    expect(t.invalidate('/p/unrelated.ts')).toEqual([]);
  });

  it('emits JavaScript into a JavaScript module', async () => {
    const code = "import { derivative } from '@ddx/dual';\nfunction sq(t) { return t * t; }\nfunction f(x) { return Math.sin(sq(x)); }\nexport const a = derivative(f, 0.5);\n";
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, '/p/a.js', { mode });
      expect(r.diagnostics).toEqual([]);
      // Valid JavaScript: no type annotations left (TypeScript reports none when parsing it as JS).
      const sf = ts.createSourceFile('/p/a.js', r.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
      expect((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
      expect(r.code).not.toMatch(/: number|as ArrayLike|type Real/);
      expect((await run(r.code)).a).toBeCloseTo(Math.cos(0.25), 15);
    }
  });
});

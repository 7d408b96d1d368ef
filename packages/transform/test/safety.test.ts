/**
 * Safety and determinism of what the transform and the CLI produce:
 *   - reading a module never runs it (top-level side effects in the module or in a callee it reads
 *     stay unexecuted, through transform, generateModule, the CLI and the esbuild plugin);
 *   - generated code never evaluates strings (no eval, Function, dynamic import) — every fixture,
 *     both modes, and fuzz programs;
 *   - the same input gives byte-identical output (both modes; transform and generateModule), also
 *     after other modules were transformed in between;
 *   - `ddx check` never writes, and finds a generated file stale when a callee module changed.
 * The CLI's path rules (.., absolute paths, symbolic links, foreign files) are in cli.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransformer, generateModule, transform } from '../src/index.js';
import { main } from '../src/cli/main.js';
import ddxEsbuild from '../src/plugin/esbuild.js';
import { program } from '../fuzz/arbitrary.js';
import { cleanUp, runBatch } from '../fuzz/check.js';
import { listFixtures } from './fixtures.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ddx-safety-')));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  cleanUp();
});

function write(relativePath: string, text: string): string {
  const file = join(root, relativePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, stderrIsTTY: false });
  return { code, stdout, stderr };
}

function tree(dir = root, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** Code that, if ever executed, leaves a file and a global behind and then throws. */
const sideEffects = (sentinel: string, flag: string) =>
  `import { writeFileSync } from 'node:fs';\n` +
  `writeFileSync(${JSON.stringify(sentinel)}, 'executed');\n` +
  `(globalThis as Record<string, unknown>)[${JSON.stringify(flag)}] = true;\n` +
  `throw new Error('this module was executed');\n`;

describe('the transform never runs the code it reads', () => {
  const sentinel = join(root, 'executed.txt');
  const flag = '__ddxSafetyExecuted';
  let entry: string;
  beforeEach(() => {
    rmSync(sentinel, { force: true });
    write('src/callee.ts', `${sideEffects(sentinel, flag)}export function cube(x: number): number {\n  return x * x * x;\n}\n`);
    entry = write('src/entry.ts',
      `import { derivative } from '@ddx/dual';\nimport { cube } from './callee.js';\n${sideEffects(sentinel, flag)}` +
      `export function f(x: number): number {\n  return cube(x) + Math.sin(x);\n}\n\nexport const slope = derivative(f, 0.5);\n`);
  });
  const untouched = (): void => {
    expect(existsSync(sentinel)).toBe(false);
    expect((globalThis as Record<string, unknown>)[flag]).toBeUndefined();
  };

  it('transform() and createTransformer(), both modes', async () => {
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(readFileSync(entry, 'utf8'), entry, { mode });
      expect(r.diagnostics).toEqual([]);
      expect(r.changed).toBe(true);
      expect(r.dependencies).toContain(join(root, 'src/callee.ts'));
      expect(createTransformer({ mode }).transform(readFileSync(entry, 'utf8'), entry).code).toBe(r.code);
    }
    untouched();
  });

  it('generateModule() and ddx gen / check / print', async () => {
    expect(generateModule(readFileSync(entry, 'utf8'), entry).diagnostics).toEqual([]);
    expect((await cli(['gen', 'src/entry.ts', '--out', 'gen'])).code).toBe(0);
    expect((await cli(['check', 'src/entry.ts', '--out', 'gen'])).code).toBe(0);
    expect((await cli(['print', 'src/entry.ts'])).code).toBe(0);
    untouched();
  });

  it('the esbuild plugin (bundling without running)', async () => {
    const out = await build({
      entryPoints: [entry], bundle: true, format: 'esm', write: false, logLevel: 'silent',
      external: ['@ddx/dual', 'node:fs'], plugins: [ddxEsbuild()],
    });
    expect(out.errors).toEqual([]);
    expect(out.outputFiles[0].text).toContain('cube');
    untouched();
  });
});

/** Code that evaluates strings or loads code at run time. */
const dynamicCode = /\beval\b|\bFunction\s*\(|\bnew\s+Function\b|\bimport\s*\(|\brequire\s*\(/;

describe('generated code never evaluates strings', () => {
  it.each(listFixtures().map((f) => [f.name, f] as const))('fixture %s: transform (both modes) and generateModule', (_, f) => {
    const readFile = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(f.input, join(f.dir, 'input.ts'), { mode, readFile });
      expect(r.diagnostics).toEqual([]);
      expect(r.code).not.toMatch(dynamicCode);
      const g = generateModule(f.input, join(f.dir, 'input.ts'), { mode, readFile });
      if (g.diagnostics.length === 0) expect(g.code).not.toMatch(dynamicCode);
    }
  });

  it('60 fuzz programs, both modes', async () => {
    const programs = fc.sample(program, { seed: 99, numRuns: 60 }).map((prog, p) => ({ prog, p }));
    const outcomes = await runBatch(programs);
    const generated = new Set(outcomes.flatMap((o) => o.generated ?? []));
    expect(generated.size).toBeGreaterThan(0);
    for (const code of generated) expect(code).not.toMatch(dynamicCode);
  }, 300_000);
});

describe('determinism: the same input gives byte-identical output', () => {
  const fixtures = listFixtures();
  const readFile = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

  it.each(['inline', 'dual'] as const)('transform, %s mode: twice, and after the other fixtures', (mode) => {
    const once = fixtures.map((f) => transform(f.input, join(f.dir, 'input.ts'), { mode, readFile }));
    const shared = createTransformer({ mode, readFile });
    const reversed = [...fixtures].reverse().map((f) => shared.transform(f.input, join(f.dir, 'input.ts'))).reverse();
    fixtures.forEach((f, i) => {
      const again = transform(f.input, join(f.dir, 'input.ts'), { mode, readFile });
      expect(again.code, f.name).toBe(once[i].code);
      expect(again.map, f.name).toEqual(once[i].map);
      expect(reversed[i].code, f.name).toBe(once[i].code);
    });
  });

  it.each(['inline', 'dual'] as const)('generateModule, %s mode: twice (fixtures with their functions exported)', (mode) => {
    let generated = 0;
    for (const f of fixtures) {
      const input = f.input.replace(/^function /gm, 'export function ');
      const a = generateModule(input, join(f.dir, 'input.ts'), { mode, readFile });
      const b = generateModule(input, join(f.dir, 'input.ts'), { mode, readFile });
      expect(b.code, f.name).toBe(a.code);
      expect(b.diagnostics, f.name).toEqual(a.diagnostics);
      if (a.diagnostics.length === 0) generated++;
    }
    expect(generated).toBeGreaterThan(fixtures.length / 2);
  });
});

describe('ddx check', () => {
  it('never writes, and finds the generated file stale when a callee module changed', async () => {
    write('lib/model.ts', 'export function wave(x: number): number {\n  return Math.sin(3 * x);\n}\n');
    write('lib/loss.ts', "import { wave } from './model.js';\n\nexport function loss(x: number): number {\n  return wave(x) * x;\n}\n");
    expect((await cli(['gen', 'lib/loss.ts'])).code).toBe(0);
    const generated = readFileSync(join(root, 'lib/loss.ddx.ts'), 'utf8');
    expect((await cli(['check', 'lib/loss.ts'])).code).toBe(0);
    // Only the callee changes: the derivative of loss changes with it.
    write('lib/model.ts', 'export function wave(x: number): number {\n  return Math.cos(3 * x);\n}\n');
    const before = tree();
    const stale = await cli(['check', 'lib/loss.ts']);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/stale +lib\/loss\.ddx\.ts/);
    expect(tree()).toEqual(before);
    expect(readFileSync(join(root, 'lib/loss.ddx.ts'), 'utf8')).toBe(generated);
  });
});

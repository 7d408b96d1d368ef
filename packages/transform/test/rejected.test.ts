/**
 * The catalogue of rejected constructs: one fixture per construct under fixtures-rejected/ (the
 * module as input.txt), each with expected.json naming the diagnostic code and its position (set by hand at the construct,
 * not copied from the transform). Every fixture is rejected through every channel, and nothing
 * is written:
 *   - transform(), both modes: diagnostics at that position, the source returned unchanged;
 *   - the CLI (`ddx gen`): exit code 1, the diagnostic on stderr, no file created;
 *   - the esbuild plugin: the build fails with the diagnostic and emits no output file.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { transform } from '../src/index.js';
import { main } from '../src/cli/main.js';
import ddxEsbuild from '../src/plugin/esbuild.js';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures-rejected');

interface Expected {
  code: string;
  line: number;
  column: number;
  /** What the CLI reports when `ddx gen` (which compiles exported functions) sees it differently. */
  cli?: { code: string };
}

/** The module, kept as input.txt: most fixtures are deliberately not valid TypeScript, and the type-check of this package must not read them. */
const readInput = (dir: string): string => readFileSync(join(dir, 'input.txt'), 'utf8');

const fixtures = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => ({
    name,
    input: readInput(join(fixturesDir, name)),
    expected: JSON.parse(readFileSync(join(fixturesDir, name, 'expected.json'), 'utf8')) as Expected,
  }));

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'ddx-rejected-')));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under dir, relative and sorted. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

it('the catalogue covers the constructs the design rejects', () => {
  const names = fixtures.map((f) => f.name);
  for (const required of [
    'record-optional-field', 'class-instance', 'closure-module-let', 'closure-local-let', 'async-function', 'async-arrow', 'generator-yield',
    'try-catch', 'throw-reads-function', 'eval', 'function-constructor', 'getter', 'arguments-object', 'dynamic-property',
    'declared-function', 'node-modules-function', 'string-arithmetic', 'syntax-error',
  ]) expect(names).toContain(required);
});

describe.each(fixtures)('$name is rejected', ({ name, input, expected }) => {
  const file = `/project/src/${name}.ts`;

  it.each(['inline', 'dual'] as const)('transform() in %s mode: diagnostic at the construct, source unchanged', (mode) => {
    const r = transform(input, file, { mode, readFile: () => undefined });
    expect(r.diagnostics.length, `${mode} mode accepted ${name}`).toBeGreaterThan(0);
    const [first] = r.diagnostics;
    expect(first.code).toBe(expected.code);
    expect({ file: first.file, line: first.line, column: first.column }).toEqual({ file, line: expected.line, column: expected.column });
    expect(first.frame).toMatch(new RegExp(`^> +${expected.line} \\|`, "m"));
    expect(r.changed).toBe(false);
    expect(r.code).toBe(input);
  });

  it('ddx gen: exit code 1 with the diagnostic, and no file written', async () => {
    const dir = join(scratch, `cli-${name}`);
    rmSync(dir, { recursive: true, force: true });
    const source = join(dir, 'src', 'input.ts');
    mkdirSync(dirname(source), { recursive: true });
    writeFileSync(source, input);
    let stdout = '';
    let stderr = '';
    const code = await main(['gen', 'src/input.ts', '--out', 'generated'], {
      stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir, stderrIsTTY: false,
    });
    expect(code, stderr).toBe(1);
    const cliCode = expected.cli?.code;
    if (cliCode) expect(stderr).toMatch(new RegExp(`input\\.ts:\\d+:\\d+: error ${cliCode}:`));
    else expect(stderr).toContain(`input.ts:${expected.line}:${expected.column}: error ${expected.code}:`);
    expect(stdout).not.toMatch(/wrote/);
    expect(tree(dir)).toEqual(['src/input.ts']);
  });

  it('esbuild plugin: the build fails with the diagnostic and writes nothing', async () => {
    const dir = join(scratch, `esbuild-${name}`);
    mkdirSync(join(dir, 'out'), { recursive: true });
    const entry = join(dir, 'input.ts');
    writeFileSync(entry, input);
    const failure = await build({
      entryPoints: [entry], bundle: true, format: 'esm', outdir: join(dir, 'out'), write: true, logLevel: 'silent',
      external: ['@ddx/dual', 'special-functions'], plugins: [ddxEsbuild()],
    }).then(() => undefined, (e: unknown) => e as { errors: { text: string; location: { file: string; line: number; column: number } | null }[] });
    expect(failure, `esbuild built ${name}`).toBeDefined();
    const text = failure!.errors.map((e) => e.text).join('\n');
    expect(text).toContain(`${entry}:${expected.line}:${expected.column}: error ${expected.code}:`);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });
});

/**
 * The `ddx` CLI on temporary directories: in process through `main(argv, io)`, and once as a
 * real child process. What it writes is compared with `generateModule` (the CLI's job is to put
 * exactly that on disk, safely).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateModule, tsconfigResolver, type TransformOptions } from '../src/index.js';
import { main } from '../src/cli/main.js';
import { withHeader } from '../src/cli/header.js';
import packageJson from '../package.json';

const square = 'export function square(x: number): number {\n  return x * x;\n}\n';
const cube = 'export function cube(x: number): number {\n  return x * x * x;\n}\n';
// A statement kind the transform rejects, at line 2, column 3.
const rejected = 'export function bad(x: number): number {\n  try {\n    return x;\n  } catch {\n    return 0;\n  }\n}\n';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'ddx-cli-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(relativePath: string, text: string): string {
  const file = join(root, relativePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const read = (relativePath: string) => readFileSync(join(root, relativePath), 'utf8');

async function run(argv: string[], options: { cwd?: string; tty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd: options.cwd ?? root,
    stderrIsTTY: options.tty ?? false,
  });
  return { code, stdout, stderr };
}

/** What generateModule makes of a file under root: what gen must write. */
function expected(relativePath: string, options: TransformOptions & { functions?: string[] } = {}): string {
  const file = join(root, relativePath);
  const result = generateModule(readFileSync(file, 'utf8'), file, options);
  expect(result.diagnostics).toEqual([]);
  return withHeader(result.code);
}

/** Every file under root, relative, sorted: to prove that nothing else was written. */
function tree(dir = root, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? tree(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort();
}

function expectUsageError(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(/^ddx: error: .+\nhint: .+\n$/);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('ddx --help and --version', () => {
  it('prints the general help and each command help', async () => {
    const general = await run(['--help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toMatch(/Usage:/);
    for (const command of ['gen', 'check', 'print']) {
      expect(general.stdout).toContain(`ddx ${command} `);
      const own = await run([command, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`^Usage: ddx ${command} `));
      expect((await run(['help', command])).stdout).toBe(own.stdout);
    }
  });

  it('prints the version of package.json', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    expect((await run(['-v'])).stdout).toBe(`${packageJson.version}\n`);
  });
});

describe('ddx gen', () => {
  it('writes foo.ddx.ts next to each source, starting with the generated marker', async () => {
    write('src/square.ts', square);
    write('src/nested/cube.ts', cube);
    const result = await run(['gen', 'src/**/*.ts']);
    expect(result.code, result.stderr).toBe(0);
    expect(read('src/square.ddx.ts')).toBe(expected('src/square.ts'));
    expect(read('src/nested/cube.ddx.ts')).toBe(expected('src/nested/cube.ts'));
    expect(read('src/square.ddx.ts').split('\n')[0]).toMatch(/generated/i);
    expect(result.stdout).toContain('wrote src/square.ddx.ts');
    expect(tree()).toEqual(['src/nested/cube.ddx.ts', 'src/nested/cube.ts', 'src/square.ddx.ts', 'src/square.ts']);
  });

  it('mirrors relative paths under --out and passes --mode through', async () => {
    write('src/square.ts', square);
    write('src/nested/cube.ts', cube);
    const result = await run(['gen', 'src/square.ts', 'src/nested/*.ts', '--out', 'generated', '--mode', 'dual']);
    expect(result.code, result.stderr).toBe(0);
    expect(read('generated/src/square.ddx.ts')).toBe(expected('src/square.ts', { mode: 'dual' }));
    expect(read('generated/src/nested/cube.ddx.ts')).toBe(expected('src/nested/cube.ts', { mode: 'dual' }));
    expect(existsSync(join(root, 'src/square.ddx.ts'))).toBe(false);
  });

  it('is deterministic: a second run leaves every byte as it was and writes nothing', async () => {
    write('src/square.ts', square);
    write('src/cube.ts', cube);
    expect((await run(['gen', 'src/*.ts'])).code).toBe(0);
    const first = [read('src/square.ddx.ts'), read('src/cube.ddx.ts')];
    const again = await run(['gen', 'src/*.ts']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 files written, 2 unchanged');
    expect([read('src/square.ddx.ts'), read('src/cube.ddx.ts')]).toEqual(first);
  });

  it('skips generated files and .d.ts files matched by a glob, and leaves no temporary files', async () => {
    write('src/square.ts', square);
    write('src/types.d.ts', 'export declare const n: number;\n');
    expect((await run(['gen', 'src/*.ts'])).code).toBe(0);
    expect((await run(['gen', 'src/*.ts'])).code).toBe(0);
    expect(tree()).toEqual(['src/square.ddx.ts', 'src/square.ts', 'src/types.d.ts']);
  });

  it('leaves out generated files named as inputs (an unquoted glob the shell expanded), with a note', async () => {
    write('src/square.ts', square);
    expect((await run(['gen', 'src/square.ts'])).code).toBe(0);
    // What `ddx gen src/*.ts` passes after the shell expanded it.
    const again = await run(['gen', 'src/square.ddx.ts', 'src/square.ts']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^note: left out src\/square\.ddx\.ts: generated by ddx, not a source \(.*quote it: ddx gen 'src\/\*\*\/\*\.ts'\)\n$/);
    expect(again.stdout).toContain('0 files written, 1 unchanged');
    expect(tree()).toEqual(['src/square.ddx.ts', 'src/square.ts']);
  });

  it('generates the functions of an export list, and names each function it leaves out with the reason', async () => {
    write('src/lib.ts', `function square(x: number): number {
  return x * x;
}
function norm2(p: { x: number; y: number }): number {
  return p.x * p.x + p.y * p.y;
}
function scaled(p: { x: number; y: number }, k: number): number {
  return k * norm2(p);
}
export { square, norm2, scaled };
`);
    const result = await run(['gen', 'src/lib.ts']);
    expect(result.code, result.stderr).toBe(0);
    expect(read('src/lib.ddx.ts')).toContain('export function square_derivative(');
    // A function of a record is generated in its shapes (issue 17): its gradient is a record.
    expect(read('src/lib.ddx.ts')).toContain('export function norm2_gradient(p: { x: number; y: number })');
    expect(result.stderr).toMatch(/^note: src\/lib\.ts: 'scaled' left out: 'scaled' is not differentiated: it takes \(a record \{ x: number; y: number \}, number\), and ddx gen differentiates with respect to every parameter, where a record goes alone.*\n$/);
    const printed = await run(['print', 'src/lib.ts', '--fn', 'scaled']);
    expect(printed.code).toBe(1);
    expect(printed.stderr).toMatch(/error DDX1005: 'scaled' is not differentiated: it takes \(a record/);
    expect(printed.stderr).not.toMatch(/dual numbers/);
    const norm2 = await run(['print', 'src/lib.ts', '--fn', 'norm2']);
    expect(norm2.code, norm2.stderr).toBe(0);
    expect(norm2.stdout).toContain('export function norm2_hvp(p: { x: number; y: number }, v: { x: number; y: number })');
  });

  it('leaves out an exported helper no number flows through (a formatter, a logger, a function of a string) with a note each, and generates the rest', async () => {
    write('src/report.ts', `${square}export function fmt(x: number): string {
  return x.toFixed(2);
}
export function log(x: number): void {
  console.log(x);
}
export function scaled(unit: 'm' | 'cm', x: number): number {
  return unit === 'm' ? x : x / 100;
}
`);
    const result = await run(['gen', 'src/report.ts']);
    expect(result.code, result.stderr).toBe(0);
    expect(read('src/report.ddx.ts')).toBe(expected('src/report.ts'));
    expect(read('src/report.ddx.ts')).toContain('export function square_derivative(');
    expect(result.stderr).toBe([
      "note: src/report.ts: 'fmt' left out: 'fmt' is not differentiated: it returns string, which has no derivative",
      "note: src/report.ts: 'log' left out: 'log' is not differentiated: it returns void, which has no derivative",
      `note: src/report.ts: 'scaled' left out: 'scaled' is not differentiated: its parameter 'unit' is of type "m" | "cm", which the verbs do not vary`,
      '',
    ].join('\n'));
    // Asked for by name, the reason is the error, at the parameter or the function.
    const printed = await run(['print', 'src/report.ts', '--fn', 'scaled']);
    expect(printed.code).toBe(1);
    expect(printed.stderr).toMatch(/^src\/report\.ts:10:24: error DDX1005: 'scaled' is not differentiated: its parameter 'unit'/m);
    const alone = await run(['print', 'src/report.ts', '--fn', 'fmt']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/^src\/report\.ts:4:1: error DDX1010: 'fmt' is not differentiated: it returns string/m);
  });

  it("prints the note CLI.md shows for a function of a record", async () => {
    const documented = /^note: src\/shapes\.ts: .*$/m.exec(readFileSync(resolve(import.meta.dirname, '../CLI.md'), 'utf8'))?.[0];
    expect(documented).toBeDefined();
    write('src/shapes.ts', 'export function scaled(p: { x: number; y: number }, k: number): number {\n  return k * Math.sqrt(p.x * p.x + p.y * p.y);\n}\n' + square);
    const result = await run(['gen', 'src/shapes.ts']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`${documented}\n`);
  });

  it('writes modules that run: a callee imported from another file, under --out', async () => {
    write('src/lib/square.ts', square);
    write('src/model.ts', "import { square } from './lib/square.js';\nexport function f(x: number): number {\n  return square(x) + Math.sin(x);\n}\n");
    expect((await run(['gen', 'src/model.ts', '--out', 'gen'])).code).toBe(0);
    const generated = await import(/* @vite-ignore */ join(root, 'gen/src/model.ddx.ts'));
    // f = x² + sin x: f' = 2x + cos x, f'' = 2 − sin x (the exported names are the core's, see its README).
    expect(generated.f_derivative(0.5)).toBeCloseTo(1 + Math.cos(0.5), 14);
    expect(generated.f_secondDerivative(0.5)).toBeCloseTo(2 - Math.sin(0.5), 14);
  });

  it('skips files a glob matched that export no numeric function, but not files named literally', async () => {
    write('src/square.ts', square);
    write('src/types.ts', 'export type Point = [number, number];\nexport const origin: Point = [0, 0];\n');
    const globbed = await run(['gen', 'src/*.ts']);
    expect(globbed.code, globbed.stderr).toBe(0);
    expect(globbed.stdout).toContain('1 file without exported numeric functions skipped');
    expect(tree()).toEqual(['src/square.ddx.ts', 'src/square.ts', 'src/types.ts']);
    expect((await run(['check', 'src/*.ts'])).code).toBe(0);
    const named = await run(['gen', 'src/types.ts']);
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/^src\/types\.ts:1:1: error DDX1015: /m);
    expect(named.stderr).not.toMatch(/hint/);
    // What `ddx gen src/*.ts` passes after the shell expanded it: the error says to quote the glob.
    const expanded = await run(['gen', 'src/square.ts', 'src/types.ts']);
    expect(expanded.code).toBe(1);
    expect(expanded.stderr).toMatch(/^src\/types\.ts:1:1: error DDX1015: /m);
    expect(expanded.stderr).toMatch(/\nhint: a file named on the command line must export a plain numeric function, while a glob skips files that export none; if the shell expanded an unquoted glob, quote it: ddx gen 'src\/\*\*\/\*\.ts'\n$/);
  });

  it('replaces a stale file it generated by a rename (a new inode), never by writing into it', async () => {
    write('src/square.ts', square);
    expect((await run(['gen', 'src/square.ts'])).code).toBe(0);
    const before = statSync(join(root, 'src/square.ddx.ts')).ino;
    write('src/square.ts', cube);
    expect((await run(['gen', 'src/square.ts'])).code).toBe(0);
    expect(read('src/square.ddx.ts')).toBe(expected('src/square.ts'));
    expect(statSync(join(root, 'src/square.ddx.ts')).ino).not.toBe(before);
  });

  it('never runs the code it reads', async () => {
    const sentinel = join(root, 'ran.txt');
    write('src/effect.ts', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(sentinel)}, 'ran');\n${square}`);
    expect((await run(['gen', 'src/effect.ts'])).code).toBe(0);
    expect((await run(['print', 'src/effect.ts'])).code).toBe(0);
    expect(existsSync(sentinel)).toBe(false);
  });
});

describe('ddx gen with diagnostics', () => {
  it('exits 1, prints file:line:col, code, message and frame, and writes nothing at all', async () => {
    write('src/good.ts', square);
    write('src/bad.ts', rejected);
    const result = await run(['gen', 'src/*.ts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^src\/bad\.ts:2:3: error DDX\d{4}: .+\n/m);
    expect(result.stderr).toMatch(/^> +2 \| +try \{\n +\| +\^$/m);
    expect(result.stderr).toMatch(/1 error in 1 file; no files written/);
    expect(tree()).toEqual(['src/bad.ts', 'src/good.ts']);
  });
});

describe('ddx warnings (DDX2001): printed to stderr, the exit code and the output unaffected', () => {
  // An equality test of the input, at line 2, column 10.
  const sinc = 'export function sinc(x: number): number {\n  return x === 0 ? 1 : Math.sin(x) / x;\n}\n';
  const warning = /^src\/sinc\.ts:2:10: warning DDX2001: 'x === 0' compares a value that depends on the input.+\n.*\n> 2 \|   return x === 0 \? 1 : Math\.sin\(x\) \/ x;\n +\|          \^$/m;
  const count = (text: string) => text.split('warning DDX2001').length - 1;

  it('gen, check and print report the warning once, even for a callee several modules differentiate through', async () => {
    write('src/sinc.ts', sinc);
    write('src/wave.ts', "import { sinc } from './sinc.js';\nexport function wave(x: number): number {\n  return sinc(2 * x) * x;\n}\n");
    const gen = await run(['gen', 'src/*.ts']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).toMatch(warning);
    expect(count(gen.stderr)).toBe(1);
    expect(read('src/sinc.ddx.ts')).toBe(expected('src/sinc.ts'));
    const check = await run(['check', 'src/*.ts']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/up to date/);
    expect(count(check.stderr)).toBe(1);
    const print = await run(['print', 'src/sinc.ts']);
    expect(print.code).toBe(0);
    expect(print.stdout).toBe(expected('src/sinc.ts'));
    expect(print.stderr).toMatch(warning);
  });

  it('--no-equality-warnings and a silencing comment keep stderr quiet', async () => {
    write('src/sinc.ts', sinc);
    const off = await run(['print', 'src/sinc.ts', '--no-equality-warnings']);
    expect(off.code).toBe(0);
    expect(off.stderr).toBe('');
    write('src/quiet.ts', sinc.replace('  return', '  // ddx-ignore-next-line equality\n  return'));
    const quiet = await run(['gen', 'src/quiet.ts']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});

describe('ddx check', () => {
  it('says up to date after gen, and lists stale and missing files with exit 1', async () => {
    write('src/square.ts', square);
    write('src/cube.ts', cube);
    expect((await run(['check', 'src/*.ts'])).code).toBe(1);
    expect((await run(['gen', 'src/*.ts'])).code).toBe(0);
    const fresh = await run(['check', 'src/*.ts']);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/up to date/);

    write('src/square.ts', square.replace('x * x', 'x * x + x'));
    rmSync(join(root, 'src/cube.ddx.ts'));
    const before = tree();
    const stale = await run(['check', 'src/*.ts']);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/stale +src\/square\.ddx\.ts/);
    expect(stale.stdout).toMatch(/missing +src\/cube\.ddx\.ts/);
    expect(tree()).toEqual(before); // check writes nothing
  });

  it('compares against --out and the same --mode', async () => {
    write('src/square.ts', square);
    expect((await run(['gen', 'src/square.ts', '--out', 'gen', '--mode', 'dual'])).code).toBe(0);
    expect((await run(['check', 'src/square.ts', '--out', 'gen', '--mode', 'dual'])).code).toBe(0);
    expect((await run(['check', 'src/square.ts'])).code).toBe(1); // nothing next to the source
  });

  it('exits 1 with the diagnostics when an input is rejected', async () => {
    write('src/bad.ts', rejected);
    const result = await run(['check', 'src/bad.ts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/src\/bad\.ts:2:3: error DDX\d{4}/);
  });
});

describe('ddx print', () => {
  it('prints the generated module, optionally for chosen functions only', async () => {
    write('src/both.ts', square + cube);
    const all = await run(['print', 'src/both.ts']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toBe(expected('src/both.ts'));
    const one = await run(['print', 'src/both.ts', '--fn', 'cube', '--mode', 'dual']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(expected('src/both.ts', { functions: ['cube'], mode: 'dual' }));
    expect(one.stdout).not.toBe(all.stdout);
    expect(tree()).toEqual(['src/both.ts']);
  });

  it('exits 1 with diagnostics for a rejected file', async () => {
    write('src/bad.ts', rejected);
    const result = await run(['print', 'src/bad.ts']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/src\/bad\.ts:2:3: error DDX\d{4}/);
  });
});

describe('usage errors: exit 2, one line and a hint, never a stack trace', () => {
  beforeEach(() => {
    write('src/square.ts', square);
    symlinkSync(join(root, 'src/loop-b.ts'), join(root, 'src/loop-a.ts'));
    symlinkSync(join(root, 'src/loop-a.ts'), join(root, 'src/loop-b.ts'));
    write('src/old.ddx.ts', '// generated by ddx\n');
    write('src/cube.ts', cube);
  });

  it.each([
    ['no command', [], /missing command/],
    ['an unknown command', ['generate', 'src/square.ts'], /unknown command 'generate'/],
    ['an unknown flag', ['gen', 'src/square.ts', '--fast'], /unknown option '--fast'/],
    ['a bad --mode', ['gen', 'src/square.ts', '--mode', 'tape'], /invalid --mode 'tape'/],
    ['--out without a value', ['gen', 'src/square.ts', '--out'], /option '--out' needs a value/],
    ['the removed --nan-safe', ['gen', 'src/square.ts', '--nan-safe'], /--nan-safe is gone: an exactly zero tangent now always contributes nothing/],
    ['no input', ['gen'], /needs at least one file/],
    ['a missing file', ['gen', 'src/nope.ts'], /file not found: src\/nope\.ts/],
    ['a directory instead of a file', ['gen', 'src'], /src is a directory/],
    ['an unreadable file (a symbolic-link loop)', ['gen', 'src/loop-a.ts'], /cannot read src\/loop-a\.ts/],
    ['a glob that matches nothing', ['check', 'lib/**/*.ts'], /no files match/],
    ['print with two files', ['print', 'src/square.ts', 'src/square.ts'], /exactly one file/],
    ['print of a missing file', ['print', 'src/nope.ts'], /file not found/],
    ['print of a glob matching two files', ['print', 'src/*.ts'], /matches 2 files; print takes one/],
    ['a generated file as input', ['gen', 'src/old.ddx.ts'], /generated by ddx/],
  ])('%s', async (_, argv, message) => {
    const before = tree();
    expectUsageError(await run(argv as string[]), message);
    expect(tree()).toEqual(before);
  });

  it('a --out that is a file', async () => {
    write('out.txt', 'x');
    expectUsageError(await run(['gen', 'src/square.ts', '--out', 'out.txt']), /not a directory/);
  });
});

describe('safety', () => {
  it('refuses to overwrite a file it did not generate', async () => {
    write('src/square.ts', square);
    write('src/square.ddx.ts', '// my own code\nexport const mine = 1;\n');
    expectUsageError(await run(['gen', 'src/square.ts']), /not generated by ddx.*refusing to overwrite/);
    expect(read('src/square.ddx.ts')).toBe('// my own code\nexport const mine = 1;\n');
  });

  it('refuses a file whose first line only mentions ddx and generated', async () => {
    write('src/model.ts', square);
    const mine = '// NOT generated by ddx: hand-tuned\nexport function square_derivative(x: number): number {\n  return 2 * x;\n}\n';
    write('src/model.ddx.ts', mine);
    expectUsageError(await run(['gen', 'src/model.ts']), /src\/model\.ddx\.ts exists and was not generated by ddx.*refusing to overwrite/);
    expect(read('src/model.ddx.ts')).toBe(mine);
  });

  it('marks what it writes with an exact header: its version and a hash of the rest', async () => {
    write('src/square.ts', square);
    expect((await run(['gen', 'src/square.ts'])).code).toBe(0);
    const [first, ...rest] = read('src/square.ddx.ts').split('\n');
    const hash = createHash('sha256').update(rest.join('\n')).digest('hex').slice(0, 16);
    expect(first).toBe(`// generated by ddx ${packageJson.version} — do not edit. Source: square.ts (mode: inline). Regenerate with \`ddx gen\`. sha256:${hash}`);
  });

  it('refuses to overwrite a generated file edited since, and check lists it as edited', async () => {
    write('src/square.ts', square);
    write('src/cube.ts', cube);
    expect((await run(['gen', 'src/*.ts'])).code).toBe(0);
    const edited = read('src/square.ddx.ts').replace('return', '// tuned by hand\n  return');
    write('src/square.ddx.ts', edited);
    write('src/cube.ts', cube.replace('x * x * x', 'x * x * x * 1'));
    const cubeBefore = read('src/cube.ddx.ts');
    expectUsageError(await run(['gen', 'src/*.ts']), /src\/square\.ddx\.ts was generated by ddx and edited since.*no file written/);
    expect(read('src/square.ddx.ts')).toBe(edited);
    expect(read('src/cube.ddx.ts')).toBe(cubeBefore);
    const checked = await run(['check', 'src/*.ts']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/edited +src\/square\.ddx\.ts/);
  });

  it('refuses sources that would land outside --out through ..', async () => {
    write('outside.ts', square);
    write('work/src/square.ts', square);
    const work = join(root, 'work');
    expectUsageError(await run(['gen', '../outside.ts', '--out', 'gen'], { cwd: work }), /outside the current directory/);
    expectUsageError(await run(['gen', 'src/square.ts', '../outside.ts', '--out', 'gen'], { cwd: work }), /outside the current directory/);
    expect(tree()).toEqual(['outside.ts', 'work/src/square.ts']);
  });

  it('refuses absolute paths that resolve outside --out', async () => {
    write('elsewhere/square.ts', square);
    mkdirSync(join(root, 'work'));
    expectUsageError(await run(['gen', join(root, 'elsewhere/square.ts'), '--out', 'gen'], { cwd: join(root, 'work') }), /outside/);
    expect(tree()).toEqual(['elsewhere/square.ts']);
  });

  it('refuses a symbolic link inside --out that points outside', async () => {
    write('src/square.ts', square);
    mkdirSync(join(root, 'gen'));
    mkdirSync(join(root, 'victim'));
    symlinkSync(join(root, 'victim'), join(root, 'gen/src'));
    expectUsageError(await run(['gen', 'src/square.ts', '--out', 'gen']), /outside --out/);
    expect(readdirSync(join(root, 'victim'))).toEqual([]);
  });

  it('refuses to write through a symbolic link at the destination', async () => {
    write('src/square.ts', square);
    write('victim.ts', '// generated by ddx (a decoy)\n');
    symlinkSync(join(root, 'victim.ts'), join(root, 'src/square.ddx.ts'));
    expectUsageError(await run(['gen', 'src/square.ts']), /symbolic link/);
    expect(read('victim.ts')).toBe('// generated by ddx (a decoy)\n');
  });

  it('writes files that are the result of an atomic rename (no temporary file survives)', async () => {
    for (let i = 0; i < 3; i++) write(`src/f${i}.ts`, square.replace('square', `square${i}`));
    expect((await run(['gen', 'src/*.ts'])).code).toBe(0);
    expect(tree().filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});

describe('progress on stderr', () => {
  it('announces many files when stderr is not a terminal', async () => {
    for (let i = 0; i < 21; i++) write(`src/f${i}.ts`, square.replace('square', `square${i}`));
    const result = await run(['gen', 'src/*.ts']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/processing 21 files/);
  });

  it('stays quiet for a few files, and draws a live line on a terminal', async () => {
    write('src/square.ts', square);
    expect((await run(['gen', 'src/square.ts'])).stderr).toBe('');
    expect((await run(['check', 'src/square.ts'], { tty: true })).stderr).toMatch(/\r.*1\/1 src\/square\.ts/);
  });
});

describe('as a real child process', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const cli = resolve(here, '../src/cli.ts');
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const ddx = (args: string[]) =>
    spawnSync(process.execPath, ['--conditions=@ddx/source', '--import', tsxLoader, cli, ...args], { cwd: root, encoding: 'utf8' });

  it('generates, checks, prints and sets exit codes', async () => {
    write('src/square.ts', square);
    const gen = ddx(['gen', 'src/*.ts']);
    expect(gen.status, gen.stderr).toBe(0);
    expect(read('src/square.ddx.ts')).toBe(expected('src/square.ts'));
    expect(ddx(['check', 'src/square.ts']).status).toBe(0);
    expect(ddx(['print', 'src/square.ts']).stdout).toBe(expected('src/square.ts'));
    expect(ddx(['--version']).stdout).toBe(`${packageJson.version}\n`);
    const bad = ddx(['gen', 'src/square.ts', '--mode', 'nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^ddx: error: invalid --mode 'nope'.*\nhint: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 120_000); // five node processes that each load TypeScript: slow on a shared machine
});

/** Generates gen/<source>.ddx.ts and imports it. */
async function generatedModule(source: string): Promise<Record<string, (x: number) => number>> {
  const result = await run(['gen', source, '--out', 'gen']);
  expect(result.code, result.stderr).toBe(0);
  return import(/* @vite-ignore */ join(root, 'gen', source.replace(/\.ts$/, '.ddx.ts')));
}

const power = (n: number) => `export function power(x: number): number {\n  return ${Array(n).fill('x').join(' * ')};\n}\n`;
// f = power(x) + sin x
const modelOf = (specifier: string) => `import { power } from '${specifier}';\n\nexport function f(x: number): number {\n  return power(x) + Math.sin(x);\n}\n`;

describe('ddx gen resolves imports with the nearest tsconfig.json (paths, baseUrl, extends), through TypeScript', () => {
  it('follows a `paths` alias, also one set in an extended configuration', async () => {
    write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@lib/*': ['./src/lib/*'] } } }));
    write('tsconfig.json', JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { strict: true } }));
    write('src/lib/power.ts', power(3));
    write('src/model.ts', modelOf('@lib/power'));
    const { f_derivative } = await generatedModule('src/model.ts');
    expect(f_derivative(2)).toBeCloseTo(12 + Math.cos(2), 13); // 3x² + cos x
  });

  it('follows `baseUrl`, and each file resolves with its own nearest configuration', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: './src', ignoreDeprecations: '6.0' } }));
    write('src/lib/power.ts', power(2));
    write('src/model.ts', modelOf('lib/power'));
    // A package with its own configuration, where '@/power' names its own power (x⁴).
    write('packages/quartic/tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }));
    write('packages/quartic/power.ts', power(4));
    write('packages/quartic/model.ts', modelOf('@/power'));
    expect((await generatedModule('src/model.ts')).f_derivative(2)).toBeCloseTo(4 + Math.cos(2), 13); // 2x + cos x
    expect((await generatedModule('packages/quartic/model.ts')).f_derivative(2)).toBeCloseTo(32 + Math.cos(2), 13); // 4x³ + cos x
  });

  it('takes helper.ts over helper.tsx and over a stale helper.js, as TypeScript does; reads helper.js when it is the only one', async () => {
    write('src/helper.ts', power(2));
    write('src/helper.tsx', power(3));
    write('src/helper.js', power(4).replace('x: number): number', 'x)'));
    write('src/model.ts', modelOf('./helper'));
    expect((await generatedModule('src/model.ts')).f_derivative(2)).toBeCloseTo(4 + Math.cos(2), 13);
    const resolve = tsconfigResolver();
    expect(resolve('./helper', join(root, 'src/model.ts'))).toBe(join(root, 'src/helper.ts'));
    expect(resolve('./helper.tsx', join(root, 'src/model.ts'))).toBe(join(root, 'src/helper.tsx'));
    write('src/js-only/helper.js', power(4).replace('x: number): number', 'x)'));
    write('src/js-only/model.ts', modelOf('./helper.js'));
    expect((await generatedModule('src/js-only/model.ts')).f_derivative(2)).toBeCloseTo(32 + Math.cos(2), 13);
  });

  it('a tsconfig.json that cannot be parsed fails the module with DDX1008 at the fault, and nothing is written', async () => {
    write('tsconfig.json', '{ "compilerOptions": { "paths": }\n');
    write('src/lib/power.ts', power(2));
    write('src/model.ts', modelOf('./lib/power'));
    const result = await run(['gen', 'src/model.ts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`tsconfig.json:1:33: error DDX1008: cannot read tsconfig.json (Expression expected.), which resolves the imports of ${join(root, 'src/model.ts')}`);
    expect(result.stderr).toContain('ddx gen: 1 error in 1 file; no files written');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(() => realpathSync(join(root, 'src/model.ddx.ts'))).toThrow();
  });
});

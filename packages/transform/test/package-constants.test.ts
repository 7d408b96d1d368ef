/**
 * An exported module-level object of a package's JavaScript (culori's `D65` in constants.js, read
 * as `D65.X`): constant data only where no module can write its fields — the package's `exports`
 * map hides its module (no entry, pattern or folder reaches it) and every other module of the
 * package imports it by name and only reads its fields. Else refused (DDX1051) naming the object,
 * the module of the package and what it does. Values and derivatives against closed forms.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ddx-package-constants-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A package `white` (its files: relative path → text) under root/<name>/node_modules. */
const packageOf = (name: string, files: Record<string, string>): string => {
  const dir = path.join(root, name, 'node_modules', 'white');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
};

const manifest = (exports: unknown) => JSON.stringify({ name: 'white', type: 'module', exports });
const constants = 'export const W = { X: 0.3127 / 0.329, Y: 1, Z: 2 };\nexport const k = 3;\n';
// A conversion reading W's fields (the corpus's convertXyz65ToLab65).
const scale = "import { W } from './constants.js';\nexport const scale = (x, y) => x / W.X + y * y / W.Z;\n";
const index = "export { scale } from './src/scale.js';\n";

const compile = (dir: string, mode: EmitMode) => {
  const user = `import { gradient } from '@ddx/dual';\nimport { scale } from 'white';\nexport const g = gradient((v: number[]) => scale(v[0], v[1]), [2, 3]);\nexport const value = scale(2, 3);\n`;
  return transform(user, path.join(dir, '..', '..', 'main.ts'), {
    mode,
    readFile: (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined),
    resolve: (s, from) => (s === 'white' ? path.join(dir, 'index.js') : s.startsWith('.') ? path.resolve(path.dirname(from), s) : undefined),
  });
};
const messages = (r: ReturnType<typeof compile>) => r.diagnostics.map((d) => `${d.code} ${d.message}`);

describe('an exported object of a package module the exports map hides', () => {
  const hidden = packageOf('hidden', {
    'package.json': manifest({ '.': './index.js', './package.json': './package.json' }),
    'index.js': index, 'src/constants.js': constants, 'src/scale.js': scale,
    // Another module of the package reading W by field, and one importing only k.
    'src/other.js': "import { W, k } from './constants.js';\nexport const y = () => W.Y * k;\n",
  });
  it.each(['inline', 'dual'] as EmitMode[])('is constant data, read by field (%s)', async (mode) => {
    const r = compile(hidden, mode);
    expect(messages(r)).toEqual([]);
    const m = await run(r.code.replace("from 'white'", `from '${pathToFileURL(path.join(hidden, 'index.js')).href}'`));
    // ∇(x/X + y²/Z) = (1/X, 2y/Z) = (0.329/0.3127, 3).
    expect(m.g).toEqual([1 / (0.3127 / 0.329), 3]);
    expect(m.value).toBe(2 / (0.3127 / 0.329) + 9 / 2);
  });

  it('is refused where the exports map may expose its module, naming the entry', () => {
    const dir = packageOf('folder', {
      'package.json': manifest({ '.': './index.js', './src/*': './src/*' }),
      'index.js': index, 'src/constants.js': constants, 'src/scale.js': scale,
    });
    expect(messages(compile(dir, 'inline'))).toEqual([
      expect.stringMatching(/^DDX1051 'W' \(declared at module level in constants\.js\) is not constant data: it is exported by a module of a package, and its package's exports map may expose its module \('\.\/src\/\*'\), so a module the transform does not compile may write its fields\./),
    ]);
  });

  it('is refused where another module of the package writes it or passes it on, naming the module', () => {
    const writes = packageOf('writes', {
      'package.json': manifest({ '.': './index.js' }),
      'index.js': index, 'src/constants.js': constants, 'src/scale.js': scale,
      'src/set.js': "import { W as white } from './constants.js';\nexport const setWhite = (x) => { white.X = x; };\n",
    });
    expect(messages(compile(writes, 'inline'))).toEqual([
      expect.stringMatching(/^DDX1051 'W' .* it is exported by a module of a package, and src[\\/]set\.js uses 'W' otherwise than by reading a field \('white\.X = x'\), so a module the transform does not compile may write its fields/),
    ]);
    const reexports = packageOf('reexports', {
      'package.json': manifest({ '.': './index.js' }),
      'index.js': `${index}export * from './src/constants.js';\n`, 'src/constants.js': constants, 'src/scale.js': scale,
    });
    expect(messages(compile(reexports, 'inline'))).toEqual([
      expect.stringMatching(/^DDX1051 'W' .* and index\.js names its module otherwise than by importing names \('export \* from '\.\/src\/constants\.js';'\)/),
    ]);
  });

  it('is refused where the package has no exports map', () => {
    const open = packageOf('open', { 'package.json': JSON.stringify({ name: 'white', type: 'module', main: './index.js' }), 'index.js': index, 'src/constants.js': constants, 'src/scale.js': scale });
    expect(messages(compile(open, 'inline'))).toEqual([expect.stringMatching(/its package has no exports map \(any module may import it by path\)/)]);
  });
});

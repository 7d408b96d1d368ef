/**
 * Module resolution as a parameter of the transform: imports are followed exactly where the
 * resolver says, so the derivative is taken of the module the bundle runs; and verbs reached
 * through local modules that re-export @ddx/dual (under any name, through chains, namespaces and
 * aliases) are compiled like direct imports. Every derivative is checked against a closed form
 * by running the compiled module; a verb left to the run-time engine with a plain function
 * would throw there instead.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTransformer, transform, type Resolve, type TransformOptions } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const root = '/p';
const modes = ['inline', 'dual'] as const;

/**
 * A resolver over an in-memory project: `./x.js` names x.ts when it exists (TypeScript's ESM
 * convention), `#name` is an alias of the listed file; anything else leads nowhere.
 */
function projectResolver(files: Record<string, string>, aliases: Record<string, string> = {}): Resolve {
  return (specifier, importer) => {
    if (specifier in aliases) return path.posix.join(root, aliases[specifier]);
    if (!specifier.startsWith('.')) return undefined;
    const file = path.posix.resolve(path.posix.dirname(importer), specifier);
    const ts = file.replace(/\.js$/, '.ts');
    return ts in files ? ts : file in files ? file : undefined;
  };
}

/** Options reading `files` (paths relative to /p) through `resolve`. */
function over(files: Record<string, string>, resolve: Resolve, mode: 'inline' | 'dual'): TransformOptions {
  const absolute = Object.fromEntries(Object.entries(files).map(([name, text]) => [path.posix.join(root, name), text]));
  return { mode, readFile: (file) => absolute[file], resolve: (specifier, importer) => resolve(specifier, importer) };
}

/** Transforms /p/main.ts, expects success, and runs it with the project's other files next to it. */
async function compileAndRun(main: string, files: Record<string, string>, mode: 'inline' | 'dual', aliases: Record<string, string> = {}) {
  const absolute = Object.fromEntries(Object.keys(files).map((name) => [path.posix.join(root, name), name]));
  const r = transform(main, `${root}/main.ts`, over(files, projectResolver(absolute, aliases), mode));
  expect(r.diagnostics).toEqual([]);
  expect(r.changed).toBe(true);
  const imports = Object.fromEntries(Object.entries(aliases).map(([alias, file]) => [alias, `./${file.replace(/\.ts$/, '.js')}`]));
  return { result: r, exports: await run(r.code, files, imports) };
}

const close = closeWithin(1e-13);
const closeAll = (actual: unknown, expected: number[] | number[][]) =>
  expected.flat().forEach((e, i) => close((actual as number[] | number[][]).flat()[i], e));

describe('imports lead where the resolver says', () => {
  // x² in helper.ts, x³ in helper.tsx, x⁴ in a stale helper.js: f'(2) is 4, 12 or 32.
  const helpers = {
    'helper.ts': 'export function power(x: number): number {\n  return x * x;\n}\n',
    'helper.tsx': 'export function power(x: number): number {\n  return x * x * x;\n}\n',
    'helper.js': 'export function power(x) {\n  return x * x * x * x;\n}\n',
  };
  const main = "import { derivative } from '@ddx/dual';\nimport { power } from './helper';\n\nexport const slope = derivative(power, 2);\n";
  const choosing = (file: string): Resolve => (specifier) => (specifier === './helper' ? `${root}/${file}` : undefined);

  for (const mode of modes) {
    for (const [file, slope] of [['helper.tsx', 12], ['helper.js', 32], ['helper.ts', 4]] as const) {
      it(`differentiates ${file}, where './helper' resolves (${mode})`, async () => {
        const r = transform(main, `${root}/main.ts`, over(helpers, choosing(file), mode));
        expect(r.diagnostics).toEqual([]);
        expect(r.dependencies).toEqual([`${root}/${file}`]);
        close((await run(r.code)).slope, slope);
      });
    }
  }

  it('transformAsync takes an asynchronous resolver, and gives what the synchronous one gives', async () => {
    const resolve = choosing('helper.tsx');
    const sync = transform(main, `${root}/main.ts`, over(helpers, resolve, 'inline'));
    const transformer = createTransformer(over(helpers, () => undefined, 'inline'));
    const async = await transformer.transformAsync(main, `${root}/main.ts`, async (specifier, importer) => resolve(specifier, importer));
    expect(async).toEqual(sync);
    expect(async.resolutions).toEqual([{ importer: `${root}/main.ts`, specifier: './helper', resolved: `${root}/helper.tsx` }]);
    expect([...async.inputs]).toEqual([[`${root}/helper.tsx`, helpers['helper.tsx']]]);
  });

  it('one transformer follows an import anew when it resolves elsewhere (a file appeared)', async () => {
    let file = 'helper.ts';
    const transformer = createTransformer(over(helpers, (specifier) => (specifier === './helper' ? `${root}/${file}` : undefined), 'inline'));
    close((await run(transformer.transform(main, `${root}/main.ts`).code)).slope, 4);
    file = 'helper.tsx';
    close((await run(transformer.transform(main, `${root}/main.ts`).code)).slope, 12);
    // Also for an import of a module reached through another one.
    const viaBarrel = main.replace("'./helper'", "'./barrel.js'");
    const files = { ...helpers, 'barrel.ts': "export { power } from './helper';\n" };
    const resolve = (specifier: string) => (specifier === './helper' ? `${root}/${file}` : specifier === './barrel.js' ? `${root}/barrel.ts` : undefined);
    const reused = createTransformer(over(files, resolve, 'inline'));
    close((await run(reused.transform(viaBarrel, `${root}/main.ts`).code)).slope, 12);
    file = 'helper.js';
    close((await run(reused.transform(viaBarrel, `${root}/main.ts`).code)).slope, 32);
  });

  it('a bare import leading into node_modules or to a file that is not a script is not read: DDX1006; a relative import leading nowhere: DDX1008', () => {
    const files = { 'node_modules/lib/index.ts': 'export function power(x: number) { return x * x; }\n', 'power.json': '{}' };
    const cases: [string, string | undefined, string][] = [
      ['lib', `${root}/node_modules/lib/index.ts`, "DDX1006: 'power' comes from 'lib', which the transform cannot read"],
      ['data', `${root}/power.json`, "DDX1006: 'power' comes from 'data', which the transform cannot read"],
      ['./missing', undefined, "DDX1008: cannot read module './missing'"],
    ];
    for (const [specifier, resolved, message] of cases) {
      const code = `import { derivative } from '@ddx/dual';\nimport { power } from '${specifier}';\n\nexport const slope = derivative((x: number) => power(x), 2);\n`;
      const r = transform(code, `${root}/main.ts`, over(files, () => resolved, 'inline'));
      expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)[0]).toContain(message);
      expect(r.resolutions).toEqual([{ importer: `${root}/main.ts`, specifier, resolved }]);
      expect(r.inputs.size).toBe(0);
    }
  });
});

describe('verbs reached through modules that re-export @ddx/dual', () => {
  const files = {
    'verbs.ts': "export * from '@ddx/dual';\n",
    'named.ts': "export { gradient } from '@ddx/dual';\n",
    'renamed.ts': "export { gradient as grad, secondDerivative as curvatureOf } from '@ddx/dual';\n",
    'chain.ts': "export * from './renamed.js';\nexport { gradient as gradientVia } from './named.js';\n",
    'namespace.ts': "export * as D from '@ddx/dual';\n",
    'local.ts': "import { jacobian } from '@ddx/dual';\n\nexport { jacobian };\n",
    'model/cube.ts': 'export function cube(x: number): number {\n  return x * x * x;\n}\n',
    'model/shape.ts': "import { cube } from './cube.js';\n\nexport function shape(x: number): number {\n  return cube(x) + Math.sin(x);\n}\n",
    'models.ts': "export { cube } from './model/cube.js';\nexport * from './model/shape.js';\n",
  };
  const aliases = { '#verbs': 'verbs.ts', '#models': 'models.ts' };
  // No mention of @ddx/dual: every verb comes through a local module or an alias.
  const main = `import { derivative } from './verbs.js';
import { gradient } from './named.js';
import { grad, curvatureOf, gradientVia } from './chain.js';
import * as ns from './verbs.js';
import { D } from './namespace.js';
import { jacobian } from './local.js';
import { hessian } from '#verbs';
import { cube, shape } from '#models';

/** x²y. */
const bilinear = (p: number[]) => p[0] * p[0] * p[1];

export const viaStar = derivative(cube, 2);
export const viaNamed = gradient(bilinear, [3, 2]);
export const viaRenamed = curvatureOf(cube, 2);
export const viaChain = grad(bilinear, [1, 5]);
export const viaChainRenamed = gradientVia(bilinear, [2, 1]);
export const viaNamespace = ns.derivative(shape, 1);
export const viaNamespaceExport = D.hessian(bilinear, [3, 2]);
export const viaImportThenExport = jacobian((p: number[]) => [p[0] * p[1], p[0] + p[1]], [2, 3]);
export const viaAlias = hessian(bilinear, [1, 1]);
`;

  for (const mode of modes) {
    it(`export *, export { … }, renamed, chained, namespace and aliased re-exports, and functions through them (${mode})`, async () => {
      const { result, exports: e } = await compileAndRun(main, files, mode, aliases);
      close(e.viaStar, 12); // 3x²
      closeAll(e.viaNamed, [12, 9]); // (2xy, x²)
      close(e.viaRenamed, 12); // 6x
      closeAll(e.viaChain, [10, 1]);
      closeAll(e.viaChainRenamed, [4, 4]);
      close(e.viaNamespace, 3 + Math.cos(1)); // 3x² + cos x
      closeAll(e.viaNamespaceExport, [[4, 6], [6, 0]]); // [[2y, 2x], [2x, 0]]
      closeAll(e.viaImportThenExport, [[3, 2], [1, 1]]);
      closeAll(e.viaAlias, [[2, 2], [2, 0]]);
      expect(result.dependencies).toEqual([`${root}/model/cube.ts`, `${root}/model/shape.ts`]);
    });
  }

  it('a local function named like a verb is not ours, even re-exported', () => {
    const own = { 'mine.ts': 'export function derivative(f: (x: number) => number, x: number): number {\n  return f(x);\n}\n', 'barrel.ts': "export * from './mine.js';\n" };
    const code = "import { derivative } from './barrel.js';\n\nexport const a = derivative((x: number) => x * x, 2);\n";
    const r = transform(code, `${root}/main.ts`, over(own, projectResolver({ '/p/mine.ts': '', '/p/barrel.ts': '' }), 'inline'));
    expect(r).toMatchObject({ changed: false, diagnostics: [], code });
  });

  it('a function naming a type-only export of @ddx/dual in its body is left to the run-time engine', () => {
    const code = "import { derivative, type Real } from '@ddx/dual';\n\nexport const a = derivative((x) => {\n  const y: Real = x;\n  return y.mul(y);\n}, 2);\n";
    expect(transform(code, `${root}/main.ts`)).toMatchObject({ changed: false, diagnostics: [], code });
  });

  it('a function written with @ddx/dual operations imported through a re-export is left to the run-time engine', () => {
    const code = "import { derivative, ops } from './verbs.js';\n\nexport const a = derivative((x) => ops.sin(x), 1);\n";
    const r = transform(code, `${root}/main.ts`, over(files, projectResolver({ '/p/verbs.ts': '' }), 'inline'));
    expect(r).toMatchObject({ changed: false, diagnostics: [], code });
  });
});

describe('functions of packages in node_modules (ES modules) are followed like project modules', () => {
  // A package's JavaScript: unannotated parameters are arrays where the body (or a JavaScript
  // callee) indexes them or reads their length, numbers otherwise; module-level `var`s never
  // written are constants, and may read earlier ones.
  const pkg = {
    'node_modules/pkg/index.js': [
      'var half = 0.5, quarter = half / 2;',
      'function sumOfSquares(v) {\n  let s = 0;\n  for (let i = 0; i < v.length; i++) s += v[i] * v[i];\n  return s;\n}',
      'export function scaledNorm(v) {\n  return quarter * sumOfSquares(v);\n}',
      'export function ease(t) {\n  return half * t * t * t;\n}',
      'var k = 2;\nexport function scaled(x) {\n  return k * x;\n}\nexport function setScale(value) {\n  k = value;\n}',
      '',
    ].join('\n'),
  };
  const aliases = { pkg: 'node_modules/pkg/index.js' };

  it.each(modes)('differentiates through them (%s)', async (mode) => {
    const main = [
      "import { derivative, gradient } from '@ddx/dual';",
      "import { ease, scaledNorm } from 'pkg';",
      'export const slope = derivative(ease, 2);',
      'export const grad = gradient((v: number[]) => scaledNorm(v), [1, -2, 3]);',
      '',
    ].join('\n');
    const { result, exports } = await compileAndRun(main, pkg, mode, aliases);
    expect(result.dependencies).toEqual([`${root}/node_modules/pkg/index.js`]);
    close(exports.slope, 1.5 * 2 * 2); // (t³/2)' = 3t²/2
    closeAll(exports.grad, [0.5, -1, 1.5]); // (|v|²/4)' = v/2
  });

  it('reads a package only when a differentiated function reaches it', () => {
    const main = "import { derivative } from '@ddx/dual';\nimport { ease } from 'pkg';\nexport const e = ease(1);\nexport const s = derivative((x: number) => x * x, 1);\n";
    const absolute = Object.fromEntries(Object.keys(pkg).map((name) => [path.posix.join(root, name), name]));
    const r = transform(main, `${root}/main.ts`, over(pkg, projectResolver(absolute, aliases), 'inline'));
    expect(r.diagnostics).toEqual([]);
    expect([...r.inputs.keys()]).toEqual([]);
  });

  it('rejects a module-level variable that the package writes', () => {
    const main = "import { derivative } from '@ddx/dual';\nimport { scaled } from 'pkg';\nexport const s = derivative(scaled, 1);\n";
    const absolute = Object.fromEntries(Object.keys(pkg).map((name) => [path.posix.join(root, name), name]));
    const r = transform(main, `${root}/main.ts`, over(pkg, projectResolver(absolute, aliases), 'inline'));
    expect(r.diagnostics.map((d) => [d.code, d.message.split(' is ')[0]])).toEqual([['DDX1007', "'k'"]]);
  });
});

describe('functions of CommonJS packages are followed through require', () => {
  const pkg = {
    'node_modules/cjs/index.js': "'use strict';\nvar square = require('./square.js');\nvar HALF = 0.5;\nfunction halfCube(x) {\n  return HALF * square(x) * x;\n}\nmodule.exports = halfCube;\n",
    'node_modules/cjs/square.js': "'use strict';\nfunction square(x) {\n  return x * x;\n}\nmodule.exports = square;\n",
  };

  it.each(modes)('differentiates through module.exports and require (%s)', (mode) => {
    const main = "import { derivative } from '@ddx/dual';\nimport halfCube from 'cjs';\nexport const slope = derivative(halfCube, 2);\n";
    const absolute = Object.fromEntries(Object.keys(pkg).map((name) => [path.posix.join(root, name), name]));
    const r = transform(main, `${root}/main.ts`, over(pkg, projectResolver(absolute, { cjs: 'node_modules/cjs/index.js' }), mode));
    expect(r.diagnostics).toEqual([]);
    expect(r.dependencies).toEqual([`${root}/node_modules/cjs/index.js`, `${root}/node_modules/cjs/square.js`]);
    // The generated module reads nothing of the package: run it alone. (x³/2)' = 3x²/2.
    return run(r.code.replace(/^import halfCube from 'cjs';$/m, '')).then((exports) => close(exports.slope, 6));
  });
});

describe('functions assigned to module.exports and exports as function expressions', () => {
  // As the gamma package is published: `module.exports = function gamma(z) { … gamma(1 - z) … }`,
  // calling itself by its name, with another function as a property of the export.
  const pkg = {
    'node_modules/reflect/index.js': "'use strict';\nmodule.exports = function reflect(z) {\n  if (z < 0.5) return 1 / reflect(1 - z);\n  return z * z;\n};\nmodule.exports.cube = function (x) {\n  return x * x * x;\n};\n",
    'node_modules/named/index.js': "'use strict';\nexports.twiceSin = (x) => 2 * Math.sin(x);\n",
    'node_modules/twice/index.js': "'use strict';\nmodule.exports = function (x) {\n  return x;\n};\nmodule.exports = function (x) {\n  return 2 * x;\n};\n",
  };
  const resolver = () => projectResolver(Object.fromEntries(Object.keys(pkg).map((name) => [path.posix.join(root, name), name])),
    { reflect: 'node_modules/reflect/index.js', named: 'node_modules/named/index.js', twice: 'node_modules/twice/index.js' });

  it.each(modes)('differentiates them, a recursive one too (%s)', (mode) => {
    const main = "import { derivative } from '@ddx/dual';\nimport reflect from 'reflect';\nimport { twiceSin } from 'named';\n" +
      'export const below = derivative(reflect, 0.2);\nexport const above = derivative(reflect, 2);\n' +
      'export const cube = derivative((x: number) => reflect.cube(x), 2);\nexport const sine = derivative(twiceSin, 0.5);\n';
    const r = transform(main, `${root}/main.ts`, over(pkg, resolver(), mode));
    expect(r.diagnostics).toEqual([]);
    // reflect(z) = 1/(1 − z)² below 1/2: 2/(1 − z)³; z² above: 2z. cube: 3x². twiceSin: 2 cos x.
    return run(r.code.replace(/^import .* from '(reflect|named)';$/gm, '')).then((exports) => {
      close(exports.below, 2 / 0.8 ** 3);
      close(exports.above, 4);
      close(exports.cube, 12);
      close(exports.sine, 2 * Math.cos(0.5));
    });
  });

  it('names the member of an object filled at run time that a call goes through (color-convert\'s convert.rgb.hsl.raw)', () => {
    const routes = { 'node_modules/routes/index.js': "const convert = {};\nfor (const name of ['a', 'b']) {\n  convert[name] = { raw: (x) => x * x };\n}\nexport default convert;\n" };
    const main = "import { derivative } from '@ddx/dual';\nimport convert from 'routes';\nexport const d = derivative((x: number) => convert.a.raw(x), 1);\n";
    const absolute = Object.fromEntries(Object.keys(routes).map((name) => [path.posix.join(root, name), name]));
    const r = transform(main, `${root}/main.ts`, over(routes, projectResolver(absolute, { routes: 'node_modules/routes/index.js' }), 'inline'));
    expect(r.diagnostics.map((d) => [d.code, d.line, d.message.split('. Call')[0]])).toEqual([
      ['DDX1006', 3, "cannot resolve 'convert.a.raw' to a function: 'convert' (routes/index.js:1) is an object whose member 'a' is added at run time (assigned under a computed name, in a loop, or by a function), so which function is called is known only when the program runs"],
    ]);
  });

  it('rejects a function that a second assignment to module.exports replaces', () => {
    const main = "import { derivative } from '@ddx/dual';\nimport twice from 'twice';\nexport const d = derivative((x: number) => twice(x), 1);\n";
    const r = transform(main, `${root}/main.ts`, over(pkg, resolver(), 'inline'));
    expect(r.diagnostics.map((d) => [d.code, d.message.split(';')[0]])).toEqual([['DDX1006', "'twice' is not a function declaration or a const arrow/function expression the transform can read"]]);
  });
});

describe('@stdlib-style CommonJS: constants, aliases and bit-level helpers through require', () => {
  // As @stdlib's packages are published: a constant read through `require`, whose module makes it
  // from `Number` reached through another require; Math functions kept under their own names;
  // asm.js-style integer constants; a boolean `var`; and helpers that read the bits of a double.
  const pkg: Record<string, string> = {
    'node_modules/number-ctor/index.js': "'use strict';\nvar main = require('./main.js');\nmodule.exports = main;\n",
    'node_modules/number-ctor/main.js': "'use strict';\nmodule.exports = Number;\n",
    'node_modules/ninf/index.js': "'use strict';\nvar Number = require('number-ctor');\nvar FLOAT64_NINF = Number.NEGATIVE_INFINITY;\nmodule.exports = FLOAT64_NINF;\n",
    'node_modules/floor/index.js': "'use strict';\nvar floor = Math.floor;\nmodule.exports = floor;\n",
    'node_modules/bias/index.js': "'use strict';\nvar FLOAT64_EXPONENT_BIAS = 1023|0;\nmodule.exports = FLOAT64_EXPONENT_BIAS;\n",
    'node_modules/special/index.js': [
      "'use strict';",
      "var NINF = require('ninf');",
      "var floor = require('floor');",
      "var BIAS = require('bias');",
      'var HALF_BIAS = BIAS / 2;',
      'var HIGH_MASK = 0x7fffffff|0;',
      'function signedSquare(x) {',
      '  var neg;',
      '  var k;',
      '  if (x === NINF) {',
      '    return NINF;',
      '  }',
      '  if (x < 0) {',
      '    neg = true;',
      '  } else {',
      '    neg = false;',
      '  }',
      '  k = floor(x) & HIGH_MASK;',
      '  if (neg) {',
      '    return -(x * x) + (k - k) * HALF_BIAS;',
      '  }',
      '  return x * x;',
      '}',
      'module.exports = signedSquare;',
      '',
    ].join('\n'),
    'node_modules/high-word/index.js': [
      "'use strict';",
      'var FLOAT64_VIEW = new Float64Array(1);',
      'var UINT32_VIEW = new Uint32Array(FLOAT64_VIEW.buffer);',
      'function getHighWord(x) {',
      '  FLOAT64_VIEW[0] = x;',
      '  return UINT32_VIEW[1];',
      '}',
      'module.exports = getHighWord;',
      '',
    ].join('\n'),
    'node_modules/bits/index.js': "'use strict';\nvar getHighWord = require('high-word');\nfunction f(x) {\n  return x * getHighWord(x);\n}\nmodule.exports = f;\n",
    'node_modules/workspace/index.js': [
      "'use strict';",
      'var WORKSPACE = [0.0, 0.0];',
      'function split(x, out) {\n  out[0] = x;\n  out[1] = -x;\n  return out;\n}',
      'function f(x) {',
      '  split(x, WORKSPACE);',
      '  return WORKSPACE[0] * x;',
      '}',
      'module.exports = f;',
      '',
    ].join('\n'),
  };
  const names = ['number-ctor', 'ninf', 'floor', 'bias', 'special', 'high-word', 'bits', 'workspace'];
  const aliases = Object.fromEntries(names.map((n) => [n, `node_modules/${n}/index.js`]));
  const absolute = Object.fromEntries(Object.keys(pkg).map((name) => [path.posix.join(root, name), name]));
  const compile = (main: string, mode: 'inline' | 'dual') => transform(main, `${root}/main.ts`, over(pkg, projectResolver(absolute, aliases), mode));

  it.each(modes)('folds required constants and follows aliases of Number and Math (%s)', async (mode) => {
    const main = "import { derivative, secondDerivative } from '@ddx/dual';\nimport signedSquare from 'special';\n" +
      'export const right = derivative(signedSquare, 1.5);\nexport const left = derivative(signedSquare, -1.5);\n' +
      'export const curvature = secondDerivative(signedSquare, -1.5);\nexport const atNinf = derivative(signedSquare, -Infinity);\n';
    const r = compile(main, mode);
    expect(r.diagnostics).toEqual([]);
    // Every constant is printed as its value, and floor as Math's (ops' in dual mode): the
    // generated module reads nothing of the packages (run alone).
    expect(r.code).toContain('Number.NEGATIVE_INFINITY');
    expect(r.code).toMatch(mode === 'inline' ? /Math\.floor\(/ : /ops\.floor\(/);
    const exports = await run(r.code.replace(/^import signedSquare from 'special';$/m, ''));
    close(exports.right, 3); // (x²)' at 1.5
    close(exports.left, 3); // (−x²)' at −1.5
    close(exports.curvature, -2);
    expect(exports.atNinf).toBe(0); // the special case returns the constant NINF
  });

  it('names the bits of a double read through module-level typed arrays: DDX1040', () => {
    const r = compile("import { derivative } from '@ddx/dual';\nimport f from 'bits';\nexport const d = derivative(f, 2);\n", 'inline');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1040']);
    expect(r.diagnostics[0].message).toMatch(/^'getHighWord' reads or writes the bits of a double through 'FLOAT64_VIEW', a module-level Float64Array/);
    expect(r.diagnostics[0].message).toContain('Register a rule with defineFunction');
    expect(r.diagnostics[0].file).toBe(`${root}/node_modules/high-word/index.js`);
  });

  it('names bit views over one module-level ArrayBuffer shared by two typed arrays: DDX1040, not DDX1011', () => {
    const source = "import { derivative } from '@ddx/dual';\nconst buf = new ArrayBuffer(8);\nconst f64 = new Float64Array(buf);\n" +
      'const u32 = new Uint32Array(buf);\nfunction highWord(x: number): number {\n  f64[0] = x;\n  return u32[1];\n}\n' +
      'function f(x: number): number {\n  return highWord(x) * 0 + x * x;\n}\nexport const d = derivative(f, 2);\n';
    const r = transform(source, '/virtual/bits.ts', { mode: 'inline' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1040']);
    expect(r.diagnostics[0].message).toMatch(/^'highWord' reads or writes the bits of a double through 'f64', a module-level Float64Array/);
    expect(r.diagnostics[0].message).toContain('Register a rule with defineFunction');
    // A typed array of its own buffer is a plain module-level array (DDX1051 names it), not a bit view.
    const own = transform(source.replace('new Uint32Array(buf)', 'new Uint32Array(2)').replace('f64[0] = x;\n  ', ''), '/virtual/bits.ts', { mode: 'inline' });
    expect(own.diagnostics.map((d) => d.code)).not.toContain('DDX1040');
  });

  it.each(modes)('compiles the same package function through a defineFunction rule, as the DDX1040 message says (%s)', async (mode) => {
    const main = "import { defineFunction, derivative } from '@ddx/dual';\nimport getHighWord from 'high-word';\n" +
      "const highWord = defineFunction('highWord', getHighWord, () => 0, () => 0);\n" +
      'export const slope = derivative((x: number) => x * highWord(x), 2);\n';
    const r = compile(main, mode);
    expect(r.diagnostics).toEqual([]);
    expect(r.dependencies).toEqual([]); // the rule's function is never read
    // Run with the package's CommonJS module replaced by the same bit view written here.
    const local = 'const view = new DataView(new ArrayBuffer(8));\nconst getHighWord = (x: number): number => { view.setFloat64(0, x); return view.getUint32(0); };';
    const exports = await run(r.code.replace(/^import getHighWord from 'high-word';$/m, local));
    expect(exports.slope).toBe(0x40000000); // (x·hw(x))' = hw(x) + x·0; the high word of 2 is 0x40000000
  });

  it('names a call made for what it writes into a module-level array: DDX1041', () => {
    const r = compile("import { derivative } from '@ddx/dual';\nimport f from 'workspace';\nexport const d = derivative(f, 2);\n", 'inline');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1041']);
    expect(r.diagnostics[0].message).toMatch(/^'split\(…\)' is called for what it writes into 'WORKSPACE', a module-level array/);
    expect(r.diagnostics[0].message).toContain('Register a rule with defineFunction');
  });
});

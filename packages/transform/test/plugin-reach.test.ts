/**
 * The plugin's test of whether a module may call a verb without mentioning @ddx/dual: it may
 * say yes too often, never no wrongly.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultReadFile } from '../src/resolution.js';
import { DualReach } from '../src/plugin/reach.js';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ddx-reach-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const nowhere = () => undefined;

describe('whether a module’s imports lead to @ddx/dual', () => {
  it('through chains of re-exports, in either order of an import cycle', async () => {
    const root = project({
      // b is first seen inside the cycle, where a's answer is not known yet.
      'a.ts': "export * from './b';\nexport * from './c.js';\n",
      'b.ts': "export * from './a';\n",
      'c.ts': "export { gradient as grad } from '@ddx/dual';\n",
      'plain.ts': "export * from './d';\n",
      'd.ts': 'export const d = 1;\n',
    });
    const reach = new DualReach(defaultReadFile);
    const user = join(root, 'user.ts');
    expect(await reach.mayCallVerbs("import { grad } from './a';\n", user, nowhere)).toBe(true);
    expect(await reach.mayCallVerbs("import { grad } from './b';\n", user, nowhere)).toBe(true);
    expect(await reach.mayCallVerbs("import { d } from './plain';\n", user, nowhere)).toBe(false);
  });

  it('takes every script a relative import could name (the bundler may prefer any of them), and an index module', async () => {
    const root = project({
      'helper.ts': 'export const h = 1;\n',
      'helper.js': "export { derivative as h } from '@ddx/dual';\n",
      'lib/index.tsx': "export * from '@ddx/dual';\n",
    });
    const reach = new DualReach(defaultReadFile);
    const user = join(root, 'user.ts');
    expect(await reach.mayCallVerbs("import { h } from './helper';\n", user, nowhere)).toBe(true);
    expect(await reach.mayCallVerbs("import { derivative } from './lib';\n", user, nowhere)).toBe(true);
  });

  it('takes `./x.js` as x.mts or x.cts, `./x.config` as x.config.ts, and no file that is not a script', async () => {
    const root = project({
      'm.mts': "export * from '@ddx/dual';\n",
      'c.cts': "export * from '@ddx/dual';\n",
      'x.config.ts': "export * from '@ddx/dual';\n",
      'data.json.md': "export * from '@ddx/dual';\n",
      'data.ts': 'export const d = 1;\n',
    });
    const reach = new DualReach(defaultReadFile);
    const user = join(root, 'user.ts');
    for (const specifier of ['./m.js', './m.mjs', './c.cjs', './x.config']) expect(await reach.mayCallVerbs(`import { d } from '${specifier}';\n`, user, nowhere), specifier).toBe(true);
    for (const specifier of ['./data', './data.json', './m.ts', './x']) expect(await reach.mayCallVerbs(`import { d } from '${specifier}';\n`, user, nowhere), specifier).toBe(false);
  });

  it('asks the bundler for any other specifier, and reads no module of node_modules', async () => {
    const root = project({ 'verbs.ts': "export * from '@ddx/dual';\n", 'node_modules/pkg/index.ts': "export * from '@ddx/dual';\n" });
    const reach = new DualReach(defaultReadFile);
    const user = join(root, 'user.ts');
    const resolve = (specifier: string) => ({ '~/verbs': join(root, 'verbs.ts'), pkg: join(root, 'node_modules/pkg/index.ts') })[specifier];
    expect(await reach.mayCallVerbs("import { derivative } from '~/verbs';\n", user, resolve)).toBe(true);
    expect(await reach.mayCallVerbs("import { derivative } from 'pkg';\n", user, resolve)).toBe(false);
    expect(await reach.mayCallVerbs("import { derivative } from '~/verbs';\n", user, nowhere)).toBe(true); // kept for the build
    reach.forget();
    expect(await reach.mayCallVerbs("import { derivative } from '~/verbs';\n", user, nowhere)).toBe(false);
  });
});

describe('whether a module that uses @ddx/dual passes a name of it on to the modules importing it', () => {
  it('not when it only calls the verbs: a module importing it is not analysed (nor what it imports in turn)', async () => {
    const root = project({
      'ddx.ts': `import { derivative, gradient } from '@ddx/dual';
import * as dual from '@ddx/dual';
import { energy } from './model.js';
/**
 * The derivative of sin; the gradient of the energy.
 */
// the gradient, by dual.gradient
export const slope = derivative(Math.sin);
export const force = (q: number[]): number[] => gradient (energy, q);
export const curvature = (x: number): number => dual.secondDerivative(Math.sin, x);
`,
      'model.ts': 'export function energy(q: number[]): number {\n  return q[0] * q[0];\n}\n',
    });
    const reach = new DualReach(defaultReadFile);
    expect(await reach.mayCallVerbs("import { slope, force, curvature } from './ddx';\nconsole.log(slope(1), force([1]), curvature(2));\n", join(root, 'main.ts'), nowhere)).toBe(false);
  });

  it.each([
    ['an exported alias', "import { gradient } from '@ddx/dual';\nexport const grad = gradient;\n"],
    ['an alias in parentheses, cast', "import { gradient } from '@ddx/dual';\nexport const grad = (gradient) as typeof gradient;\n"],
    ['an alias of an alias', "import { gradient as g } from '@ddx/dual';\nconst inner = g;\nexport const grad = inner;\n"],
    ['a default export', "import { gradient } from '@ddx/dual';\nexport default gradient;\n"],
    ['an export list', "import { gradient } from '@ddx/dual';\nconst grad = gradient;\nexport { grad };\n"],
    ['a member of the namespace, not called', "import * as dual from '@ddx/dual';\nexport const grad = dual.gradient;\n"],
    ['the namespace itself', "import * as dual from '@ddx/dual';\nexport const verbs = dual;\n"],
    ['a default import', "import ddx from '@ddx/dual';\nexport const verbs = ddx;\n"],
    ['a require', "const { gradient } = require('@ddx/dual');\nexport const grad = gradient;\n"],
    ['an import written across lines with a comment', "import {\n  gradient, // the verb\n} from '@ddx/dual';\nexport const grad = gradient;\n"],
    ['an alias after comment lines', "import { gradient } from '@ddx/dual';\n// the gradient\n/* the\n gradient */\nexport const grad = gradient; // gradient\n"],
    ['a comment after code that names the verb', "import { gradient } from '@ddx/dual';\nexport const one = 1; // gradient\n"],
    ['a name that only a second module passes on (export const of an import)', "import { slope } from './verbs';\nexport const grad = slope;\n"],
  ])('yes for %s', async (_, text) => {
    const root = project({ 'lib.ts': text, 'verbs.ts': "export { gradient as slope } from '@ddx/dual';\n" });
    const reach = new DualReach(defaultReadFile);
    expect(await reach.mayCallVerbs("import { grad } from './lib';\nexport const f = grad((x: number[]) => x[0], [1]);\n", join(root, 'main.ts'), nowhere)).toBe(true);
  });
});

it('never reads @ddx/dual itself as a module of the project (a workspace links it from outside node_modules)', async () => {
  const root = project({
    'ddx.ts': "import { derivative } from '@ddx/dual';\nexport const slope = derivative(Math.sin);\n",
    // What a workspace link resolves @ddx/dual to: a module of the project by its path, whose text names the package.
    'dual/index.ts': "export { derivative } from './verbs';\nexport const name = '@ddx/dual';\n",
  });
  const reach = new DualReach(defaultReadFile);
  const resolve = (specifier: string) => (specifier === '@ddx/dual' ? join(root, 'dual/index.ts') : undefined);
  expect(await reach.mayCallVerbs("import { slope } from './ddx';\nconsole.log(slope(1));\n", join(root, 'main.ts'), resolve)).toBe(false);
});

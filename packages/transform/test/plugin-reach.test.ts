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

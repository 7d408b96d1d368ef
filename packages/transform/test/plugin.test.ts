/**
 * The plugin factory's hooks, called as a bundler calls them (the real builds with every bundler
 * are in test/bundlers.test.ts at the repository root). Derivatives are checked against closed
 * forms by running the rewritten module.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { UnpluginContextMeta, UnpluginMessage } from 'unplugin';
import { describe, expect, it } from 'vitest';
import { DdxError } from '../src/index.js';
import { unpluginFactory } from '../src/plugin/factory.js';
import { defaultExclude, defaultInclude, runtimeModule, type DdxPluginOptions } from '../src/plugin/options.js';

const dualSource = resolve(import.meta.dirname, '../../dual/src/index.ts');

/** Imports a rewritten module, saved next to its original (so `./model.js` resolves). */
async function importRewritten(code: string, entry: string): Promise<Record<string, unknown>> {
  const file = join(dirname(entry), 'entry.rewritten.ts');
  writeFileSync(file, code.replace(/(['"])@ddx\/dual\1/g, JSON.stringify(dualSource)));
  return import(/* @vite-ignore */ file);
}

type Framework = 'rollup' | 'vite' | 'rolldown' | 'esbuild' | 'webpack';

/** A project on disk: a module of callees and an entry that differentiates through them. */
function project(entrySource: string) {
  const root = mkdtempSync(join(tmpdir(), 'ddx-plugin-'));
  mkdirSync(join(root, 'src'));
  const model = join(root, 'src/model.ts');
  const entry = join(root, 'src/entry.ts');
  writeFileSync(model, 'export function wave(x: number): number {\n  return Math.sin(3 * x) * x;\n}\n');
  writeFileSync(entry, entrySource);
  return { model, entry };
}

const entrySource = `import { derivative } from '@ddx/dual';
import { wave } from './model.js';

export const slope = derivative(wave);
`;
const unsupportedSource = `import { derivative } from '@ddx/dual';

function reflect(x: number): number {
  switch (Math.sign(x)) {
    default:
      return x;
  }
}
export const slope = derivative(reflect);
`;

/** The plugin as one bundler sees it, with a context that records what the hooks report. */
function plugin(framework: Framework, options?: DdxPluginOptions) {
  const meta = { framework, versions: {} } as unknown as UnpluginContextMeta;
  const hooks = unpluginFactory(options, meta);
  const errors: UnpluginMessage[] = [];
  const watched: string[] = [];
  const context = {
    addWatchFile: (file: string) => void watched.push(file),
    error(message: UnpluginMessage) {
      errors.push(message);
      // Rollup, Vite and Rolldown throw from this.error; esbuild and webpack only record it.
      if (framework !== 'esbuild' && framework !== 'webpack') throw new Error(message.message);
    },
  };
  const transform = hooks.transform as { handler: (this: unknown, code: string, id: string) => Promise<{ code: string; map: { sources: string[] } | null } | null> };
  return {
    hooks,
    errors,
    watched,
    transform: (code: string, id: string) => transform.handler.call(context, code, id),
  };
}

describe('ddx plugin factory', () => {
  it('runs before type stripping, on TypeScript outside node_modules that mentions @ddx/dual', () => {
    const { hooks } = plugin('vite');
    expect(hooks.enforce).toBe('pre');
    expect(hooks.transform).toMatchObject({ filter: { id: { include: defaultInclude, exclude: defaultExclude }, code: runtimeModule } });
    for (const file of ['/p/a.ts', '/p/a.tsx', '/p/a.mts', '/p/a.cts']) expect(defaultInclude.test(file), file).toBe(true);
    for (const file of ['/p/a.js', '/p/a.d.ts.map', '/p/a.ts?raw']) expect(defaultInclude.test(file), file).toBe(false);
    expect(defaultExclude.test('/p/node_modules/x/a.ts')).toBe(true);
    expect(defaultExclude.test('/p/src/a.ts')).toBe(false);
  });

  it('rejects misspelt or ill-typed options, naming the option', () => {
    const meta = { framework: 'vite', versions: {} } as unknown as UnpluginContextMeta;
    const cases: [unknown, string][] = [
      [{ nansafe: true }, 'ddx plugin: unknown option `nansafe` (the options are include, exclude, mode, nanSafe)'],
      [{ mode: 'fast' }, `ddx plugin: \`mode\` must be 'inline' or 'dual', got "fast"`],
      [{ nanSafe: 'yes' }, 'ddx plugin: `nanSafe` must be true or false, got "yes"'],
      ['inline', 'ddx plugin: the options must be an object such as { mode: \'inline\' }, got inline'],
    ];
    for (const [options, message] of cases) {
      expect(() => unpluginFactory(options as never, meta)).toThrow(new TypeError(message));
    }
    expect(unpluginFactory({ mode: 'dual', nanSafe: true, include: /\.ts$/ }, meta).name).toBe('ddx');
  });

  it.each([undefined, { mode: 'dual' }, { mode: 'inline', nanSafe: true }] as const)('with options %o, rewrites a call site into code whose derivative matches the closed form, with a source map', async (options) => {
    const { entry, model } = project(entrySource);
    const { transform, watched } = plugin('rollup', options);
    const result = await transform(entrySource, entry);
    expect(result?.code).not.toBe(entrySource);
    expect(result?.code).toContain(`generated by ddx (${options?.mode ?? 'inline'} mode)`);
    expect(result?.map?.sources.some((source) => source.endsWith('entry.ts'))).toBe(true);
    // The callee's module is a watch dependency: editing it re-runs this module's transform.
    expect(watched).toContain(model);
    const { slope } = (await importRewritten(result!.code, entry)) as { slope: (x: number) => number };
    for (const x of [-1, 0.3, 2]) {
      expect(Math.abs(slope(x) - (3 * Math.cos(3 * x) * x + Math.sin(3 * x)))).toBeLessThanOrEqual(1e-14 * 10);
    }
  });

  it('leaves a module without derivative call sites alone', async () => {
    const { transform } = plugin('rollup');
    const code = `import { ops } from '@ddx/dual';\nexport const three = ops.add(1, 2);\n`;
    expect(await transform(code, join(tmpdir(), 'plain.ts'))).toBeNull();
  });

  describe('a diagnostic fails the build through the bundler’s error channel', () => {
    const { entry } = project(unsupportedSource);
    const line = 4;
    const column = 3;

    it.each(['rollup', 'vite', 'rolldown'] as const)('%s: this.error with id, 0-based loc and frame', async (framework) => {
      const { transform, errors } = plugin(framework);
      await expect(transform(unsupportedSource, entry)).rejects.toThrow(`${entry}:${line}:${column}: error DDX1002:`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ id: entry, code: 'DDX1002', plugin: 'ddx', loc: { file: entry, line, column: column - 1 } });
      expect((errors[0] as { frame?: string }).frame).toContain(`> ${line} |   switch (Math.sign(x)) {`);
    });

    it('esbuild: the error, with its location and frame in the text, is collected and the code kept', async () => {
      const { transform, errors } = plugin('esbuild');
      expect(await transform(unsupportedSource, entry)).toEqual({ code: unsupportedSource });
      expect(errors).toHaveLength(1);
      expect(errors[0].loc).toEqual({ file: entry, line, column: column - 1 });
      expect(errors[0].message).toContain(`${entry}:${line}:${column}: error DDX1002:`);
      expect(errors[0].message).toContain(`> ${line} |   switch (Math.sign(x)) {`);
    });

    it('webpack: the module fails with a DdxError carrying the diagnostics', async () => {
      const { transform } = plugin('webpack');
      const failure: unknown = await transform(unsupportedSource, entry).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DdxError);
      expect((failure as DdxError).diagnostics[0]).toMatchObject({ code: 'DDX1002', file: entry, line, column });
    });
  });

  it('Vite hot update: a changed callee re-transforms the modules differentiated through it', async () => {
    const { entry, model } = project(entrySource);
    const { hooks, transform } = plugin('vite');
    await transform(entrySource, entry);
    const entryModule = { file: entry };
    const invalidated: unknown[] = [];
    const moduleGraph = {
      getModulesByFile: (file: string) => (file === entry ? new Set([entryModule]) : undefined),
      invalidateModule: (module: unknown) => void invalidated.push(module),
    };
    const handleHotUpdate = (hooks.vite as { handleHotUpdate: (update: unknown) => unknown }).handleHotUpdate;
    const modelModule = { file: model };
    expect(handleHotUpdate({ file: model, modules: [modelModule], server: { moduleGraph } })).toEqual([modelModule, entryModule]);
    expect(invalidated).toEqual([entryModule]);
    // An unrelated file changes nothing.
    expect(handleHotUpdate({ file: join(tmpdir(), 'elsewhere.ts'), modules: [], server: { moduleGraph } })).toBeUndefined();
  });
});

/** The plugin's hooks driven as a bundler drives them, over small projects written to disk. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { UnpluginContextMeta, UnpluginMessage } from 'unplugin';
import { unpluginFactory } from '../src/plugin/factory.js';
import type { DdxPluginOptions } from '../src/plugin/options.js';

const dualSource = resolve(import.meta.dirname, '../../dual/src/index.ts');

let rewrites = 0;

/** Imports a rewritten module, saved next to its original (so `./model.js` resolves), under a new name each time. */
export async function importRewritten(code: string, entry: string): Promise<Record<string, unknown>> {
  const file = join(dirname(entry), `entry.rewritten${++rewrites}.ts`);
  writeFileSync(file, code.replace(/(['"])@ddx\/dual\1/g, JSON.stringify(dualSource)));
  return import(/* @vite-ignore */ file);
}

export type Framework = 'rollup' | 'vite' | 'rolldown' | 'esbuild' | 'webpack';

/** A project on disk: a module of callees and an entry that differentiates through them. */
export function project(entrySource: string) {
  const root = mkdtempSync(join(tmpdir(), 'ddx-plugin-'));
  mkdirSync(join(root, 'src'));
  const model = join(root, 'src/model.ts');
  const entry = join(root, 'src/entry.ts');
  writeFileSync(model, 'export function wave(x: number): number {\n  return Math.sin(3 * x) * x;\n}\n');
  writeFileSync(entry, entrySource);
  return { root, model, entry };
}

export const entrySource = `import { derivative } from '@ddx/dual';
import { wave } from './model.js';

export const slope = derivative(wave);
`;
export const unsupportedSource = `import { derivative } from '@ddx/dual';

function reflect(x: number): number {
  try {
    return x;
  } catch {
    return 0;
  }
}
export const slope = derivative(reflect);
`;

/**
 * The plugin as one bundler sees it, with a context that records what the hooks report. Without
 * the result cache unless `options` ask for it, so that every call runs the compiler. With
 * `resolveId`, the context has Rollup's `this.resolve` over it (else the plugin resolves as the
 * core does by default).
 */
export function plugin(framework: Framework, options?: DdxPluginOptions, resolveId?: (source: string, importer: string) => string | null) {
  const meta = { framework, versions: {} } as unknown as UnpluginContextMeta;
  const hooks = unpluginFactory({ cache: false, ...options }, meta);
  const errors: UnpluginMessage[] = [];
  const warnings: UnpluginMessage[] = [];
  const watched: string[] = [];
  const context = {
    addWatchFile: (file: string) => void watched.push(file),
    warn: (message: UnpluginMessage) => void warnings.push(message),
    error(message: UnpluginMessage) {
      errors.push(message);
      // Rollup, Vite and Rolldown throw from this.error; esbuild and webpack only record it.
      if (framework !== 'esbuild' && framework !== 'webpack') throw new Error(message.message);
    },
    ...(resolveId && { resolve: async (source: string, importer: string) => { const id = resolveId(source, importer); return id === null ? null : { id }; } }),
  };
  const transform = hooks.transform as { handler: (this: unknown, code: string, id: string) => Promise<{ code: string; map: { sources: string[] } | null } | null> };
  return {
    hooks,
    errors,
    warnings,
    watched,
    transform: (code: string, id: string) => transform.handler.call(context, code, id),
  };
}


/**
 * Watch mode and the Vite dev server: when a callee's module changes on disk, the modules whose
 * derivatives were compiled through it are compiled again. A small project is written under
 * .builds/ (so `@ddx/dual` resolves), its callee edited, and the derivative checked before and
 * after against the closed form.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ddxEsbuild from '@ddx/transform/esbuild';
import ddxRollup from '@ddx/transform/rollup';
import ddxVite from '@ddx/transform/vite';
import * as esbuild from 'esbuild';
import { watch as rollupWatch, type RollupWatcherEvent } from 'rollup';
import { createServer } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { stripTypes } from './builds.js';

const entrySource = `import { derivative } from '@ddx/dual';
import { wave } from './model.js';

export const slopeAtOne = derivative(wave, 1);
`;
/** wave(x) = sin(k x) · x, whose derivative at 1 is k cos k + sin k. */
const modelSource = (k: number) => `export function wave(x: number): number {\n  return Math.sin(${k} * x) * x;\n}\n`;
const slopeAtOne = (k: number) => k * Math.cos(k) + Math.sin(k);

let counter = 0;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A fresh project folder with the callee at k = 3. */
function project(name: string) {
  const root = resolve(import.meta.dirname, '.builds/watch', `${name}-${process.pid}-${counter++}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  const entry = join(root, 'src/entry.ts');
  const model = join(root, 'src/model.ts');
  writeFileSync(entry, entrySource);
  writeFileSync(model, modelSource(3));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return { root, entry, model };
}

/** Polls `read` until it returns `expected` (bounded: watchers are asynchronous). */
async function eventually(read: () => Promise<number>, expected: number): Promise<number> {
  let value = NaN;
  for (let attempt = 0; attempt < 100; attempt++) {
    value = await read();
    if (Math.abs(value - expected) <= 1e-13) return value;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return value;
}

const importFresh = async (file: string) => ((await import(`${pathToFileURL(file).href}?v=${counter++}`)) as { slopeAtOne: number }).slopeAtOne;

describe('a changed callee is compiled again', () => {
  it('Vite dev server: the dependent module is invalidated on hot update', async () => {
    const { root, entry, model } = project('vite');
    const server = await createServer({
      root, configFile: false, logLevel: 'silent', plugins: [ddxVite()],
      server: { middlewareMode: true, ws: false },
      resolve: { conditions: ['@ddx/source'] }, ssr: { resolve: { conditions: ['@ddx/source'] } },
    });
    cleanups.push(() => server.close());
    const load = async () => ((await server.ssrLoadModule(entry)) as { slopeAtOne: number }).slopeAtOne;

    expect(await load()).toBeCloseTo(slopeAtOne(3), 13);
    writeFileSync(model, modelSource(5));
    expect(await eventually(load, slopeAtOne(5))).toBeCloseTo(slopeAtOne(5), 13);
  }, 30_000);

  it('esbuild rebuild (tsup --watch): each build compiles with the current callee', async () => {
    const { root, entry, model } = project('esbuild');
    const outfile = join(root, 'dist/entry.js');
    const context = await esbuild.context({
      entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', external: ['@ddx/dual'],
      logLevel: 'silent', plugins: [ddxEsbuild()],
    });
    cleanups.push(() => context.dispose());

    await context.rebuild();
    expect(await importFresh(outfile)).toBeCloseTo(slopeAtOne(3), 13);
    writeFileSync(model, modelSource(5));
    await context.rebuild();
    expect(await importFresh(outfile)).toBeCloseTo(slopeAtOne(5), 13);
  }, 30_000);

  it('rollup --watch: the callee is a watch file of the module differentiated through it', async () => {
    const { root, entry, model } = project('rollup');
    const file = join(root, 'dist/entry.js');
    const watcher = rollupWatch({
      input: entry, external: ['@ddx/dual'], plugins: [ddxRollup(), stripTypes()], onwarn: () => {},
      output: { file, format: 'es' }, watch: { buildDelay: 50 },
    });
    cleanups.push(() => watcher.close());
    const bundled = () =>
      new Promise<void>((done, fail) => {
        const timeout = setTimeout(() => fail(new Error('rollup watch did not rebuild within 10 s')), 10_000);
        const listener = (event: RollupWatcherEvent) => {
          if (event.code === 'BUNDLE_END') void event.result.close();
          if (event.code === 'END') (clearTimeout(timeout), watcher.off('event', listener), done());
          if (event.code === 'ERROR') (clearTimeout(timeout), watcher.off('event', listener), fail(event.error));
        };
        watcher.on('event', listener);
      });

    await bundled();
    expect(await importFresh(file)).toBeCloseTo(slopeAtOne(3), 13);
    const rebuilt = bundled();
    writeFileSync(model, modelSource(5));
    await rebuilt;
    expect(await importFresh(file)).toBeCloseTo(slopeAtOne(5), 13);
  }, 30_000);
});

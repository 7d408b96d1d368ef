/**
 * The plugin's persistent result cache: a build whose inputs did not change reuses the output
 * without running the compiler, and any change to what the output depends on runs it again.
 * A hit is told apart from a fresh transform by marking the stored output: a marked output
 * coming back is a hit; a derivative matching the closed form is a fresh, correct transform.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UnpluginContextMeta } from 'unplugin';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../src/plugin/cache.js';
import { unpluginFactory } from '../src/plugin/factory.js';
import { entrySource, importRewritten, plugin, project, unsupportedSource, type Framework } from './plugin-harness.js';
import type { DdxPluginOptions } from '../src/plugin/options.js';

const marked = 'export const fromCache = true;\n';

/** Every cache entry file under `dir`. */
const entries = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));

/** Replaces the stored output of every entry, so that a later hit is recognisable. */
function markEntries(dir: string): void {
  for (const file of entries(dir)) {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { output: { code: string | null } };
    entry.output.code = marked;
    writeFileSync(file, JSON.stringify(entry));
  }
}

/** A fresh cache directory and a plugin (one build) factory over it. */
function cached(framework: Framework = 'vite', options: DdxPluginOptions = {}, resolveId?: (source: string, importer: string) => string | null) {
  const cache = mkdtempSync(join(tmpdir(), 'ddx-cache-'));
  return { cache, build: (more: DdxPluginOptions = {}) => plugin(framework, { cache, ...options, ...more }, resolveId) };
}

async function expectWaveSlope(code: string, entry: string, scale = 3): Promise<void> {
  const { slope } = (await importRewritten(code, entry)) as { slope: (x: number) => number };
  for (const x of [-1, 0.3, 2]) {
    const exact = scale * Math.cos(scale * x) * x + Math.sin(scale * x);
    expect(Math.abs(slope(x) - exact)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(exact)) * 10);
  }
}

describe('the plugin’s result cache', () => {
  it('a second build with unchanged inputs reuses the stored output and its watch dependencies', async () => {
    const { entry, model } = project(entrySource);
    const { cache, build } = cached();
    const first = await build().transform(entrySource, entry);
    await expectWaveSlope(first!.code, entry);
    expect(entries(cache)).toHaveLength(1);
    // Unmarked, the stored output is the fresh one, byte for byte, with its source map.
    const again = build();
    expect(await again.transform(entrySource, entry)).toEqual(first);
    expect(again.watched).toEqual([model]);
    markEntries(cache);
    expect((await build().transform(entrySource, entry))?.code).toBe(marked);
  });

  it('a module without call sites is remembered as unchanged', async () => {
    const { cache, build } = cached();
    const code = `import { ops } from '@ddx/dual';\nexport const three = ops.add(1, 2);\n`;
    const file = join(mkdtempSync(join(tmpdir(), 'ddx-plain-')), 'plain.ts');
    expect(await build().transform(code, file)).toBeNull();
    expect(entries(cache)).toHaveLength(1);
    expect(await build().transform(code, file)).toBeNull();
  });

  it('is invalidated by a change to the module, a callee module, a new file an import would now resolve to, or the options', async () => {
    const { root, entry, model } = project(entrySource);
    const { cache, build } = cached();
    await build().transform(entrySource, entry);

    // The module's own text.
    markEntries(cache);
    const edited = `${entrySource}export const other = 1;\n`;
    await expectWaveSlope((await build().transform(edited, entry))!.code, entry);

    // A callee module read by the analysis.
    markEntries(cache);
    writeFileSync(model, 'export function wave(x: number): number {\n  return Math.sin(5 * x) * x;\n}\n');
    await expectWaveSlope((await build().transform(edited, entry))!.code, entry, 5);

    // A file created where an import looks first: './shapes' resolves to shapes/index.ts until shapes.ts exists.
    mkdirSync(join(root, 'src/shapes'));
    writeFileSync(join(root, 'src/shapes/index.ts'), 'export function wave(x: number): number {\n  return Math.sin(3 * x) * x;\n}\n');
    const viaIndex = entrySource.replace('./model.js', './shapes');
    await build().transform(viaIndex, entry);
    markEntries(cache);
    writeFileSync(join(root, 'src/shapes.ts'), 'export function wave(x: number): number {\n  return Math.sin(7 * x) * x;\n}\n');
    await expectWaveSlope((await build().transform(viaIndex, entry))!.code, entry, 7);

    // Other options: a separate entry.
    markEntries(cache);
    const dual = await build({ mode: 'dual' }).transform(viaIndex, entry);
    expect(dual?.code).toContain('generated by ddx (dual mode)');
    await expectWaveSlope(dual!.code, entry, 7);
  });

  it('checks a stored result again when its module comes, though it held when the plugin started (a dev server transforms later)', async () => {
    const { entry, model } = project(entrySource);
    const { cache, build } = cached();
    await build().transform(entrySource, entry);
    markEntries(cache);
    // Created now, the plugin finds every stored result current (and keeps the entries it read).
    const server = build();
    writeFileSync(model, 'export function wave(x: number): number {\n  return Math.sin(5 * x) * x;\n}\n');
    await expectWaveSlope((await server.transform(entrySource, entry))!.code, entry, 5);
  });

  it('is invalidated when the bundler now resolves an import elsewhere, though no file it read changed', async () => {
    const { root, entry } = project(entrySource);
    const source = entrySource.replace('./model.js', './wave');
    writeFileSync(join(root, 'src/wave.ts'), 'export function wave(x: number): number {\n  return Math.sin(3 * x) * x;\n}\n');
    writeFileSync(join(root, 'src/wave.tsx'), 'export function wave(x: number): number {\n  return Math.sin(5 * x) * x;\n}\n');
    let extension = '.ts';
    const { cache, build } = cached('vite', {}, (specifier) => (specifier === './wave' ? join(root, 'src', `wave${extension}`) : null));
    await expectWaveSlope((await build().transform(source, entry))!.code, entry, 3);
    markEntries(cache);
    expect((await build().transform(source, entry))?.code).toBe(marked);
    extension = '.tsx';
    await expectWaveSlope((await build().transform(source, entry))!.code, entry, 5);
  });

  it('never caches a failure: the diagnostic is reported on every build', async () => {
    const { entry } = project(unsupportedSource);
    const { cache, build } = cached('esbuild');
    for (let i = 0; i < 2; i++) {
      const run = build();
      expect(await run.transform(unsupportedSource, entry)).toEqual({ code: unsupportedSource });
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0].message).toContain(`${entry}:4:3: error DDX1002:`);
    }
    expect(entries(cache)).toEqual([]);
  });

  it('a damaged entry or an unwritable directory costs only a fresh transform', async () => {
    const { entry } = project(entrySource);
    const { cache, build } = cached();
    await build().transform(entrySource, entry);
    for (const file of entries(cache)) writeFileSync(file, '{"module": trunc');
    await expectWaveSlope((await build().transform(entrySource, entry))!.code, entry);
    // The damaged entry was rewritten by that transform.
    markEntries(cache);
    expect((await build().transform(entrySource, entry))?.code).toBe(marked);

    const blocker = join(mkdtempSync(join(tmpdir(), 'ddx-cache-')), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const run = plugin('vite', { cache: join(blocker, 'cache') });
    await expectWaveSlope((await run.transform(entrySource, entry))!.code, entry);
  });

  it('Vite hot update: modules served from the cache still re-transform when their callee changes', async () => {
    const { entry, model } = project(entrySource);
    const { build } = cached();
    await build().transform(entrySource, entry);
    const { hooks, transform } = build();
    await transform(entrySource, entry);
    const entryModule = { file: entry };
    const moduleGraph = {
      getModulesByFile: (file: string) => (file === entry ? new Set([entryModule]) : undefined),
      invalidateModule: () => {},
    };
    const handleHotUpdate = (hooks.vite as { handleHotUpdate: (update: unknown) => unknown }).handleHotUpdate;
    expect(handleHotUpdate({ file: model, modules: [], server: { moduleGraph } })).toEqual([entryModule]);
  });

  it('rejects a cache option that is not true, false or a directory', () => {
    const meta = { framework: 'vite', versions: {} } as unknown as UnpluginContextMeta;
    for (const cache of [42, '', null]) {
      expect(() => unpluginFactory({ cache } as never, meta)).toThrow(new TypeError(`ddx plugin: \`cache\` must be true, false or a directory path, got ${JSON.stringify(cache)}`));
    }
  });
});

describe('the compiler’s fingerprint, kept with the state of its files', () => {
  it('is taken from the kept one while the files are as they were, and hashed again after any write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddx-fingerprint-'));
    const files = ['a.js', 'b.js'].map((name) => ({ name, file: join(dir, name) }));
    writeFileSync(files[0].file, 'export const a = 1;\n');
    writeFileSync(files[1].file, 'export const b = 2;\n');
    // Whole seconds, which a tool can set back exactly.
    const past = new Date('2026-01-01T00:00:00Z');
    utimesSync(files[0].file, past, past);
    const kept = join(dir, 'cache', 'compiler-fingerprint');
    // Files changed a moment ago: their state is not kept (a second change could leave it as it is).
    const first = fingerprintOf(files, kept);
    expect(() => readFileSync(kept)).toThrow();
    expect(fingerprintOf(files, kept, 0)).toBe(first);
    // A kept fingerprint serves while the files' state holds (marked here to tell it from a hash).
    const record = JSON.parse(readFileSync(kept, 'utf8')) as { fingerprint: string };
    writeFileSync(kept, JSON.stringify({ ...record, fingerprint: 'kept' }));
    expect(fingerprintOf(files, kept, 0)).toBe('kept');
    // The same size and modification time (a tool that sets the times back): the change time tells.
    writeFileSync(files[0].file, 'export const a = 3;\n');
    utimesSync(files[0].file, past, past);
    expect(statSync(files[0].file).mtimeMs).toBe(past.getTime());
    const changed = fingerprintOf(files, kept, 0);
    expect(changed).not.toBe('kept');
    expect(changed).not.toBe(first);
  });
});

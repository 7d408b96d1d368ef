/**
 * The packages as a user gets them: `pnpm pack` of @ddx/dual and @ddx/transform, installed into a
 * new project outside this workspace (its dependencies from the package store, as a registry
 * install would give them), then used the documented ways: a `vite build` with the plugin whose
 * output is run and checked against closed forms, a type check of code using the public API,
 * `require` from CommonJS, and the `ddx` command.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'ddx-packaging-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
}
function ok(result: SpawnSyncReturns<string>, what: string): string {
  expect(result.status, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}
const pnpm = (args: string[], cwd: string) => run('npx', ['--yes', 'pnpm@10.34.9', ...args], cwd);
const tarball = (name: string) => join(tarballs, readdirSync(tarballs).find((file) => file.startsWith(`ddx-${name}-`))!);
const filesOf = (file: string) => ok(run('tar', ['tzf', file], work), 'tar').split('\n').filter(Boolean);

const files: Record<string, string> = {
  'src/model.ts': `/** e^(−x/2) cos 2x. */
export function damped(x: number): number {
  return Math.exp(-x / 2) * Math.cos(2 * x);
}

/** Σ (qᵢ² − 1)². */
export function energy(q: number[]): number {
  let sum = 0;
  for (let i = 0; i < q.length; i++) sum += (q[i] * q[i] - 1) ** 2;
  return sum;
}
`,
  'src/index.ts': `import { derivative, gradient, hessian, secondDerivative } from '@ddx/dual';
import { damped, energy } from './model.js';

export const slope: (x: number) => number = derivative(damped);
export const curvature: (x: number) => number = secondDerivative(damped);
export const force = (q: number[]): number[] => gradient(energy, q);
export const stiffness = (q: number[]): number[][] => hessian(energy, q);
`,
  'vite.config.ts': `import ddx from '@ddx/transform/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [ddx()],
  build: { lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' }, rollupOptions: { external: ['@ddx/dual'] } },
});
`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', noEmit: true, skipLibCheck: true, types: [] },
    include: ['src', 'vite.config.ts'],
  }),
};

beforeAll(() => {
  mkdirSync(tarballs);
  for (const name of ['dual', 'transform']) ok(pnpm(['pack', '--pack-destination', tarballs], join(root, 'packages', name)), `pnpm pack of @ddx/${name}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(app, file, '..'), { recursive: true });
    writeFileSync(join(app, file), text);
  }
  const dual = `file:${tarball('dual')}`;
  writeFileSync(join(app, 'package.json'), JSON.stringify({
    name: 'ddx-consumer', private: true, type: 'module',
    dependencies: { '@ddx/dual': dual },
    devDependencies: { '@ddx/transform': `file:${tarball('transform')}`, vite: '8.3.8', typescript: '6.0.3' },
    // @ddx/transform depends on @ddx/dual by version, which no registry here has.
    pnpm: { overrides: { '@ddx/dual': dual } },
  }));
  ok(pnpm(['install', '--prefer-offline', '--no-frozen-lockfile'], app), 'pnpm install');
}, 180_000);

/** The package.json inside a tarball. */
const packedManifest = (file: string) =>
  JSON.parse(ok(run('tar', ['xzf', file, '-O', 'package/package.json'], work), 'tar')) as Record<string, unknown> & { exports: unknown; engines?: { node?: string } };

/** Every file path an exports map names. */
function exportTargets(map: unknown): string[] {
  if (typeof map === 'string') return [map];
  if (map === null || typeof map !== 'object') return [];
  return Object.values(map).flatMap(exportTargets);
}

describe('the packed packages', () => {
  it('hold the built code, types, README and LICENSE, and no sources, tests or source maps', () => {
    for (const name of ['dual', 'transform']) {
      const listed = filesOf(tarball(name));
      for (const file of ['package/package.json', 'package/README.md', 'package/LICENSE', 'package/dist/index.js', 'package/dist/index.cjs', 'package/dist/index.d.ts', 'package/dist/index.d.cts']) {
        expect(listed, `@ddx/${name}`).toContain(file);
      }
      expect(listed.filter((file) => /^package\/(src|test)\/|\.map$/.test(file)), `@ddx/${name}`).toEqual([]);
    }
    expect(filesOf(tarball('transform'))).toContain('package/bin/ddx.mjs');
  });

  it('publish exports that name only files in the tarball, and declare engines', () => {
    for (const name of ['dual', 'transform']) {
      const manifest = packedManifest(tarball(name));
      const listed = filesOf(tarball(name));
      // `@ddx/source` (the workspace's sources) is stripped when packing: src/ is not published.
      expect(JSON.stringify(manifest.exports), `@ddx/${name}`).not.toContain('@ddx/source');
      for (const target of exportTargets(manifest.exports)) expect(listed, `@ddx/${name} exports ${target}`).toContain(join('package', target));
      expect(manifest.engines?.node, `@ddx/${name}`).toMatch(/^\^20\.19/);
      expect(manifest.keywords, `@ddx/${name}`).toEqual(expect.arrayContaining(['automatic-differentiation']));
    }
  });

  it('ship every document their READMEs link to', () => {
    for (const name of ['dual', 'transform']) {
      const listed = filesOf(tarball(name));
      const readme = ok(run('tar', ['xzf', tarball(name), '-O', 'package/README.md'], work), 'tar');
      const links = [...readme.matchAll(/\]\((?:\.\/)?([\w./-]+\.md)(?:#[\w-]*)?\)/g)].map((m) => m[1]);
      for (const link of links) expect(listed, `@ddx/${name}'s README links to ${link}`).toContain(`package/${link}`);
    }
  });

  it('have types right for every entry, ESM and CommonJS (arethetypeswrong)', () => {
    const attw = join(root, 'test/node_modules/.bin/attw');
    for (const name of ['dual', 'transform']) ok(run(attw, [tarball(name), '--format', 'ascii', '--no-color'], work), `attw on @ddx/${name}`);
  }, 60_000);

  it('share one copy of the compiler core between the entries (CommonJS too), within 1 MB unpacked', () => {
    const sizes = ok(run('tar', ['tzvf', tarball('transform')], work), 'tar').split('\n').filter(Boolean)
      .map((line) => line.trim().split(/\s+/)).map((fields) => [fields[5], Number(fields[2])] as const);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    expect(total).toBeLessThan(1_000_000);
    for (const [file, size] of sizes) if (/^package\/dist\/plugin\/\w+\.c?js$/.test(file)) expect(size, file).toBeLessThan(2_000);
  });

  it('build with the Vite plugin into code whose derivatives are right', async () => {
    ok(run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], app), 'vite build');
    const built = (await import(/* @vite-ignore */ pathToFileURL(join(app, 'dist/index.js')).href)) as {
      slope(x: number): number; curvature(x: number): number; force(q: number[]): number[]; stiffness(q: number[]): number[][];
    };
    const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
    for (const x of [-1, 0.3, 2]) {
      const e = Math.exp(-x / 2), c = Math.cos(2 * x), s = Math.sin(2 * x);
      close(built.slope(x), e * (-c / 2 - 2 * s));
      close(built.curvature(x), e * (-15 * c / 4 + 2 * s));
    }
    const q = [0.5, 2];
    built.force(q).forEach((g, i) => close(g, 4 * q[i] * (q[i] * q[i] - 1)));
    expect(built.stiffness(q)).toEqual([[12 * 0.25 - 4, 0], [0, 12 * 4 - 4]]);
  }, 60_000);

  it('type-check a project that uses the API and the plugin', () => {
    ok(run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], app), 'tsc');
  }, 60_000);

  it('load from CommonJS', () => {
    const out = ok(run(process.execPath, ['-e', "const { derivative, ops } = require('@ddx/dual'); console.log(derivative(ops.sin, 0), derivative(Math.exp, 0))"], app), 'require');
    expect(out.trim()).toBe('1 1');
  });

  it('give a working `ddx` command', () => {
    const ddx = join(app, 'node_modules/.bin/ddx');
    const printed = ok(run(ddx, ['print', 'src/model.ts', '--fn', 'damped'], app), 'ddx print');
    expect(printed).toMatch(/export function damped_derivative\(x: number\): number/);
    const missing = run(ddx, ['print', 'src/absent.ts'], app);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^ddx: error: /);
  });
});

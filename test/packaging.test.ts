/**
 * The packages as a user gets them: `pnpm pack` of @ddx/dual and @ddx/transform, installed into a
 * new project outside this workspace (its dependencies from the package store, as a registry
 * install would give them), then used the documented ways: a `vite build` with the plugin whose
 * output is run and checked against closed forms, a type check of code using the public API,
 * `require` from CommonJS, and the `ddx` command.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'ddx-packaging-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // Without vitest's variables, so that a vitest run in a recipe behaves as a user's would.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST'));
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, NODE_OPTIONS: '' } });
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

  // One copy of the compiler core per format: the only large file of each (about 0.71 MB as ESM,
  // 0.75 MB as CommonJS in December 2026); every entry of a format loads that one. The total budget
  // guards against shipped source maps (+2.8 MB) and leaves room for the core to grow with the
  // accepted language and the modes (1.52 MB with reverse mode's hvp, Jacobians and local
  // matrices; 1.80 MB on 5 December 2026, 0.25 kB under the 1.8 MB budget of then).
  it('share one copy of the compiler core between the entries (CommonJS too), within 2.2 MB unpacked', () => {
    const sizes = ok(run('tar', ['tzvf', tarball('transform')], work), 'tar').split('\n').filter(Boolean)
      .map((line) => line.trim().split(/\s+/)).map((fields) => [fields[5], Number(fields[2])] as const);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    expect(total).toBeLessThan(2_200_000);
    for (const format of ['js', 'cjs']) {
      const large = sizes.filter(([file, size]) => file.startsWith('package/dist/') && file.endsWith(`.${format}`) && size > 100_000);
      expect(large, `.${format} files over 100 kB`).toHaveLength(1);
    }
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

/**
 * packages/transform/README.md's "Getting started in your project", followed literally: each
 * recipe (a `###` section) starts from an empty folder holding the files shown before the first
 * recipe, then takes its steps in order. A code block whose first line is `// <path>` is written
 * to that path as shown; each line of an `sh` block is run, and one ending in `# → <text>` must
 * print exactly that text. `npm install` of the @ddx packages installs the tarballs (through pnpm,
 * with every other package at the workspace's own version, so that it comes from the store).
 */
interface Step {
  file?: { path: string; text: string };
  command?: { line: string; prints?: string };
}

function recipesOf(readme: string): { preamble: Step[]; recipes: Map<string, Step[]> } {
  const start = readme.indexOf('\n## Getting started in your project\n');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  const stepsOf = (text: string): Step[] =>
    [...text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].flatMap(([, lang, body]): Step[] => {
      if (lang === 'sh') {
        return body.split('\n').filter((line) => line.trim() !== '').map((line) => {
          const [command, prints] = line.split(/\s+# → /);
          return { command: { line: command.trim(), prints } };
        });
      }
      const path = /^\/\/ (\S+)\n/.exec(body)?.[1];
      return path ? [{ file: { path, text: body } }] : [];
    });
  const [preamble, ...parts] = section.split(/^### /m);
  const recipes = new Map(parts.map((part) => [part.slice(0, part.indexOf('\n')).trim(), stepsOf(part)] as const));
  return { preamble: stepsOf(preamble), recipes };
}

/** The version of `name` that the workspace itself installs (so that pnpm finds it in its store). */
function workspaceVersion(name: string): string {
  for (const manifest of ['package.json', 'test/package.json']) {
    const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(join(root, manifest), 'utf8')) as Record<string, Record<string, string>>;
    const version = devDependencies[name] ?? dependencies[name];
    if (version) return version;
  }
  throw new Error(`the README installs ${name}, which the workspace does not: add it to test/package.json's devDependencies`);
}

/** Runs one README command in `dir`; `npm install` goes through pnpm with the tarballs. */
function runStep(line: string, dir: string): SpawnSyncReturns<string> {
  const [program, ...args] = line.split(/\s+/);
  const install = /^npm install( --save-dev)? (.+)$/.exec(line);
  if (install) {
    // A spec with a range (`webpack-cli@6`) installs the workspace's version, which test/package.json keeps in that range.
    const nameOf = (spec: string): string => (spec.lastIndexOf('@') > 0 ? spec.slice(0, spec.lastIndexOf('@')) : spec);
    const specs = install[2].split(/\s+/).map(nameOf).map((name) => (name.startsWith('@ddx/') ? `${name}@file:${tarball(name.slice(5))}` : `${name}@${workspaceVersion(name)}`));
    return pnpm(['add', '--prefer-offline', ...(install[1] ? ['--save-dev'] : []), ...specs], dir);
  }
  if (program === 'node') return run(process.execPath, args, dir);
  if (program === 'npm' || program === 'npx') return run(program, args, dir);
  throw new Error(`the README's getting-started step '${line}' is neither npm, npx nor node: teach this test to follow it`);
}

describe("the README's getting-started recipes", () => {
  const readme = readFileSync(join(root, 'packages/transform/README.md'), 'utf8');
  const { preamble, recipes } = recipesOf(readme);
  // f(x) = e^x / √(sin³x + cos³x) at 1.5 (reference-derivatives.json, "martins"), and sin 1 + cos 1.
  const reference = JSON.parse(readFileSync(join(root, 'test/vectors/reference-derivatives.json'), 'utf8')) as { composite: { fn: string; grad: string[]; hess: string[][] }[] };
  const martins = reference.composite.find(({ fn }) => fn === 'martins')!;
  const expected = [Number(martins.grad[0]), Number(martins.hess[0][0]), Math.sin(1) + Math.cos(1)];

  it('has a recipe for each bundler PLUGINS.md names and for a CommonJS TypeScript project', () => {
    expect([...recipes.keys()]).toEqual(['Vite and Vitest', 'esbuild', 'tsup', 'Rollup', 'Rolldown', 'webpack', 'TypeScript without a bundler (CommonJS, `ddx gen`)']);
    expect(preamble.map((step) => step.file?.path)).toEqual(['src/model.ts', 'src/main.ts']);
  });

  it.each([...recipes.keys()])('%s: from an empty folder to a passing derivative', (name) => {
    const dir = join(work, 'getting-started', name.replace(/\W+/g, '-'));
    mkdirSync(dir, { recursive: true });
    let installed = false;
    for (const step of [...preamble, ...recipes.get(name)!]) {
      if (step.file) {
        mkdirSync(join(dir, step.file.path, '..'), { recursive: true });
        writeFileSync(join(dir, step.file.path), step.file.text);
        continue;
      }
      const { line, prints } = step.command!;
      if (!installed && line.startsWith('npm install')) {
        // @ddx/transform depends on @ddx/dual by version, which no registry here has.
        ok(run('npm', ['pkg', 'set', `pnpm.overrides.@ddx/dual=file:${tarball('dual')}`], dir), 'npm pkg set');
        installed = true;
      }
      const out = ok(runStep(line, dir), `${name}: ${line}`);
      if (prints === undefined) continue;
      expect(out.trim(), `${name}: what ${line} prints`).toBe(prints);
      prints.split(' ').map(Number).forEach((value, i) => expect(Math.abs(value - expected[i]) / expected[i], `${name}: value ${i + 1}`).toBeLessThan(4e-16));
    }
  }, 240_000);
});

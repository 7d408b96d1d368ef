/**
 * Every Node version the project declares must be one its dependencies accept: a dependency
 * whose `engines` is narrower (vega-lite 6.5 asks for Node ≥ 22) would fail or misbehave on a
 * Node the README promises. Checked on what is installed: everything the workspace's packages
 * depend on, transitively, against the root's `engines`, and the runtime dependencies of each published package
 * (everything a user installs with it) against that package's own `engines`.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** The packages whose declared Node range does not cover all of `range`. */
function narrower(packages: Iterable<string>, range: string): string[] {
  const out: string[] = [];
  for (const dir of packages) {
    const { name, version, engines } = manifest(dir);
    if (engines?.node && !semver.subset(range, engines.node)) out.push(`${name}@${version} (engines.node ${engines.node})`);
  }
  return [...new Set(out)].sort();
}

/** The workspace's own packages: the root and every folder pnpm-workspace.yaml names. */
function workspacePackages(): string[] {
  const globs = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').match(/^\s+- (\S+)$/gm) ?? [];
  const dirs = [root];
  for (const glob of globs.map((line) => line.trim().slice(2))) {
    if (!glob.endsWith('/*')) dirs.push(join(root, glob));
    else for (const name of readdirSync(join(root, glob.slice(0, -2)))) dirs.push(join(root, glob.slice(0, -2), name));
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

/** Everything the workspace installs: each workspace package's dependencies of every kind, transitively. */
function installedPackages(): Set<string> {
  const all = new Set<string>();
  for (const dir of workspacePackages()) for (const found of dependencyClosure(dir, true)) all.add(found);
  return all;
}

/** The dependencies of the package in `dir` (with its devDependencies if asked), transitively, as Node resolves them. */
function dependencyClosure(dir: string, withDevDependencies = false): Set<string> {
  const seen = new Set<string>();
  const visit = (from: string, dev: boolean) => {
    const { dependencies = {}, optionalDependencies = {}, devDependencies = {} } = manifest(from);
    for (const name of Object.keys({ ...dependencies, ...optionalDependencies, ...(dev ? devDependencies : {}) })) {
      // Absent: an optional dependency for another platform.
      const found = lookUp(from, name);
      if (found === undefined || seen.has(found)) continue;
      seen.add(found);
      visit(found, false);
    }
  };
  visit(dir, withDevDependencies);
  return seen;
}
/** Where Node finds package `name` from the package in `from`: the nearest node_modules/name above it. */
function lookUp(from: string, name: string): string | undefined {
  for (let d = from; dirname(d) !== d; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

describe('Node versions', () => {
  const declared = manifest(root).engines?.node ?? '';

  it('the workspace declares a Node range, and every installed package accepts all of it', () => {
    expect(semver.validRange(declared), 'root engines.node').toBeTruthy();
    expect(semver.satisfies(process.versions.node, declared), `this Node ${process.versions.node} is outside ${declared}`).toBe(true);
    expect(narrower(installedPackages(), declared)).toEqual([]);
  });

  it.each(['dual', 'transform'])('@ddx/%s declares a Node range, and its runtime dependencies accept all of it', (name) => {
    const dir = join(root, 'packages', name);
    const own = manifest(dir).engines?.node ?? '';
    expect(semver.validRange(own), `@ddx/${name} engines.node`).toBeTruthy();
    expect(narrower(dependencyClosure(dir), own)).toEqual([]);
  });
});

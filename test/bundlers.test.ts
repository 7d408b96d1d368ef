import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { describe, expect, it, vi } from 'vitest';
import { builds, type BuildWarning } from './builds.js';
import { checkLibrary, type BuiltLibrary } from './library-checks.js';

// Real production builds of one fixture project with every bundler's ddx plugin; the built
// module is imported and its derivatives checked against closed forms. The fixture's functions
// are plain numeric code, so a call site the plugin missed would throw @ddx/dual's TypeError.

const here = import.meta.dirname;
const project = resolve(here, 'fixtures/project/src/entry.ts');
const unsupported = resolve(here, 'fixtures/unsupported/src/entry.ts');
const equality = resolve(here, 'fixtures/equality/src/entry.ts');
const reexport = resolve(here, 'fixtures/reexport/src/entry.ts');
const library = resolve(here, '../examples/tsup-library/src/index.ts');
const outDirOf = (bundler: string, fixture: string) => resolve(here, '.builds', bundler, fixture);

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));

// signal(x) = e^(−x/2) cos 2x + x sin x
const signalSlope = (x: number) => Math.exp(-x / 2) * (-0.5 * Math.cos(2 * x) - 2 * Math.sin(2 * x)) + Math.sin(x) + x * Math.cos(x);
const signalCurvature = (x: number) => Math.exp(-x / 2) * (-3.75 * Math.cos(2 * x) + 2 * Math.sin(2 * x)) + 2 * Math.cos(x) - x * Math.sin(x);
// chainEnergy(q) = Σ (qᵢ² − 1)² + Σ qᵢ qᵢ₊₁
const chainGradient = (q: number[]) => q.map((v, i) => 4 * v * (v * v - 1) + (q[i - 1] ?? 0) + (q[i + 1] ?? 0));
const chainHessian = (q: number[]) => q.map((v, i) => q.map((_, j) => (i === j ? 12 * v * v - 4 : Math.abs(i - j) === 1 ? 1 : 0)));

interface BuiltProject {
  signalSlope(x: number): number;
  signalCurvature(x: number): number;
  chainGradient(q: number[]): number[];
  chainHessian(q: number[]): number[][];
  cartesianJacobian(p: number[]): number[][];
  softenedSlope(x: number): number;
  softenedCurvature(x: number): number;
}

/** Where the generated position of `text` in the bundle maps back to, through its source map. */
function originalPositionOf(bundle: string, text: string) {
  const code = readFileSync(bundle, 'utf8');
  const offset = code.indexOf(text);
  expect(offset, `${text} in the bundle`).toBeGreaterThan(-1);
  const before = code.slice(0, offset).split('\n');
  const map = new TraceMap(readFileSync(`${bundle}.map`, 'utf8'), bundle);
  return originalPositionFor(map, { line: before.length, column: before[before.length - 1].length });
}

describe.each(Object.keys(builds))('%s with the ddx plugin', (bundler) => {
  const build = builds[bundler];

  it('builds the fixture project into derivatives equal to the closed forms', async () => {
    const outDir = outDirOf(bundler, 'project');
    rmSync(outDir, { recursive: true, force: true });
    await build(project, outDir);
    const bundle = join(outDir, 'entry.js');
    const built = (await import(pathToFileURL(bundle).href)) as BuiltProject;

    for (const x of [-1.3, 0, 0.4, 2.5]) {
      close(built.signalSlope(x), signalSlope(x));
      close(built.signalCurvature(x), signalCurvature(x));
    }
    const q = [0.3, -1.1, 0.8, 2];
    chainGradient(q).forEach((g, i) => close(built.chainGradient(q)[i], g));
    chainHessian(q).forEach((row, i) => row.forEach((h, j) => close(built.chainHessian(q)[i][j], h)));
    // softened(x) = x·softplus(2x): σ' = σ(1 − σ).
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    for (const x of [-1.3, 0, 0.4]) {
      close(built.softenedSlope(x), Math.log1p(Math.exp(2 * x)) + 2 * x * s(2 * x));
      close(built.softenedCurvature(x), 4 * s(2 * x) + 4 * x * s(2 * x) * (1 - s(2 * x)));
    }
    const [r, theta] = [2, 0.7];
    const jacobian = built.cartesianJacobian([r, theta]);
    [[Math.cos(theta), -r * Math.sin(theta)], [Math.sin(theta), r * Math.cos(theta)]]
      .forEach((row, i) => row.forEach((entry, j) => close(jacobian[i][j], entry)));

    // The source map carries the plugin's map: code below the rewritten call sites still maps
    // to its own line in the user's file.
    const source = readFileSync(project, 'utf8').split('\n');
    const position = originalPositionOf(bundle, 'fixture: thrown below the call sites');
    expect(position.source).toMatch(/fixtures\/project\/src\/entry\.ts$/);
    expect(position.line).toBe(source.findIndex((line) => line.includes('fixture: thrown below the call sites')) + 1);
  }, 60_000);

  it('builds examples/tsup-library into a module with the reference derivatives', async () => {
    const outDir = outDirOf(bundler, 'tsup-library');
    rmSync(outDir, { recursive: true, force: true });
    await build(library, outDir);
    checkLibrary((await import(pathToFileURL(join(outDir, 'entry.js')).href)) as BuiltLibrary);
  }, 60_000);

  it('reports an equality test of the input as a warning with its location and frame, and builds', async () => {
    const outDir = outDirOf(bundler, 'equality');
    rmSync(outDir, { recursive: true, force: true });
    const warnings: BuildWarning[] = [];
    await build(equality, outDir, {}, (warning) => warnings.push(warning));
    const lines = readFileSync(equality, 'utf8').split('\n');
    // The first `x === 1` warns; the silenced one, the counter's test and the guard do not.
    const line = lines.findIndex((text) => text.includes('if (x === 1)')) + 1;
    const column = lines[line - 1].indexOf('x === 1') + 1;
    const ours = warnings.filter((warning) => warning.message.includes('DDX2001'));
    // webpack puts its own line ("Module Warning (from …)") before the text.
    expect(ours.map((warning) => warning.message.split('\n').find((text) => text.includes('DDX2001')))).toEqual([
      expect.stringContaining(`${equality}:${line}:${column}: warning DDX2001: 'x === 1' compares a value that depends on the input`),
    ]);
    // Rollup-family bundlers carry the code frame beside the message, the others inside it.
    expect(`${ours[0].frame ?? ''}\n${ours[0].message}`).toContain(`> ${line} |   if (x === 1) return 1;`);
    const built = (await import(pathToFileURL(join(outDir, 'entry.js')).href)) as Record<string, (x: number) => number>;
    // d/dx ln x / (x − 1) = (1 − 1/x − ln x) / (x − 1)²: at 2, 1/2 − ln 2; at 1, the special case's 0.
    close(built.logRatioSlope(2), 0.5 - Math.log(2));
    expect(built.logRatioSlope(1)).toBe(0);
    expect(built.logRatioQuietSlope(1)).toBe(0);
    close(built.powerSumSlope(1.5), 1 + 3 * 1.5 ** 2);
  }, 60_000);

  // The entry does not mention @ddx/dual: the bundler's filter by code must still let it through.
  it('builds a module that imports the verbs from a module of the app re-exporting them', async () => {
    const outDir = outDirOf(bundler, 'reexport');
    rmSync(outDir, { recursive: true, force: true });
    await build(reexport, outDir);
    const built = (await import(pathToFileURL(join(outDir, 'entry.js')).href)) as { waveSlope(x: number): number };
    for (const x of [-1.3, 0, 0.4, 2.5]) close(built.waveSlope(x), Math.sin(x) + x * Math.cos(x));
  }, 60_000);

  it('fails on an unsupported construct with the diagnostic and writes no bundle', async () => {
    const outDir = outDirOf(bundler, 'unsupported');
    rmSync(outDir, { recursive: true, force: true });
    const lines = readFileSync(unsupported, 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('try {')) + 1;
    const column = lines[line - 1].indexOf('try {') + 1;

    // The failure is expected: tsup also logs it ("ESM Build failed"), which would read as red in a green run.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = await build(unsupported, outDir).then(() => undefined, (error: Error) => error).finally(() => logged.mockRestore());
    expect(failure, 'the build must fail').toBeInstanceOf(Error);
    expect(failure?.message).toContain(`${unsupported}:${line}:${column}: error DDX1002:`);
    // Rollup-family bundlers carry the code frame beside the message, the others inside it.
    const frame = `${(failure as Error & { frame?: string }).frame ?? ''}\n${failure?.message}`;
    expect(frame).toContain(`> ${line} |   try {`);
    expect(existsSync(join(outDir, 'entry.js'))).toBe(false);
  }, 60_000);
});

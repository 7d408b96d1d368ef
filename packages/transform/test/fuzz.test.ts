/**
 * Differential fuzzing in CI: 350 random programs (fixed seed) through both transform modes and
 * the run-time engine, checked against each other (1e-13 relative) and against Richardson finite
 * differences (fuzz/finite-differences.ts). `pnpm fuzz` runs many more, with shrinking.
 */
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { program } from '../fuzz/arbitrary.js';
import { cleanUp, runBatch, type Outcome } from '../fuzz/check.js';

const SEED = 20261123;
const PROGRAMS = 350;
const BATCH = 50;
/**
 * A limit that only catches a hang: the run's time grows with the machine's load (300 programs took
 * 99 s at a load of 12–13, about 2.5 times that at ~30, where 360 s failed), and fewer programs would
 * weaken what the run covers (the data and finite-difference counts below), so the limit is raised,
 * not the run cut. Each program's own budgets (the interpreter's steps) keep one from running away.
 */
const LIMIT_MS = 1_200_000;

afterAll(cleanUp);

it(`${PROGRAMS} random programs: inline ≡ dual mode ≡ run-time engine ≡ finite differences`, async () => {
  const programs = fc.sample(program, { seed: SEED, numRuns: PROGRAMS });
  const outcomes: Outcome[] = [];
  for (let start = 0; start < programs.length; start += BATCH) {
    outcomes.push(...(await runBatch(programs.slice(start, start + BATCH).map((prog, k) => ({ prog, p: start + k })))));
  }
  const failures = outcomes.filter((o) => o.status !== 'ok').map((o) => `run ${o.p} (${o.status}): ${o.details.slice(0, 3).map((d) => d.split('\n')[0]).join(' | ')}`);
  expect(failures, `replay with: npx tsx packages/transform/fuzz/main.ts --seed ${SEED} --runs ${PROGRAMS}`).toEqual([]);
  // The suite must really compare derivatives: most entries are checked against finite differences.
  const fdChecks = outcomes.reduce((n, o) => n + o.fdChecks, 0);
  const fdSkipped = outcomes.reduce((n, o) => n + o.fdSkipped, 0);
  expect(outcomes).toHaveLength(PROGRAMS);
  // About one program in four differentiates an arrow capturing a data array, of both kinds.
  const withData = programs.filter((p) => p.data);
  expect(withData.length).toBeGreaterThan(PROGRAMS / 8);
  expect(withData.some((p) => p.dataModule)).toBe(true);
  expect(withData.some((p) => !p.dataModule)).toBe(true);
  expect(fdChecks).toBeGreaterThan(3 * PROGRAMS);
  expect(fdSkipped).toBeLessThan(fdChecks / 4);
}, LIMIT_MS);

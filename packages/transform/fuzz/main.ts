/**
 * `pnpm fuzz [--seed N] [--runs N] [--from N] [--batch N] [--shrink N] [--no-save] [--family F] [--help]`: differential fuzzing of the
 * transform (inline ≡ dual mode ≡ run-time engine ≡ finite differences; the IR interpreter ≡ the
 * plain program) on random programs.
 * Every distinct failure is shrunk by fast-check (replaying its run by seed and path) and kept
 * as a fixture under test/fixtures-fuzz/ (under `--no-save`, shrunk only when `--shrink N` is given).
 * Exit code 1 when anything failed.
 * `--from N` starts at run N of the seeded sequence (runs N … N + runs − 1, numbered as in a run
 * from 0), so that a long run can be split into parts run side by side on several cores, and one
 * run replayed alone (`--from 922 --runs 1`).
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { program } from './arbitrary.js';
import { cleanUp, documentedDifferences, runBatch, type Outcome } from './check.js';
import { FAMILIES as FAMILY_TABLE, familiesOf } from './render.js';
import { saveFixture, signature } from './fixtures.js';
import type { Program } from './program.js';

const CONDITION = '--conditions=@ddx/source';

/** Workspace packages must resolve to their sources, as in the tests: re-run under the condition. */
function ensureSourceCondition(): void {
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('@ddx/source'))) return;
  const r = spawnSync(process.execPath, [...process.execArgv, CONDITION, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

interface Args { seed: number; runs: number; from: number; batch: number; shrink: number; save: boolean; family?: string }

/** The families `--family` takes: those render.ts familiesOf names. */
const FAMILIES = FAMILY_TABLE.map(([name]) => name);

const USAGE = `usage: fuzz [--seed N] [--runs N] [--from N] [--batch N] [--shrink N] [--no-save] [--family F] [--help]
  --seed N     the seed of the program sequence (default: the clock)
  --runs N     how many programs (default 20000)
  --from N     start at run N of the sequence (runs N … N + runs − 1; --from 922 --runs 1 replays one run)
  --batch N    programs per transformed module (default 25)
  --shrink N   shrink the first N distinct failures (default 10; 0 under --no-save)
  --no-save    keep no fixture under test/fixtures-fuzz/
  --family F   only programs writing family F, one of:
${FAMILIES.map((f) => `               ${f}`).join('\n')}
  --help       this text`;

/**
 * The arguments; `--shrink` defaults to 10, or to 0 under `--no-save`, where a shrunk program would
 * be thrown away (minutes of replays for nothing; `--no-save --shrink N` still shrinks and prints).
 */
function parseArgs(argv: string[]): Args {
  const args: Args = { seed: Date.now() % 1_000_000, runs: 20_000, from: 0, batch: 25, shrink: 10, save: true };
  let shrinkGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag === '--no-save') { args.save = false; continue; }
    if (flag === '--family' && !FAMILIES.includes(argv[i + 1])) {
      console.error(`fuzz: unknown family '${argv[i + 1] ?? ''}'\n${USAGE}`);
      process.exit(2);
    }
    if (flag === '--family') { args.family = argv[++i]; continue; }
    const key = ({ '--seed': 'seed', '--runs': 'runs', '--from': 'from', '--batch': 'batch', '--shrink': 'shrink' } as const)[flag];
    const value = Number(argv[++i]);
    if (!key || !Number.isInteger(value) || value < 0) {
      console.error(`fuzz: bad argument '${flag}${argv[i] !== undefined ? ' ' + argv[i] : ''}'\n${USAGE}`);
      process.exit(2);
    }
    args[key] = value;
    if (key === 'shrink') shrinkGiven = true;
  }
  if (!args.save && !shrinkGiven) args.shrink = 0;
  return args;
}

const failing = (o: Outcome): boolean => o.status !== 'ok';

/**
 * The programs to run, each with where the seeded sequence made it (for shrinking). With
 * `--family F`, only programs writing F (render.ts: familiesOf), drawn from the sequences of seeds
 * seed, seed + 1, … until there are `from + runs` of them; the first `from` are skipped.
 */
function sample(args: Args): { programs: Program[]; origins: { seed: number; index: number }[] } {
  if (!args.family) {
    const programs = fc.sample(program, { seed: args.seed, numRuns: args.from + args.runs }).slice(args.from);
    return { programs, origins: programs.map((_, k) => ({ seed: args.seed, index: args.from + k })) };
  }
  const programs: Program[] = [];
  const origins: { seed: number; index: number }[] = [];
  const CHUNK = 2000;
  const wanted = args.from + args.runs;
  for (let seed = args.seed; programs.length < wanted; seed++) {
    if (seed - args.seed > 1000) throw new Error(`fuzz: no programs writing '${args.family}' (families: see render.ts familiesOf)`);
    fc.sample(program, { seed, numRuns: CHUNK }).forEach((prog, index) => {
      if (programs.length < wanted && familiesOf(prog).includes(args.family!)) {
        programs.push(prog);
        origins.push({ seed, index });
      }
    });
  }
  return { programs: programs.slice(args.from), origins: origins.slice(args.from) };
}

/**
 * Shrinks run `index` of the seeded sequence with fast-check; returns the smallest program that
 * still fails the same way (same signature: shrinking must not wander off to another bug).
 */
async function shrink(seed: number, index: number, runs: number, target: string): Promise<{ prog: Program; outcome: Outcome } | undefined> {
  let last: { prog: Program; outcome: Outcome } | undefined;
  const property = fc.asyncProperty(program, async (prog) => {
    const [outcome] = await runBatch([{ prog, p: 0 }]);
    const same = failing(outcome) && signature(outcome) === target;
    if (same) last = { prog, outcome };
    return !same;
  });
  const result = await fc.check(property, { seed, path: String(index), numRuns: runs, endOnFailure: false, interruptAfterTimeLimit: 90_000 });
  if (!result.failed || !result.counterexample) return last;
  const [prog] = result.counterexample;
  const [outcome] = await runBatch([{ prog, p: 0 }]);
  return failing(outcome) && signature(outcome) === target ? { prog, outcome } : last;
}

async function main(): Promise<void> {
  ensureSourceCondition();
  const args = parseArgs(process.argv.slice(2));
  const { programs, origins } = sample(args);
  const tally: Record<Outcome['status'], number> = { ok: 0, mismatch: 0, crash: 0, rejected: 0, unsafe: 0 };
  let fdChecks = 0;
  let fdSkipped = 0;
  let engineChecks = 0;
  let interpreterChecks = 0;
  let reverseChecks = 0;
  /** The programs reverse mode left out (DDX1062), by the construct named. */
  const leftOut = new Map<string, number>();
  let nonFinite = 0;
  let special = 0;
  const firstOf = new Map<string, { index: number; outcome: Outcome }>();
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  console.log(`fuzz: seed ${args.seed}, ${args.runs} programs${args.from > 0 ? ` from run ${args.from}` : ''}${args.family ? ` writing ${args.family}` : ''}, batches of ${args.batch}`);
  /** Where a run came from, as the summary and a replay (`--seed S --from N --runs 1`) name it. */
  const runName = (index: number): string => args.family
    ? `run ${index} (run ${origins[index].index} of seed ${origins[index].seed})`
    : `run ${origins[index].index}`;
  for (let start = 0; start < programs.length; start += args.batch) {
    const entries = programs.slice(start, start + args.batch).map((prog, k) => ({ prog, p: start + k }));
    for (const o of await runBatch(entries)) {
      tally[o.status]++;
      fdChecks += o.fdChecks;
      fdSkipped += o.fdSkipped;
      engineChecks += o.engineChecks;
      interpreterChecks += o.interpreterChecks;
      reverseChecks += o.reverseChecks ?? 0;
      if (o.reverseLeftOut !== undefined) leftOut.set(o.reverseLeftOut, (leftOut.get(o.reverseLeftOut) ?? 0) + 1);
      nonFinite += o.nonFinite;
      special += o.special;
      if (failing(o) && !firstOf.has(signature(o))) {
        firstOf.set(signature(o), { index: o.p, outcome: o });
        // Said at once, so that a long run shows its failures while it goes on.
        if (tty) process.stderr.write('\n');
        console.log(`fuzz: ${runName(o.p)} failed: ${o.details.slice(0, 2).join(' | ')}`);
      }
    }
    const done = Math.min(start + args.batch, programs.length);
    const line = `fuzz: ${done}/${programs.length} programs, ${tally.mismatch} mismatches, ${tally.crash} crashes, ` +
      `${tally.rejected} rejected, ${tally.unsafe} unsafe, ${((Date.now() - started) / 1000).toFixed(0)} s`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (Date.now() - lastLine > 10_000 || done === programs.length) {
      process.stderr.write(line + '\n');
      lastLine = Date.now();
    }
  }
  if (tty) process.stderr.write('\n');
  cleanUp();
  const withData = programs.filter((p) => p.data);
  console.log(`fuzz: ${programs.length} programs in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `${tally.ok} ok, ${tally.mismatch} mismatches, ${tally.crash} crashes, ${tally.rejected} wrongly rejected, ${tally.unsafe} unsafe; ` +
    `${withData.length} read captured data (${withData.filter((p) => p.dataModule).length} of them a module-level array)`);
  console.log(`fuzz: ${engineChecks} engine comparisons, ${fdChecks} finite-difference checks (${fdSkipped} skipped as unreliable); ` +
    `points compared by the engines only: ${nonFinite} non-finite, ${special} on the half-integer grid`);
  console.log(`fuzz: ${interpreterChecks} inputs on which the IR interpreter was compared with the plain program`);
  const families = new Map<string, number>();
  for (const prog of programs) for (const f of familiesOf(prog)) families.set(f, (families.get(f) ?? 0) + 1);
  console.log(`fuzz: programs writing ${[...families].map(([f, n]) => `${f}: ${n}`).join(', ')}`);
  console.log(`fuzz: ${reverseChecks} gradient, Hessian, Jacobian and vjp entries compared between reverse mode and inline mode (the Hessian over reverse mode for half the programs of a vector input) (${documentedDifferences} of them NaN in one mode and a number in the other at a non-finite partial: the documented differences, README's reverse mode)`);
  const skipped = [...leftOut].sort((a, b) => b[1] - a[1]);
  console.log(`fuzz: ${skipped.reduce((n, [, k]) => n + k, 0)} programs left out of reverse mode (DDX1062)${skipped.length > 0 ? `: ${skipped.map(([what, k]) => `${k} × ${what}`).join('; ')}` : ''}`);
  if (firstOf.size === 0) return;
  console.log(`fuzz: ${firstOf.size} distinct failures:`);
  let shrunk = 0;
  for (const [sig, { index, outcome }] of firstOf) {
    console.log(`\n- ${runName(index)}: ${sig}\n    ${outcome.details.slice(0, 4).join('\n    ')}`);
    if (shrunk >= args.shrink) continue;
    shrunk++;
    const origin = origins[index];
    const small = await shrink(origin.seed, origin.index, Math.max(args.runs, origin.index + 1), sig);
    cleanUp();
    if (!small) {
      console.log('    (did not fail again when replayed alone)');
      continue;
    }
    console.log(`    shrunk: ${small.outcome.details.slice(0, 3).join('\n            ')}`);
    if (args.save) {
      const dir = saveFixture({ seed: origin.seed, index: origin.index, status: small.outcome.status, details: small.outcome.details, program: small.prog });
      console.log(`    kept as ${dir}`);
    }
  }
  process.exitCode = 1;
}

await main();

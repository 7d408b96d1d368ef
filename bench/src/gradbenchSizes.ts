/**
 * Issue 15's "compiled gradient within 3× of the hand-written JavaScript gradient at every size":
 * the GradBench problems with a scalar objective and a hand-written gradient (least squares,
 * log-sum-exp, determinant, ODE, Gaussian mixture, LSTM) at GradBench's own sizes (`sizes` in
 * src/gradbench/problems.ts). Each problem runs in one fresh process (measure.ts), its sizes smallest
 * first; at each size its primal, hand-written gradient and reverse mode (the GradBench group's
 * reverse call site, the same generated module) are computed once, checked against the hand-written
 * gradient, and timed against the primal as every group is (group.ts, `measureGroup`), with a
 * GradBench group's rounds per process. Run as a script, this file is that fresh process.
 */
import { fileURLToPath } from 'node:url';
import { measureGroup, measureOptions, roundsPerProcess } from './group.js';
import { inFreshProcess, serveInChild } from './measure.js';
import { loadCompiled } from './methods/ddxTransform.js';
import { problem } from './gradbench/problems.js';
import { gradbenchSizeGroup, type SuiteConfig } from './suite.js';
import type { GroupResult } from './targets.js';

/** The problems measured at every size, in the bench's order. */
export const sizedProblems = ['llsq', 'lse', 'det', 'ode', 'gmm', 'lstm'] as const;

/** What the parent asks a problem's process to measure: every size, or (quick) the smallest. */
export interface SizesRequest {
  readonly name: string;
  readonly quick: boolean;
}

/** The problems a run measures: those of its suite (the quick suite has llsq, ode and gmm), each with the sizes it measures. */
export function sizesPlan(config: SuiteConfig): { name: string; sizes: number }[] {
  return sizedProblems.filter((name) => config.gradbench.includes(name))
    .map((name) => ({ name, sizes: config.gradbenchSize === 'quick' ? 1 : problem(name)?.sizes?.length ?? 0 }));
}

/** In the problem's process: its groups, one per size, built and measured in turn. */
async function serveSizes(request: SizesRequest, progress: (line: string) => void): Promise<GroupResult[]> {
  const pb = problem(request.name);
  if (!pb?.sizes?.length) throw new Error(`no GradBench sizes for the problem ${request.name}`);
  const engines = { jax: 'not loaded for this group', transform: await loadCompiled() };
  const options = { ...measureOptions(request.quick), rounds: roundsPerProcess(`gradbench.${pb.name}`, request.quick) };
  const out: GroupResult[] = [];
  for (const [i, input] of (request.quick ? pb.sizes.slice(0, 1) : pb.sizes).entries()) {
    const group = { id: `gradbench-size.${pb.name}.${i + 1}`, ...gradbenchSizeGroup(pb, input(), engines) };
    progress(`  ${group.title.replace(/^.*\), /, '')}`);
    out.push(await measureGroup(group, options, (line) => progress(`  ${line}`)));
  }
  return out;
}

const thisFile = fileURLToPath(import.meta.url);

/** Every problem of the plan in its own fresh process; a process that fails leaves one group saying why. */
export async function measureSizes(config: SuiteConfig, log: (line: string) => void): Promise<GroupResult[]> {
  const out: GroupResult[] = [];
  for (const { name } of sizesPlan(config)) {
    const t0 = performance.now();
    log(`gradbench ${name} at GradBench's sizes`);
    try {
      out.push(...await inFreshProcess<SizesRequest, GroupResult[]>(thisFile, { name, quick: config.gradbenchSize === 'quick' }, log));
    } catch (e) {
      const failure = e instanceof Error ? e.message : String(e);
      log(`  failed: ${failure}`);
      out.push({ id: `gradbench-size.${name}`, title: `GradBench ${name} at GradBench's sizes`, task: 'gradbench-size', workload: name, rows: [], failure });
    }
    log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return out;
}

if (process.send && process.argv[1] === thisFile) serveInChild(serveSizes);

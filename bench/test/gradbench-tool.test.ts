// bench/gradbench-tool against a driver that speaks GradBench's JSON-lines protocol as its evals do:
// one message at a time, each answered with its id, inputs shaped as GradBench's evals send them, and
// outputs checked with GradBench's documented tolerance (|a − b| / max(1, |a| + |b|) ≤ 1e-4) against
// the hand-written derivatives.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handJacobian } from '../src/gradbench/ht.js';
import { handArguments, handInstance, handPose, toGradBench } from '../src/gradbench/htModel.js';
import { expected, problem } from '../src/gradbench/problems.js';

type Response = { id: number; success?: boolean; output?: unknown; error?: string; tool?: string; timings?: { name: string; nanoseconds: number }[] };

/** The eval's side of a session: sends a message, waits for the response with the same id. */
class Driver {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private id = 0;
  stderr = '';
  constructor() {
    this.child = spawn(join(__dirname, '..', 'gradbench-tool'), [], { stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }
  async send(message: Record<string, unknown>): Promise<Response> {
    const id = this.id++;
    this.child.stdin.write(`${JSON.stringify({ id, ...message })}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error(`the tool closed its output; stderr: ${this.stderr}`);
    const response = JSON.parse(next.value) as Response;
    expect(response.id).toBe(id);
    return response;
  }
  close(): void {
    this.child.stdin.end();
  }
}

/** Mismatches under GradBench's comparison: same shape, numbers within 1e-4 of max(1, |a| + |b|). */
function mismatches(want: unknown, got: unknown, path = ''): string[] {
  if (typeof want === 'number' && typeof got === 'number') {
    return Math.abs(want - got) / Math.max(1, Math.abs(want) + Math.abs(got)) <= 1e-4 ? [] : [`${path}: ${want} != ${got}`];
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) return [`${path}: length ${want.length} != ${got.length}`];
    return want.flatMap((w, i) => mismatches(w, got[i], `${path}[${i}]`));
  }
  if (want && got && typeof want === 'object' && typeof got === 'object') {
    const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
    return [...keys].flatMap((k) => mismatches((want as Record<string, unknown>)[k], (got as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return want === got ? [] : [`${path}: ${String(want)} != ${String(got)}`];
}

describe('bench/gradbench-tool speaks GradBench\'s protocol', { timeout: 120_000 }, () => {
  let tool: Driver;
  beforeAll(() => { tool = new Driver(); });
  afterAll(() => tool.close());
  const runs = { min_runs: 2, min_seconds: 0 };

  it('start: names the tool; analysis messages are acknowledged with their id only', async () => {
    expect(await tool.send({ kind: 'start', eval: 'llsq' })).toMatchObject({ tool: 'ddx' });
    expect(await tool.send({ kind: 'analysis', of: 0, valid: true })).toEqual({ id: 1 });
  });
  it('hello: square and its derivative, double', async () => {
    expect(await tool.send({ kind: 'define', module: 'hello' })).toMatchObject({ success: true });
    expect(await tool.send({ kind: 'evaluate', module: 'hello', function: 'square', input: 3 })).toMatchObject({ success: true, output: 9 });
    expect(await tool.send({ kind: 'evaluate', module: 'hello', function: 'double', input: 3 })).toMatchObject({ success: true, output: 6 });
  });
  // llsq, det, kmeans, gmm: reverse mode
  for (const name of ['llsq', 'det', 'kmeans', 'gmm', 'ba', 'ht']) {
    it(`${name}: define compiles it; the primal and the derivative match, one "evaluate" timing per run`, async () => {
      const pb = problem(name)!;
      expect(await tool.send({ kind: 'define', module: name })).toMatchObject({ success: true });
      const input = pb.input(true), p = pb.prepare(input);
      const primal = await tool.send({ kind: 'evaluate', module: name, function: pb.primalFunction, input: { ...input, ...runs } });
      expect(primal.success, primal.error).toBe(true);
      expect(mismatches(pb.primalOutput(p), primal.output)).toEqual([]);
      const d = await tool.send({ kind: 'evaluate', module: name, function: pb.derivativeFunctions[0], input: { ...input, min_runs: 3, min_seconds: 0 } });
      expect(d.success, d.error).toBe(true);
      expect(mismatches(pb.derivativeOutput(pb.hand ? pb.hand(p) : pb.central!(p), p), d.output)).toEqual([]);
      expect(d.timings!.length).toBeGreaterThanOrEqual(3);
      expect(d.timings!.every((t) => t.name === 'evaluate' && t.nanoseconds > 0)).toBe(true);
    }, 120_000);
  }
  it('ht: the simple variant (no us) gets the 26 pose columns only; a model that is not ADBench\'s 22-bone hand is declined with the reason', async () => {
    const simple = handInstance({ rings: 2, around: 3, points: 5, complicated: false });
    const input = toGradBench(simple) as { data: { model: Record<string, unknown> } };
    const J = await tool.send({ kind: 'evaluate', module: 'ht', function: 'jacobian', input: { ...input, ...runs } });
    expect(J.success, J.error).toBe(true);
    expect((J.output as number[][])[0]).toHaveLength(26);
    expect(mismatches(handJacobian(...handArguments(simple, handPose(simple))), J.output)).toEqual([]);
    const fewer = { ...input, data: { ...input.data, model: { ...input.data.model, parents: [-1, 0, 1] } } };
    expect(await tool.send({ kind: 'evaluate', module: 'ht', function: 'objective', input: { ...fewer, ...runs } }))
      .toMatchObject({ success: false, error: expect.stringMatching(/data\.model\.parents.*22-bone hand/) });
  }, 60_000);
  it('saddle: ff, compiled nested, gives GradBench\'s expected point; reverse-mode variants are declined with a reason', async () => {
    expect(await tool.send({ kind: 'define', module: 'saddle' })).toMatchObject({ success: true });
    const ff = await tool.send({ kind: 'evaluate', module: 'saddle', function: 'ff', input: { start: [1, 1], ...runs } });
    expect(mismatches([expected.saddle, expected.saddle, expected.saddle, expected.saddle], ff.output)).toEqual([]);
    const rr = await tool.send({ kind: 'evaluate', module: 'saddle', function: 'rr', input: { start: [1, 1], ...runs } });
    expect(rr).toMatchObject({ success: false, error: expect.stringMatching(/forward mode only/) });
  }, 60_000);
  it('an unknown module, an undefined module and bad input get success: false with a reason, and the session goes on', async () => {
    expect(await tool.send({ kind: 'define', module: 'mnist' })).toMatchObject({ success: false, error: expect.stringMatching(/no implementation of the module 'mnist'/) });
    expect(await tool.send({ kind: 'evaluate', module: 'ode', function: 'gradient', input: { x: [1], s: 1 } })).toMatchObject({ success: false, error: expect.stringMatching(/not defined/) });
    const bad = await tool.send({ kind: 'evaluate', module: 'llsq', function: 'gradient', input: { n: 5 } });
    expect(bad.success).toBe(false);
    expect(bad.error).toMatch(/\S/);
    expect(await tool.send({ kind: 'evaluate', module: 'hello', function: 'square', input: 2 })).toMatchObject({ success: true, output: 4 });
  });
});

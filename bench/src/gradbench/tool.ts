/**
 * ddx as a GradBench tool: speaks GradBench's JSON-lines protocol (CONTRIBUTING.md, "Protocol")
 * on standard input and output, so GradBench's own harness can run ddx:
 *
 *   ./gradbench run --eval "./gradbench repo eval llsq" --tool "/path/to/ddx/bench/gradbench-tool"
 *
 * Every message gets a response with its id. `define` compiles the module's call site with
 * @ddx/transform (inline mode, reverse mode where the problem's gradient compiles in it, and ba's
 * Jacobian by rows; ht's by columns, forward mode; the nested problems too, forward over forward) and answers
 * `success: false` for a module ddx has no implementation of; `evaluate` runs the function at least
 * `min_runs` times and for at least `min_seconds`, one "evaluate" timing per run. Diagnostics go to
 * standard error: standard output carries the protocol only.
 */
import { createInterface } from 'node:readline';
import { derivative, ops } from '@ddx/dual';
import { compileTargets, toolGeneratedDir } from '../methods/ddxTransform.js';
import { problem, sourceInMode, type Derivative, type Problem } from './problems.js';

type Message = { id: number; kind: string; module?: string; function?: string; input?: unknown };
type Response = Record<string, unknown> & { id: number };

/** How one module's functions are evaluated, once defined. */
interface Defined {
  readonly functions: Record<string, (input: unknown) => () => unknown>;
}

const hello: Defined = {
  functions: {
    square: (x) => () => (x as number) * (x as number),
    double: (x) => () => derivative((v) => ops.mul(v, v), x as number),
  },
};

async function define(pb: Problem): Promise<Defined> {
  let ddx: (p: unknown) => Derivative;
  if (pb.transform) {
    // reverse mode where the problem has it and it compiles (it is the faster on each of them: bench/README.md), else forward
    const compile = async (key: string, source: string, log: (line: string) => void) =>
      (await compileTargets([{ key, verb: 'gradient' as const, fn: pb.name, source }], log, toolGeneratedDir)).get(`inline:${key}`);
    const reverse = sourceInMode(pb, 'reverse');
    let outcome = reverse ? await compile(`gradbench.${pb.name}.reverse`, reverse, () => {}) : undefined;
    if (!outcome?.ok) outcome = await compile(`gradbench.${pb.name}`, sourceInMode(pb, 'forward')!, (line) => console.error(line));
    if (!outcome?.ok) throw new Error(`@ddx/transform did not compile ${pb.name}: ${outcome?.reason ?? 'no outcome'}`);
    const run = outcome.run as (...a: never[]) => Derivative;
    ddx = (p) => pb.transform!.call(run, p);
  } else if (pb.engine) {
    ddx = pb.engine;
  } else {
    throw new Error(`ddx has no derivative of ${pb.name}`);
  }
  const functions: Defined['functions'] = {};
  if (pb.primalFunction) functions[pb.primalFunction] = (input) => { const p = pb.prepare(input as Record<string, unknown>); return () => pb.primalOutput(p); };
  for (const name of pb.derivativeFunctions) {
    functions[name] = (input) => { const p = pb.prepare(input as Record<string, unknown>); return () => pb.derivativeOutput(ddx(p), p); };
  }
  return { functions };
}

/** Runs `f` at least `minRuns` times and until `minSeconds` have passed; the last output and each run's time. */
function repeat(f: () => unknown, minRuns: number, minSeconds: number): { output: unknown; timings: { name: string; nanoseconds: number }[] } {
  const timings: { name: string; nanoseconds: number }[] = [];
  let output: unknown, total = 0n;
  while (timings.length < minRuns || Number(total) / 1e9 < minSeconds) {
    const start = process.hrtime.bigint();
    output = f();
    const took = process.hrtime.bigint() - start;
    total += took;
    timings.push({ name: 'evaluate', nanoseconds: Number(took) });
  }
  return { output, timings };
}

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function respond(message: Message, modules: Map<string, Defined>): Promise<Response> {
  const { id } = message;
  switch (message.kind) {
    case 'start':
      return { id, tool: 'ddx', config: { derivatives: "@ddx/transform, inline mode (compiled at define): gradients in reverse mode where it compiles (llsq, lse, det, ode, kmeans, gmm, lstm), ba's Jacobian by rows (reverse mode), ht's by columns (forward mode); the nested problems compiled too, forward over forward (ff)" } };
    case 'define': {
      const name = String(message.module);
      const start = process.hrtime.bigint();
      try {
        const pb = problem(name);
        if (name === 'hello') modules.set(name, hello);
        else if (!pb) return { id, success: false, error: `ddx has no implementation of the module '${name}'` };
        else modules.set(name, await define(pb));
        return { id, success: true, timings: [{ name: 'define', nanoseconds: Number(process.hrtime.bigint() - start) }] };
      } catch (e) {
        return { id, success: false, error: why(e) };
      }
    }
    case 'evaluate': {
      const defined = modules.get(String(message.module));
      if (!defined) return { id, success: false, error: `the module '${message.module}' was not defined` };
      const make = defined.functions[String(message.function)];
      if (!make) {
        const nested = ['fr', 'rf', 'rr'].includes(String(message.function));
        return { id, success: false, error: nested ? `ddx runs nested derivatives in forward mode only: '${message.function}' needs reverse mode, use 'ff'` : `'${message.module}' has no function '${message.function}' in ddx` };
      }
      try {
        const input = message.input as { min_runs?: number; min_seconds?: number } | undefined;
        const { output, timings } = repeat(make(message.input), input?.min_runs ?? 1, input?.min_seconds ?? 0);
        return { id, success: true, output, timings };
      } catch (e) {
        return { id, success: false, error: why(e) };
      }
    }
    default:
      return { id };
  }
}

/** Reads messages line by line and answers each in order. */
export async function serve(input: NodeJS.ReadableStream, write: (line: string) => void): Promise<void> {
  const modules = new Map<string, Defined>();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let message: Message;
    try {
      message = JSON.parse(line) as Message;
    } catch {
      console.error(`gradbench-tool: not a JSON message: ${line.slice(0, 200)}`);
      continue;
    }
    write(`${JSON.stringify(await respond(message, modules))}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log = console.error; // anything a library prints must not reach the protocol stream
  await serve(process.stdin, (line) => process.stdout.write(line));
}

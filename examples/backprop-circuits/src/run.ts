/**
 * Backpropagation through four small circuits, by hand and by ddx: for each gate, its local
 * gradient written by hand beside ddx's derivative of that gate alone, the upstream gradient and
 * what flows on to its inputs; then the chain-rule result beside ddx's gradient of the formula.
 */
import { derivative, gradient, type Real } from '@ddx/dual';
import { backpropagate, type Circuit } from './circuit.js';
import { circuits, neuron, sigmoid } from './circuits.js';

export interface CircuitResult {
  circuit: Circuit;
  value: number;
  byHand: number[];
  ddx: number[];
  /** Per gate (output first): the local gradient by hand and by ddx. */
  locals: { label: string; byHand: number[]; ddx: number[] }[];
}

/** Full precision (shortest round-trip form) for results; 6 significant digits inside the tables. */
const fmt = (v: number) => (Object.is(v, -0) ? '0' : String(v));
const short = (v: number) => fmt(Number(v.toPrecision(6)));
const vec = (vs: number[], f = fmt) => `(${vs.map(f).join(', ')})`;

/** ddx's gradient of f(...args); a function of one argument takes the scalar `derivative`. */
function gradientOf(f: (...args: Real[]) => Real, point: number[]): number[] {
  return point.length === 1 ? [derivative(f, point[0])] : gradient(f, point);
}

export function runCircuit(c: Circuit, log: (line: string) => void): CircuitResult {
  const names = c.inputs.map(([n]) => n);
  const point = c.inputs.map(([, v]) => v);
  const { values, steps, gradient: byHand } = backpropagate(c);
  const value = values.get(c.gates.at(-1)!.out)!;
  log(`${c.title}   at ${vec(point)}`);
  log(`  forward: ${c.gates.map((g) => `${g.out} = ${short(values.get(g.out)!)}`).join(', ')}`);
  log('  backward, output first (local gradient by hand | by ddx on the gate alone):');
  const locals = steps.map(({ gate, inputValues, upstream, local }) => {
    const ddxLocal = gradientOf(gate.op, inputValues);
    const downstream = gate.inputs.map((n, i) => `∂f/∂${n} += ${short(local[i] * upstream)}`).join(', ');
    log(`    ${gate.label.padEnd(20)} local ${vec(local, short)} | ddx ${vec(ddxLocal, short)}  × upstream ${short(upstream)}  →  ${downstream}`);
    log(`    ${''.padEnd(20)} (${gate.note})`);
    return { label: gate.label, byHand: local, ddx: ddxLocal };
  });
  const ddx = gradientOf(c.f, point);
  const wrt = `∂f/∂(${names.join(', ')})`;
  log(`  ${wrt} by hand (chain rule): ${vec(byHand)}`);
  log(`  ${wrt} by ddx:               ${vec(ddx)}`);
  return { circuit: c, value, byHand, ddx, locals };
}

export function run(log: (line: string) => void): CircuitResult[] {
  return circuits.map((c, i) => {
    if (i > 0) log('');
    const r = runCircuit(c, log);
    if (c === neuron) logNeuronClosedForm(r, log);
    return r;
  });
}

/** The neuron's closed form: ∂f/∂w = σ(1−σ)·(x0, x1, 1) and ∂f/∂x = σ(1−σ)·(w0, w1). */
function logNeuronClosedForm(r: CircuitResult, log: (line: string) => void): void {
  const [w0, w1, w2, x0, x1] = r.circuit.inputs.map(([, v]) => v);
  const s = sigmoid(w0 * x0 + w1 * x1 + w2) as number;
  const k = s * (1 - s);
  log(`  closed form σ(1−σ)·(x0, x1, 1, w0, w1) with σ = ${fmt(s)}: ${vec([k * x0, k * x1, k, k * w0, k * w1])}`);
}

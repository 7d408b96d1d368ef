/**
 * A computational graph as a list of gates, and backpropagation through it by hand: each gate
 * knows its local gradient (written out by hand, never by ddx), and the chain rule multiplies
 * the upstream gradient by it, summing where a value feeds several gates.
 */
import type { Real } from '@ddx/dual';

export interface Gate {
  /** The name of the value this gate computes, e.g. `q`. */
  out: string;
  /** The names of its inputs: circuit inputs or earlier gates' outputs. */
  inputs: string[];
  /** The gate as a formula, e.g. `q = x + y`. */
  label: string;
  /** The gate's operation, over Real so ddx can differentiate it alone. */
  op: (...args: Real[]) => Real;
  /** Its local gradient ∂out/∂inputs at plain-number inputs, by hand. */
  local: (...args: number[]) => number[];
  /** What the gate does to the gradient flowing back through it. */
  note: string;
}

export interface Circuit {
  title: string;
  /** Input names and the point to differentiate at, in order. */
  inputs: [string, number][];
  /** The whole function as one formula (what ddx differentiates). */
  f: (...args: Real[]) => Real;
  /** The same function staged into gates, in evaluation order; the last gate is the output. */
  gates: Gate[];
}

export interface BackwardStep {
  gate: Gate;
  inputValues: number[];
  upstream: number;
  local: number[];
}

/** Runs the gates forward on numbers, then backward from d(out)/d(out) = 1. */
export function backpropagate(c: Circuit): { values: Map<string, number>; steps: BackwardStep[]; gradient: number[] } {
  const values = new Map<string, number>(c.inputs);
  for (const g of c.gates) values.set(g.out, g.op(...g.inputs.map((n) => values.get(n)!)) as number);
  const grads = new Map<string, number>([[c.gates.at(-1)!.out, 1]]);
  const steps: BackwardStep[] = [];
  for (const gate of [...c.gates].reverse()) {
    const inputValues = gate.inputs.map((n) => values.get(n)!);
    const upstream = grads.get(gate.out) ?? 0;
    const local = gate.local(...inputValues);
    gate.inputs.forEach((n, i) => grads.set(n, (grads.get(n) ?? 0) + local[i] * upstream));
    steps.push({ gate, inputValues, upstream, local });
  }
  return { values, steps, gradient: c.inputs.map(([n]) => grads.get(n) ?? 0) };
}

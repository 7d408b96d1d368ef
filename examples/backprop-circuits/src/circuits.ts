/** The four circuits, each as one formula and as gates with hand-written local gradients. */
import { ops, type Real } from '@ddx/dual';
import type { Circuit, Gate } from './circuit.js';

/** σ(t) = 1 / (1 + e^−t), over Real. */
export const sigmoid = (t: Real): Real => ops.div(1, ops.add(1, ops.exp(ops.neg(t))));
const σ = (t: number) => 1 / (1 + Math.exp(-t));

// Gate builders: the operation, its local gradient by hand, and what it does to the gradient.
const add = (out: string, a: string, b: string): Gate => ({
  out, inputs: [a, b], label: `${out} = ${a} + ${b}`,
  op: (u, v) => ops.add(u, v), local: () => [1, 1], note: 'add distributes: each input gets the upstream gradient',
});
const mul = (out: string, a: string, b: string): Gate => ({
  out, inputs: [a, b], label: `${out} = ${a} · ${b}`,
  op: (u, v) => ops.mul(u, v), local: (u, v) => [v, u], note: 'multiply swaps: each input gets the other input × upstream',
});
const max = (out: string, a: string, b: string): Gate => ({
  out, inputs: [a, b], label: `${out} = max(${a}, ${b})`,
  op: (u, v) => ops.max(u, v), local: (u, v) => (u >= v ? [1, 0] : [0, 1]), note: 'max routes: all of it to the larger input, none to the other',
});
const scale = (out: string, a: string, c: number): Gate => ({
  out, inputs: [a], label: `${out} = ${c} · ${a}`,
  op: (u) => ops.mul(c, u), local: () => [c], note: `scale by ${c}: multiplies the gradient by ${c}`,
});
const sigmoidGate = (out: string, a: string): Gate => ({
  out, inputs: [a], label: `${out} = σ(${a})`,
  op: sigmoid, local: (u) => [σ(u) * (1 - σ(u))], note: 'sigmoid: local gradient σ(1 − σ)',
});
const square = (out: string, a: string): Gate => ({
  out, inputs: [a], label: `${out} = ${a}²`,
  op: (u) => ops.mul(u, u), local: (u) => [2 * u], note: 'square: local gradient 2·input',
});
const reciprocal = (out: string, a: string): Gate => ({
  out, inputs: [a], label: `${out} = 1 / ${a}`,
  op: (u) => ops.div(1, u), local: (u) => [-1 / (u * u)], note: 'reciprocal: local gradient −1/input²',
});

/** f(x, y, z) = (x + y)·z. */
export const sumTimes: Circuit = {
  title: 'f(x, y, z) = (x + y)·z',
  inputs: [['x', -2], ['y', 5], ['z', -4]],
  f: (x, y, z) => ops.mul(ops.add(x, y), z),
  gates: [add('q', 'x', 'y'), mul('f', 'q', 'z')],
};

/** The sigmoid neuron f = σ(w0·x0 + w1·x1 + w2). */
export const neuron: Circuit = {
  title: 'f(w, x) = 1 / (1 + e^−(w0·x0 + w1·x1 + w2))',
  inputs: [['w0', 2], ['w1', -3], ['w2', -3], ['x0', -1], ['x1', -2]],
  f: (w0, w1, w2, x0, x1) => sigmoid(ops.add(ops.add(ops.mul(w0, x0), ops.mul(w1, x1)), w2)),
  gates: [mul('p0', 'w0', 'x0'), mul('p1', 'w1', 'x1'), add('s', 'p0', 'p1'), add('t', 's', 'w2'), sigmoidGate('f', 't')],
};

/** The staged function f = (x + σ(y)) / (σ(x) + (x + y)²). */
export const staged: Circuit = {
  title: 'f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)',
  inputs: [['x', 3], ['y', -4]],
  f: (x, y) => ops.div(ops.add(x, sigmoid(y)), ops.add(sigmoid(x), ops.pow(ops.add(x, y), 2))),
  gates: [
    sigmoidGate('sigy', 'y'), add('num', 'x', 'sigy'), sigmoidGate('sigx', 'x'), add('xpy', 'x', 'y'),
    square('xpysqr', 'xpy'), add('den', 'sigx', 'xpysqr'), reciprocal('invden', 'den'), mul('f', 'num', 'invden'),
  ],
};

/** The gate circuit f = 2(x·y + max(z, w)). */
export const gateCircuit: Circuit = {
  title: 'f(x, y, z, w) = 2(x·y + max(z, w))',
  inputs: [['x', 3], ['y', -4], ['z', 2], ['w', -1]],
  f: (x, y, z, w) => ops.mul(2, ops.add(ops.mul(x, y), ops.max(z, w))),
  gates: [mul('p', 'x', 'y'), max('m', 'z', 'w'), add('s', 'p', 'm'), scale('f', 's', 2)],
};

export const circuits = [sumTimes, neuron, staged, gateCircuit];

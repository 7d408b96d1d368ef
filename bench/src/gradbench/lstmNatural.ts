/**
 * GradBench `lstm` written the natural way (issue 16): the parameters and the state as GradBench
 * sends them (number[][]: per layer a weight row and a bias row of 4b, forget, input, output and
 * change gates; the extra rows: input weights, output weights, output biases; per layer a hidden
 * and a cell row), one layer's step a helper returning the new [hidden, cell], the prediction a
 * helper returning the output row. This module is @ddx/transform's input as a whole (its verb call
 * is compiled where it stands), checked in bench/test against the hand-written lstmGradient of
 * lstm.ts and timed beside the flattened lstm.ts.
 *
 * What it still needs, each with the diagnostic of the form a user would write first: the verbs
 * differentiate with respect to one array of numbers (one point: main and extra are two matrices), so the call
 * site packs the parameters into one array and the arrow unpacks them into rows; `b` annotated as a
 * number (DDX1007 from `sequence[0].length`); the state's rows copied into local matrices by a loop
 * (state.filter on a data matrix is DDX1023, a pushed row must be a copy) and updated element by
 * element (a local matrix or its row reassigned is DDX1023); the step's result read as next[0][i]
 * (`const [h, c] = lstmStep(…)` is DDX1017, "'h' is a number, not an array") and the next layer's
 * input a copy of the new hidden row (`input = next[0]` is DDX1017). Reverse mode compiles it
 * too (the unpacking rows, arrays made inside a loop, since issue 15).
 */
import { gradient } from '@ddx/dual';

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** One layer's step: the new [hidden, cell] from the layer's weight and bias rows, its old state and its input. */
function lstmStep(weight: number[], bias: number[], hidden: number[], cell: number[], input: number[]): number[][] {
  const b = hidden.length;
  const nextHidden: number[] = [];
  const nextCell: number[] = [];
  for (let i = 0; i < b; i++) {
    const forget = sigmoid(input[i] * weight[i] + bias[i]);
    const ingate = sigmoid(hidden[i] * weight[b + i] + bias[b + i]);
    const outgate = sigmoid(input[i] * weight[2 * b + i] + bias[2 * b + i]);
    const change = Math.tanh(hidden[i] * weight[3 * b + i] + bias[3 * b + i]);
    const c = cell[i] * forget + ingate * change;
    nextCell.push(c);
    nextHidden.push(outgate * Math.tanh(c));
  }
  return [nextHidden, nextCell];
}

/** The loss: minus the mean log-likelihood of each next character (ADBench's lstm objective). */
export function lstmLoss(mainParams: number[][], extraParams: number[][], state: number[][], sequence: number[][]): number {
  const layers = mainParams.length / 2;
  const b = sequence[0].length;
  const hidden: number[][] = [];
  const cell: number[][] = [];
  for (let layer = 0; layer < layers; layer++) {
    hidden.push(state[2 * layer].slice());
    cell.push(state[2 * layer + 1].slice());
  }
  let total = 0;
  let count = 0;
  for (let t = 0; t < sequence.length - 1; t++) {
    let input = sequence[t].map((v, i) => v * extraParams[0][i]);
    for (let layer = 0; layer < layers; layer++) {
      const next = lstmStep(mainParams[2 * layer], mainParams[2 * layer + 1], hidden[layer], cell[layer], input);
      for (let i = 0; i < b; i++) {
        hidden[layer][i] = next[0][i];
        cell[layer][i] = next[1][i];
      }
      input = hidden[layer].slice();
    }
    const prediction = input.map((v, i) => v * extraParams[1][i] + extraParams[2][i]);
    let sum = 0;
    for (const y of prediction) sum += Math.exp(y);
    const lse = Math.log(sum + 2);
    for (let i = 0; i < b; i++) total += sequence[t + 1][i] * (prediction[i] - lse);
    count += b;
  }
  return -total / count;
}

/** ∇ of the loss with respect to the main and extra parameters, packed row after row as lstm.ts packs them. */
export function lstmNaturalGradient(params: number[], state: number[][], sequence: number[][]): number[] {
  const b: number = sequence[0].length;
  const mainRows: number = (params.length - 3 * b) / (4 * b);
  return gradient((p: number[]) => {
    const main = Array.from({ length: mainRows }, (_, r) => p.slice(4 * b * r, 4 * b * (r + 1)));
    const extra = Array.from({ length: 3 }, (_, r) => p.slice(4 * b * mainRows + b * r, 4 * b * mainRows + b * (r + 1)));
    return lstmLoss(main, extra, state, sequence);
  }, params);
}

/**
 * GradBench `lstm` (ADBench's LSTM, with its diagonal weight matrices): l layers of b cells run
 * over a sequence of c characters (b bits each); the loss is the mean log-likelihood of each next
 * character under a log-sum-exp normalisation (with ADBench's quirk of adding 2 inside the log).
 *
 * Natural form: `objective(mainParams: number[][], extraParams: number[][], state: number[][], sequence: number[][])`.
 * The verbs differentiate with respect to one array of numbers (or several numbers; a number[][]
 * point compiles, but main and extra are two), so params = [main (2l rows of 4b: weights, then biases, per layer), extra (3 rows of b)] flat, row-major.
 * The state (2l rows of b: hidden, then cell, per layer) and sequence (c rows of b) are flat from
 * before the transform read number[][] data; lstmNatural.ts takes them as GradBench sends them.
 */

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function lstmObjective(params: readonly number[], state: readonly number[], sequence: readonly number[], l: number, b: number): number {
  const c = sequence.length / b;
  const extra = 8 * l * b; // in weights, out weights, out biases
  const st = state.slice(); // the state is updated in place: a copy, so the caller's stays as it was
  const input = new Array<number>(b).fill(0);
  let total = 0;
  let count = 0;
  for (let t = 0; t < c - 1; t++) {
    for (let i = 0; i < b; i++) input[i] = sequence[t * b + i] * params[extra + i];
    for (let layer = 0; layer < l; layer++) {
      const w = 8 * b * layer, bias = w + 4 * b, h = 2 * b * layer, cell = h + b;
      for (let i = 0; i < b; i++) {
        const x = layer === 0 ? input[i] : st[h - 2 * b + i]; // the layer below, already updated at t
        const forget = sigmoid(x * params[w + i] + params[bias + i]);
        const ingate = sigmoid(st[h + i] * params[w + b + i] + params[bias + b + i]);
        const outgate = sigmoid(x * params[w + 2 * b + i] + params[bias + 2 * b + i]);
        const change = Math.tanh(st[h + i] * params[w + 3 * b + i] + params[bias + 3 * b + i]);
        st[cell + i] = st[cell + i] * forget + ingate * change;
        st[h + i] = outgate * Math.tanh(st[cell + i]);
      }
    }
    const top = 2 * b * (l - 1);
    let sum = 0;
    for (let i = 0; i < b; i++) sum += Math.exp(st[top + i] * params[extra + b + i] + params[extra + 2 * b + i]);
    const lse = Math.log(sum + 2);
    for (let i = 0; i < b; i++) total += sequence[(t + 1) * b + i] * (st[top + i] * params[extra + b + i] + params[extra + 2 * b + i] - lse);
    count += b;
  }
  return -total / count;
}

/**
 * ∇ by hand, in reverse mode: the forward sweep keeps each cell's gates and states, the backward
 * sweep runs back through time and down through the layers (σ′ = σ(1 − σ), tanh′ = 1 − tanh²).
 */
export function lstmGradient(params: readonly number[], state: readonly number[], sequence: readonly number[], l: number, b: number): number[] {
  const c = sequence.length / b;
  const extra = 8 * l * b;
  type Cell = { x: number; hOld: number; cOld: number; f: number; ig: number; o: number; ch: number; tc: number };
  const tape: Cell[][][] = []; // [t][layer][i]
  const ypreds: number[][] = [], sums: number[] = [], tops: number[][] = [];
  const h = Array.from({ length: l }, (_, k) => state.slice(2 * b * k, 2 * b * k + b));
  const cs = Array.from({ length: l }, (_, k) => state.slice(2 * b * k + b, 2 * b * k + 2 * b));
  for (let t = 0; t < c - 1; t++) {
    const cells: Cell[][] = [];
    let below = Array.from({ length: b }, (_, i) => sequence[t * b + i] * params[extra + i]);
    for (let k = 0; k < l; k++) {
      const w = 8 * b * k, bias = w + 4 * b;
      cells.push(below.map((x, i) => {
        const hOld = h[k][i], cOld = cs[k][i];
        const f = sigmoid(x * params[w + i] + params[bias + i]);
        const ig = sigmoid(hOld * params[w + b + i] + params[bias + b + i]);
        const o = sigmoid(x * params[w + 2 * b + i] + params[bias + 2 * b + i]);
        const ch = Math.tanh(hOld * params[w + 3 * b + i] + params[bias + 3 * b + i]);
        cs[k][i] = cOld * f + ig * ch;
        const tc = Math.tanh(cs[k][i]);
        h[k][i] = o * tc;
        return { x, hOld, cOld, f, ig, o, ch, tc };
      }));
      below = h[k].slice();
    }
    const ypred = below.map((v, i) => v * params[extra + b + i] + params[extra + 2 * b + i]);
    tape.push(cells);
    tops.push(below);
    ypreds.push(ypred);
    sums.push(ypred.reduce((s, v) => s + Math.exp(v), 0) + 2);
  }
  const count = (c - 1) * b;
  const g = new Array<number>(params.length).fill(0);
  const hBar = Array.from({ length: l }, () => new Array<number>(b).fill(0));
  const cBar = Array.from({ length: l }, () => new Array<number>(b).fill(0));
  for (let t = c - 2; t >= 0; t--) {
    // loss = −(1/count) Σᵢ goldᵢ (ypredᵢ − lse): ∂/∂ypredᵢ = −(goldᵢ − (Σ gold) e^{ypredᵢ} / S) / count
    const gold = Array.from({ length: b }, (_, i) => sequence[(t + 1) * b + i]);
    const goldSum = gold.reduce((s, v) => s + v, 0);
    const yBar = ypreds[t].map((y, i) => -(gold[i] - (goldSum * Math.exp(y)) / sums[t]) / count);
    for (let i = 0; i < b; i++) {
      g[extra + b + i] += yBar[i] * tops[t][i];
      g[extra + 2 * b + i] += yBar[i];
      hBar[l - 1][i] += yBar[i] * params[extra + b + i];
    }
    for (let k = l - 1; k >= 0; k--) {
      const w = 8 * b * k, bias = w + 4 * b;
      const xBar = new Array<number>(b).fill(0);
      for (let i = 0; i < b; i++) {
        const { x, hOld, cOld, f, ig, o, ch, tc } = tape[t][k][i];
        const oBar = hBar[k][i] * tc;
        const cNewBar = cBar[k][i] + hBar[k][i] * o * (1 - tc * tc);
        const af = cNewBar * cOld * f * (1 - f), ai = cNewBar * ch * ig * (1 - ig);
        const ao = oBar * o * (1 - o), ac = cNewBar * ig * (1 - ch * ch);
        g[w + i] += af * x; g[bias + i] += af;
        g[w + b + i] += ai * hOld; g[bias + b + i] += ai;
        g[w + 2 * b + i] += ao * x; g[bias + 2 * b + i] += ao;
        g[w + 3 * b + i] += ac * hOld; g[bias + 3 * b + i] += ac;
        xBar[i] = af * params[w + i] + ao * params[w + 2 * b + i];
        hBar[k][i] = ai * params[w + b + i] + ac * params[w + 3 * b + i]; // to hOld, i.e. the step before
        cBar[k][i] = cNewBar * f;
      }
      if (k > 0) for (let i = 0; i < b; i++) hBar[k - 1][i] += xBar[i];
      else for (let i = 0; i < b; i++) g[extra + i] += xBar[i] * sequence[t * b + i];
    }
  }
  return g;
}

/** A sequence as GradBench's eval makes it: each character's code in `bits` bits, most significant first. */
export function textBits(text: string): { bits: number; rows: number[][] } {
  const bits = Math.ceil(Math.log2(Math.max(...[...text].map((ch) => ch.charCodeAt(0)))));
  return { bits, rows: [...text].map((ch) => ch.charCodeAt(0).toString(2).padStart(bits, '0').split('').map(Number)) };
}

/**
 * Sparse tangent vectors for the chunked gradient: one forward sweep carries the derivatives with
 * respect to all n inputs at once, as the tangent of a Dual whose value is a plain number.
 *
 * Only the inputs a value depends on are stored (sorted indices + coefficients), so a term that
 * touches two inputs costs two multiplications, not n. An absent entry is an exact constant —
 * what the one-input-per-sweep gradient sees as a plain number — so both strategies compute the
 * same sums in the same order and give the same numbers.
 *
 * A long running sum (`s = s + term` in a loop) would copy the growing vector at every step
 * (O(n²) for n inputs). So once the left operand is large, `a ± b` is kept as an unevaluated
 * sum node and evaluated in one pass, left to right, when it is needed (scaled, or read out).
 */

/** Sums smaller than this are merged at once; larger ones are kept as sum nodes. */
const EAGER_ENTRIES = 32;

/** The ε-coefficients of one value with respect to many inputs: `Σ value[k]·ε_{index[k]}`. */
export class Partials {
  constructor(
    /** Input indices, strictly increasing (null while this is an unevaluated sum). */
    public index: number[] | null,
    /** The coefficient of each index (null while this is an unevaluated sum). */
    public value: number[] | null,
    /** An unevaluated sum `left + sign·right`: `right` is always evaluated. */
    public left: Partials | null,
    public right: Partials | null,
    public sign: 1 | -1,
    /** The number of stored entries, counting those of unevaluated sums. */
    public entries: number,
  ) {}
}

/** Raised when a sparse tangent would be scaled by a perturbed (non-number) partial: this only
 * happens when perturbations from an earlier, finished call leak in; the chunked gradient then
 * falls back to one sweep per input. */
export class ChunkedNotApplicable extends Error {}

/** Plain arrays allocated at their final size: cheaper than typed arrays for the short vectors
 * of a sweep (a typed array longer than 64 bytes gets a separate backing store). */
const newArray = (n: number): number[] => new Array<number>(n);
const flat = (index: number[], value: number[]): Partials => new Partials(index, value, null, null, 1, index.length);

export const emptyPartials = flat([], []);

/** The seed of input i: ε_i. */
export function unitPartials(i: number): Partials {
  const index = newArray(1), value = newArray(1);
  index[0] = i;
  value[0] = 1;
  return flat(index, value);
}

// ---------------------------------------------------------------------------------------------
// Evaluating sum nodes: scatter into a dense scratch vector, in the order the sums were written.

let scratch: number[] = [];
let stamp: number[] = [];
let generation = 0;

/** Evaluates `p` in place (if it is a sum node) and returns it. */
function evaluate(p: Partials): Partials {
  if (p.index !== null) return p;
  // The left spine, outermost first; `right` of every node is already evaluated.
  const spine: Partials[] = [];
  let base: Partials = p;
  while (base.index === null) {
    spine.push(base);
    base = base.left!;
  }
  generation++;
  const touched: number[] = [];
  const put = (q: Partials, sign: 1 | -1): void => {
    const qi = q.index!, qv = q.value!;
    for (let k = 0; k < qi.length; k++) {
      const i = qi[k];
      if (stamp[i] === generation) scratch[i] = sign === 1 ? scratch[i] + qv[k] : scratch[i] - qv[k];
      else {
        while (stamp.length <= i) { stamp.push(0); scratch.push(0); }
        stamp[i] = generation;
        scratch[i] = sign * qv[k];
        touched.push(i);
      }
    }
  };
  put(base, 1);
  for (let s = spine.length - 1; s >= 0; s--) put(spine[s].right!, spine[s].sign);
  touched.sort((a, b) => a - b);
  const value = newArray(touched.length);
  for (let k = 0; k < touched.length; k++) value[k] = scratch[touched[k]];
  p.index = touched;
  p.value = value;
  p.left = p.right = null;
  p.entries = touched.length;
  return p;
}

/** The dense vector of length n. */
export function densePartials(p: Partials, n: number): number[] {
  const q = evaluate(p);
  const g = newArray(n).fill(0);
  for (let k = 0; k < q.index!.length; k++) g[q.index![k]] = q.value![k];
  return g;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic on sparse tangents.

const times = (c: number, v: number, skipZeros: boolean): number => (skipZeros && v === 0 ? 0 : c * v);

/**
 * `α·a + β·b` entry by entry, in one pass. A missing entry is 0 and is not added (so no −0 or
 * NaN appears); with `skipZeros`, an exactly zero coefficient stays 0 even when α or β is infinite.
 */
function combine(alpha: number, a: Partials, beta: number, b: Partials, skipZeros: boolean): Partials {
  const p = evaluate(a), q = evaluate(b);
  const ai = p.index!, av = p.value!, bi = q.index!, bv = q.value!;
  const na = ai.length, nb = bi.length;
  // Count first, so the result is allocated once at its final size; when the indices are those
  // of `a` or of `b` (the same inputs, or one a subset of the other), that array is shared.
  let size = 0, onlyA = 0, onlyB = 0;
  for (let j = 0, k = 0; j < na || k < nb; size++) {
    if (k === nb || (j < na && ai[j] < bi[k])) { j++; onlyA++; }
    else if (j === na || ai[j] > bi[k]) { k++; onlyB++; }
    else { j++; k++; }
  }
  const shared = onlyB === 0 ? ai : onlyA === 0 ? bi : null;
  const index = shared ?? newArray(size), value = newArray(size);
  for (let j = 0, k = 0, m = 0; m < size; m++) {
    let i: number;
    if (k === nb || (j < na && ai[j] < bi[k])) { i = ai[j]; value[m] = times(alpha, av[j++], skipZeros); }
    else if (j === na || ai[j] > bi[k]) { i = bi[k]; value[m] = times(beta, bv[k++], skipZeros); }
    else { i = ai[j]; value[m] = times(alpha, av[j++], skipZeros) + times(beta, bv[k++], skipZeros); }
    if (shared === null) index[m] = i;
  }
  return flat(index, value);
}

function sum(a: Partials, b: Partials, sign: 1 | -1): Partials {
  evaluate(b);
  // 1·a ± b: the same sums as adding entry by entry (x + (−y) is x − y exactly).
  if (a.entries < EAGER_ENTRIES || a.entries < b.entries) return combine(1, a, sign, b, false);
  return new Partials(null, null, a, b, sign, a.entries + b.entries);
}

export const addPartials = (a: Partials, b: Partials): Partials => sum(a, b, 1);
export const subPartials = (a: Partials, b: Partials): Partials => sum(a, b, -1);

/** `c·p` (or `p·c`): an exactly zero entry stays 0 even when c is infinite (a zero tangent contributes nothing). */
export function scalePartials(c: number, p: Partials): Partials {
  const q = evaluate(p), qv = q.value!;
  const value = newArray(qv.length);
  for (let k = 0; k < value.length; k++) value[k] = times(c, qv[k], true);
  return flat(q.index!, value);
}

/** `α·a + β·b`, a zero entry contributing nothing (the chain rule of two arguments on sparse
 * tangents): the same sums as scaling both and adding, without the two intermediate vectors. */
export const scaledSumPartials = (alpha: number, a: Partials, beta: number, b: Partials): Partials => combine(alpha, a, beta, b, true);

export function negPartials(p: Partials): Partials {
  const q = evaluate(p), qv = q.value!;
  const value = newArray(qv.length);
  for (let k = 0; k < value.length; k++) value[k] = -qv[k];
  return flat(q.index!, value);
}

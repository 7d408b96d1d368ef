/**
 * LU decomposition with partial pivoting, PA = LU, written with `ops` over `Real` so that the same
 * code factorises a matrix of plain numbers, of duals (first derivatives) or of hyper-duals
 * (second derivatives). The pivot choice compares primal values, so the derivative is that of
 * the elimination path actually taken.
 */
import { ops, type Real } from '@ddx/dual';

export interface LU {
  /** L below the diagonal (unit diagonal implied) and U on and above it, in one matrix. */
  lu: Real[][];
  /** Row i of PA is row perm[i] of A. */
  perm: number[];
  /** det P = ±1: the sign of the row permutation. */
  sign: number;
}

export function luDecompose(A: readonly (readonly Real[])[]): LU {
  const n = A.length;
  A.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`luDecompose: \`A\` must be square; row ${i} has ${row.length} entries, expected ${n}`);
  });
  const lu = A.map((row) => row.slice());
  const perm = A.map((_, i) => i);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    // Partial pivoting: the largest |entry| in column k at or below the diagonal.
    let p = k;
    for (let i = k + 1; i < n; i++) if (ops.gt(ops.abs(lu[i][k]), ops.abs(lu[p][k]))) p = i;
    if (ops.eq(lu[p][k], 0)) throw new RangeError('luDecompose: `A` is singular');
    if (p !== k) {
      [lu[p], lu[k]] = [lu[k], lu[p]];
      [perm[p], perm[k]] = [perm[k], perm[p]];
      sign = -sign;
    }
    for (let i = k + 1; i < n; i++) {
      const l = ops.div(lu[i][k], lu[k][k]);
      lu[i][k] = l;
      for (let j = k + 1; j < n; j++) lu[i][j] = ops.sub(lu[i][j], ops.mul(l, lu[k][j]));
    }
  }
  return { lu, perm, sign };
}

/** log |det A| = Σ log |U_ii| (the sum of logs avoids overflow of the product). */
export function logAbsDet(A: readonly (readonly Real[])[]): Real {
  const { lu } = luDecompose(A);
  let sum: Real = 0;
  for (let i = 0; i < lu.length; i++) sum = ops.add(sum, ops.log(ops.abs(lu[i][i])));
  return sum;
}

/** The small dense linear algebra Newton's method needs, on plain numbers. */

export type Matrix = number[][];

export const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);
export const norm = (a: readonly number[]) => Math.sqrt(dot(a, a));

/**
 * The Cholesky factor L (lower triangular, A = LLᵀ) of a symmetric matrix, or undefined when A is
 * not positive definite — a pivot L_jj² = A_jj − Σ L_jk² would be ≤ 0. That is the test for
 * positive definiteness used here.
 */
export function cholesky(A: Matrix): Matrix | undefined {
  const n = A.length;
  const L: Matrix = A.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let pivot = A[j][j];
    for (let k = 0; k < j; k++) pivot -= L[j][k] * L[j][k];
    if (!(pivot > 0)) return undefined;
    L[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < n; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  return L;
}

/** Solves LLᵀx = b by forward then back substitution. */
export function choleskySolve(L: Matrix, b: readonly number[]): number[] {
  const n = b.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/** Solves Ax = b for a general (possibly indefinite) square A: Gaussian elimination with partial pivoting. */
export function solve(A: Matrix, b: readonly number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
    if (M[p][k] === 0) throw new RangeError('solve: the matrix `A` is singular');
    [M[k], M[p]] = [M[p], M[k]];
    for (let i = k + 1; i < n; i++) {
      const l = M[i][k] / M[k][k];
      for (let j = k; j <= n; j++) M[i][j] -= l * M[k][j];
    }
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x;
}

/** Plain-number 3×3 matrix helpers for the independent check: A⁻¹ by the adjugate, not by LU. */

export type Matrix = number[][];

export function multiply(A: Matrix, B: Matrix): Matrix {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
}

export function trace(A: Matrix): number {
  return A.reduce((s, row, i) => s + row[i], 0);
}

export function transpose(A: Matrix): Matrix {
  return A[0].map((_, j) => A.map((row) => row[j]));
}

/** A⁻¹ = adj(A) / det A for a 3×3 matrix: the cofactor C_ij is a 2×2 determinant of the other rows and columns. */
export function inverse3(A: Matrix): Matrix {
  if (A.length !== 3 || A.some((row) => row.length !== 3)) throw new RangeError('inverse3: `A` must be 3×3');
  const cofactor = (i: number, j: number) => {
    const [r0, r1] = [(i + 1) % 3, (i + 2) % 3];
    const [c0, c1] = [(j + 1) % 3, (j + 2) % 3];
    return A[r0][c0] * A[r1][c1] - A[r0][c1] * A[r1][c0]; // cyclic order carries the sign (−1)^(i+j)
  };
  const det = A[0][0] * cofactor(0, 0) + A[0][1] * cofactor(0, 1) + A[0][2] * cofactor(0, 2);
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => cofactor(j, i) / det)); // adj(A) = Cᵀ
}

/**
 * GradBench `det` (cmpad's det_by_minor): the determinant of an ℓ × ℓ matrix (row-major) by
 * expansion along the first row, each minor copied into a new array. (cmpad avoids the copies with
 * row and column link arrays; a user writing TypeScript builds the minor.)
 */
export function det(a: readonly number[], ell: number): number {
  if (ell === 1) return a[0];
  let sum = 0;
  let sign = 1;
  for (let j = 0; j < ell; j++) {
    const minor: number[] = [];
    for (let i = 1; i < ell; i++) {
      for (let k = 0; k < ell; k++) if (k !== j) minor.push(a[i * ell + k]);
    }
    sum += sign * a[j] * det(minor, ell - 1);
    sign = -sign;
  }
  return sum;
}

/** ∇ det by hand: ∂det/∂aᵢⱼ is the cofactor (−1)^(i+j) det(A without row i and column j). */
export function detGradient(a: readonly number[], ell: number): number[] {
  if (ell === 1) return [1];
  const g: number[] = [];
  for (let i = 0; i < ell; i++) {
    for (let j = 0; j < ell; j++) {
      const minor: number[] = [];
      for (let r = 0; r < ell; r++) {
        if (r === i) continue;
        for (let c = 0; c < ell; c++) if (c !== j) minor.push(a[r * ell + c]);
      }
      g.push(((i + j) % 2 === 0 ? 1 : -1) * det(minor, ell - 1));
    }
  }
  return g;
}

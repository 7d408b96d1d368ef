/**
 * GradBench `kmeans`: the cost Σᵢ minⱼ |cⱼ − pᵢ|² of k centroids for n points in d dimensions,
 * and the Newton direction J ⊘ diag(H) with respect to the centroids.
 *
 * Natural form: `cost(points: number[][], centroids: number[][])`. The points are as GradBench gives
 * them, rows of d numbers (data, read only: a number[][] the transform lays out, DDX1023 otherwise);
 * the centroids, what the verbs differentiate, are one flat row-major array (written when the
 * compiled hvp took one array of numbers; gradient, jvp, hvp and vjp take a number[][] point now).
 */
export function kmeansCost(centroids: readonly number[], points: readonly (readonly number[])[]): number {
  const d = points[0].length, k = centroids.length / d;
  let cost = 0;
  for (const p of points) {
    let closest = Infinity;
    for (let j = 0; j < k; j++) {
      let dist = 0;
      for (let l = 0; l < d; l++) {
        const diff = centroids[j * d + l] - p[l];
        dist += diff * diff;
      }
      closest = Math.min(closest, dist);
    }
    cost += closest;
  }
  return cost;
}

/**
 * The Newton direction by hand: J = 2 (|Cⱼ| cⱼ − Σ_{i∈Cⱼ} pᵢ), diag H = 2 |Cⱼ|, so J ⊘ diag H is
 * cⱼ − mean of the points whose nearest centroid is cⱼ (ties: the first, as Math.min's derivative).
 */
export function kmeansDirection(centroids: readonly number[], points: readonly (readonly number[])[]): number[] {
  const n = points.length, d = points[0].length, k = centroids.length / d;
  const sums = new Array<number>(k * d).fill(0), sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    let closest = Infinity, nearest = -1;
    for (let j = 0; j < k; j++) {
      let dist = 0;
      for (let l = 0; l < d; l++) {
        const diff = centroids[j * d + l] - points[i][l];
        dist += diff * diff;
      }
      if (dist < closest) { closest = dist; nearest = j; }
    }
    sizes[nearest]++;
    for (let l = 0; l < d; l++) sums[nearest * d + l] += points[i][l];
  }
  return centroids.map((c, jl) => c - sums[jl] / sizes[Math.floor(jl / d)]);
}

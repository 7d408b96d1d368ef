/**
 * DiffTests.jl's in-place array → array functions `f!(y, x)`, ported as functions that return
 * a new array y of the same length as x. The Julia wrappers (`chebyquad(x)` etc.) start y at
 * zeros or ones; each port starts y the same way, then runs the same loops.
 * Julia arrays are 1-based: Julia's y[k] is y[k - 1] here.
 */

/** chebyquad!: y starts at zeros. */
export function chebyquad(x: number[]): number[] {
  const n = x.length;
  const y: number[] = [];
  for (let i = 0; i < n; i++) y[i] = 0;
  const tk = 1 / n;
  for (let j = 0; j < n; j++) {
    let temp1 = 1.0;
    let temp2 = 2 * x[j] - 1;
    const temp = 2 * temp2;
    for (let i = 0; i < n; i++) {
      y[i] += temp2;
      const ti = temp * temp2 - temp1;
      temp1 = temp2;
      temp2 = ti;
    }
  }
  let iev = -1.0;
  for (let k = 1; k <= n; k++) {
    y[k - 1] *= tk;
    if (iev > 0) y[k - 1] += 1 / (k ** 2 - 1);
    iev = -iev;
  }
  return y;
}

/** brown_almost_linear!: y starts at zeros. */
export function brown_almost_linear(x: number[]): number[] {
  const n = x.length;
  const y: number[] = [];
  for (let i = 0; i < n; i++) y[i] = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const c = sum - (n + 1);
  for (let i = 0; i < n - 1; i++) {
    for (let j = 0; j < n - 1; j++) y[j] += x[i] + c;
  }
  let prod = 1;
  for (let i = 0; i < n; i++) prod *= x[i];
  y[n - 1] = prod - 1;
  return y;
}

/** trigonometric!: y starts at ones. */
export function trigonometric(x: number[]): number[] {
  const n = x.length;
  const y: number[] = [];
  for (let j = 0; j < n; j++) y[j] = 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) y[j] = Math.cos(x[i]);
  }
  let c = 0;
  for (let j = 0; j < n; j++) c += y[j];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) y[j] = Math.sin(x[i]) * y[j] + n - c;
  }
  return y;
}

/** mutation_test_1!: y starts at zeros. */
export function mutation_test_1(x: number[]): number[] {
  const n = x.length;
  const y: number[] = [];
  for (let i = 0; i < n; i++) y[i] = 0;
  y[0] = x[0];
  y[0] = y[0] * x[1];
  y[1] = y[1] * x[2];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += y[i];
  y[2] = sum;
  return y;
}

/** mutation_test_2!: y starts at ones. */
export function mutation_test_2(x: number[]): number[] {
  const n = x.length;
  const y: number[] = [];
  for (let i = 0; i < n; i++) y[i] = 1;
  y[0] *= x[0];
  y[1] *= x[0];
  y[0] *= x[1];
  y[1] *= x[1];
  return y;
}

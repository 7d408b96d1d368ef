/** GradBench `lse`: log Σᵢ e^(xᵢ), with the max subtracted first (the log-sum-exp trick). */
export function logSumExp(x: readonly number[]): number {
  let a = x[0];
  for (let i = 1; i < x.length; i++) a = Math.max(a, x[i]);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - a);
  return Math.log(s) + a;
}

/** ∇ by hand: the softmax, e^(xᵢ − a) / Σⱼ e^(xⱼ − a). */
export function logSumExpGradient(x: readonly number[]): number[] {
  let a = x[0];
  for (let i = 1; i < x.length; i++) a = Math.max(a, x[i]);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - a);
  return x.map((xi) => Math.exp(xi - a) / s);
}

/**
 * DiffTests.jl's vector → number functions, ported to plain TypeScript loops.
 * Julia arrays are 1-based: Julia's x[k] is x[k - 1] here.
 */

export function vec2num_1(x: number[]): number {
  return (Math.exp(x[0]) + Math.log(x[2]) * x[3]) / x[4];
}

export function vec2num_2(x: number[]): number {
  return x[0] * x[1] + Math.sin(x[0]);
}

/** sum((-x).^3) */
export function vec2num_5(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (-x[i]) ** 3;
  return s;
}

/** sum(ifelse(i > 0, i, 0) for i in x) */
export function vec2num_6(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] > 0 ? x[i] : 0;
  return s;
}

/** sum(map(y -> x[1] * y, x)) */
export function vec2num_7(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[0] * x[i];
  return s;
}

export function rosenbrock_1(x: number[]): number {
  const a = 1;
  const b = 100 * a;
  let result = 0;
  for (let i = 0; i < x.length - 1; i++) result += (a - x[i]) ** 2 + b * (x[i + 1] - x[i] ** 2) ** 2;
  return result;
}

/** a = x[1], b = 100a, summed over the pairs (i, j) = (x[k+1], x[k]). */
export function rosenbrock_2(x: number[]): number {
  const a = x[0];
  const b = 100 * a;
  let sum = 0;
  for (let k = 0; k < x.length - 1; k++) {
    const i = x[k + 1];
    const j = x[k];
    sum += (a - j) ** 2 + b * (i - j ** 2) ** 2;
  }
  return sum;
}

export function rosenbrock_3(x: number[]): number {
  let sum = 0;
  for (let k = 0; k < x.length - 1; k++) sum += (1 - x[k]) ** 2 + 100 * (x[k + 1] - x[k] ** 2) ** 2;
  return sum;
}

/** sum((1 .+ x[1:end-1]).^2 .+ 100 .* abs.(x[2:end] .+ x[1:end-1].^2).^2) */
export function rosenbrock_4(x: number[]): number {
  let sum = 0;
  for (let k = 0; k < x.length - 1; k++) {
    const t1 = (1 + x[k]) ** 2;
    const t2 = x[k + 1] + x[k] ** 2;
    sum += t1 + 100 * Math.abs(t2) ** 2;
  }
  return sum;
}

export function ackley(x: number[]): number {
  const a = 20;
  const b = -0.2;
  const c = 2 * Math.PI;
  const lenRecip = 1 / x.length;
  let sumSqrs = 0;
  let sumCos = 0;
  for (let k = 0; k < x.length; k++) {
    sumCos += Math.cos(c * x[k]);
    sumSqrs += x[k] ** 2;
  }
  return -a * Math.exp(b * Math.sqrt(lenRecip * sumSqrs)) - Math.exp(lenRecip * sumCos) + a + Math.exp(1);
}

/** inv(1 + exp(-dot(x, x))) */
export function self_weighted_logit(x: number[]): number {
  let dot = 0;
  for (let i = 0; i < x.length; i++) dot += x[i] * x[i];
  return 1 / (1 + Math.exp(-dot));
}

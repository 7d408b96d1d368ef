/**
 * DiffTests.jl's number → number functions (JuliaDiff/DiffTests.jl, src/DiffTests.jl),
 * ported to plain TypeScript: Julia's `^` is `**`.
 */

export function num2num_1(x: number): number {
  return Math.sin(x) ** 2 / Math.cos(x) ** 2;
}

export function num2num_2(x: number): number {
  return 2 * x + Math.sqrt(x * x * x);
}

export function num2num_3(x: number): number {
  return 10.31 ** (x + x) - x;
}

/** A constant output: its derivative is 0. */
export function num2num_4(x: number): number {
  return 1;
}

export function num2num_5(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Functions returning an array, shared by the reverse-mode vjp and Jacobian tests (sources and points). */

export const softmax = {
  source: `function f(x: number[]): number[] {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  const e = new Array<number>(x.length).fill(0);
  let z = 0;
  for (let i = 0; i < x.length; i++) {
    e[i] = Math.exp(x[i] - m);
    z += e[i];
  }
  for (let i = 0; i < x.length; i++) e[i] /= z;
  return e;
}`,
  points: [[0.3, -1.2, 2.5, 0.9], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
};

export const calleeAndBranches = {
  source: `function sq(t: number): number {
  return t * t;
}
function f(x: number[]): number[] {
  if (x[0] > 100) return [0, 0];
  const a = sq(x[0] - x[1]);
  if (x[2] > 0) return [a * Math.log1p(x[2]), Math.tanh(a + x[1])];
  return [a, x[2] * x[0]];
}`,
  points: [[0.4, -0.3, 1.7], [1.1, 2.2, -0.5]],
};

/** The three-armed spiral dataset (as in Stanford CS231n), from a seeded generator so every run is the same. */

/** mulberry32: a tiny 32-bit PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample by the Box–Muller transform. */
export function gaussian(uniform: () => number): number {
  const u = 1 - uniform(); // (0, 1]: log(u) is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

export interface Dataset {
  /** Points (x, y) in roughly [-1, 1]². */
  points: [number, number][];
  /** Class label of each point, 0 … classes − 1. */
  labels: number[];
  classes: number;
}

/**
 * `perClass` points on each of `classes` spiral arms: radius grows linearly from 0 to 1 while the
 * angle sweeps 4 radians, shifted per arm, with Gaussian angular noise.
 */
export function spiral(perClass = 100, classes = 3, seed = 1, noise = 0.2): Dataset {
  const uniform = mulberry32(seed);
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < perClass; i++) {
      const r = i / (perClass - 1);
      const theta = k * 4 + (4 * i) / (perClass - 1) + noise * gaussian(uniform);
      points.push([r * Math.sin(theta), r * Math.cos(theta)]);
      labels.push(k);
    }
  }
  return { points, labels, classes };
}

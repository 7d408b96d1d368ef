/** A deterministic PRNG (mulberry32) so every run tests the same points. */
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

/** n numbers with |xᵢ| in [0.2, 1): away from 0, where vec2num_6's branch and logs would bend a difference quotient. */
export function randomVector(seed: number, n: number, signs: 'positive' | 'mixed'): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const magnitude = 0.2 + 0.8 * next();
    return signs === 'mixed' && next() < 0.5 ? -magnitude : magnitude;
  });
}

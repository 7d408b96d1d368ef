/** A small seeded generator (xorshift32), so every run and every process sees the same inputs. */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** n uniform numbers in [0, 1). */
export const uniform = (n: number, seed: number): number[] => {
  const r = random(seed);
  return Array.from({ length: n }, r);
};

/** n standard normal numbers (Box–Muller). */
export function normal(n: number, seed: number): number[] {
  const r = random(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
}

/**
 * Hand-written derivatives of the reference function, the speed a source transform aims for
 * (DESIGN: "a hand-written derivative measures about 1.5 × primal"). Written in the style of the
 * primal (the same `** 3`, `** 2` powers a person differentiating `martins` by hand would keep),
 * so the ratio measures the derivative's extra work, not a rewrite of the function.
 *
 * f = eˣ s^(−1/2) with s = sin³x + cos³x, s' = 3 sin²x cos x − 3 cos²x sin x, so
 * f' = f·g with g = 1 − s'/(2s), and f'' = f'·g + f·g' = f (g² + g') with g' = (s'² − s s'') / (2s²),
 * s'' = 6 sin x cos²x − 3 sin³x + 6 sin²x cos x − 3 cos³x.
 */

export function martinsFirst(x: number): number {
  const sn = Math.sin(x), cs = Math.cos(x);
  const s = sn ** 3 + cs ** 3;
  const ds = 3 * sn ** 2 * cs - 3 * cs ** 2 * sn;
  const f = Math.exp(x) / Math.sqrt(s);
  return f * (1 - ds / (2 * s));
}

export function martinsSecond(x: number): number {
  const sn = Math.sin(x), cs = Math.cos(x);
  const s = sn ** 3 + cs ** 3;
  const ds = 3 * sn ** 2 * cs - 3 * cs ** 2 * sn;
  const d2s = 6 * sn * cs ** 2 - 3 * sn ** 3 + 6 * sn ** 2 * cs - 3 * cs ** 3;
  const f = Math.exp(x) / Math.sqrt(s);
  const g = 1 - ds / (2 * s);
  const dg = (ds * ds - s * d2s) / (2 * s * s);
  return f * (g * g + dg);
}

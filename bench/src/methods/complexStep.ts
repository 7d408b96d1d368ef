/**
 * The complex step (Squire & Trapp 1998; Martins et al. 2003): f'(x) = Im f(x + ih) / h + O(h²)
 * with no subtraction, so h can be tiny (1e-20) and the result is exact to rounding. It needs the
 * function evaluated in complex arithmetic: the small `Complex` type below and a complex twin of
 * each workload.
 */

/** a + bi, immutable. Only the operations the workloads use. */
export class Complex {
  constructor(readonly re: number, readonly im: number = 0) {}
  add(w: Complex): Complex { return new Complex(this.re + w.re, this.im + w.im); }
  sub(w: Complex): Complex { return new Complex(this.re - w.re, this.im - w.im); }
  mul(w: Complex): Complex { return new Complex(this.re * w.re - this.im * w.im, this.re * w.im + this.im * w.re); }
  div(w: Complex): Complex {
    const d = w.re * w.re + w.im * w.im;
    return new Complex((this.re * w.re + this.im * w.im) / d, (this.im * w.re - this.re * w.im) / d);
  }
  neg(): Complex { return new Complex(-this.re, -this.im); }
  addReal(c: number): Complex { return new Complex(this.re + c, this.im); }
  subReal(c: number): Complex { return new Complex(this.re - c, this.im); }
  scale(c: number): Complex { return new Complex(this.re * c, this.im * c); }
  /** zᵏ for a small non-negative integer k, by repeated multiplication (exact for k ≤ 3 up to rounding). */
  powInt(k: number): Complex {
    let p = new Complex(1);
    for (let i = 0; i < k; i++) p = p.mul(this);
    return p;
  }
}

export const cexp = (z: Complex): Complex => {
  const m = Math.exp(z.re);
  return new Complex(m * Math.cos(z.im), m * Math.sin(z.im));
};
export const csin = (z: Complex): Complex => new Complex(Math.sin(z.re) * Math.cosh(z.im), Math.cos(z.re) * Math.sinh(z.im));
export const ccos = (z: Complex): Complex => new Complex(Math.cos(z.re) * Math.cosh(z.im), -Math.sin(z.re) * Math.sinh(z.im));
/** The principal square root, written without the cancellation `|z| − re` that would lose a tiny imaginary part. */
export const csqrt = (z: Complex): Complex => {
  const r = Math.hypot(z.re, z.im);
  if (z.re >= 0) {
    const t = Math.sqrt((r + z.re) / 2);
    return t === 0 ? new Complex(0) : new Complex(t, z.im / (2 * t));
  }
  const t = Math.sqrt((r - z.re) / 2);
  return new Complex(Math.abs(z.im) / (2 * t), z.im < 0 ? -t : t);
};

// --- the workloads in complex arithmetic (same formulas as functions.ts) -----------------------

const ln1031 = Math.log(10.31);

export const complexScalar = {
  martins: (z: Complex) => cexp(z).div(csqrt(csin(z).powInt(3).add(ccos(z).powInt(3)))),
  num2num_1: (z: Complex) => csin(z).powInt(2).div(ccos(z).powInt(2)),
  num2num_2: (z: Complex) => z.scale(2).add(csqrt(z.mul(z).mul(z))),
  // 10.31^(2z) = e^(2z ln 10.31)
  num2num_3: (z: Complex) => cexp(z.add(z).scale(ln1031)).sub(z),
  num2num_4: (_z: Complex) => new Complex(1),
  num2num_5: (z: Complex) => new Complex(1).div(cexp(z.neg()).addReal(1)),
} as const;

export function complexRosenbrock(x: readonly Complex[]): Complex {
  let sum = new Complex(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i].neg().addReal(1);
    const b = x[i + 1].sub(x[i].mul(x[i]));
    sum = sum.add(a.mul(a)).add(b.mul(b).scale(100));
  }
  return sum;
}

export function complexBrownAlmostLinear(x: readonly Complex[]): Complex[] {
  const n = x.length;
  let sum = new Complex(0);
  let product = new Complex(1);
  for (const xi of x) {
    sum = sum.add(xi);
    product = product.mul(xi);
  }
  const y: Complex[] = [];
  for (let i = 0; i < n - 1; i++) y.push(x[i].add(sum).subReal(n + 1));
  y.push(product.subReal(1));
  return y;
}

// --- the method -------------------------------------------------------------------------------

export const defaultComplexStep = { first: 1e-20, second: Number.EPSILON ** (1 / 4) } as const;

/** f'(x) ≈ Im f(x + ih) / h: no subtractive cancellation, so h = 1e-20 is fine. */
export function complexStep(f: (z: Complex) => Complex, x: number, h: number = defaultComplexStep.first): number {
  return f(new Complex(x, h)).im / h;
}

/**
 * f''(x) ≈ 2 (f(x) − Re f(x + ih)) / h² (Fike & Alonso 2011): this one does subtract, so it has
 * a V-shaped error like a central second difference.
 */
export function complexStepSecond(f: (z: Complex) => Complex, x: number, h: number = defaultComplexStep.second): number {
  return (2 * (f(new Complex(x)).re - f(new Complex(x, h)).re)) / (h * h);
}

/** ∇f by the complex step: n complex evaluations. */
export function complexStepGradient(f: (x: readonly Complex[]) => Complex, x: readonly number[], h: number = defaultComplexStep.first): number[] {
  const zs = x.map((xi) => new Complex(xi));
  return x.map((xi, i) => {
    zs[i] = new Complex(xi, h);
    const d = f(zs).im / h;
    zs[i] = new Complex(xi);
    return d;
  });
}

/** J by the complex step, column by column: n complex evaluations. */
export function complexStepJacobian(f: (x: readonly Complex[]) => Complex[], x: readonly number[], h: number = defaultComplexStep.first): number[][] {
  const zs = x.map((xi) => new Complex(xi));
  const columns = x.map((xi, j) => {
    zs[j] = new Complex(xi, h);
    const column = f(zs).map((y) => y.im / h);
    zs[j] = new Complex(xi);
    return column;
  });
  return columns[0].map((_, i) => columns.map((column) => column[i]));
}

/**
 * GradBench `ode` (cmpad's an_ode): y′₀ = x₀, y′ᵢ = xᵢ yᵢ₋₁ (i > 0), y(0) = 0, integrated to
 * t = 2 by s steps of the classic Runge–Kutta method; the derivative asked for is the gradient of
 * the last component y_{n−1}(2) with respect to x.
 */

/** y′ = F(x, y): F₀ = x₀, Fᵢ = xᵢ yᵢ₋₁. */
function slope(x: readonly number[], y: readonly number[]): number[] {
  return y.map((_, i) => (i === 0 ? x[0] : x[i] * y[i - 1]));
}

/**
 * The solution y(2), GradBench's primal output, as a user writes it; ddx differentiates its last
 * component, `gradient((v) => odeSolve(v, s)[v.length - 1], x)`. Accepted as written.
 */
export function odeSolve(x: readonly number[], s: number): number[] {
  const h = 2 / s;
  let y = new Array<number>(x.length).fill(0);
  for (let step = 0; step < s; step++) {
    const k1 = slope(x, y);
    const k2 = slope(x, y.map((v, i) => v + (h / 2) * k1[i]));
    const k3 = slope(x, y.map((v, i) => v + (h / 2) * k2[i]));
    const k4 = slope(x, y.map((v, i) => v + h * k3[i]));
    y = y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return y;
}

/** One Runge–Kutta step from y, with its stages (for the hand-written adjoint). */
function step(x: readonly number[], y: readonly number[], h: number) {
  const k1 = slope(x, y);
  const z2 = y.map((v, i) => v + (h * k1[i]) / 2), k2 = slope(x, z2);
  const z3 = y.map((v, i) => v + (h * k2[i]) / 2), k3 = slope(x, z3);
  const z4 = y.map((v, i) => v + h * k3[i]), k4 = slope(x, z4);
  const next = y.map((v, i) => v + (h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])) / 6);
  return { z2, z3, z4, next };
}

/** k = F(z): k₀ = x₀, kᵢ = xᵢ zᵢ₋₁. Adjoint: adds k̄'s contributions into x̄ and z̄. */
function stageAdjoint(x: readonly number[], z: readonly number[], kBar: readonly number[], xBar: number[], zBar: number[]): void {
  xBar[0] += kBar[0];
  for (let i = 1; i < x.length; i++) {
    xBar[i] += kBar[i] * z[i - 1];
    zBar[i - 1] += kBar[i] * x[i];
  }
}

/**
 * ∇ₓ y_{n−1}(2) by hand, in reverse mode: the forward sweep keeps y at the start of each step, the
 * backward sweep recomputes the step's stages and propagates the adjoints through them.
 */
export function odeGradient(x: readonly number[], s: number): number[] {
  const n = x.length;
  const h = 2 / s;
  const ys: number[][] = [];
  let y = new Array<number>(n).fill(0);
  for (let i = 0; i < s; i++) {
    ys.push(y);
    y = step(x, y, h).next;
  }
  const xBar = new Array<number>(n).fill(0);
  let yBar = new Array<number>(n).fill(0);
  yBar[n - 1] = 1;
  for (let i = s - 1; i >= 0; i--) {
    const y0 = ys[i];
    const { z2, z3, z4 } = step(x, y0, h);
    // y' = y + h (k1 + 2 k2 + 2 k3 + k4) / 6
    const next = yBar.slice();
    const k1Bar = yBar.map((b) => (h * b) / 6), k2Bar = yBar.map((b) => (h * b) / 3), k3Bar = yBar.map((b) => (h * b) / 3);
    const k4Bar = yBar.map((b) => (h * b) / 6);
    const z4Bar = new Array<number>(n).fill(0);
    stageAdjoint(x, z4, k4Bar, xBar, z4Bar); // k4 = F(z4), z4 = y + h k3
    for (let j = 0; j < n; j++) { next[j] += z4Bar[j]; k3Bar[j] += h * z4Bar[j]; }
    const z3Bar = new Array<number>(n).fill(0);
    stageAdjoint(x, z3, k3Bar, xBar, z3Bar); // k3 = F(z3), z3 = y + h k2 / 2
    for (let j = 0; j < n; j++) { next[j] += z3Bar[j]; k2Bar[j] += (h * z3Bar[j]) / 2; }
    const z2Bar = new Array<number>(n).fill(0);
    stageAdjoint(x, z2, k2Bar, xBar, z2Bar); // k2 = F(z2), z2 = y + h k1 / 2
    for (let j = 0; j < n; j++) { next[j] += z2Bar[j]; k1Bar[j] += (h * z2Bar[j]) / 2; }
    stageAdjoint(x, y0, k1Bar, xBar, next); // k1 = F(y)
    yBar = next;
  }
  return xBar;
}

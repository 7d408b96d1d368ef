/**
 * Nested derivatives (a verb called inside a differentiated function) of calls the rule table
 * differentiates without a formula of its own: a function made by defineFunction, a special
 * function of a package, and `Math.hypot/max/min(...g)` over an array. The nested verb's forward
 * code (analyze/tangent.ts) holds each rule's partial as a `partial` node, which the outer
 * derivative differentiates by the rule's second-order row: the given d2f, specialRules' `second`,
 * hypot's partials as formulas. Every outer verb and mode: inline and dual, forward and reverse.
 *
 * Oracles, none of them the code under test: closed forms written here (σ for softplus,
 * erf′ = 2/√π·e^(−x²) and erf″ = −2x·erf′, hypot's partials, a max/min fold), mpmath's second
 * partials of beta (@ddx/dual's test/special-reference.json), and the run-time engine nesting
 * the same defineFunction rule (which @ddx/dual tests against finite differences). Tolerances:
 * 1e-14 relative for closed forms and the engine, 1e-13 for beta (its rows sum differences of ψ).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineFunction, derivative as engineDerivative, ops } from '@ddx/dual';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const modes: EmitMode[] = ['inline', 'dual'];

const source = `import { defineFunction, derivative, gradient } from '@ddx/dual';
import erf from '@stdlib/math-base-special-erf';
import beta from '@stdlib/math-base-special-beta';

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
export const softplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), sigma, (x) => sigma(x) * (1 - sigma(x)));

/** d/dt softplus(p·t) at t = 0.5: p·σ(p/2). */
function slope(p: number): number {
  return derivative((t: number) => softplus(p * t), 0.5);
}
export const customD = (p: number): number => derivative(slope, p);
export const customG = (a: number, b: number): number[] => gradient((w: number[]) => slope(w[0]) * w[1], [a, b]);
export const customR = (a: number, b: number): number[] => gradient((w: number[]) => slope(w[0]) * w[1], [a, b], { mode: 'reverse' });
/** ∂/∂v₀ softplus(v₀v₁) at v = [p, 2]: 2σ(2p). */
export const customInG = (p: number): number => derivative((q: number) => gradient((v: number[]) => softplus(v[0] * v[1]), [q, 2])[0], p);

/** d/dt erf(p·t) at t = 0.5: p·erf′(p/2). */
export const erfD = (p: number): number => derivative((q: number) => derivative((t: number) => erf(q * t), 0.5), p);
export const erfR = (a: number, b: number): number[] => gradient((w: number[]) => derivative((t: number) => erf(w[0] * t), 0.5) * w[1], [a, b], { mode: 'reverse' });
/** ∂B/∂a at (a, b): its gradient is the second partials' row. */
export const betaG = (a: number, b: number): number[] => gradient((w: number[]) => derivative((t: number) => beta(t, w[1]), w[0]), [a, b]);
export const betaR = (a: number, b: number): number[] => gradient((w: number[]) => derivative((t: number) => beta(t, w[1]), w[0]), [a, b], { mode: 'reverse' });

/** ∂/∂v₀ ‖v‖ at v = [p, 2, 3]: p/‖v‖. */
export const hypotD = (p: number): number => derivative((q: number) => gradient((v: number[]) => Math.hypot(...v), [q, 2, 3])[0], p);
export const hypotR = (a: number, b: number): number[] => gradient((w: number[]) => gradient((v: number[]) => Math.hypot(...v) * w[1], [w[0], 2, 3])[0], [a, b], { mode: 'reverse' });
/** d/dt max(t², p·t, 1)·min(t², p·t, 1) at t = 0.5 (p > 2: p·t³, so 3p·t²). */
export const extremesD = (p: number): number => derivative((q: number) => derivative((t: number) => {
  const v = [t * t, q * t, 1];
  return Math.max(...v) * Math.min(...v);
}, 0.5), p);
`;

const reference = JSON.parse(readFileSync(new URL('../../dual/test/special-reference.json', import.meta.url), 'utf8')) as {
  beta: [number, number, number, number, number, number, number, number][];
};

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
const dSigma = (x: number): number => sigma(x) * (1 - sigma(x));
const dErf = (x: number): number => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
const d2Erf = (x: number): number => -2 * x * dErf(x);
const close = (got: number, want: number, what: string, rel = 1e-14): void => {
  if (!(Math.abs(got - want) <= rel * Math.max(1, Math.abs(want)))) expect.fail(`${what}: got ${got}, want ${want} (rel ${rel})`);
};

const engineSoftplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), sigma, dSigma);

describe.each(modes)('nested derivatives of rules, special functions and spreads (%s)', (mode) => {
  const compiled = async (): Promise<Record<string, (...x: number[]) => number | number[]>> => {
    const r = transform(source, `/virtual/nested-rules-${mode}.ts`, { mode, sourceMap: false });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    return (await run(r.code)) as Record<string, (...x: number[]) => number | number[]>;
  };

  it('a defineFunction rule: its d2f, in forward and reverse outer verbs (closed forms, the engine)', async () => {
    const m = await compiled();
    for (const p of [-1.3, 0, 0.7, 2.5]) {
      // d/dp [p·σ(p/2)] = σ(p/2) + (p/2)·σ′(p/2)
      const want = sigma(p / 2) + (p / 2) * dSigma(p / 2);
      close(m.customD(p) as number, want, `customD(${p})`);
      close(m.customD(p) as number, engineDerivative((q) => engineDerivative((t) => engineSoftplus(ops.mul(q, t)), 0.5), p) as number, `engine at ${p}`);
      for (const name of ['customG', 'customR']) {
        const [ga, gb] = m[name](p, 1.3) as number[];
        close(ga, 1.3 * want, `${name}(${p}, 1.3)[0]`);
        close(gb, p * sigma(p / 2), `${name}(${p}, 1.3)[1]`);
      }
      // d/dp 2σ(2p) = 4σ′(2p)
      close(m.customInG(p) as number, 4 * dSigma(2 * p), `customInG(${p})`);
    }
  });

  it('a special function: its rule\'s second partials (erf: closed form; beta: mpmath)', async () => {
    const m = await compiled();
    for (const p of [-1.5, 0, 0.7, 3]) {
      // d/dp [p·erf′(p/2)] = erf′(p/2) + (p/2)·erf″(p/2)
      const want = dErf(p / 2) + (p / 2) * d2Erf(p / 2);
      close(m.erfD(p) as number, want, `erfD(${p})`);
      const [ga, gb] = m.erfR(p, -0.4) as number[];
      close(ga, -0.4 * want, `erfR(${p}, -0.4)[0]`);
      close(gb, p * dErf(p / 2), `erfR(${p}, -0.4)[1]`);
    }
    for (const [a, b, , , , daa, dab] of reference.beta.slice(0, 6)) {
      for (const name of ['betaG', 'betaR']) {
        const [ga, gb] = m[name](a, b) as number[];
        close(ga, daa, `${name}(${a}, ${b})[0]`, 1e-13);
        close(gb, dab, `${name}(${a}, ${b})[1]`, 1e-13);
      }
    }
  });

  it('Math.hypot/max/min(...v): hypot\'s partials differentiated, the fold\'s chosen element (closed forms)', async () => {
    const m = await compiled();
    for (const p of [-2, 0.5, 4]) {
      const h = Math.hypot(p, 2, 3);
      // d/dp [p/h] = 13/h³ with h² = p² + 13
      close(m.hypotD(p) as number, 13 / h ** 3, `hypotD(${p})`);
      const [ga, gb] = m.hypotR(p, 1.3) as number[];
      close(ga, (1.3 * 13) / h ** 3, `hypotR(${p}, 1.3)[0]`);
      close(gb, p / h, `hypotR(${p}, 1.3)[1]`);
    }
    // d/dp (3p·t²) at t = 0.5: 3t² = 0.75, for p > 2 (p·t the largest, t² the smallest).
    for (const p of [2.5, 3, 7]) close(m.extremesD(p) as number, 0.75, `extremesD(${p})`);
  });
});

describe('nested derivatives of rules that need a derivative no rule gives', () => {
  const head = `import { defineFunction, derivative, secondDerivative, hessian } from '@ddx/dual';
import erf from '@stdlib/math-base-special-erf';
const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
export const softplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), sigma, (x) => sigma(x) * (1 - sigma(x)));
export const s1 = defineFunction('s1', Math.sin, Math.cos);
`;
  const cases: [string, string, RegExp][] = [
    ['derivative((p: number) => derivative((t: number) => s1(p * t), 0.5), 1)', 'DDX1020',
      /^derivative differentiates a nested derivative of 's1', which needs its second derivative, .*defineFunction\(name, f, df, d2f\)/],
    ['secondDerivative((p: number) => derivative((t: number) => softplus(p * t), 0.5), 1)', 'DDX1020',
      /^secondDerivative differentiates twice a nested derivative of 'softplus' \(made by defineFunction\), which needs its third derivative/],
    ['hessian((w: number[]) => derivative((t: number) => erf(w[0] * t), 0.5), [1, 2])', 'DDX1020',
      /^hessian differentiates twice a nested derivative of 'erf' of '@stdlib\/math-base-special-erf', which needs its third derivative/],
    ["hessian((w: number[]) => derivative((t: number) => softplus(w[0] * t), 0.5), [1, 2], { mode: 'reverse' })", 'DDX1020',
      /^hessian differentiates twice a nested derivative of 'softplus'/],
    ['derivative((r: number) => derivative((p: number) => derivative((t: number) => erf(p * t * r), 0.5), 2), 1)', 'DDX1006',
      /^'erf' of '@stdlib\/math-base-special-erf' is differentiated three times here .* needs its third derivative/],
  ];
  for (const mode of modes) {
    it(`is a diagnostic naming the rule and what to give (${mode})`, () => {
      for (const [call, code, message] of cases) {
        const r = transform(`${head}export const d = ${call};\n`, '/virtual/nested-rules-rejected.ts', { mode });
        expect(r.diagnostics.map((d) => d.code), call).toEqual([code]);
        expect(r.diagnostics[0].message, call).toMatch(message);
      }
    });
  }
});

/**
 * generateModule's gradientMode (`ddx gen --gradient-mode`): the `*_gradient` and
 * `*_valueAndGradient` of a function of an array in reverse mode, or by default where reverse mode
 * compiles the function, as a call site's { mode: 'auto' }: switching on the point's length. Checked against the forward-mode module generated from the same source
 * (the tolerance: relative 1e-13, with an absolute floor of 1e-13 × |f(x)|), a closed form
 * and central differences.
 */
import { describe, expect, it } from 'vitest';
import { generateModule, type GradientMode } from '../src/index.js';
import { main } from '../src/cli/main.js';
import { run } from './run.js';
import { reverseFromLength } from '../src/emit/reverse/auto.js';

const source = `
function sq(t: number): number {
  return t * t;
}

export function rosenbrock(x: number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * sq(x[i + 1] - x[i] * x[i]) + sq(1 - x[i]);
  return s;
}

/** Branches, an early return, Math functions and a local array written in place. */
export function mixed(x: number[]): number {
  const y = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0) y[i % 3] += Math.log1p(x[i] * x[i]);
    else y[i % 3] -= Math.sin(x[i]) * Math.exp(x[(i + 1) % x.length]);
  }
  if (y[0] > 1e6) return 0;
  return Math.hypot(y[0], y[1]) + Math.tanh(y[2]) * x[0];
}

/** Two number parameters: reverse mode under 'auto', as at a call site. */
export function area(w: number, h: number): number {
  return w * Math.sin(h);
}

/** Two names of one array, both used after (pair = other, then other written), which reverse mode rejects (DDX1062). */
export function twoNames(x: number[]): number {
  let pair = [0, 0];
  const other = [x[0], 1];
  pair = other;
  other.push(x[1]);
  return pair[0] * pair[2];
}
`;

type Module = Record<string, (x: number[]) => unknown>;
const generate = (gradientMode?: GradientMode, mode: 'inline' | 'dual' = 'inline', functions?: string[]) =>
  generateModule(source, '/project/model.ts', { mode, ...(gradientMode ? { gradientMode } : {}), ...(functions ? { functions } : {}) });

/** The doc comment of each exported driver says which mode computes it. */
function driversSaying(code: string, mode: RegExp): string[] {
  const names: string[] = [];
  const lines = code.split('\n');
  lines.forEach((line, k) => {
    const m = /^export function (\w+)/.exec(line);
    if (m && mode.test(lines[k - 1] ?? '')) names.push(m[1]);
  });
  return names;
}
const reverseDrivers = (code: string): string[] => driversSaying(code, /in reverse mode/);
/** The drivers that switch on the point's length (emit/reverse/auto.ts). */
const switchingDrivers = (code: string): string[] => driversSaying(code, new RegExp(`forward mode below ${reverseFromLength} entries, reverse mode from ${reverseFromLength} on`));

/** |a − b| ≤ 1e-13 · max(|b|, |f(x)|), entry by entry. */
function expectAgree(a: number[], b: number[], value: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((ai, k) => expect(Math.abs(ai - b[k]), `entry ${k}: ${ai} against ${b[k]}`).toBeLessThanOrEqual(1e-13 * Math.max(Math.abs(b[k]), Math.abs(value))));
}

const points = [[1.2, -0.7, 0.4, 2.1, -1.3, 0.9, 0.05, -2.2, 1.7, 0.3, -0.6], [0.5, 0.25], [-0.3, 1.1, 2.5]];

describe('generateModule gradientMode', () => {
  it("'auto' (the default) computes the gradient of a function of an array in reverse mode from the crossover length on, agreeing with forward mode and central differences", async () => {
    const auto = generate();
    expect(auto.diagnostics).toEqual([]);
    expect(switchingDrivers(auto.code)).toEqual(['rosenbrock_gradient', 'rosenbrock_valueAndGradient', 'mixed_gradient', 'mixed_valueAndGradient']);
    expect(reverseDrivers(auto.code)).toEqual(['area_gradient', 'area_valueAndGradient']);
    // The switch between the two drivers, named for their modes.
    expect(auto.code).toMatch(new RegExp(`length >= ${reverseFromLength} \\? rosenbrock_gradient_reverse\\(x\\) : rosenbrock_gradient_forward\\(x\\)`));
    expect(generate('auto').code).toBe(auto.code);
    const forward = generate('forward');
    expect(reverseDrivers(forward.code)).toEqual([]);
    const r = (await run(auto.code)) as Module;
    const f = (await run(forward.code)) as Module;
    for (const name of ['rosenbrock', 'mixed']) {
      for (const x of points) {
        const { value, gradient } = r[`${name}_valueAndGradient`](x) as { value: number; gradient: number[] };
        const want = f[`${name}_valueAndGradient`](x) as { value: number; gradient: number[] };
        expect(value).toBe(want.value);
        expectAgree(gradient, want.gradient, value);
        expectAgree(r[`${name}_gradient`](x) as number[], want.gradient, value);
        // Central differences, h = 1e-6 relative: truncation and rounding ≲ 1e-6 of the scale.
        const fx = (p: number[]) => (r[`${name}_valueAndGradient`](p) as { value: number }).value;
        gradient.forEach((g, k) => {
          const h = 1e-6 * Math.max(1, Math.abs(x[k]));
          const up = x.slice(); up[k] += h;
          const down = x.slice(); down[k] -= h;
          const cd = (fx(up) - fx(down)) / (2 * h);
          expect(Math.abs(g - cd), `${name} entry ${k}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(value), Math.abs(g)));
        });
      }
    }
    // Rosenbrock's closed form.
    const x = points[0];
    const closed = x.map((_, i) => (i + 1 < x.length ? -400 * x[i] * (x[i + 1] - x[i] ** 2) - 2 * (1 - x[i]) : 0) + (i > 0 ? 200 * (x[i] - x[i - 1] ** 2) : 0));
    expectAgree(r.rosenbrock_gradient(x) as number[], closed, (r.rosenbrock_valueAndGradient(x) as { value: number }).value);
  });

  it("'auto' keeps forward mode for dual mode and where reverse mode rejects the function", () => {
    const rejected = generate('auto', 'inline', ['twoNames']).code;
    expect([...reverseDrivers(rejected), ...switchingDrivers(rejected)]).toEqual([]);
    const dual = generate('auto', 'dual').code;
    expect([...reverseDrivers(dual), ...switchingDrivers(dual)]).toEqual([]);
  });

  it("'reverse' computes every gradient in reverse mode, numbers too, and where reverse mode rejects a function says so (DDX1062) instead of falling back", async () => {
    const r = generate('reverse', 'inline', ['rosenbrock', 'area']);
    expect(r.diagnostics).toEqual([]);
    expect(reverseDrivers(r.code)).toEqual(['rosenbrock_gradient', 'rosenbrock_valueAndGradient', 'area_gradient', 'area_valueAndGradient']);
    const m = (await run(r.code)) as Module;
    // area = w sin h: (sin h, w cos h).
    expectAgree(m.area_gradient([3, 0.7]) as number[], [Math.sin(0.7), 3 * Math.cos(0.7)], 3 * Math.sin(0.7));
    const rejected = generate('reverse');
    expect(rejected.code).toBe('');
    expect(rejected.diagnostics.map((d) => [d.code, d.message])).toEqual([[
      'DDX1062',
      "an array that grows by push ('other') while another local array names it too (`y = z`, then y or z used) is not supported in reverse mode yet; use forward mode (ddx gen --gradient-mode forward, or generateModule's gradientMode: 'forward') for now",
    ]]);
    // Dual mode with reverse gradients: the dual rewrite for the other verbs.
    const dual = generate('reverse', 'dual', ['rosenbrock']);
    expect(dual.diagnostics).toEqual([]);
    expect(reverseDrivers(dual.code)).toEqual(['rosenbrock_gradient', 'rosenbrock_valueAndGradient']);
  });

  it("'reverse' writes *_jacobian and *_valueAndJacobian by rows, agreeing with forward mode and a closed form; 'auto' keeps them in forward mode", async () => {
    const vectorSource = `export function polar(p: number[]): number[] {
  return [p[0] * Math.cos(p[1]), p[0] * Math.sin(p[1]), p[0] * p[2]];
}
export function pair(r: number, t: number): number[] {
  return [r * t, Math.exp(r - t)];
}
`;
    const gen = (gradientMode: GradientMode) => generateModule(vectorSource, '/project/vec.ts', { gradientMode });
    const reverse = gen('reverse');
    expect(reverse.diagnostics).toEqual([]);
    expect(reverseDrivers(reverse.code)).toEqual(['polar_jacobian', 'polar_valueAndJacobian', 'pair_jacobian', 'pair_valueAndJacobian']);
    expect(reverseDrivers(gen('auto').code)).toEqual([]);
    const r = (await run(reverse.code)) as Module;
    const f = (await run(gen('forward').code)) as Module;
    for (const [name, x] of [['polar', [2, 0.7, -1.5]], ['pair', [0.4, 1.3]]] as const) {
      const { value, jacobian } = r[`${name}_valueAndJacobian`](x.slice()) as { value: number[]; jacobian: number[][] };
      const want = f[`${name}_valueAndJacobian`](x.slice()) as { value: number[]; jacobian: number[][] };
      expect(value).toEqual(want.value);
      expect(r[`${name}_jacobian`](x.slice())).toEqual(jacobian);
      jacobian.forEach((row, i) => expectAgree(row, want.jacobian[i], Math.max(...value.map(Math.abs))));
    }
    const [a, t] = [2, 0.7];
    const closed = [[Math.cos(t), -a * Math.sin(t), 0], [Math.sin(t), a * Math.cos(t), 0], [-1.5, 0, a]];
    (r.polar_jacobian([a, t, -1.5]) as number[][]).forEach((row, i) => expectAgree(row, closed[i], 2));
  });

  it('rejects an unknown gradientMode, naming the option', () => {
    expect(() => generateModule(source, '/project/model.ts', { gradientMode: 'backward' as GradientMode })).toThrow(
      "generateModule: `options.gradientMode` must be 'auto', 'forward' or 'reverse', got \"backward\"");
  });

  it('ddx print --gradient-mode passes the mode through; a bad one is a usage error', async () => {
    const { mkdtempSync, writeFileSync, rmSync, realpathSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'ddx-revgen-')));
    try {
      writeFileSync(join(root, 'model.ts'), source);
      const print = async (...flags: string[]) => {
        let stdout = '';
        let stderr = '';
        const code = await main(['print', 'model.ts', '--fn', 'rosenbrock', ...flags], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, stderrIsTTY: false });
        return { code, stdout, stderr };
      };
      expect(switchingDrivers((await print()).stdout)).toEqual(['rosenbrock_gradient', 'rosenbrock_valueAndGradient']);
      expect(reverseDrivers((await print('--gradient-mode', 'reverse')).stdout)).toEqual(['rosenbrock_gradient', 'rosenbrock_valueAndGradient']);
      expect(reverseDrivers((await print('--gradient-mode', 'forward')).stdout)).toEqual([]);
      const bad = await print('--gradient-mode', 'backward');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^ddx: error: invalid --gradient-mode 'backward': expected 'auto', 'forward' or 'reverse'\nhint: /);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * Plots as vega-lite specs, compiled to vega and rendered to SVG in Node (no browser, no
 * hand-written SVG).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ErrorCurve } from './accuracy.js';
import { M } from './suite.js';

type Spec = vl.TopLevelSpec;

/** Errors of exactly 0 (exact to the last bit) are drawn at this floor on the log axis. */
export const errorFloor = 1e-17;

export async function renderSvg(spec: Spec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const logAxis = (title: string, format = '.0e') => ({ title, scale: { type: 'log' as const }, axis: { format, grid: true } });
const legend = { labelLimit: 420 };

// One colour per method in every plot, indexed by the method's place in `M` and restricted to the
// methods a plot shows. The run-time engine is blue (Dual and HyperDual), the transform green,
// each finite difference its own strong colour, jax-js indigo.
const palette = ['#222222', '#8c564b', '#1f77b4', '#1f77b4', '#2ca02c', '#98df8a', '#ff7f0e', '#d62728', '#9467bd', '#e377c2',
  '#17becf', '#bcbd22', '#7f7f7f', '#393b79', '#637939', '#393b79', '#393b79'];
const methodOrder: string[] = Object.values(M).map((v) => (typeof v === 'function' ? '' : v));
methodOrder.splice(methodOrder.indexOf(''), 1, M.transform('inline'), M.transform('dual'));
/** `base` names the method in `M` that a label (e.g. "central difference (step-based)") stands for. */
function methodColor(methods: readonly string[], base: (label: string) => string = (m) => m) {
  const rank = (m: string) => { const i = methodOrder.indexOf(base(m)); return i < 0 ? methodOrder.length : i; };
  const domain = methods.slice().sort((a, b) => rank(a) - rank(b));
  return { field: 'method', type: 'nominal' as const, title: 'method', legend, scale: { domain, range: domain.map((m) => palette[Math.max(0, methodOrder.indexOf(base(m))) % palette.length]) } };
}

// Marker shapes and dash patterns per method, so lines that coincide (every exact method sits at
// rounding level) stay distinguishable: step-based methods are solid, each exact method has its own dash.
const shapes = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left', 'wedge', 'stroke'];
const dashes = [[6, 3], [2, 2], [10, 3, 2, 3], [1, 3], [12, 4], [4, 2, 1, 2], [8, 2]];

/** Encodings keyed by method (colour, marker, dash), merged by vega-lite into one legend. */
function methodEncodings(methods: readonly string[], exact: readonly string[] = [], base?: (label: string) => string) {
  const color = methodColor(methods, base);
  const domain = color.scale.domain;
  let nextDash = 0;
  return {
    color,
    shape: { field: 'method', type: 'nominal' as const, title: 'method', legend, scale: { domain, range: domain.map((_, i) => shapes[i % shapes.length]) } },
    strokeDash: {
      field: 'method', type: 'nominal' as const, title: 'method', legend,
      scale: { domain, range: domain.map((m) => (exact.includes(m) ? dashes[nextDash++ % dashes.length] : [1, 0])) },
    },
  };
}

/** 10^k for every integer k between the smallest and the largest h of the points. */
function decadesBetween(points: readonly { h: number }[]): number[] {
  const logs = points.map((p) => Math.log10(p.h));
  const out: number[] = [];
  for (let k = Math.ceil(Math.min(...logs)); k <= Math.floor(Math.max(...logs)); k++) out.push(10 ** k);
  return out;
}

/** Error against step size, log-log: one line per method; h grows to the right; exact methods (no step) are flat and dashed. */
export function errorVsStepSpec(title: string, curves: readonly ErrorCurve[]): Spec {
  const label = (c: ErrorCurve) => (c.flat ? `${c.method} (exact, no step)` : `${c.method} (step-based)`);
  const values = curves.flatMap((c) => c.points.map((p) => ({ method: label(c), h: p.h, error: Math.max(p.error, errorFloor) })));
  const methods = curves.map(label);
  // Curves that coincide (every exact method at rounding level; central difference and complex step at
  // large h, both O(h²)) stay visible: each method has its own dash, and markers only on every third
  // point, offset per method, so the markers of coinciding curves alternate instead of covering each other.
  const markers = curves.flatMap((c, k) => {
    // A flat curve is stored as its two ends: its markers go on every other decade, offset per method.
    const points = c.flat ? decadesBetween(c.points).filter((_, i) => (i + k) % 2 === 0).map((h) => ({ h, error: c.best.error })) : c.points.filter((_, i) => (i + k) % 3 === 0);
    return points.map((p) => ({ method: label(c), h: p.h, error: Math.max(p.error, errorFloor) }));
  });
  const enc = methodEncodings(methods, methods.filter((_, k) => k > 0), (l) => l.replace(/ \((exact, no step|step-based)\)$/, ''));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `relative error against the step h (h grows to the right); an error of 0 is drawn at ${errorFloor}` },
    width: 560, height: 340,
    encoding: {
      x: { field: 'h', type: 'quantitative', ...logAxis('step size h (log scale, larger steps to the right)') },
      // Errors above 1e2 (no correct digits at all) are clipped, so the V stays readable.
      y: { field: 'error', type: 'quantitative', ...logAxis('relative error'), scale: { type: 'log', domain: [errorFloor, 1e2] } },
      color: enc.color,
    },
    layer: [
      { data: { values }, mark: { type: 'line', clip: true, strokeWidth: 1.6 }, encoding: { strokeDash: enc.strokeDash } },
      { data: { values: markers }, mark: { type: 'point', clip: true, filled: true, size: 36, opacity: 1 }, encoding: { shape: enc.shape } },
    ],
  } as Spec;
}

export interface ScalingPoint {
  readonly method: string;
  readonly n: number;
  readonly seconds: number;
  /** Interquartile range of the time over the rounds (ratio quartiles × the primal's median time). */
  readonly low: number;
  readonly high: number;
}

/** Time per evaluation against n, log-log: one line per method, error bars from the rounds. */
export function scalingSpec(title: string, points: readonly ScalingPoint[]): Spec {
  const enc = methodEncodings([...new Set(points.map((p) => p.method))]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'time per call (median, bars: interquartile range over the rounds); slope 1 = linear in n, slope 2 = quadratic' },
    width: 560, height: 340,
    data: { values: points },
    encoding: {
      x: { field: 'n', type: 'quantitative', ...logAxis('n (dimension)', 'd') },
      color: enc.color,
    },
    layer: [
      { mark: { type: 'line' }, encoding: { y: { field: 'seconds', type: 'quantitative', ...logAxis('time per call (s)', '~s') } } },
      { mark: { type: 'point', filled: true, size: 40 }, encoding: { y: { field: 'seconds', type: 'quantitative' }, shape: enc.shape } },
      { mark: { type: 'rule' }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
    ],
  } as Spec;
}

export interface RatioBar {
  readonly method: string;
  readonly ratio: number;
  readonly q1: number;
  readonly q3: number;
  readonly family: string;
  readonly status: string;
}

/** Cost of each method as a multiple of one primal evaluation (log scale): a dot per method, bars from the rounds; the rule marks 1×. */
export function ratioSpec(title: string, bars: readonly RatioBar[]): Spec {
  const y = { field: 'method', type: 'nominal', sort: { field: 'ratio', order: 'ascending' }, title: null, axis: { labelLimit: 320 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'time per call ÷ time of the primal f: median over the rounds, bars from the first to the third quartile; hollow = unstable' },
    width: 480,
    data: { values: bars },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 3], color: 'gray' }, encoding: { x: { datum: 1 } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'q1', type: 'quantitative' }, x2: { field: 'q3' }, color: { field: 'family', type: 'nominal', title: 'family', legend } } },
      // whiskers at both quartiles, so a narrow range still shows as a bar behind the dot
      ...['q1', 'q3'].map((q) => ({ mark: { type: 'tick', orient: 'vertical', thickness: 2, size: 16 }, encoding: { y, x: { field: q, type: 'quantitative' }, color: { field: 'family', type: 'nominal', title: 'family', legend } } })),
      {
        mark: { type: 'point', size: 90, strokeWidth: 2 },
        encoding: {
          y,
          // room left of 1×, so a dot at about 1× (a hand-written derivative) is not cut in half
          x: { field: 'ratio', type: 'quantitative', scale: { type: 'log', domainMin: Math.min(0.7, ...bars.map((b) => 0.8 * b.q1)) }, title: '× primal (log scale)', axis: { format: '~g', grid: true } },
          color: { field: 'family', type: 'nominal', title: 'family', legend },
          shape: { field: 'family', type: 'nominal', title: 'family', legend },
          fill: { condition: { test: "datum.status === 'unstable'", value: 'white' }, field: 'family', type: 'nominal', title: 'family', legend },
        },
      },
    ],
  } as Spec;
}

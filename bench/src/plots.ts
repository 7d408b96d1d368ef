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
const legend = { labelLimit: 320 };

// One colour per method in every plot, indexed by the method's place in `M` and restricted to the
// methods a plot shows. The run-time engine is blue (Dual and HyperDual), the transform green,
// each finite difference its own strong colour, jax-js indigo.
const palette = ['#222222', '#8c564b', '#1f77b4', '#1f77b4', '#2ca02c', '#98df8a', '#ff7f0e', '#d62728', '#9467bd', '#e377c2',
  '#17becf', '#bcbd22', '#7f7f7f', '#393b79', '#637939', '#393b79', '#393b79'];
const methodOrder: string[] = Object.values(M).map((v) => (typeof v === 'function' ? '' : v));
methodOrder.splice(methodOrder.indexOf(''), 1, M.transform('inline'), M.transform('dual'));
function methodColor(methods: readonly string[]) {
  const domain = methodOrder.filter((m) => methods.includes(m)).concat(methods.filter((m) => !methodOrder.includes(m)));
  return { field: 'method', type: 'nominal' as const, title: 'method', legend, scale: { domain, range: domain.map((m) => palette[Math.max(0, methodOrder.indexOf(m)) % palette.length]) } };
}

/** Error against step size, log-log: one line per method, step-free methods dashed. */
export function errorVsStepSpec(title: string, curves: readonly ErrorCurve[]): Spec {
  const values = curves.flatMap((c) =>
    c.points.map((p) => ({ method: c.method, kind: c.flat ? 'exact (no step)' : 'step-based', h: p.h, error: Math.max(p.error, errorFloor) })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `relative error; 0 is drawn at ${errorFloor}` },
    width: 560, height: 340,
    data: { values },
    mark: { type: 'line', point: { size: 18 }, clip: true },
    encoding: {
      x: { field: 'h', type: 'quantitative', ...logAxis('step size h'), sort: 'descending' },
      // Errors above 1e2 (no correct digits at all) are clipped, so the V stays readable.
      y: { field: 'error', type: 'quantitative', ...logAxis('relative error'), scale: { type: 'log', domain: [errorFloor, 1e2] } },
      color: methodColor(curves.map((c) => c.method)),
      strokeDash: {
        field: 'kind', type: 'nominal', title: '',
        scale: { domain: ['step-based', 'exact (no step)'], range: [[1, 0], [6, 3]] }, legend,
      },
    },
  } as Spec;
}

export interface ScalingPoint { readonly method: string; readonly n: number; readonly seconds: number }

/** Time per evaluation against n, log-log: one line per method. */
export function scalingSpec(title: string, points: readonly ScalingPoint[]): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'CPU time per call; slope 1 = linear in n, slope 2 = quadratic' },
    width: 560, height: 340,
    data: { values: points },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'n', type: 'quantitative', ...logAxis('n (dimension)', 'd') },
      y: { field: 'seconds', type: 'quantitative', ...logAxis('time per call (s)', '~s') },
      color: methodColor([...new Set(points.map((p) => p.method))]),
    },
  } as Spec;
}

export interface RatioBar { readonly method: string; readonly ratio: number; readonly family: string }

/** Cost of each method as a multiple of one primal evaluation (log scale, a dot per method; the rule marks 1×). */
export function ratioSpec(title: string, bars: readonly RatioBar[]): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'time per call ÷ time of the primal f, same run' },
    width: 480,
    data: { values: bars },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 3], color: 'gray' }, encoding: { x: { datum: 1 } } },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          y: { field: 'method', type: 'nominal', sort: { field: 'ratio', order: 'ascending' }, title: null, axis: { labelLimit: 320 } },
          x: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, title: '× primal (log scale)', axis: { format: '~g', grid: true } },
          color: { field: 'family', type: 'nominal', title: 'family', legend },
        },
      },
    ],
  } as Spec;
}

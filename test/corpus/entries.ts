/**
 * The corpus: numeric functions of public npm packages (devDependencies of this test package,
 * their own published code), each with the wrapper the verbs differentiate, the points, and the
 * reference derivatives, computed outside ddx: a closed form where one is short, else mpmath's
 * derivatives (40 digits) of the special function (special-reference.py) or of the package's own
 * formula (formula-reference.py → formula-reference.json). Entries with neither (only rejected
 * ones: color-convert, culori) are checked against finite differences of the package's own
 * function (oracle.ts).
 *
 * An entry is one module: `imports`, then `f`, the wrapper as a user writes it, passed to every
 * verb that fits its shape at every point (verbs.ts). Points keep a finite-difference stencil
 * (±1 % of the point) away from every kink of the function.
 */
import { readFileSync } from 'node:fs';

/** f: R → R (derivative, secondDerivative, …), Rⁿ → R (gradient, hessian, …) or Rⁿ → Rᵐ (jacobian, jvp). */
export type Shape = 'scalar' | 'vector' | 'vector-valued';

export interface Entry {
  /** `package/function`, unique. */
  readonly id: string;
  /** The npm package whose code is differentiated (a devDependency of @ddx/test). */
  readonly pkg: string;
  /** Import declarations of the entry module. */
  readonly imports: string;
  /** Module-level data the wrapper reads (e.g. `const q = [1, 2, 3];`), written before it. */
  readonly data?: string;
  /** The wrapper, a TypeScript arrow. */
  readonly f: string;
  readonly shape: Shape;
  readonly points: readonly (number | readonly number[])[];
  /** Reference derivatives: f′ and f″ (scalar), ∇f and ∇²f (vector), the Jacobian (vector-valued). */
  readonly d1?: (x: never) => number | number[] | number[][];
  readonly d2?: (x: never) => number | number[][];
  /** Where the references come from: a closed form, mpmath, or none (finite differences). */
  readonly oracle?: 'closed form' | 'mpmath';
}

const scalar = (pkg: string, name: string, imports: string, call: string, points: number[],
  d1?: (x: number) => number, d2?: (x: number) => number): Entry =>
  ({ id: `${pkg}/${name}`, pkg, imports, f: `(x: number) => ${call}`, shape: 'scalar', points, d1, d2 });

const vector = (pkg: string, name: string, imports: string, call: string, points: number[][], data?: string,
  d1?: (x: number[]) => number[], d2?: (x: number[]) => number[][]): Entry =>
  ({ id: `${pkg}/${name}`, pkg, imports, data, f: `(v: number[]) => ${call}`, shape: 'vector', points, d1, d2 });

const vectorValued = (pkg: string, name: string, imports: string, call: string, points: number[][], data?: string): Entry =>
  ({ id: `${pkg}/${name}`, pkg, imports, data, f: `(v: number[]) => ${call}`, shape: 'vector-valued', points });

const { PI, sin, cos, exp, sqrt, LN2 } = Math;
const easing = [0.2, 0.35, 0.7, 0.85];

// d3-ease: one ES module (dist/d3-ease.mjs) of plain functions and a few made by factories.
const d3Ease = (name: string, points: number[], d1?: (t: number) => number, d2?: (t: number) => number) =>
  scalar('d3-ease', name, `import { ${name} } from 'd3-ease';`, `${name}(x)`, points, d1, d2);
// expIn(t) = tpmt(1 − t), expOut(t) = 1 − tpmt(t), tpmt(x) = (2^(−10x) − 2^(−10))·c.
const tpmtScale = 1.0009775171065494;
const k = 10 * LN2;
const d3EaseEntries = [
  d3Ease('easeLinear', easing, () => 1, () => 0),
  d3Ease('easeQuadIn', easing, (t) => 2 * t, () => 2),
  d3Ease('easeQuadOut', easing, (t) => 2 - 2 * t, () => -2),
  d3Ease('easeQuadInOut', easing, (t) => (t < 0.5 ? 4 * t : 4 * (1 - t)), (t) => (t < 0.5 ? 4 : -4)),
  d3Ease('easeCubicIn', easing, (t) => 3 * t * t, (t) => 6 * t),
  d3Ease('easeCubicOut', easing, (t) => 3 * (t - 1) ** 2, (t) => 6 * (t - 1)),
  d3Ease('easeCubicInOut', easing, (t) => (t < 0.5 ? 12 * t * t : 12 * (t - 1) ** 2), (t) => (t < 0.5 ? 24 * t : 24 * (t - 1))),
  d3Ease('easePolyIn', easing, (t) => 3 * t * t, (t) => 6 * t),
  d3Ease('easeSinIn', easing, (t) => (PI / 2) * sin((t * PI) / 2), (t) => (PI / 2) ** 2 * cos((t * PI) / 2)),
  d3Ease('easeSinOut', easing, (t) => (PI / 2) * cos((t * PI) / 2), (t) => -((PI / 2) ** 2) * sin((t * PI) / 2)),
  d3Ease('easeSinInOut', easing, (t) => (PI / 2) * sin(PI * t), (t) => (PI * PI / 2) * cos(PI * t)),
  d3Ease('easeExpIn', easing, (t) => tpmtScale * k * 2 ** (-10 * (1 - t)), (t) => tpmtScale * k * k * 2 ** (-10 * (1 - t))),
  d3Ease('easeExpOut', easing, (t) => tpmtScale * k * 2 ** (-10 * t), (t) => -tpmtScale * k * k * 2 ** (-10 * t)),
  d3Ease('easeCircleIn', easing, (t) => t / sqrt(1 - t * t), (t) => (1 - t * t) ** -1.5),
  d3Ease('easeCircleOut', easing, (t) => (1 - t) / sqrt(1 - (t - 1) ** 2), (t) => -((1 - (t - 1) ** 2) ** -1.5)),
  d3Ease('easeBounceOut', [0.2, 0.5, 0.8, 0.95]),
  d3Ease('easeBackIn', easing),
  d3Ease('easeElasticOut', easing),
  d3Ease('easePolyOut', easing),
  d3Ease('easePolyInOut', easing),
  d3Ease('easeExpInOut', easing),
  d3Ease('easeCircleInOut', easing),
  d3Ease('easeBounceIn', easing),
  d3Ease('easeBounceInOut', easing),
  d3Ease('easeBackOut', easing),
  d3Ease('easeBackInOut', easing),
  d3Ease('easeElasticIn', easing),
  d3Ease('easeElasticInOut', easing),
];

// eases: one CommonJS module per function (module.exports = f).
const eases = (file: string, points: number[], d1?: (t: number) => number, d2?: (t: number) => number) => {
  const name = file.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return scalar('eases', name, `import ${name} from 'eases/${file}.js';`, `${name}(x)`, points, d1, d2);
};
const easesEntries = [
  eases('quad-out', easing, (t) => 2 - 2 * t, () => -2),
  eases('cubic-in', easing, (t) => 3 * t * t, (t) => 6 * t),
  eases('quart-in-out', easing),
  eases('quint-out', easing, (t) => 5 * (1 - t) ** 4, (t) => -20 * (1 - t) ** 3),
  eases('sine-in', easing, (t) => (PI / 2) * sin((t * PI) / 2), (t) => (PI / 2) ** 2 * cos((t * PI) / 2)),
  eases('expo-in-out', easing),
  eases('circ-in-out', easing),
  eases('back-in-out', easing),
  eases('elastic-out', easing),
  eases('bounce-in-out', [0.25, 0.6, 0.8]),
  eases('sine-out', easing),
  eases('sine-in-out', easing),
  eases('expo-out', easing),
  eases('circ-in', easing),
  eases('back-out', easing),
  eases('elastic-in-out', easing),
  eases('quart-out', easing),
];

// @stdlib/math-base-special-*: CommonJS packages, one function each (lib/index.js → lib/main.js).
const stdlib = (name: string, points: number[], d1?: (x: number) => number, d2?: (x: number) => number) =>
  scalar(`@stdlib/math-base-special-${name}`, name, `import ${name} from '@stdlib/math-base-special-${name}';`, `${name}(x)`, points, d1, d2);
const stdlib2 = (name: string, points: number[][], d1?: (x: number[]) => number[], d2?: (x: number[]) => number[][]) =>
  vector(`@stdlib/math-base-special-${name}`, name, `import ${name} from '@stdlib/math-base-special-${name}';`, `${name}(v[0], v[1])`, points, undefined, d1, d2);
const sigma = (x: number) => 1 / (1 + exp(-x));
const twoOverSqrtPi = 2 / sqrt(PI);
// The derivatives that have no closed form here, computed outside ddx with mpmath at 40 digits
// (test/corpus/special-reference.py prints these tables).
const mpmath: Record<string, [x: number, d1: number, d2: number][]> = {
  erfinv: [[-0.8, 2.014568381933589, -7.355549295923899], [-0.1, 0.8932517253051876, -0.14179614878847469], [0.3, 0.9545203588405493, 0.496486526010743], [0.9, 3.428042811451841, 27.335985073827032]],
  gamma: [[0.3, -10.47804284175852, 73.33245167357495], [1.5, 0.03233839744888501, 0.8296269073766024], [2.5, 0.9347345216260855, 1.3091171559626735], [4.2, 10.171648655921397, 15.422429005418547]],
  gammaln: [[0.3, -3.502524222200133, 12.245364546107732], [1.5, 0.03648997397857652, 0.9348022005446793], [4.2, 1.3113388912865995, 0.2686649407314008], [12.5, 2.4851956512749123, 0.08328522460157838]],
  digamma: [[0.3, 12.245364546107732, -75.27253658872604], [1.5, 0.9348022005446793, -0.82879664423432], [4.2, 0.2686649407314008, -0.0717648505531312], [12.5, 0.08328522460157838, -0.006932436585788241]],
  sinc: [[0.15, -0.48260825210498703, -3.0735780971423003], [0.6, -1.3559469113367535, -0.4598972367800819], [1.7, 0.4348626423174554, 0.9834568008957173], [3.2, -0.23454653566817407, 0.7236484068208769]],
  besselj0: [[0.5, -0.2422684576748739, -0.4539328918910651], [2.5, -0.49709410246427405, 0.2472214174539076], [7.5, -0.1352484275797055, -0.24830653420308432], [12, 0.2234471044906276, -0.06630990283771918]],
  besselj1: [[0.5, 0.4539328918910651, -0.18106041075750862], [2.5, -0.2472214174539076, -0.31867047908842716], [7.5, 0.24830653420308432, -0.1659515489831442], [12, 0.06630990283771918, 0.21636956325074388]],
};
const mpmathBeta: [a: number, b: number, da: number, db: number, daa: number, dab: number, dbb: number][] = [
  [0.5, 1.5, -3.7483824170984987, -0.6067897635087055, 15.68325293208796, 0.43491892781600755, 0.6897232636939651],
  [2, 3, -0.09027777777777778, -0.04861111111111111, 0.13310185185185186, 0.03421845739227743, 0.04282407407407408],
  [4.5, 1.2, -0.038479902788961164, -0.2855567885506785, 0.018449312398407105, 0.046389716742000056, 0.7121532482069922],
];
const tabled = (name: string, k: 1 | 2) => (x: number): number => {
  const row = mpmath[name].find((r) => r[0] === x);
  if (!row) throw new Error(`no mpmath reference for ${name} at ${x}`);
  return row[k];
};
const betaAt = ([a, b]: number[]) => {
  const row = mpmathBeta.find((r) => r[0] === a && r[1] === b);
  if (!row) throw new Error(`no mpmath reference for beta at ${a}, ${b}`);
  return row;
};
const stdlibTabled = (name: string, points: number[]): Entry => ({ ...stdlib(name, points, tabled(name, 1), tabled(name, 2)), oracle: 'mpmath' });
const stdlibEntries = [
  stdlib('erf', [-1.5, -0.3, 0.2, 0.9, 2.5], (x) => twoOverSqrtPi * exp(-x * x), (x) => -2 * x * twoOverSqrtPi * exp(-x * x)),
  stdlib('erfc', [-1.5, 0.2, 0.9, 2.5], (x) => -twoOverSqrtPi * exp(-x * x), (x) => 2 * x * twoOverSqrtPi * exp(-x * x)),
  stdlibTabled('erfinv', [-0.8, -0.1, 0.3, 0.9]),
  stdlibTabled('gamma', [0.3, 1.5, 2.5, 4.2]),
  stdlibTabled('gammaln', [0.3, 1.5, 4.2, 12.5]),
  stdlibTabled('digamma', [0.3, 1.5, 4.2, 12.5]),
  stdlib('expm1', [-2, -1e-3, 0.2, 3], exp, exp),
  stdlib('log1p', [-0.5, 1e-3, 0.2, 3], (x) => 1 / (1 + x), (x) => -1 / (1 + x) ** 2),
  stdlibTabled('sinc', [0.15, 0.6, 1.7, 3.2]),
  stdlibTabled('besselj0', [0.5, 2.5, 7.5, 12]),
  stdlibTabled('besselj1', [0.5, 2.5, 7.5, 12]),
  stdlib('logit', [0.1, 0.3, 0.6, 0.9], (p) => 1 / (p * (1 - p)), (p) => (2 * p - 1) / (p * (1 - p)) ** 2),
  stdlib('expit', [-3, -0.4, 0.7, 5], (x) => sigma(x) * (1 - sigma(x)), (x) => sigma(x) * (1 - sigma(x)) * (1 - 2 * sigma(x))),
  stdlib('log1pexp', [-40, -3, 0.7, 20], sigma, (x) => sigma(x) * (1 - sigma(x))),
  stdlib2('hypot', [[3, 4], [-1.5, 0.2], [1e-3, 2]],
    ([x, y]) => [x / Math.hypot(x, y), y / Math.hypot(x, y)],
    ([x, y]) => { const r3 = Math.hypot(x, y) ** 3; return [[y * y / r3, -x * y / r3], [-x * y / r3, x * x / r3]]; }),
  { ...stdlib2('beta', [[0.5, 1.5], [2, 3], [4.5, 1.2]], (v) => betaAt(v).slice(2, 4),
    (v) => { const [, , , , daa, dab, dbb] = betaAt(v); return [[daa, dab], [dab, dbb]]; }), oracle: 'mpmath' } satisfies Entry,
];

// simple-statistics: one ES module bundle (dist/simple-statistics.mjs).
const ss = (name: string) => `import { ${name} } from 'simple-statistics';`;
const ssScalar = (name: string, points: number[], d1?: (x: number) => number, d2?: (x: number) => number) =>
  scalar('simple-statistics', name, ss(name), `${name}(x)`, points, d1, d2);
const ssVector = (name: string, points: number[][], d1?: (x: number[]) => number[], d2?: (x: number[]) => number[][]) =>
  vector('simple-statistics', name, ss(name), `${name}(v)`, points, undefined, d1, d2);
const samples = [[1.5, 2, 4.5, 3], [0.2, 0.9, 0.4, 1.7, 1.1], [3, 7, 5]];
const n = (v: number[]) => v.length;
const meanOf = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const ones = (v: number[]) => v.map(() => 1);
const simpleStatisticsEntries = [
  // errorFunction approximates erf to about 1e-7: its derivative is not erf′ closely enough for a closed form.
  ssScalar('errorFunction', [-1.5, -0.3, 0.2, 0.9]),
  ssScalar('gamma', [0.3, 1.5, 2.5, 4.2]),
  ssScalar('gammaln', [0.3, 1.5, 4.2, 12.5]),
  ssScalar('probit', [0.1, 0.3, 0.6, 0.9]),
  ssScalar('logit', [0.1, 0.3, 0.6, 0.9], (p) => 1 / (p * (1 - p)), (p) => (2 * p - 1) / (p * (1 - p)) ** 2),
  ssVector('sum', samples, ones, (v) => v.map(() => v.map(() => 0))),
  ssVector('mean', samples, (v) => v.map(() => 1 / n(v)), (v) => v.map(() => v.map(() => 0))),
  ssVector('variance', samples, (v) => v.map((x) => (2 * (x - meanOf(v))) / n(v)),
    (v) => v.map((_, i) => v.map((__, j) => (2 * ((i === j ? 1 : 0) - 1 / n(v))) / n(v)))),
  ssVector('sampleVariance', samples, (v) => v.map((x) => (2 * (x - meanOf(v))) / (n(v) - 1)),
    (v) => v.map((_, i) => v.map((__, j) => (2 * ((i === j ? 1 : 0) - 1 / n(v))) / (n(v) - 1)))),
  ssVector('standardDeviation', samples),
  ssVector('geometricMean', samples),
  ssVector('harmonicMean', samples),
  ssVector('rootMeanSquare', samples),
  ssVector('sampleSkewness', samples),
  ssVector('product', samples, (v) => v.map((_, i) => v.reduce((p, x, j) => (j === i ? p : p * x), 1))),
  vector('simple-statistics', 'sampleCovariance', ss('sampleCovariance'), 'sampleCovariance(v, ys)', [[1, 2, 4, 3], [0.5, -1, 2, 0]],
    'const ys = [2, 1, 5, 4];', (v) => v.map((_, i) => ([2, 1, 5, 4][i] - 3) / 3), (v) => v.map(() => v.map(() => 0))),
  ssVector('sampleStandardDeviation', samples),
  ssVector('sampleKurtosis', samples.slice(0, 2)),
  ssVector('coefficientOfVariation', samples),
  vector('simple-statistics', 'sampleCorrelation', ss('sampleCorrelation'), 'sampleCorrelation(v, ys)', [[1, 2, 4, 3], [0.5, -1, 2, 0]],
    'const ys = [2, 1, 5, 4];'),
  vector('simple-statistics', 'zScore', ss('zScore'), 'zScore(v[0], v[1], v[2])', [[1.5, 0.2, 2], [-1, 3, 0.5]], undefined,
    ([x, m, s]) => [1 / s, -1 / s, -(x - m) / (s * s)],
    ([x, m, s]) => [[0, 0, -1 / (s * s)], [0, 0, 1 / (s * s)], [-1 / (s * s), 1 / (s * s), 2 * (x - m) / s ** 3]]),
];

// gl-matrix: ES modules (esm/*.js) of functions over arrays, reached through namespace re-exports.
const gl = (...names: string[]) => `import { ${names.join(', ')} } from 'gl-matrix';`;
const three = [[1, 2, 2], [-0.5, 0.3, 1.2], [3, -1, 0.25]];
const six = [[1, 2, 2, -0.5, 0.3, 1.2], [3, -1, 0.25, 1, 1, 1]];
const glMatrixEntries = [
  vector('gl-matrix', 'vec3.length', gl('vec3'), 'vec3.length(v)', three, undefined,
    (v) => v.map((x) => x / Math.hypot(...v))),
  vector('gl-matrix', 'vec3.squaredLength', gl('vec3'), 'vec3.squaredLength(v)', three, undefined,
    (v) => v.map((x) => 2 * x), (v) => v.map((_, i) => v.map((__, j) => (i === j ? 2 : 0)))),
  vector('gl-matrix', 'vec2.length', gl('vec2'), 'vec2.length(v)', [[3, 4], [-1, 0.5]], undefined,
    (v) => v.map((x) => x / Math.hypot(...v))),
  vector('gl-matrix', 'vec3.dot', gl('vec3'), 'vec3.dot([v[0], v[1], v[2]], [v[3], v[4], v[5]])', six, undefined,
    (v) => [v[3], v[4], v[5], v[0], v[1], v[2]]),
  vector('gl-matrix', 'vec3.distance', gl('vec3'), 'vec3.distance([v[0], v[1], v[2]], [v[3], v[4], v[5]])', six),
  vector('gl-matrix', 'vec3.angle', gl('vec3'), 'vec3.angle([v[0], v[1], v[2]], [v[3], v[4], v[5]])', six),
  vector('gl-matrix', 'mat3.determinant', gl('mat3'), 'mat3.determinant(v)', [[2, 0.5, 1, -1, 3, 0.2, 0.4, 1, 1.5], [1, 2, 3, 0, 1, 4, 5, 6, 0]]),
  vectorValued('gl-matrix', 'vec3.normalize', gl('vec3'), 'vec3.normalize([0, 0, 0], v)', three),
  vectorValued('gl-matrix', 'vec3.cross', gl('vec3'), 'vec3.cross([0, 0, 0], [v[0], v[1], v[2]], [v[3], v[4], v[5]])', six),
  vector('gl-matrix', 'mat2.determinant', gl('mat2'), 'mat2.determinant(v)', [[2, 0.5, -1, 3], [1, 2, 3, 4]], undefined,
    ([a, b, c, d]) => [d, -c, -b, a], () => [[0, 0, 0, 1], [0, 0, -1, 0], [0, -1, 0, 0], [1, 0, 0, 0]]),
  vector('gl-matrix', 'mat4.determinant', gl('mat4'), 'mat4.determinant(v)',
    [[2, 0.5, 1, -1, 3, 0.2, 0.4, 1, 1.5, 1, 2, 3, 0, 1, 4, 5], [1, 0, 2, 1, 0, 3, 1, -1, 2, 1, 0, 1, 1, 1, 1, 2]]),
  vector('gl-matrix', 'vec2.distance', gl('vec2'), 'vec2.distance([v[0], v[1]], [v[2], v[3]])', [[1, 2, -0.5, 0.3], [3, -1, 0.25, 1]]),
  vectorValued('gl-matrix', 'vec3.lerp', gl('vec3'), 'vec3.lerp([0, 0, 0], [v[0], v[1], v[2]], [v[3], v[4], v[5]], v[6])',
    [[1, 2, 2, -0.5, 0.3, 1.2, 0.3], [3, -1, 0.25, 1, 1, 1, 0.8]]),
];

// color-convert: an ES module of conversions reached through a table built at load time.
const color = (from: string, to: string, points: number[][]) =>
  vectorValued('color-convert', `${from}.${to}.raw`, `import convert from 'color-convert';`, `convert.${from}.${to}.raw(v[0], v[1], v[2])`, points);
const rgb = [[200, 100, 50], [30, 160, 220], [90, 100, 140]];
const colorConvertEntries = [
  color('rgb', 'hsl', rgb),
  color('rgb', 'hsv', rgb),
  color('rgb', 'xyz', rgb),
  color('rgb', 'lab', rgb),
  color('hsl', 'rgb', [[20, 60, 50], [200, 40, 30], [310, 80, 65]]),
  color('lab', 'lch', [[50, 20, -30], [70, -15, 40], [30, 5, 5]]),
];

// culori: ES modules of conversions between colour records ({ r, g, b } in [0, 1] → { mode, l, a, b }).
const culori = (name: string, fields: string, points: number[][]) =>
  vectorValued('culori', name, `import { ${name} } from 'culori';`,
    `{ const c = ${name}({ r: v[0], g: v[1], b: v[2] }); return [${fields.split(' ').map((k) => `c.${k}`).join(', ')}]; }`, points);
const rgbUnit = [[0.8, 0.4, 0.3], [0.1, 0.6, 0.85], [0.35, 0.4, 0.55]];
const culoriEntries = [
  culori('convertRgbToLrgb', 'r g b', rgbUnit),
  culori('convertRgbToOklab', 'l a b', rgbUnit),
  culori('convertRgbToLab65', 'l a b', rgbUnit),
  culori('convertRgbToHsl', 'h s l', rgbUnit),
  culori('convertRgbToHsv', 'h s v', rgbUnit),
];

// d3-interpolate: interpolators are made by factories from their end points.
const d3Interpolate = (name: string, factoryArgs: string, points: number[], d1?: (t: number) => number, d2?: (t: number) => number) =>
  scalar('d3-interpolate', name, `import { ${name} } from 'd3-interpolate';`, `${name}(${factoryArgs})(x)`, points, d1, d2);
const d3InterpolateEntries = [
  d3Interpolate('interpolateNumber', '2, 5', easing, () => 3, () => 0),
  d3Interpolate('interpolateBasis', '[0, 1, 4, 2]', [0.1, 0.45, 0.6, 0.9]),
  d3Interpolate('interpolateBasisClosed', '[0, 1, 4, 2]', [0.1, 0.4, 0.6, 0.9]),
];

// d3-array: reductions over iterables.
const d3Array = (name: string, points: number[][], d1?: (x: number[]) => number[], d2?: (x: number[]) => number[][]) =>
  vector('d3-array', name, `import { ${name} } from 'd3-array';`, `${name}(v)`, points, undefined, d1, d2);
const d3ArrayEntries = [
  d3Array('sum', samples, ones, (v) => v.map(() => v.map(() => 0))),
  d3Array('fsum', samples, ones, (v) => v.map(() => v.map(() => 0))),
  d3Array('mean', samples, (v) => v.map(() => 1 / n(v)), (v) => v.map(() => v.map(() => 0))),
  d3Array('variance', samples, (v) => v.map((x) => (2 * (x - meanOf(v))) / (n(v) - 1))),
  d3Array('deviation', samples),
];

// bezier-easing: a factory that precomputes a sample table and solves the curve by Newton steps.
const bezier = (args: string) =>
  scalar('bezier-easing', `BezierEasing(${args})`, `import BezierEasing from 'bezier-easing';`, `BezierEasing(${args})(x)`, easing);
const bezierEntries = [bezier('0.25, 0.1, 0.25, 1'), bezier('0.42, 0, 0.58, 1')];

// ml-distance: ES modules over two arrays, reached through `export * as distance`.
const q = [1, 0.5, 2];
const ml = (space: 'distance' | 'similarity', name: string, d1?: (x: number[]) => number[]) =>
  vector('ml-distance', `${space}.${name}`, `import { ${space} } from 'ml-distance';`, `${space}.${name}(v, q)`,
    [[0.2, 1.5, 3], [2, -0.5, 1.2]], `const q = [${q.join(', ')}];`, d1);
// Distances between distributions: positive points against p = [0.2, 0.5, 0.3].
const mlProbability = (name: string) =>
  vector('ml-distance', `distance.${name}`, `import { distance } from 'ml-distance';`, `distance.${name}(v, p)`,
    [[0.3, 0.3, 0.4], [0.1, 0.6, 0.25]], 'const p = [0.2, 0.5, 0.3];');
const mlDistanceEntries = [
  ml('distance', 'euclidean', (v) => v.map((x, i) => (x - q[i]) / Math.hypot(...v.map((y, j) => y - q[j])))),
  ml('distance', 'squaredEuclidean', (v) => v.map((x, i) => 2 * (x - q[i]))),
  ml('distance', 'manhattan', (v) => v.map((x, i) => Math.sign(x - q[i]))),
  ml('distance', 'lorentzian'),
  ml('similarity', 'cosine'),
  ...(['hellinger', 'sorensen', 'canberra', 'squaredChord', 'kullbackLeibler', 'soergel'] as const).map(mlProbability),
];

// gamma (substack): CommonJS, the Lanczos approximation and `gamma.log`.
const gammaEntries = [
  scalar('gamma', 'gamma', `import gamma from 'gamma';`, 'gamma(x)', [0.3, 1.5, 2.5, 4.2]),
  scalar('gamma', 'gamma.log', `import gamma from 'gamma';`, 'gamma.log(x)', [0.3, 1.5, 4.2, 12.5]),
];

// lerp: CommonJS, one line.
const lerpEntries = [
  vector('lerp', 'lerp', `import lerp from 'lerp';`, 'lerp(v[0], v[1], v[2])', [[2, 5, 0.3], [-1, 4, 0.8]], undefined,
    ([a, b, t]) => [1 - t, t, b - a], () => [[0, 0, -1], [0, 0, 1], [-1, 1, 0]]),
];

type Derivatives = number | number[] | number[][];
/** formula-reference.json: per entry, [point, first derivative, second derivative (null for a Jacobian)]. */
const formulaReference = JSON.parse(readFileSync(new URL('./formula-reference.json', import.meta.url), 'utf8')) as
  Record<string, [point: number | number[], d1: Derivatives, d2: Derivatives | null][]>;

/** The entry with what it lacks of its references taken from formula-reference.json. */
function withFormulaReference(entry: Entry): Entry {
  const rows = formulaReference[entry.id];
  if (!rows) return { ...entry, oracle: entry.oracle ?? (entry.d1 ? 'closed form' : undefined) };
  const at = (k: 1 | 2) => (x: never): never => {
    const row = rows.find((r) => JSON.stringify(r[0]) === JSON.stringify(x));
    if (!row) throw new Error(`test/corpus/formula-reference.json has no row for ${entry.id} at ${JSON.stringify(x)}: run formula-reference.py`);
    return row[k] as never;
  };
  for (const point of entry.points) at(1)(point as never);
  return {
    ...entry,
    oracle: entry.d1 && (entry.d2 || entry.shape === 'vector-valued') ? 'closed form' : 'mpmath',
    d1: entry.d1 ?? at(1),
    d2: entry.d2 ?? (entry.shape === 'vector-valued' ? undefined : at(2)),
  };
}

export const entries: readonly Entry[] = [
  ...d3EaseEntries, ...easesEntries, ...stdlibEntries, ...simpleStatisticsEntries, ...glMatrixEntries,
  ...colorConvertEntries, ...culoriEntries, ...d3InterpolateEntries, ...d3ArrayEntries, ...bezierEntries, ...mlDistanceEntries,
  ...gammaEntries, ...lerpEntries,
].map(withFormulaReference);

for (const id of Object.keys(formulaReference)) {
  if (!entries.some((e) => e.id === id)) throw new Error(`test/corpus/formula-reference.json has rows for ${id}, which is not an entry`);
}

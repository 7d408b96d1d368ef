/**
 * Second order over reverse mode: `hvp(f, x, v, { mode: 'reverse' })`, `hessian` and
 * `valueGradientHessian`.
 *
 * The design is reverse-over-forward: ∇²f(x)·v is the gradient, with respect to x, of the
 * directional derivative x ↦ ∇f(x)·v. analyze/tangent.ts already makes f's tangent code as IR (a
 * function of the point and of the direction v, returning ∇f(x)·v, with the partials of the rule
 * table, rules.ts); this file has reverse mode (function.ts) emit that function's adjoint for the
 * pattern "the point active, the captures and the direction data", and seeds it with 1. One call
 * costs one forward sweep and one backward sweep of the tangent code, a small multiple of f
 * whatever the length of x.
 *
 * The decision: the second derivatives come from the rule table's second-order rows, exactly as
 * forward mode's. The tangent code made for this (`tangentFunction(…, rows = true)`) holds each
 * rule's partial as a `partial` node (ir.ts): its value is the first-order row (`df`, a binary row's
 * `da`/`db`, hypot's `partial`), and reverse mode differentiates it by the second-order row (`d2f`,
 * `daa`/`dab`/`dbb`, hypot's `second`; function.ts, `propagate`), never a formula written here.
 * Differentiating the first-order row's formula with first-order rules instead agrees up to rounding
 * but not at singular points, where the zero convention acts inside the formula: cbrt′ = (1/3)/(y·y)
 * at y = 0 gave ∂²/∂x² = 0 (the product y·y met the adjoint −∞ of its reciprocal) where `d2f` gives
 * −∞, and hypot's xᵢ/h at the origin +∞ where `second` gives 0 (fuzz seed 1, runs 5238 and 10718).
 * So the Hessian is forward mode's at singular points too, and elsewhere up to summation order
 * (relative 1e-13); where the first-order conventions differ (a factor exactly 0 times an infinite
 * part: NaN in forward mode, nothing in reverse mode; README), the Hessian differs alike.
 *
 * The zero convention: the tangent code guards each partial × tangent product with "the tangent is
 * exactly 0" (irChain); the adjoint of such a guard differentiates the product whatever the test
 * gives (function.ts, `propagate` of a `zero` test), so a tangent that is 0 at the point but not
 * around it keeps its derivative, as forward mode's guard testing every part of a hyper-dual does.
 *
 * `hessian` is n such products with the unit vectors (rows, mirrored into an exactly symmetric
 * matrix as forward mode's); `valueGradientHessian` adds f's value and gradient from the
 * reverse-mode `valueAndGradient` driver. Where analyze/band.ts proves every nonzero within a band
 * |i − j| ≤ w (a sum of terms over a window moving with a loop counter, as n-D Rosenbrock), it is
 * 2w + 1 products instead (columns compressed, Curtis–Powell–Reed), whose entries are the n
 * products' bit for bit: Rosenbrock's Hessian at n = 100 went from 7.2 to 0.9 times the hand-written
 * dense Hessian (under load; the bench's `rosenbrock.hessian` groups time it).
 */
import { ParamState } from '../../analyze/activity.js';
import type { NumericFunction } from '../../analyze/ir.js';
import { tangentFunction } from '../../analyze/tangent.js';
import * as C from '../../codegen/code.js';
import * as S from '../../codegen/statements.js';
import type { Param, Statement } from '../../codegen/statements.js';
import { generatedGlobals, Namer } from '../names.js';
import type { ModuleEmitter } from '../module.js';
import { lengthCheck, shapeOf } from '../forward/drivers.js';
import { captureType } from '../primal.js';
import { hvpPattern } from '../../analyze/reverseChecks.js';
import { zerosOfLength } from '../zeros.js';
import { hessianBand } from '../../analyze/band.js';

const code = C.verbatim;
const run = (text: string): Statement => S.expression(code(text));
const constant = (name: string, init: string, type?: string): Statement => S.declare('const', [{ name, type, init: code(init) }]);
const loop = (i: string, bound: string, body: Statement[], from = '0', step = `${i}++`): Statement => ({
  k: 'for', init: S.declare('let', [{ name: i, init: code(from) }]), test: code(`${i} < ${bound}`), update: code(step), body: S.block(body),
});

export type SecondOrderVerb = 'hvp' | 'hessian' | 'valueGradientHessian';

export function emitReverseSecondOrder(mod: ModuleEmitter, fn: NumericFunction, verb: SecondOrderVerb, name: string, exported: boolean): Statement {
  const tangent = tangentFunction(fn, fn.params.map(() => ParamState.Active), fn.node, true);
  const pattern = hvpPattern(fn);
  const adjoint = mod.adjointVersion(tangent, pattern, true);
  const array = shapeOf(fn).k === 'array';
  const count = fn.params.length;
  // The adjoints of the point's numbers beyond the first, which the adjoint returns through module-level variables.
  const outs = array ? [] : fn.params.slice(1).map((_, k) => mod.adjointOut(k + 1));
  const valueAndGradient = verb === 'valueGradientHessian' ? mod.driver(fn, 'valueAndGradient', false, undefined, 'reverse') : undefined;
  const names = mod.names.adopt(new Namer(['x', 'v', 'n', 'i', 'j', 'unit', 'row', 'result', 'hessian', 'first', 'both', 'c', 'products', adjoint, name, ...outs, ...(valueAndGradient ? [valueAndGradient] : []), ...generatedGlobals]));
  const captures = fn.captures.map((c) => names.fresh(c.name));
  const RangeErr = mod.global('RangeError');
  const checks = mod.checksArguments ? mod.checks() : undefined;
  // The arrays this function makes (the adjoint of the point, the unit directions) are copies of
  // zeros held as doubles, kept between calls: arrays of small integers would be converted at the
  // first fraction added (a copy per row) and make the adjoint's element accesses polymorphic (the
  // caller's direction is doubles): hvp of Rosenbrock took 2–3 times as long at n = 100–10,000
  // (the bench's `rosenbrock.hvp` groups). The caller's direction v is passed as it is: copying it into
  // such an array cost 15–20% of an hvp of Rosenbrock at n = 100 and 1,000, and a direction of small
  // integers measured no slower than one of doubles, after the Hessian's unit directions too.
  const zeros = array ? mod.names.fresh(`${name}_zeros`) : '';
  if (array) {
    mod.declare(S.declare('let', [{ name: zeros, type: 'number[]', init: code('[]') }], { doc: `The zeros ${name} copies for the arrays it makes, kept between calls (made again when the point's length changes).` }));
  }
  const head: Statement[] = [
    // The point (and direction), checked as the run-time engine checks them.
    ...(checks ? [run(`${checks.vector}('${verb}', x, 'x')`), ...(verb === 'hvp' ? [run(`${checks.vector}('${verb}', v, 'v')`)] : [])] : []),
    ...lengthCheck(verb, array ? { k: 'array' } : { k: 'params', count }, fn.name, RangeErr, checks !== undefined),
  ];
  const refresh: Statement[] = array ? [{ k: 'if', test: code(`${zeros}.length !== x.length`), then: run(`${zeros} = ${zerosOfLength(mod)}(x.length)`) }] : [];
  /** Statements that put ∇²f(x)·`direction` into the new array `into` (the adjoint of the tangent code, seeded with 1). */
  const product = (direction: string, into: string): Statement[] => {
    const point = array ? ['x'] : fn.params.map((_, i) => `x[${i}]`);
    const seeds = array ? [direction] : fn.params.map((_, i) => `${direction}[${i}]`);
    const args = [...point, ...captures, ...seeds];
    if (array) return [constant(into, `${zeros}.slice()`), run(`${adjoint}(${[...args, into].join(', ')})`)];
    return [
      constant('first', `${adjoint}(${args.join(', ')})`),
      constant(into, `[${['first', ...outs].join(', ')}]`),
    ];
  };
  let body: Statement[];
  let returnType: string;
  let doc: string;
  if (verb === 'hvp') {
    head.push({ k: 'if', test: code('v.length !== x.length'), then: { k: 'throw', value: code(`new ${RangeErr}(\`${verb}: \\\`v\\\` has length \${v.length} but \\\`x\\\` has length \${x.length}; they must match\`)`) } });
    body = [...head, ...refresh, ...product('v', 'result'), S.ret(code('result'))];
    returnType = 'number[]';
    doc = `∇²f(x)·v of ${fn.name} over reverse mode (generated by ddx): the adjoint of its tangent code (x ↦ ∇f(x)·v), one forward and one backward sweep.`;
  } else {
    // Row j is ∇(∂f/∂xj), the product with the j-th unit vector; below the diagonal, the rows
    // before it mirrored (as forward mode's matrix, exactly symmetric).
    const byColumns = loop('j', 'n', [
      run('unit[j] = 1'),
      ...product('unit', 'row'),
      run('unit[j] = 0'),
      loop('i', 'j', [run('row[i] = hessian[i][j]')]),
      run('hessian.push(row)'),
    ]);
    // Where analyze/band.ts proves every nonzero within |i − j| ≤ w, the columns j ≡ c (mod 2w + 1)
    // share no row: one product with the sum of their unit vectors gives each of them exactly (the
    // same numbers as its own product), 2w + 1 products instead of n. Entry (i, j) is then read from
    // the product of column min(i, j), as the rows above mirror row min(i, j).
    const w = array ? hessianBand(fn) : undefined;
    const colours = w === undefined ? 0 : 2 * w + 1;
    const byColours: Statement[] = w === undefined ? [] : [
      S.declare('const', [{ name: 'products', type: 'number[][]', init: code('[]') }], { comment: `a band |i − j| ≤ ${w} proved at build time: columns j ≡ c (mod ${colours}) share no row, one product gives them all` }),
      loop('c', `${colours}`, [
        loop('j', 'n', [run('unit[j] = 1')], 'c', `j += ${colours}`),
        ...product('unit', 'row'),
        loop('j', 'n', [run('unit[j] = 0')], 'c', `j += ${colours}`),
        run('products.push(row)'),
      ]),
      loop('j', 'n', [
        constant('row', `${zeros}.slice()`),
        loop('i', 'j', [run(`row[i] = products[i % ${colours}][j]`)], w === 0 ? 'j' : `j < ${w} ? 0 : j - ${w}`),
        loop('i', `n && i <= j + ${w}`, [run(`row[i] = products[j % ${colours}][i]`)], 'j'),
        run('hessian.push(row)'),
      ]),
    ];
    const rows: Statement[] = [
      ...refresh,
      constant('n', 'x.length'),
      constant('unit', array ? `${zeros}.slice()` : `${zerosOfLength(mod)}(n)`),
      constant('hessian', '[]', 'number[][]'),
      w === undefined ? byColumns : { k: 'if', test: code(`n > ${colours}`), then: S.block(byColours), else: S.block([byColumns]) },
    ];
    if (verb === 'hessian') {
      body = [...head, ...rows, S.ret(code('hessian'))];
      returnType = 'number[][]';
      doc = `∇²f(x) of ${fn.name} over reverse mode (generated by ddx): row j the adjoint of its tangent code in the direction of the j-th unit vector.`;
    } else {
      body = [...head, constant('both', `${valueAndGradient}(${['x', ...captures].join(', ')})`), ...rows, S.ret(code('{ value: both.value, gradient: both.gradient, hessian }'))];
      returnType = '{ value: number; gradient: number[]; hessian: number[][] }';
      doc = `f(x), ∇f(x) and ∇²f(x) of ${fn.name} over reverse mode (generated by ddx): value and gradient in one reverse sweep, row j of the Hessian the adjoint of its tangent code in the direction of the j-th unit vector.`;
    }
  }
  const params: Param[] = [
    { name: 'x', type: 'ArrayLike<number>' },
    ...(verb === 'hvp' ? [{ name: 'v', type: 'ArrayLike<number>' }] : []),
    ...fn.captures.map((c, k) => ({ name: captures[k], type: captureType(c) })),
  ];
  return { k: 'function', exported, name, params, doc, returnType, body };
}

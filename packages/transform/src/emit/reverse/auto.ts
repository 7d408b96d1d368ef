/**
 * `gradient(f, x, { mode: 'auto' })` and `valueAndGradient`: forward or reverse mode, chosen by the
 * crossover bench/src/reverse-crossover.ts measured (README, "Choosing the mode"). For a function of
 * an array both drivers are compiled and a small driver picks one by the length of the point at
 * run time (an array of records too, by the number of its numbers); for a function of numbers or of
 * a record the choice is made here, by their count. `jacobian(f, x, { mode: 'auto' })` and
 * valueAndJacobian: rows or columns by the number of values, counted by one evaluation of f at run
 * time (known here for a function from a record to a record). Where reverse mode does not compile f, the site is forward mode's
 * (transform.ts's checks pass decides).
 */
import { callingDriver, type Backend } from '../backend.js';
import { shapeOf } from '../forward/drivers.js';
import { captureType } from '../primal.js';
import * as C from '../../codegen/code.js';
import * as S from '../../codegen/statements.js';
import { Namer } from '../names.js';
import type { ModuleEmitter } from '../module.js';
import type { NumericFunction } from '../../analyze/ir.js';
import type { VerbName } from '../../analyze/verbs.js';
import type { Statement } from '../../codegen/statements.js';
import type { CallSite, SiteMode } from '../../analyze/program.js';
import { ts } from 'ts-morph';
import { unwrapExpression } from '../../analyze/closures.js';
import { strideOf } from '../../analyze/scalarise.js';

/**
 * The least length of the point from which reverse mode's gradient is faster. Measured
 * (bench/results/reverse-crossover.md, one run, load 2.2 on 2 cores): forward ÷ reverse 1.4–7.0
 * from n = 2 for Rosenbrock, 1.7–25 from n = 1 for a sum of exp/log terms, 0.92 at n = 4 and
 * 2.0–3.5 from n = 6 for a dense layer's loss over 8 points.
 */
export const reverseFromLength = 4;
/** The least number of number parameters from which reverse mode is chosen (measured 2.6× at 2, 3.0× at 3). */
export const reverseFromParams = 2;
/**
 * A Jacobian of m values is computed by rows (reverse mode, m sweeps) from n ≥ rowsFromRatio·m
 * inputs, else by columns (forward mode). Measured columns ÷ rows (one run, load 2.2): m = 1
 * 0.97 at n = 2, 1.4–5.4 from 3; m = 2 1.15 at n = 4; m = 4 1.2 at n = 8, 1.6 at 12 (0.86 at n = 6).
 * Those rows ran f's forward sweep once per row (m × (forward + backward)); rows now replay one
 * forward sweep (forward + m × backward). Measured again with the replay (5 December, one process,
 * 31 alternating rounds of 20 ms of columns, the old rows and the replaying rows, median of the
 * per-round ratios, load 27–33 on 2 cores: read loosely), columns ÷ replaying rows: m = 1 (a sum
 * over a loop) 1.58 at n = 2, 1.65 at 3; m = 2 1.16 at n = 3, 1.87 at 4, 1.96 at 6; m = 4 1.07 at
 * n = 5, 1.19 at 6, 1.73 at 8; m = 2 with an array written in place (each element saved) 1.03 at
 * n = 3, 1.69 at 4, 2.22 at 6; the replay itself 1.08–1.45× faster than the old rows. So rows now
 * win from about n = m + 1 on these shapes, but by under 20% up to n ≈ 1.5m, within what that load
 * moves a ratio, and 'auto' also pays one evaluation of f to count the values (10–20% where columns
 * are chosen). The rule stays n ≥ 2m until a quiet machine measures n = 1.5m.
 */
export const rowsFromRatio = 2;

const jacobianVerb = (verb: VerbName): boolean => verb === 'jacobian' || verb === 'valueAndJacobian';

/**
 * The mode of a verb's call without `{ mode }`: 'auto' for gradient and valueAndGradient, forward
 * mode for the others (hessian, valueGradientHessian and hvp: README, "Choosing the mode").
 */
export function defaultModeOf(verb: VerbName): SiteMode {
  return verb === 'gradient' || verb === 'valueAndGradient' ? 'auto' : 'forward';
}

/**
 * Whether the point has fewer numbers than the crossover (forward mode's, known at compile time): an
 * array literal of fewer entries, a record of fewer numbers (its layout is fixed: analyze/scalarise.ts),
 * an array literal of records whose numbers are fewer.
 */
export function pointBelowCrossover(site: CallSite): boolean {
  if (shapeOf(site.fn).k !== 'array') return false;
  // A Jacobian by rows needs n ≥ rowsFromRatio·m, and f gives at least one value.
  const least = jacobianVerb(site.verb) ? rowsFromRatio : reverseFromLength;
  const { input, inputIsArray } = site.record ?? {};
  if (input && !inputIsArray) return strideOf(input) < least;
  const point = site.points[0];
  if (point === undefined) return false;
  const literal = unwrapExpression(point);
  const stride = input ? strideOf(input) : 1;
  return ts.isArrayLiteralExpression(literal) && !literal.elements.some(ts.isSpreadElement) && literal.elements.length * stride < least;
}

/**
 * The driver of a site with `{ mode: 'auto' }`, at the lengths of the point it is called with. A
 * record point's number of numbers is known here (at least the crossover's: pointBelowCrossover),
 * and so is a record value's: then the mode is chosen here too.
 */
function driverFor(mod: ModuleEmitter, site: CallSite): string {
  const { fn, verb } = site;
  const shape = shapeOf(fn);
  const { input, inputIsArray, output, outputIsArray } = site.record ?? {};
  const fixed = input && !inputIsArray ? strideOf(input) : undefined;
  if (jacobianVerb(verb)) {
    // (An array of records has no fixed number of values.)
    if (fixed === undefined || !output || outputIsArray) return mod.driver(fn, verb, false, undefined, 'auto');
    return fixed >= rowsFromRatio * strideOf(output) ? mod.driver(fn, verb, false, undefined, 'reverse') : mod.driver(fn, verb);
  }
  if (fixed !== undefined) return mod.driver(fn, verb, false, undefined, 'reverse');
  if (shape.k === 'params') return shape.count >= reverseFromParams ? mod.driver(fn, verb, false, undefined, 'reverse') : mod.driver(fn, verb);
  return mod.driver(fn, verb, false, undefined, 'auto');
}

export const auto: Backend = {
  /** For a function of an array: the forward driver below the crossover length, the reverse driver from it. */
  driver(mod, fn, verb, name, exported) {
    const forward = mod.driver(fn, verb);
    const reverse = mod.driver(fn, verb, false, undefined, 'reverse');
    if (jacobianVerb(verb)) return jacobianDriver(mod, fn, verb, name, exported, forward, reverse);
    const names = mod.names.adopt(new Namer([forward, reverse, name, ...fn.captures.map((c) => c.name)]));
    const x = names.fresh('x');
    const args = [x, ...fn.captures.map((c) => c.name)].join(', ');
    return {
      k: 'function', exported, name,
      params: [{ name: x, type: 'ArrayLike<number>' }, ...fn.captures.map((c) => ({ name: c.name, type: captureType(c) }))],
      doc: `${verb === 'gradient' ? '∇f(x)' : 'f(x) and ∇f(x)'} of ${fn.name} (generated by ddx): forward mode below ${reverseFromLength} entries, reverse mode from ${reverseFromLength} on (the measured crossover).`,
      returnType: verb === 'gradient' ? 'number[]' : '{ value: number; gradient: number[] }',
      // A point that is not an array meets the forward driver's checks.
      body: [S.ret(C.verbatim(`${x} != null && ${x}.length >= ${reverseFromLength} ? ${reverse}(${args}) : ${forward}(${args})`))],
    };
  },

  rewriteCall: (mod, site, text, javaScript) => callingDriver(site, text, javaScript, driverFor(mod, site)),


  runtimeVerbs: () => [],
};

/**
 * jacobian and valueAndJacobian under 'auto': the number of values m is known only once f has run,
 * so the driver evaluates f once (its plain copy) and computes the Jacobian by rows where
 * n ≥ rowsFromRatio·m, else by columns.
 */
function jacobianDriver(mod: ModuleEmitter, fn: NumericFunction, verb: VerbName, name: string, exported: boolean, forward: string, reverse: string): Statement {
  const plain = mod.primalCallee(fn);
  const shape = shapeOf(fn);
  const names = mod.names.adopt(new Namer([forward, reverse, plain, name, ...fn.captures.map((c) => c.name)]));
  const x = names.fresh('x');
  const captures = fn.captures.map((c) => c.name);
  const args = [x, ...captures].join(', ');
  const point = shape.k === 'params' ? Array.from({ length: shape.count }, (_, k) => `${x}[${k}]`) : [x];
  const n = shape.k === 'params' ? String(shape.count) : `${x}.length`;
  // A point the forward driver's checks reject is passed to it without running f.
  const valid = shape.k === 'params' ? `${x} != null && ${x}.length === ${shape.count}` : `${x} != null && ${x}.length > 0`;
  return {
    k: 'function', exported, name,
    params: [{ name: x, type: 'ArrayLike<number>' }, ...fn.captures.map((c) => ({ name: c.name, type: captureType(c) }))],
    doc: `${verb === 'jacobian' ? 'J(x)' : 'f(x) and J(x)'} of ${fn.name} (generated by ddx): by rows (reverse mode) where x has at least ${rowsFromRatio} entries per value of ${fn.name}, else by columns (forward mode); one evaluation of ${fn.name} first counts its values (the measured crossover).`,
    returnType: verb === 'jacobian' ? 'number[][]' : '{ value: number[]; jacobian: number[][] }',
    body: [S.ret(C.verbatim(`${valid} && ${n} >= ${rowsFromRatio} * ${plain}(${[...point, ...captures].join(', ')}).length ? ${reverse}(${args}) : ${forward}(${args})`))],
  };
}

/**
 * The operations namespace: every arithmetic operator and `Math` function over
 * `number | Dual | HyperDual`, so one function body serves plain numbers and both dual kinds.
 *
 * A binary operation looks at the largest tag among its operands: that perturbation is the
 * outermost one, and an operand without it (a number, or a dual of a smaller tag) is a constant
 * for it. The parts are combined with these same operations, so nested derivatives recurse
 * down to plain numbers.
 */
import { Dual, HyperDual, isDualValue, isHyperDualValue, type Real } from './dual.js';
import {
  binaryCrossPart, binaryPart, binaryRules, binarySecond, chainRule, hypotRule, numberAlgebra, numberChain, rules, specialRules, unaryCrossPart, unaryNames,
  type Algebra, type BinaryRule, type ChainAlgebra, type Rule, type SpecialName, type SpecialRule,
} from './rules.js';
import {
  ChunkedNotApplicable, Partials, addPartials, emptyPartials, negPartials, scalePartials, scaledSumPartials,
  subPartials,
} from './partials.js';

export { unaryNames };

// ---------------------------------------------------------------------------------------------
// Parts of a value as seen by the perturbation with tag t.

const tagOf = (x: Real): number => (typeof x === 'number' ? 0 : x.tag);
const has = (x: Real, t: number): x is Dual | HyperDual => typeof x !== 'number' && x.tag === t;
/** A hyper-dual whose parts are all plain numbers (no nesting): the fast paths below apply. */
const isFlat = (h: HyperDual): boolean =>
  typeof h.value === 'number' && typeof h.e1 === 'number' && typeof h.e2 === 'number' && typeof h.e12 === 'number';
/** A Dual whose value and tangent are plain numbers: the common case of a first derivative. */
type FlatDual = Dual & { readonly value: number; readonly tangent: number };
const isFlatDual = (x: Real): x is FlatDual => isDualValue(x) && typeof x.value === 'number' && typeof x.tangent === 'number';
/** y = f(v) with tangent f'(v)·t at a flat dual; a zero tangent gives exactly 0 (as `applyUnary`). */
const flatChain = (x: FlatDual, y: number, d: number): Dual => new Dual(y, x.tangent === 0 ? 0 : d * x.tangent, x.tag);
const valueAt = (x: Real, t: number): Real => (has(x, t) ? x.value : x);
const tangentAt = (x: Real, t: number): Real => (has(x, t) && isDualValue(x) ? x.tangent : 0);
const e1At = (x: Real, t: number): Real => (has(x, t) && isHyperDualValue(x) ? x.e1 : 0);
const e2At = (x: Real, t: number): Real => (has(x, t) && isHyperDualValue(x) ? x.e2 : 0);
const e12At = (x: Real, t: number): Real => (has(x, t) && isHyperDualValue(x) ? x.e12 : 0);

/**
 * `partial · tangent`, where an exactly zero tangent contributes exactly 0, everywhere (DESIGN:
 * "an exactly zero tangent contributes nothing"): a constant direction stays constant even
 * through an infinite partial, in chain, product and quotient rules alike.
 */
const scale = (partial: Real, tangent: Real): Real => {
  if (typeof tangent === 'number') return tangent === 0 ? 0 : mul(partial, tangent);
  if (tangent instanceof Partials) return scalePartials(numberPartial(partial), tangent) as unknown as Real;
  // A nested tangent (a perturbed value) is zero when every part is: the engine then agrees with
  // generated code, which holds each part in a number of its own and cannot tell the two apart.
  return isZero(tangent) ? 0 : mul(partial, tangent);
};

/**
 * Whether every part of `x` is exactly 0, at every level of nesting: a tangent that contributes
 * nothing (generated nested derivative code tests its tangents with it in dual mode).
 * @example
 * ops.isZero(dual(0, 0)); // true
 * ops.isZero(dual(0, 1)); // false
 */
export function isZero(x: Real): boolean {
  if (typeof x === 'number') return x === 0;
  if (isDualValue(x)) return isZero(x.value) && isZero(x.tangent);
  return isHyperDualValue(x) && isZero(x.value) && isZero(x.e1) && isZero(x.e2) && isZero(x.e12);
}

/**
 * The primal value of `x`: every perturbation dropped.
 * @example
 * ops.primal(dual(2, 1)); // 2
 */
export function primal(x: Real): number {
  // An element read past the end of an array is undefined, and stays so: `isNaN(xs[5])` and
  // `xs[5] || 0` in generated dual-mode code then mean what they mean in the plain program.
  while (typeof x === 'object') x = x.value;
  return x;
}

// ---------------------------------------------------------------------------------------------
// Sparse tangents (chunked gradient): a `Partials` only ever appears as the tangent of a Dual
// whose value is a plain number, so it is only combined with other tangents and scaled by numbers.

const numberPartial = (c: Real): number => {
  if (typeof c === 'number') return c;
  throw new ChunkedNotApplicable('ddx: a chunked tangent met a perturbed partial');
};
const asPartials = (x: Real | Partials): Partials => (x instanceof Partials ? x : emptyPartials);

/** `a ± b` when at least one of them is a sparse tangent (a number there is a zero tangent). */
function partialsOp(op: 'add' | 'sub', a: Real | Partials, b: Real | Partials): Real {
  const r = op === 'add' ? addPartials(asPartials(a), asPartials(b)) : subPartials(asPartials(a), asPartials(b));
  return r as unknown as Real;
}
const isPartials = (a: Real, b: Real): boolean => a instanceof Partials || b instanceof Partials;

// ---------------------------------------------------------------------------------------------
// Arithmetic, in three layers, so that V8 compiles the common cases well whatever else the process
// does: the exported operation computes on plain numbers and passes anything perturbed on; the
// `…Perturbed` function handles flat duals (numbers and Duals of one tag with number parts); the
// `…General` function every other shape (nested and hyper-duals, sparse tangents, operands of
// different tags). V8 leaves a call out of line when it is rare relative to its caller's other
// work, and the general paths call these operations on numbers many times per hyper-dual
// operation: with the Dual case inside the exported function, a process that also computes
// second derivatives or gradients ran the reference f' at ~3.7x primal instead of ~3.2x (median
// of a bench-like mix; ~2.4x alone). The fast cases compute the same IEEE operations in the same
// order as the general path, so results are bit-identical.

/**
 * The parts of `a` and `b` as numbers when one is a hyper-dual with number parts and the other
 * is a number or a hyper-dual of the same tag with number parts (a constant has zero parts);
 * otherwise undefined, and the general path applies.
 */
function fastHyper(a: Real, b: Real): [number, number, number, number, number, number, number, number, number] | undefined {
  if (isHyperDualValue(a) && isFlat(a)) {
    if (typeof b === 'number') return [a.value as number, a.e1 as number, a.e2 as number, a.e12 as number, b, 0, 0, 0, a.tag];
    if (isHyperDualValue(b) && b.tag === a.tag && isFlat(b)) {
      return [a.value as number, a.e1 as number, a.e2 as number, a.e12 as number, b.value as number, b.e1 as number, b.e2 as number, b.e12 as number, a.tag];
    }
  } else if (typeof a === 'number' && isHyperDualValue(b) && isFlat(b)) {
    return [a, 0, 0, 0, b.value as number, b.e1 as number, b.e2 as number, b.e12 as number, b.tag];
  }
  return undefined;
}

/**
 * `a + b`.
 * @example
 * derivative((x) => ops.add(x, 3), 1); // 1
 */
export function add(a: Real, b: Real): Real {
  return typeof a === 'number' && typeof b === 'number' ? a + b : addPerturbed(a, b);
}
function addPerturbed(a: Real, b: Real): Real {
  if (typeof a === 'number') {
    if (isFlatDual(b)) return new Dual(a + b.value, b.tangent, b.tag);
  } else if (isFlatDual(a)) {
    if (typeof b === 'number') return new Dual(a.value + b, a.tangent, a.tag);
    if (isFlatDual(b) && a.tag === b.tag) return new Dual(a.value + b.value, a.tangent + b.tangent, a.tag);
  }
  return addGeneral(a, b);
}
function addGeneral(a: Real, b: Real): Real {
  if (typeof a === 'number') {
    if (isDualValue(b)) return new Dual(add(a, b.value), b.tangent, b.tag);
  } else if (isDualValue(a)) {
    if (typeof b === 'number') return new Dual(add(a.value, b), a.tangent, a.tag);
    if (isDualValue(b) && a.tag === b.tag) return new Dual(add(a.value, b.value), add(a.tangent, b.tangent), a.tag);
  }
  if (isHyperDualValue(a) || isHyperDualValue(b)) {
    // Hyper-duals with number parts: the same sums as the general path below, without recursion.
    const h = fastHyper(a, b);
    if (h !== undefined) {
      const [u, a1, a2, a12, v, b1, b2, b12, t] = h;
      return new HyperDual(u + v, a1 + b1, a2 + b2, a12 + b12, t);
    }
  }
  if (isPartials(a, b)) return partialsOp('add', a, b);
  const t = Math.max(tagOf(a), tagOf(b));
  const o = tagOf(a) === t ? a : b;
  if (isDualValue(o)) return new Dual(add(valueAt(a, t), valueAt(b, t)), add(tangentAt(a, t), tangentAt(b, t)), t);
  return new HyperDual(
    add(valueAt(a, t), valueAt(b, t)), add(e1At(a, t), e1At(b, t)),
    add(e2At(a, t), e2At(b, t)), add(e12At(a, t), e12At(b, t)), t);
}

/**
 * `a - b`.
 * @example
 * derivative((x) => ops.sub(3, x), 1); // -1
 */
export function sub(a: Real, b: Real): Real {
  return typeof a === 'number' && typeof b === 'number' ? a - b : subPerturbed(a, b);
}
function subPerturbed(a: Real, b: Real): Real {
  if (typeof a === 'number') {
    if (isFlatDual(b)) return new Dual(a - b.value, 0 - b.tangent, b.tag);
  } else if (isFlatDual(a)) {
    if (typeof b === 'number') return new Dual(a.value - b, a.tangent, a.tag);
    if (isFlatDual(b) && a.tag === b.tag) return new Dual(a.value - b.value, a.tangent - b.tangent, a.tag);
  }
  return subGeneral(a, b);
}
function subGeneral(a: Real, b: Real): Real {
  if (typeof a === 'number') {
    if (isDualValue(b)) return new Dual(sub(a, b.value), sub(0, b.tangent), b.tag);
  } else if (isDualValue(a)) {
    if (typeof b === 'number') return new Dual(sub(a.value, b), a.tangent, a.tag);
    if (isDualValue(b) && a.tag === b.tag) return new Dual(sub(a.value, b.value), sub(a.tangent, b.tangent), a.tag);
  }
  if (isHyperDualValue(a) || isHyperDualValue(b)) {
    const h = fastHyper(a, b);
    if (h !== undefined) {
      const [u, a1, a2, a12, v, b1, b2, b12, t] = h;
      return new HyperDual(u - v, a1 - b1, a2 - b2, a12 - b12, t);
    }
  }
  if (isPartials(a, b)) return partialsOp('sub', a, b);
  const t = Math.max(tagOf(a), tagOf(b));
  const o = tagOf(a) === t ? a : b;
  if (isDualValue(o)) return new Dual(sub(valueAt(a, t), valueAt(b, t)), sub(tangentAt(a, t), tangentAt(b, t)), t);
  return new HyperDual(
    sub(valueAt(a, t), valueAt(b, t)), sub(e1At(a, t), e1At(b, t)),
    sub(e2At(a, t), e2At(b, t)), sub(e12At(a, t), e12At(b, t)), t);
}

/**
 * `-a`.
 * @example
 * derivative(ops.neg, 1); // -1
 */
export function neg(a: Real): Real {
  if (typeof a === 'number') return -a;
  if (isDualValue(a)) return new Dual(neg(a.value), neg(a.tangent), a.tag);
  if (a instanceof Partials) return negPartials(a) as unknown as Real;
  return new HyperDual(neg(a.value), neg(a.e1), neg(a.e2), neg(a.e12), a.tag);
}

/**
 * `a * b`, through the product row of rules.ts (`binaryRules.mul`).
 * @example
 * derivative((x) => ops.mul(x, x), 3); // 6
 */
export function mul(a: Real, b: Real): Real {
  return typeof a === 'number' && typeof b === 'number' ? a * b : mulPerturbed(a, b);
}
const product = binaryRules.mul;
function mulPerturbed(a: Real, b: Real): Real {
  // Flat duals, the common case: the row's partials on numbers, the chain rule unrolled.
  if (typeof a === 'number') {
    if (isFlatDual(b)) return new Dual(a * b.value, numberChain.scale(product.db(a, b.value, 0, numberAlgebra), b.tangent), b.tag);
  } else if (isFlatDual(a)) {
    const u = a.value;
    if (typeof b === 'number') return new Dual(u * b, numberChain.scale(product.da(u, b, 0, numberAlgebra), a.tangent), a.tag);
    if (isFlatDual(b) && a.tag === b.tag) {
      const v = b.value;
      return new Dual(u * v, binaryPart(product.da(u, v, 0, numberAlgebra), product.db(u, v, 0, numberAlgebra), a.tangent, b.tangent), a.tag);
    }
  }
  return applyBinary(a, b, mul, product);
}

/**
 * `a / b`, through the quotient row of rules.ts (`binaryRules.div`).
 * @example
 * derivative((x) => ops.div(1, x), 2); // -0.25
 */
export function div(a: Real, b: Real): Real {
  return typeof a === 'number' && typeof b === 'number' ? a / b : divPerturbed(a, b);
}
const quotient = binaryRules.div;
function divPerturbed(a: Real, b: Real): Real {
  if (typeof a === 'number') {
    if (isFlatDual(b)) {
      const v = b.value, q = a / v;
      return new Dual(q, numberChain.scale(quotient.db(a, v, q, numberAlgebra), b.tangent), b.tag);
    }
  } else if (isFlatDual(a)) {
    const u = a.value;
    if (typeof b === 'number') return new Dual(u / b, numberChain.scale(quotient.da(u, b, 0, numberAlgebra), a.tangent), a.tag);
    if (isFlatDual(b) && a.tag === b.tag) {
      const v = b.value, q = u / v;
      return new Dual(q, binaryPart(quotient.da(u, v, q, numberAlgebra), quotient.db(u, v, q, numberAlgebra), a.tangent, b.tangent), a.tag);
    }
  }
  return applyBinary(a, b, div, quotient);
}

/**
 * `a % b`, as `a - trunc(a/b)·b`: ∂/∂a = 1, ∂/∂b = -trunc(a/b).
 * @example
 * gradient(([a, b]) => ops.mod(a, b), [7.5, 2]); // [1, -3]
 */
export function mod(a: Real, b: Real): Real {
  if (typeof a === 'number' && typeof b === 'number') return a % b;
  return applyBinary(a, b, mod, binaryRules.mod);
}

/**
 * `f(a, b)` for perturbed arguments, through the row `rule` at the values of the outermost
 * perturbation: the chain rule of rules.ts, unrolled where the parts are numbers.
 */
function applyBinary(a: Real, b: Real, f: (a: Real, b: Real) => Real, rule: BinaryRule): Real {
  const h = fastHyper(a, b);
  if (h !== undefined) return hyperBinary(h, f as (a: number, b: number) => number, rule);
  const t = Math.max(tagOf(a), tagOf(b));
  const x = valueAt(a, t), y = valueAt(b, t);
  const M = algebraOf(x, y);
  const value = f(x, y);
  const partial = (i: number): Real => (i === 0 ? rule.da(x, y, value, M) : rule.db(x, y, value, M));
  if (isDualValue(a) && isDualValue(b) && a.tangent instanceof Partials && b.tangent instanceof Partials && a.tag === b.tag) {
    // Sparse tangents of one sweep: ∂a·a' + ∂b·b' in one pass.
    return new Dual(value, scaledSumPartials(numberPartial(partial(0)), a.tangent, numberPartial(partial(1)), b.tangent) as unknown as Real, t);
  }
  return chainN([a, b], t, value, partial, binarySecond(rule, x, y, value, M));
}

/** y with the parts of a unary chain rule on number parts: partial g, second partial h (undefined where identically zero). */
const hyperUnary = (y: number, g: number, h: number | undefined, x1: number, x2: number, x12: number, t: number): HyperDual =>
  new HyperDual(y, numberChain.scale(g, x1), numberChain.scale(g, x2), h === undefined ? numberChain.scale(g, x12) : unaryCrossPart(g, h, x1, x2, x12), t);

/**
 * {@link applyBinary} on hyper-duals with number parts (a constant has zero parts, and an operand
 * whose parts are all exactly 0 contributes nothing, as a constant): the chain rule unrolled.
 */
function hyperBinary(h: NonNullable<ReturnType<typeof fastHyper>>, f: (a: number, b: number) => number, rule: BinaryRule): Real {
  const [u, a1, a2, a12, v, b1, b2, b12, t] = h, N = numberAlgebra;
  const y = f(u, v);
  const aConstant = a1 === 0 && a2 === 0 && a12 === 0, bConstant = b1 === 0 && b2 === 0 && b12 === 0;
  // One argument carries the perturbation: a unary rule with its partial and second partial
  // (no tuple here: `2 * x` on hyper-duals takes this path on every operation).
  if (bConstant) return hyperUnary(y, rule.da(u, v, y, N), rule.daa?.(u, v, y, N), a1, a2, a12, t);
  if (aConstant) return hyperUnary(y, rule.db(u, v, y, N), rule.dbb?.(u, v, y, N), b1, b2, b12, t);
  const ga = rule.da(u, v, y, N), gb = rule.db(u, v, y, N);
  const e12 = binaryCrossPart(ga, gb, rule.daa?.(u, v, y, N), rule.dab?.(u, v, y, N), rule.dbb?.(u, v, y, N), a1, a2, a12, b1, b2, b12);
  return new HyperDual(y, binaryPart(ga, gb, a1, b1), binaryPart(ga, gb, a2, b2), e12, t);
}

/** The algebra the rows are evaluated in at these values: numbers, or Reals when derivatives are nested. */
const algebraOf = (...values: Real[]): Algebra<Real> =>
  (values.every((v) => typeof v === 'number') ? numberAlgebra : generic) as Algebra<Real>;

// ---------------------------------------------------------------------------------------------
// Chain rules

/** The chain rule's algebra on Reals (nested derivatives, sparse tangents). */
const realChain: ChainAlgebra<Real> = {
  add,
  scale,
  cross: (h, a, b) => (a === 0 || b === 0 ? 0 : mul(h, mul(a, b))),
};

/** The parts of `x` as the perturbation `t` sees them: a dual's tangent, a hyper-dual's ε1, ε2, ε1ε2. */
const partsAt = (x: Real, t: number): Real[] | undefined =>
  (!has(x, t) ? undefined : isDualValue(x) ? [x.tangent] : [x.e1, x.e2, x.e12]);

/** `y` with the parts the chain rule gives at perturbation `t`. */
const withParts = (y: Real, parts: Real[], t: number): Real =>
  (parts.length === 1 ? new Dual(y, parts[0], t) : new HyperDual(y, parts[0], parts[1], parts[2], t));

/** Maps the perturbed `x` through a unary rule; `y` is f(value of x). */
function chain(x: Dual | HyperDual, y: Real, rule: Rule): Real {
  const v = x.value;
  if (typeof y === 'number' && typeof v === 'number') {
    // Number parts, the common cases: the chain rule of rules.ts unrolled (numberChain, unaryCrossPart).
    if (isFlatDual(x)) return new Dual(y, numberChain.scale(rule.df(v, y, numberAlgebra), x.tangent), x.tag);
    if (isHyperDualValue(x) && isFlat(x)) {
      return hyperUnary(y, rule.df(v, y, numberAlgebra), rule.d2f(v, y, numberAlgebra), x.e1 as number, x.e2 as number, x.e12 as number, x.tag);
    }
  }
  const M = (typeof v === 'number' ? numberAlgebra : generic) as Algebra<Real>;
  return withParts(y, chainRule(realChain, [partsAt(x, x.tag)], () => rule.df(v, y, M), () => rule.d2f(v, y, M)), x.tag);
}

/**
 * The chain rule (rules.ts) for a function of several arguments, at perturbation t: `partial(i)`
 * is ∂f/∂xᵢ and `second(i, j)` is ∂²f/∂xᵢ∂xⱼ (asked for only by hyper-duals; undefined where
 * identically zero), both at the values of the arguments. An argument without the perturbation
 * contributes nothing.
 */
function chainN(args: Real[], t: number, y: Real, partial: (i: number) => Real, second: (i: number, j: number) => Real | undefined): Real {
  return withParts(y, chainRule(realChain, args.map((a) => partsAt(a, t)), partial, second), t);
}

// ---------------------------------------------------------------------------------------------
// The unary Math functions, one per rule-table row.

type Unary = (x: Real) => Real;

/** `f(x)` for a perturbed `x`, through the table row `rule`; `self` is the operation (for parts). */
function applyUnary(x: Dual | HyperDual, f: (v: number) => number, rule: Rule, self: Unary): Real {
  const v = x.value;
  if (isDualValue(x) && typeof v === 'number') {
    // The common case, a dual with a number value: the row evaluated on numbers.
    const y = f(v), t = x.tangent;
    if (typeof t === 'number') return new Dual(y, t === 0 ? 0 : rule.df(v, y, numberAlgebra) * t, x.tag);
    return new Dual(y, scale(rule.df(v, y, numberAlgebra), t), x.tag);
  }
  return chain(x, self(v), rule);
}

// One operation per table row, each its own function literals so that they keep their own inline
// caches: V8 shares them between closures made by one factory (or between the calls of one
// helper), which makes the `Math.*` call and the row's `df` megamorphic, so neither is inlined.
// So each row evaluates itself on a flat dual (measured: 3.1x -> 2.8x primal for the reference
// function); the derivative is still only the row in rules.ts. The perturbed case is a function
// of its own for the reason given at `add`.
// <generated by scripts/unary-ops.ts from the rules table: edit the generator, not this block>
/** `Math.abs` over Reals. @example derivative(ops.abs, -3); // -1 */
export const abs: Unary = (x) => (typeof x === 'number' ? Math.abs(x) : absPerturbed(x));
const absPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.abs, rules.abs, abs);
  const v = x.value, y = Math.abs(v);
  return flatChain(x, y, rules.abs.df(v, y, numberAlgebra));
};
/** `Math.acos` over Reals. @example derivative(ops.acos, 0); // -1 */
export const acos: Unary = (x) => (typeof x === 'number' ? Math.acos(x) : acosPerturbed(x));
const acosPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.acos, rules.acos, acos);
  const v = x.value, y = Math.acos(v);
  return flatChain(x, y, rules.acos.df(v, y, numberAlgebra));
};
/** `Math.acosh` over Reals. @example derivative(ops.acosh, 2); // 1/√3 */
export const acosh: Unary = (x) => (typeof x === 'number' ? Math.acosh(x) : acoshPerturbed(x));
const acoshPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.acosh, rules.acosh, acosh);
  const v = x.value, y = Math.acosh(v);
  return flatChain(x, y, rules.acosh.df(v, y, numberAlgebra));
};
/** `Math.asin` over Reals. @example derivative(ops.asin, 0); // 1 */
export const asin: Unary = (x) => (typeof x === 'number' ? Math.asin(x) : asinPerturbed(x));
const asinPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.asin, rules.asin, asin);
  const v = x.value, y = Math.asin(v);
  return flatChain(x, y, rules.asin.df(v, y, numberAlgebra));
};
/** `Math.asinh` over Reals. @example derivative(ops.asinh, 0); // 1 */
export const asinh: Unary = (x) => (typeof x === 'number' ? Math.asinh(x) : asinhPerturbed(x));
const asinhPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.asinh, rules.asinh, asinh);
  const v = x.value, y = Math.asinh(v);
  return flatChain(x, y, rules.asinh.df(v, y, numberAlgebra));
};
/** `Math.atan` over Reals. @example derivative(ops.atan, 1); // 0.5 */
export const atan: Unary = (x) => (typeof x === 'number' ? Math.atan(x) : atanPerturbed(x));
const atanPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.atan, rules.atan, atan);
  const v = x.value, y = Math.atan(v);
  return flatChain(x, y, rules.atan.df(v, y, numberAlgebra));
};
/** `Math.atanh` over Reals. @example derivative(ops.atanh, 0); // 1 */
export const atanh: Unary = (x) => (typeof x === 'number' ? Math.atanh(x) : atanhPerturbed(x));
const atanhPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.atanh, rules.atanh, atanh);
  const v = x.value, y = Math.atanh(v);
  return flatChain(x, y, rules.atanh.df(v, y, numberAlgebra));
};
/** `Math.cbrt` over Reals. @example derivative(ops.cbrt, 8); // 1/12 */
export const cbrt: Unary = (x) => (typeof x === 'number' ? Math.cbrt(x) : cbrtPerturbed(x));
const cbrtPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.cbrt, rules.cbrt, cbrt);
  const v = x.value, y = Math.cbrt(v);
  return flatChain(x, y, rules.cbrt.df(v, y, numberAlgebra));
};
/** `Math.ceil` over Reals. @example derivative(ops.ceil, 2.5); // 0 */
export const ceil: Unary = (x) => (typeof x === 'number' ? Math.ceil(x) : ceilPerturbed(x));
const ceilPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.ceil, rules.ceil, ceil);
  const v = x.value, y = Math.ceil(v);
  return flatChain(x, y, rules.ceil.df(v, y, numberAlgebra));
};
/** `Math.cos` over Reals. @example derivative(ops.cos, 0); // -0 */
export const cos: Unary = (x) => (typeof x === 'number' ? Math.cos(x) : cosPerturbed(x));
const cosPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.cos, rules.cos, cos);
  const v = x.value, y = Math.cos(v);
  return flatChain(x, y, rules.cos.df(v, y, numberAlgebra));
};
/** `Math.cosh` over Reals. @example derivative(ops.cosh, 0); // 0 */
export const cosh: Unary = (x) => (typeof x === 'number' ? Math.cosh(x) : coshPerturbed(x));
const coshPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.cosh, rules.cosh, cosh);
  const v = x.value, y = Math.cosh(v);
  return flatChain(x, y, rules.cosh.df(v, y, numberAlgebra));
};
/** `Math.exp` over Reals. @example derivative(ops.exp, 0); // 1 */
export const exp: Unary = (x) => (typeof x === 'number' ? Math.exp(x) : expPerturbed(x));
const expPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.exp, rules.exp, exp);
  const v = x.value, y = Math.exp(v);
  return flatChain(x, y, rules.exp.df(v, y, numberAlgebra));
};
/** `Math.expm1` over Reals. @example derivative(ops.expm1, 0); // 1 */
export const expm1: Unary = (x) => (typeof x === 'number' ? Math.expm1(x) : expm1Perturbed(x));
const expm1Perturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.expm1, rules.expm1, expm1);
  const v = x.value, y = Math.expm1(v);
  return flatChain(x, y, rules.expm1.df(v, y, numberAlgebra));
};
/** `Math.floor` over Reals. @example derivative(ops.floor, 2.5); // 0 */
export const floor: Unary = (x) => (typeof x === 'number' ? Math.floor(x) : floorPerturbed(x));
const floorPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.floor, rules.floor, floor);
  const v = x.value, y = Math.floor(v);
  return flatChain(x, y, rules.floor.df(v, y, numberAlgebra));
};
/** `Math.fround` over Reals. @example derivative(ops.fround, 2.5); // 0 */
export const fround: Unary = (x) => (typeof x === 'number' ? Math.fround(x) : froundPerturbed(x));
const froundPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.fround, rules.fround, fround);
  const v = x.value, y = Math.fround(v);
  return flatChain(x, y, rules.fround.df(v, y, numberAlgebra));
};
/** `Math.log` over Reals. @example derivative(ops.log, 2); // 0.5 */
export const log: Unary = (x) => (typeof x === 'number' ? Math.log(x) : logPerturbed(x));
const logPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.log, rules.log, log);
  const v = x.value, y = Math.log(v);
  return flatChain(x, y, rules.log.df(v, y, numberAlgebra));
};
/** `Math.log10` over Reals. @example derivative(ops.log10, 1); // 1/ln 10 */
export const log10: Unary = (x) => (typeof x === 'number' ? Math.log10(x) : log10Perturbed(x));
const log10Perturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.log10, rules.log10, log10);
  const v = x.value, y = Math.log10(v);
  return flatChain(x, y, rules.log10.df(v, y, numberAlgebra));
};
/** `Math.log1p` over Reals. @example derivative(ops.log1p, 0); // 1 */
export const log1p: Unary = (x) => (typeof x === 'number' ? Math.log1p(x) : log1pPerturbed(x));
const log1pPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.log1p, rules.log1p, log1p);
  const v = x.value, y = Math.log1p(v);
  return flatChain(x, y, rules.log1p.df(v, y, numberAlgebra));
};
/** `Math.log2` over Reals. @example derivative(ops.log2, 1); // 1/ln 2 */
export const log2: Unary = (x) => (typeof x === 'number' ? Math.log2(x) : log2Perturbed(x));
const log2Perturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.log2, rules.log2, log2);
  const v = x.value, y = Math.log2(v);
  return flatChain(x, y, rules.log2.df(v, y, numberAlgebra));
};
/** `Math.round` over Reals. @example derivative(ops.round, 2.5); // 0 */
export const round: Unary = (x) => (typeof x === 'number' ? Math.round(x) : roundPerturbed(x));
const roundPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.round, rules.round, round);
  const v = x.value, y = Math.round(v);
  return flatChain(x, y, rules.round.df(v, y, numberAlgebra));
};
/** `Math.sign` over Reals. @example derivative(ops.sign, -2); // 0 */
export const sign: Unary = (x) => (typeof x === 'number' ? Math.sign(x) : signPerturbed(x));
const signPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.sign, rules.sign, sign);
  const v = x.value, y = Math.sign(v);
  return flatChain(x, y, rules.sign.df(v, y, numberAlgebra));
};
/** `Math.sin` over Reals. @example derivative(ops.sin, 0); // 1 */
export const sin: Unary = (x) => (typeof x === 'number' ? Math.sin(x) : sinPerturbed(x));
const sinPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.sin, rules.sin, sin);
  const v = x.value, y = Math.sin(v);
  return flatChain(x, y, rules.sin.df(v, y, numberAlgebra));
};
/** `Math.sinh` over Reals. @example derivative(ops.sinh, 0); // 1 */
export const sinh: Unary = (x) => (typeof x === 'number' ? Math.sinh(x) : sinhPerturbed(x));
const sinhPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.sinh, rules.sinh, sinh);
  const v = x.value, y = Math.sinh(v);
  return flatChain(x, y, rules.sinh.df(v, y, numberAlgebra));
};
/** `Math.sqrt` over Reals. @example derivative(ops.sqrt, 4); // 0.25 */
export const sqrt: Unary = (x) => (typeof x === 'number' ? Math.sqrt(x) : sqrtPerturbed(x));
const sqrtPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.sqrt, rules.sqrt, sqrt);
  const v = x.value, y = Math.sqrt(v);
  return flatChain(x, y, rules.sqrt.df(v, y, numberAlgebra));
};
/** `Math.tan` over Reals. @example derivative(ops.tan, 0); // 1 */
export const tan: Unary = (x) => (typeof x === 'number' ? Math.tan(x) : tanPerturbed(x));
const tanPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.tan, rules.tan, tan);
  const v = x.value, y = Math.tan(v);
  return flatChain(x, y, rules.tan.df(v, y, numberAlgebra));
};
/** `Math.tanh` over Reals. @example derivative(ops.tanh, 0); // 1 */
export const tanh: Unary = (x) => (typeof x === 'number' ? Math.tanh(x) : tanhPerturbed(x));
const tanhPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.tanh, rules.tanh, tanh);
  const v = x.value, y = Math.tanh(v);
  return flatChain(x, y, rules.tanh.df(v, y, numberAlgebra));
};
/** `Math.trunc` over Reals. @example derivative(ops.trunc, 2.5); // 0 */
export const trunc: Unary = (x) => (typeof x === 'number' ? Math.trunc(x) : truncPerturbed(x));
const truncPerturbed = (x: Dual | HyperDual): Real => {
  if (!isFlatDual(x)) return applyUnary(x, Math.trunc, rules.trunc, trunc);
  const v = x.value, y = Math.trunc(v);
  return flatChain(x, y, rules.trunc.df(v, y, numberAlgebra));
};
// </generated>

/** What `defineFunction` was given: the name and the plain-number value and derivatives. */
export interface Definition {
  readonly name: string;
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /** Undefined when `defineFunction` was called without it. */
  readonly d2f: ((x: number) => number) | undefined;
}

/**
 * A function made by `defineFunction`: it accepts numbers, Duals and HyperDuals, and carries its
 * `definition`, through which code compiled by @ddx/transform calls the given value and derivatives.
 */
export interface DefinedFunction {
  /** On a number, the value f(x) (a number, so plain numeric code can call it). */
  (x: number): number;
  (x: Real): Real;
  readonly definition: Definition;
}

/**
 * Registers a scalar function with its own derivative rule, given as plain-number functions for
 * the value, the first and the second derivative. The returned function accepts numbers, Duals
 * and HyperDuals, and can be nested up to the order of the derivatives given. Its `definition`
 * holds what was given (the build transform differentiates calls of it with these functions).
 *
 * @example
 * const softplus = defineFunction('softplus',
 *   (x) => Math.log1p(Math.exp(x)),        // value
 *   (x) => 1 / (1 + Math.exp(-x)),         // first derivative
 *   (x) => { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); });  // second
 * derivative((x) => softplus(x), 0); // 0.5
 */
export function defineFunction(
  name: string,
  f: (x: number) => number,
  df: (x: number) => number,
  d2f?: (x: number) => number,
): DefinedFunction {
  if (typeof name !== 'string' || name === '') throw new TypeError('defineFunction: `name` must be a non-empty string');
  const fs = [f, df, d2f];
  fs.forEach((g, i) => {
    if (g !== undefined && typeof g !== 'function') throw new TypeError(`defineFunction: derivative ${i} of '${name}' must be a function`);
  });
  if (typeof f !== 'function' || typeof df !== 'function') throw new TypeError(`defineFunction: '${name}' needs its value and first derivative as functions`);
  // The k-th derivative as an operation whose own derivatives are the (k+1)-th and (k+2)-th.
  const derivativeOp = (k: number): Unary => {
    const g = fs[k];
    if (g === undefined) {
      return () => {
        throw new RangeError(`ddx: '${name}' was defined with ${fs.filter(Boolean).length - 1} derivative(s); this nesting needs derivative ${k}. Pass it to defineFunction.`);
      };
    }
    const rule: Rule = {
      df: (x, _y, M) => (M === (numberAlgebra as Algebra<unknown>) ? (fs[k + 1] ?? missing(k + 1))(x as number) : derivativeOp(k + 1)(x as Real)) as never,
      d2f: (x, _y, M) => (M === (numberAlgebra as Algebra<unknown>) ? (fs[k + 2] ?? missing(k + 2))(x as number) : derivativeOp(k + 2)(x as Real)) as never,
    };
    const op: Unary = (x) => {
      if (typeof x === 'number') return g(x);
      if (!isDualValue(x) && !isHyperDualValue(x)) throw new TypeError(`${name}: argument must be a number, Dual or HyperDual`);
      return chain(x, op(x.value), rule);
    };
    return op;
  };
  const missing = (k: number) => (): number => {
    throw new RangeError(`ddx: '${name}' was defined without derivative ${k}, which this computation needs. Pass it to defineFunction.`);
  };
  const definition: Definition = Object.freeze({ name, f, df, d2f });
  definedDerivatives.set(definition, derivativeOp(1));
  return Object.defineProperty(derivativeOp(0), 'definition', { value: definition, enumerable: true }) as DefinedFunction;
}

/** The first derivative of each function made by defineFunction, as an operation over Reals. */
const definedDerivatives = new WeakMap<Definition, Unary>();

/**
 * The given first derivative df of a function made by defineFunction, at a Real: df(x) on a number,
 * differentiated by the given d2f on a Dual (a nested derivative through `f`; code compiled by
 * @ddx/transform in dual mode calls it). A RangeError names `f` where d2f (or a third derivative) is needed and not given.
 * @example
 * derivative((x) => ops.definedDerivative(softplus, x), 0); // softplus″(0) = 0.25
 */
export function definedDerivative(f: DefinedFunction, x: Real): Real {
  const op = definedDerivatives.get((f as Partial<DefinedFunction> | undefined)?.definition as Definition);
  if (op === undefined) throw new TypeError('ops.definedDerivative: `f` must be a function made by defineFunction');
  return op(x);
}

// ---------------------------------------------------------------------------------------------
// Special functions of packages, with the built-in rules of rules.ts (specialRules).

/** The rows of `specialRules` as the chain rules here take them: evaluated on numbers only. */
const specialAsRule = new Map<SpecialName, Rule | BinaryRule>();
function specialRow(name: SpecialName): Rule | BinaryRule {
  let row = specialAsRule.get(name);
  if (row) return row;
  const rule = specialRules[name];
  const on = <T>(M: Algebra<T>, value: () => number): T => {
    if (M !== (numberAlgebra as Algebra<unknown>)) throw new RangeError(`ddx: the rule of '${name}' is evaluated on numbers only: a derivative nested through '${name}' is not supported`);
    return value() as T;
  };
  row = rule.arity === 1
    ? { df: (x, y, M) => on(M, () => rule.partial(0, y as number, x as number)), d2f: (x, y, M) => on(M, () => rule.second(0, 0, y as number, x as number)) }
    : {
      da: (a, b, y, M) => on(M, () => rule.partial(0, y as number, a as number, b as number)),
      db: (a, b, y, M) => on(M, () => rule.partial(1, y as number, a as number, b as number)),
      daa: (a, b, y, M) => on(M, () => rule.second(0, 0, y as number, a as number, b as number)),
      dab: (a, b, y, M) => on(M, () => rule.second(0, 1, y as number, a as number, b as number)),
      dbb: (a, b, y, M) => on(M, () => rule.second(1, 1, y as number, a as number, b as number)),
    };
  specialAsRule.set(name, row);
  return row;
}

/**
 * `f(...args)` for a special function `f` of a package with a built-in rule (rules.ts,
 * `specialRules`): the value is `f`'s on the primal values, the derivatives are the rule's
 * (first and second order; not nested). Code compiled by @ddx/transform in dual mode calls it.
 * @example
 * derivative((x) => ops.special('erf', erf, x), 0); // 2/√π, with erf from @stdlib/math-base-special-erf
 */
export function special(name: SpecialName, f: (...args: number[]) => number, ...args: Real[]): Real {
  const rule = checkSpecial('ops.special', name, f, args);
  if (args.every((a) => typeof a === 'number')) return f(...(args as number[]));
  const row = specialRow(name);
  const nested = (): never => {
    throw new RangeError(`ddx: the rule of '${name}' is evaluated on numbers only: a derivative nested through '${name}' is not supported`);
  };
  const primalOf = (...xs: Real[]): number => (xs.every((x) => typeof x === 'number') ? f(...(xs as number[])) : nested());
  if (rule.arity === 1) {
    const x = args[0] as Dual | HyperDual;
    return chain(x, typeof x.value === 'number' ? f(x.value) : nested(), row as Rule);
  }
  return applyBinary(args[0], args[1], primalOf as (a: Real, b: Real) => Real, row as BinaryRule);
}

/** The rule of special function `name`, after checking a call of `op` with `f` and `args`. */
function checkSpecial(op: string, name: SpecialName, f: unknown, args: Real[]): SpecialRule {
  const rule = specialRules[name];
  if (rule === undefined || !Object.hasOwn(specialRules, name)) throw new TypeError(`${op}: no built-in rule for '${String(name)}'`);
  if (typeof f !== 'function') throw new TypeError(`${op}: the function of '${name}' must be a function`);
  if (args.length !== rule.arity) throw new TypeError(`${op}: '${name}' takes ${rule.arity} argument(s), got ${args.length}`);
  for (const a of args) {
    if (typeof a !== 'number' && !isDualValue(a) && !isHyperDualValue(a)) throw new TypeError(`${name}: argument must be a number, Dual or HyperDual`);
  }
  return rule;
}

/**
 * ∂f/∂xᵢ of a special function `f` of a package (rules.ts, `specialRules`) at `args`: the rule's
 * partial on numbers, differentiated once by the rule's second partials (a nested derivative
 * through `f`; code compiled by @ddx/transform in dual mode calls it). A derivative of it again
 * would need a third derivative, which no rule has: a RangeError.
 * @example
 * derivative((x) => ops.specialPartial('erf', erf, 0, x), 0); // erf″(0) = 0
 */
export function specialPartial(name: SpecialName, f: (...args: number[]) => number, i: number, ...args: Real[]): Real {
  const rule = checkSpecial('ops.specialPartial', name, f, args);
  if (!Number.isInteger(i) || i < 0 || i >= rule.arity) throw new TypeError(`ops.specialPartial: '${name}' has no argument ${String(i)}`);
  const x = args.map((a) => (typeof a === 'number' ? a : a.value));
  const tags = new Set(args.flatMap((a) => (typeof a === 'number' ? [] : [a.tag])));
  if (!x.every((v): v is number => typeof v === 'number') || args.some(isHyperDualValue) || tags.size > 1) {
    throw new RangeError(`ddx: the partial of '${name}' is differentiated once, by its second-order row: a third derivative of '${name}' is not supported`);
  }
  const y = f(...x);
  const [a, b] = x;
  const value = rule.partial(i, y, a, b);
  if (tags.size === 0) return value;
  return chainN(args, [...tags][0], value, (j) => rule.second(i, j, y, a, b), () => undefined);
}

// ---------------------------------------------------------------------------------------------
// Functions of several arguments (hand-written; see rules.ts for the conventions).

/**
 * `a ** b`. `x ** 0` has derivative 0 everywhere (also at 0); `0 ** y` w.r.t. y is 0 where the
 * value is 0 (y > 0) and -Infinity at y ≤ 0.
 * @example
 * derivative((x) => ops.pow(x, 3), 2); // 12
 * gradient(([a, b]) => ops.pow(a, b), [2, 3]); // [12, 8·ln 2]
 */
export function pow(a: Real, b: Real): Real {
  return typeof a === 'number' && typeof b === 'number' ? a ** b : powPerturbed(a, b);
}
function powPerturbed(a: Real, b: Real): Real {
  if (typeof b === 'number' && isFlatDual(a)) {
    // The common case x^p with a constant p: y' = ∂x·x' (as `scale`: a zero x' gives 0).
    const x = a.value, t = a.tangent, y = x ** b;
    return new Dual(y, t === 0 ? 0 : binaryRules.pow.da(x, b, y, numberAlgebra) * t, a.tag);
  }
  return applyBinary(a, b, pow, binaryRules.pow);
}
/**
 * `Math.atan2(y, x)`: ∂/∂y = x/(x²+y²), ∂/∂x = -y/(x²+y²).
 * @example
 * gradient(([y, x]) => ops.atan2(y, x), [1, 2]); // [0.4, -0.2]
 */
export function atan2(a: Real, b: Real): Real {
  if (typeof a === 'number' && typeof b === 'number') return Math.atan2(a, b);
  return applyBinary(a, b, atan2, binaryRules.atan2);
}

function maxTag(args: Real[]): number {
  let t = 0;
  for (const a of args) t = Math.max(t, tagOf(a));
  return t;
}

/**
 * `Math.hypot`, √(Σ xᵢ²): ∂/∂xᵢ = xᵢ/h, ∂²/∂xᵢ∂xⱼ = (δᵢⱼ - xᵢxⱼ/h²)/h; at the origin the derivative is 0.
 * @example
 * gradient((a, b) => ops.hypot(a, b), [3, 4]); // [0.6, 0.8]
 */
export function hypot(...args: Real[]): Real {
  const t = maxTag(args);
  if (t === 0) return Math.hypot(...(args as number[]));
  const xs = args.map((a) => valueAt(a, t));
  const h = hypot(...xs), M = algebraOf(...xs);
  return chainN(args, t, h, (i) => hypotRule.partial(i, xs, h, M), (i, j) => hypotRule.second(i, j, xs, h, M));
}

/** The argument that attains the extreme value; at a tie the first one (its derivative is used). */
function extreme(args: Real[], better: (a: number, b: number) => boolean, empty: number): Real {
  if (args.length === 0) return empty;
  let best = args[0];
  let bestValue = primal(best);
  for (let i = 1; i < args.length; i++) {
    const v = primal(args[i]);
    if (Number.isNaN(bestValue)) break;
    if (Number.isNaN(v) || better(v, bestValue)) {
      best = args[i];
      bestValue = v;
    }
  }
  return best;
}
/**
 * `Math.max`: the argument that attains the maximum, so its derivative; at a tie the first one.
 * @example
 * gradient((a, b) => ops.max(a, b), [1, 1]); // [1, 0]
 */
export function max(...args: Real[]): Real {
  if (maxTag(args) === 0) return Math.max(...(args as number[]));
  return extreme(args, (a, b) => a > b || (a === 0 && b === 0 && Object.is(b, -0) && !Object.is(a, -0)), -Infinity);
}
/**
 * `Math.min`: the argument that attains the minimum, so its derivative; at a tie the first one.
 * @example
 * gradient((a, b) => ops.min(a, b), [2, 1]); // [0, 1]
 */
export function min(...args: Real[]): Real {
  if (maxTag(args) === 0) return Math.min(...(args as number[]));
  return extreme(args, (a, b) => a < b || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0)), Infinity);
}

// 32-bit integer operations and `random`: piecewise constant in their arguments (or without
// one), so the result is a plain number computed on the primal values — a constant, derivative 0.
/** `Math.clz32` of the primal value (a constant). @example ops.clz32(dual(1)); // 31 */
export const clz32 = (x: Real): number => Math.clz32(primal(x));
/** `Math.imul` of the primal values (a constant). @example ops.imul(dual(3), 4); // 12 */
export const imul = (a: Real, b: Real): number => Math.imul(primal(a), primal(b));
/** `Math.random()` (a constant). @example derivative((x) => ops.mul(x, ops.random()), 1); // in [0, 1) */
export const random = (): number => Math.random();

// ---------------------------------------------------------------------------------------------
// Comparisons: on primal values (branches follow the primal; the path taken is differentiated).

/** `a < b` on primal values. @example derivative((x) => (ops.lt(x, 0) ? ops.neg(x) : x), 2); // 1 */
export const lt = (a: Real, b: Real): boolean => primal(a) < primal(b);
/** `a <= b` on primal values. @example ops.le(dual(2), 2); // true */
export const le = (a: Real, b: Real): boolean => primal(a) <= primal(b);
/** `a > b` on primal values. @example ops.gt(dual(2), 1); // true */
export const gt = (a: Real, b: Real): boolean => primal(a) > primal(b);
/** `a >= b` on primal values. @example ops.ge(dual(2), 2); // true */
export const ge = (a: Real, b: Real): boolean => primal(a) >= primal(b);
/** `a === b` on primal values. @example derivative((x) => (ops.eq(x, 1) ? 1 : ops.mul(x, x)), 1); // 0 */
export const eq = (a: Real, b: Real): boolean => primal(a) === primal(b);
/** `a !== b` on primal values. @example ops.ne(dual(2), 3); // true */
export const ne = (a: Real, b: Real): boolean => primal(a) !== primal(b);

// ---------------------------------------------------------------------------------------------
// The generic algebra: the rule table evaluated on Reals (used when derivatives are nested).

const signBit = (a: Real): Real => numberAlgebra.signBit(primal(a));

/**
 * A rule's special case (rules.ts' `ifZero`): `then` where `test` is exactly 0, else `otherwise`.
 * Where the test itself is perturbed (a nested derivative differentiates the rule's partial), the
 * value is still `then`'s but its derivatives are `otherwise`'s, the formula's around the point:
 * ∂/∂p of ∂(x^p)/∂x at p = 0 is 1/x, not the 0 of the constant special case. Generated dual-mode
 * code calls it for such a special case in nested derivative code.
 * @example
 * derivative((p) => derivative((x) => ops.pow(x, p), 2), 0); // 0.5
 */
export const ifZero = (test: Real, then: Real, otherwise: Real): Real => {
  if (primal(test) !== 0) return otherwise;
  return typeof test === 'number' ? then : withPrimal(otherwise, primal(then));
};

/** `x` with its value (at the innermost level) replaced by `v`, every perturbation kept. */
const withPrimal = (x: Real, v: number): Real => (typeof x === 'number' ? v
  : isDualValue(x) ? new Dual(withPrimal(x.value, v), x.tangent, x.tag)
  : new HyperDual(withPrimal(x.value, v), x.e1, x.e2, x.e12, x.tag));

const generic: Algebra<Real> = {
  constant: (c) => c, add, sub, mul, div, neg, sqrt, cbrt, exp, sin, cos, sinh, cosh, signBit, log, trunc, pow, ifZero,
  share: (a) => a,
};

/** Every `Math` constant, as a plain number (derivative 0). */
export { constants } from './rules.js';

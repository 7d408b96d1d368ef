/** Inline emitters for Math calls: rule-table rows through the code algebra, and the chain rules that apply them. */
import { binaryRules, binarySecond, chainRule as ruleChain, hypotRule, rules, type BinaryRule, type ChainAlgebra } from '@ddx/dual';
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import * as S from '../../../codegen/statements.js';
import type { Statement } from '../../../codegen/statements.js';
import type { Expr } from '../../../analyze/ir.js';
import { isUnaryMath } from '../../../analyze/mathNames.js';
import { ZERO, type InlineFunctionEmitter, type Operand, type Top } from '../context.js';
import { power } from './arithmetic.js';

/** `p·q`, with 1·q written q. */
const times = (p: Code, q: Code): Code => (C.literalValue(p) === 1 ? q : C.mul(p, q));

/**
 * The chain rule's algebra on code: guarded products, so an exactly zero part contributes nothing,
 * except where the partial is a finite constant (a literal, or an inactive operand known to hold
 * one, `finite`): times an exactly zero part it already gives 0.
 */
const codeChain = (finite: (c: Code) => boolean): ChainAlgebra<Code> => ({
  add: C.add,
  scale: (p, t) => (finite(p) ? times(p, t) : C.guardedProduct(p, t)),
  cross: (h, a, b) => C.conditional(C.logical('||', C.compare('===', a, ZERO), C.compare('===', b, ZERO)), ZERO, times(h, C.mul(a, b))),
});
const isFiniteLiteral = (c: Code): boolean => Number.isFinite(C.literalValue(c) ?? NaN);

/** A unary rule applied to the operand: f'(x)·x' (and the hyper-dual ε1ε2 part), through the chain rule of rules.ts. */
export function unaryChain(cx: InlineFunctionEmitter, x: Operand, d1: Code, d2: Code | undefined): Code[] {
  // First order: a partial that is a Math call of a name (`mathOf`) is computed once, into a const.
  const first = cx.order === 1 && d1.mathOf === undefined ? d1 : cx.constant('df', d1);
  return ruleChain(codeChain(isFiniteLiteral), [x.t], () => first, () => cx.constant('d2f', d2!));
}

/**
 * The chain rule of rules.ts for a function of several arguments, on code: Σᵢ ∂ᵢf·xᵢ' and, for
 * hyper-duals, Σᵢ (∂ᵢf·xᵢ₁₂ + Σⱼ ∂ᵢⱼf·xᵢ₁xⱼ₂), each partial computed once into a const.
 */
export function chainRule(cx: InlineFunctionEmitter, args: Operand[], partial: (i: number) => Code, second: (i: number, j: number) => Code | undefined): Code[] {
  const constants = new Set(args.filter((a) => !a.t && Number.isFinite(a.literal ?? NaN)).map((a) => a.code.text));
  const finite = (c: Code): boolean => isFiniteLiteral(c) || constants.has(c.text);
  const parts = ruleChain(codeChain(finite), args.map((a) => a.t), (i) => cx.constant('partial', partial(i)), (i, j) => {
    const h = second(i, j);
    return h && cx.constant('partial2', h);
  });
  const tangents = args.flatMap((a) => (a.t && cx.order === 1 ? [a.t[0]] : []));
  if (tangents.length < 2) return parts;
  // A tangent that sums guarded products, (a' === 0 ? 0 : p·a') + (b' === 0 ? 0 : q·b'), is itself
  // guarded by "every tangent is 0" (where it is 0 anyway): V8 compiled the bare sum ~2.3× slower
  // in the bench's f' of e^x/√(sin³x + cos³x) (2.5× against 1.07× the primal for the guarded sum).
  const allZero = tangents.map((t) => C.compare('===', t, ZERO)).reduce((x, y) => C.logical('&&', x, y));
  return [C.conditional(allZero, ZERO, parts[0])];
}

export function math(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'math' }>): Top {
  const args = e.args.map((a) => cx.operand(a));
  const primal = C.mathCall(cx.mod.global, e.name, args.map((a) => a.code));
  const top = (tangent: (y: Code) => Code[]): Top => ({ primal, tangent, needsY: true });
  const name = e.name;
  if (isUnaryMath(name)) {
    const rule = rules[name];
    const x = args[0];
    return top((y) => unaryChain(cx, x, rule.df(x.code, y, cx.algebra), cx.order === 2 ? rule.d2f(x.code, y, cx.algebra) : undefined));
  }
  switch (name) {
    case 'pow': return top((y) => power(cx, args[0], args[1], y));
    case 'atan2': return top((y) => binaryChain(cx, binaryRules.atan2, args[0], args[1], y));
    case 'hypot': return top((h) => chainRule(cx, args, (i) => hypotRule.partial(i, args.map((a) => a.code), h, cx.algebra),
      (i, j) => hypotRule.second(i, j, args.map((a) => a.code), h, cx.algebra)));
    case 'max': case 'min': return top((m) => extreme(cx, args, m));
    default: throw new Error(`internal: Math.${name} of an active value reached the emitter (analyze/checks.ts rejects it)`);
  }
}

/**
 * `Math.hypot(...g)` of an active array: hypot's n-argument row (rules.ts, hypotRule) at each
 * element, through the chain rule in loops over the elements, in the order and with the zero
 * guards of rules.ts's chainRule (so the engine's `ops.hypot(...g)` gives the same bits):
 * y' = Σᵢ ∂ᵢ·gᵢ', or y₁ = Σᵢ ∂ᵢ·gᵢ₁, y₂ = Σᵢ ∂ᵢ·gᵢ₂, y₁₂ = Σᵢ (∂ᵢ·gᵢ₁₂ + Σⱼ ∂ᵢⱼ·gᵢ₁gⱼ₂).
 * Each sum starts at -0, which adds nothing to its first term (-0 + t is t, -0 too).
 */
export function mathOver(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'mathOver' }>): Top {
  const g = e.arr.name;
  const parts = cx.tangentsOf(e.arr);
  const M = cx.algebra;
  const chain = codeChain(isFiniteLiteral);
  /** `for (let i = 0; i < g.length; i++) { body(i) }`, its body a loop scope of its own (values memoized inside stay inside). */
  const loop = (body: (i: Code) => void): Statement => {
    const i = cx.names.fresh('i');
    const statements = cx.collect(() => cx.scoped(() => body(C.atom(i)), true));
    return {
      k: 'for', init: S.declare('let', [{ name: i, init: ZERO }]), test: C.compare('<', C.atom(i), C.atom(`${g}.length`)),
      update: C.atom(`${i}++`), body: S.block(statements),
    };
  };
  const at = (array: string, i: Code): Code => C.element(array, i);
  return {
    primal: cx.primal(e),
    needsY: true,
    tangent: (h) => {
      const partial = (i: Code): Code => cx.constant('partial', hypotRule.partial(0, [at(g, i)], h, M));
      const sums = parts.map((p) => cx.names.fresh(`${p}Sum`));
      cx.emit(S.declare('let', sums.map((name) => ({ name, init: C.atom('-0') }))));
      const add = (sum: string, term: Code): void => cx.emit(S.assign(C.atom(sum), C.add(C.atom(sum), term)));
      cx.emit(loop((i) => {
        const p = partial(i);
        parts.slice(0, 2).forEach((t, k) => add(sums[k], chain.scale(p, at(t, i))));
      }));
      if (cx.order === 2) {
        const [a, b, c] = parts;
        cx.emit(loop((i) => {
          add(sums[2], chain.scale(partial(i), at(c, i)));
          cx.emit(loop((j) => {
            const same = cx.constant('partial2', hypotRule.second(0, 0, [at(g, i)], h, M));
            const other = cx.constant('partial2', hypotRule.second(0, 1, [at(g, i), at(g, j)], h, M));
            add(sums[2], chain.cross(C.conditional(C.compare('===', i, j), same, other), at(a, i), at(b, j)));
          }));
        }));
      }
      return sums.map(C.atom);
    },
  };
}

/**
 * A function made by defineFunction: a unary row whose value and partials are the user's functions,
 * called at run time through the defined function (`f(x)`, `f.definition.df(x)`, `….d2f(x)`).
 */
export function customRule(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'custom' }>): Top {
  const x = cx.operand(e.args[0]);
  const ref = cx.mod.rule(e.rule, cx.fn);
  // Analysis made sure a second-order verb only reaches rules given d2f.
  const derivative = (name: 'df' | 'd2f!'): Code => C.call(`${ref}.definition.${name}`, [x.code]);
  return {
    primal: C.call(ref, [x.code]),
    tangent: () => unaryChain(cx, x, derivative('df'), cx.order === 2 ? derivative('d2f!') : undefined),
    needsY: true,
  };
}

/**
 * A special function of a package: its rule of @ddx/dual's `specialRules` (one or two arguments),
 * called at run time on the primal values and the result (`specialRules.erf.partial(0, y, x)`),
 * and the package's function for the value, through an import of the generated code.
 */
export function specialRule(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'special' }>): Top {
  const args = e.args.map((a) => cx.operand(a));
  const codes = args.map((a) => a.code);
  const rule = `${cx.mod.specialRules}.${e.fn.name}`;
  const partial = (y: Code) => (i: number): Code => C.call(`${rule}.partial`, [C.atom(String(i)), y, ...codes]);
  const second = (y: Code) => (i: number, j: number): Code => C.call(`${rule}.second`, [C.atom(String(i)), C.atom(String(j)), y, ...codes]);
  return {
    primal: C.call(cx.mod.special(e.fn, cx.fn), codes),
    tangent: (y) => (args.length === 1
      ? unaryChain(cx, args[0], partial(y)(0), cx.order === 2 ? second(y)(0, 0) : undefined)
      : chainRule(cx, args, partial(y), second(y))),
    needsY: true,
  };
}

/**
 * A rule's partial in nested derivative code (analyze/tangent.ts): a defineFunction rule's given df
 * or a special function's ∂ᵢ, evaluated on numbers at run time; its derivative is the rule's
 * second-order row (the given d2f, `specialRules.erf.second(i, j, y, x)`). First order only:
 * analysis rejects a second-order verb over one (DDX1020: it would need a third derivative).
 */
export function rulePartial(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'partial' }>): Top {
  const row = e.row;
  if (cx.order !== 1 || (row.k !== 'custom' && row.k !== 'special')) {
    throw new Error(`internal: a rule's partial (${row.k}) reached inline mode's order-${cx.order} code (analysis rejects it)`);
  }
  const args = e.args.map((a) => cx.operand(a));
  const codes = args.map((a) => a.code);
  if (row.k === 'custom') {
    const ref = cx.mod.rule(row.rule, cx.fn);
    return { primal: C.call(`${ref}.definition.df`, codes), tangent: () => unaryChain(cx, args[0], C.call(`${ref}.definition.d2f!`, codes), undefined), needsY: false };
  }
  const rule = `${cx.mod.specialRules}.${row.fn.name}`;
  const y = cx.constant(row.fn.name, C.call(cx.mod.special(row.fn, cx.fn), codes));
  const second = (j: number): Code => C.call(`${rule}.second`, [C.atom(String(row.i)), C.atom(String(j)), y, ...codes]);
  return {
    primal: C.call(`${rule}.partial`, [C.atom(String(row.i)), y, ...codes]),
    tangent: () => (args.length === 1 ? unaryChain(cx, args[0], second(0), undefined) : chainRule(cx, args, second, () => undefined)),
    needsY: false,
  };
}

/** A row of two arguments applied to a and b through the chain rule (`y` = f(a, b)). */
export function binaryChain(cx: InlineFunctionEmitter, rule: BinaryRule, a: Operand, b: Operand, y: Code): Code[] {
  const M = cx.algebra;
  return chainRule(cx, [a, b], (i) => (i === 0 ? rule.da(a.code, b.code, y, M) : rule.db(a.code, b.code, y, M)), binarySecond(rule, a.code, b.code, y, M));
}

/** max/min: the first argument equal to the result (Object.is, so ±0 and NaN match) carries the tangent. */
export function extreme(cx: InlineFunctionEmitter, args: Operand[], m: Code): Code[] {
  return cx.zeros().map((_, k) => picked(cx, args, m, (a) => (a.t ? a.t[k] : ZERO), ZERO));
}

/** What the first argument equal to the result `m` has. */
function picked(cx: InlineFunctionEmitter, args: Operand[], m: Code, of: (a: Operand) => Code, none: Code): Code {
  let code = none;
  for (let i = args.length - 1; i >= 0; i--) code = C.conditional(C.call(`${cx.mod.global('Object')}.is`, [m, args[i].code]), of(args[i]), code);
  return code;
}

/** Inline emitters for Math calls: rule-table rows through the code algebra, and the chain rules that apply them. */
import { binaryRules, binarySecond, hypotRule, rules, type BinaryRule } from '@ddx/dual';
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import type { Expr } from '../../../analyze/ir.js';
import { isUnaryMath } from '../../../analyze/mathNames.js';
import { reject } from '../../../diagnostics.js';
import { ZERO, partNames, type InlineFunctionEmitter, type Operand, type Top } from '../context.js';
import { power } from './arithmetic.js';

/** A unary rule applied to the operand: f'(x)·x' (and the hyper-dual ε1ε2 part). */
export function unaryChain(cx: InlineFunctionEmitter, x: Operand, d1: Code, d2: Code | undefined): Code[] {
  const [t1, t2, t12] = x.t!;
  if (cx.order === 1) return [C.guardedProduct(/^Math\.\w+\([\w$.]*\)$/.test(d1.text) ? cx.constant('df', d1) : d1, t1)];
  const p1 = cx.constant('df', d1);
  const p2 = cx.constant('d2f', d2!);
  const e1e2 = C.conditional(C.logical('||', C.compare('===', t1, ZERO), C.compare('===', t2, ZERO)), ZERO, C.mul(p2, C.mul(t1, t2)));
  return [C.guardedProduct(p1, t1), C.guardedProduct(p1, t2), C.add(C.guardedProduct(p1, t12), e1e2)];
}

/**
 * The chain rule for a function of several arguments, accumulated in the engine's order:
 * Σᵢ ∂ᵢf·xᵢ' and, for hyper-duals, Σᵢ (∂ᵢf·xᵢ₁₂ + Σⱼ ∂ᵢⱼf·xᵢ₁xⱼ₂).
 */
export function chainRule(cx: InlineFunctionEmitter, args: Operand[], partial: (i: number) => Code, second: (i: number, j: number) => Code): Code[] {
  const active = args.map((a, i) => ({ a, i })).filter(({ a }) => a.t);
  const g = new Map(active.map(({ i }) => [i, cx.constant('partial', partial(i))]));
  const sum = (terms: Code[]): Code => terms.reduce((s, t) => C.add(s, t));
  const part = (k: number) => sum(active.map(({ a, i }) => C.guardedProduct(g.get(i)!, a.t![k])));
  if (cx.order === 1) return [part(0)];
  const e12: Code[] = [];
  for (const { a, i } of active) {
    e12.push(C.guardedProduct(g.get(i)!, a.t![2]));
    for (const { a: b, i: j } of active) {
      const h = cx.constant('partial2', second(i, j));
      e12.push(C.conditional(C.logical('||', C.compare('===', a.t![0], ZERO), C.compare('===', b.t![1], ZERO)), ZERO, C.mul(h, C.mul(a.t![0], b.t![1]))));
    }
  }
  return [part(0), part(1), sum(e12)];
}

export function math(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'math' }>): Top {
  const args = e.args.map((a) => cx.operand(a));
  const primal = C.call(`${cx.mod.global('Math')}.${e.name}`, args.map((a) => a.code));
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
    default: reject(e.node, 'DDX1004', `Math.${name} has no derivative; it may only be applied to values that do not depend on the input`);
  }
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

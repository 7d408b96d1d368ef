/** Inline emitters for Math calls: rule-table rows through the code algebra, and the hand-written rules. */
import { rules } from '@ddx/dual';
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
export function chainRule(cx: InlineFunctionEmitter, args: Operand[], y: Code, gradient: Code[], hessian: (i: number, j: number) => Code): Code[] {
  void y;
  const active = args.map((a, i) => ({ a, i })).filter(({ a }) => a.t);
  const g = new Map(active.map(({ i }) => [i, cx.constant('partial', gradient[i])]));
  const sum = (terms: Code[]): Code => terms.reduce((s, t) => C.add(s, t));
  const part = (k: number) => sum(active.map(({ a, i }) => C.guardedProduct(g.get(i)!, a.t![k])));
  if (cx.order === 1) return [part(0)];
  const e12: Code[] = [];
  for (const { a, i } of active) {
    e12.push(C.guardedProduct(g.get(i)!, a.t![2]));
    for (const { a: b, i: j } of active) {
      const h = cx.constant('partial2', hessian(i, j));
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
    case 'pow': return top((y) => power(cx, args[0], args[1], y, e.args[1]));
    case 'atan2': return top((y) => atan2(cx, args[0], args[1], y));
    case 'hypot': return top((h) => hypot(cx, args, h));
    case 'max': case 'min': return top((m) => extreme(cx, args, m));
    default: reject(e.node, 'DDX1004', `Math.${name} has no derivative; it may only be applied to values that do not depend on the input`);
  }
}

/** atan2(y, x): ∂/∂y = x/r², ∂/∂x = -y/r² (r² = x² + y²), second partials over r⁴. */
export function atan2(cx: InlineFunctionEmitter, yArg: Operand, xArg: Operand, result: Code): Code[] {
  const y = yArg.code, x = xArg.code;
  const r2 = cx.constant('r2', C.add(C.mul(x, x), C.mul(y, y)));
  const r4 = (): Code => C.mul(r2, r2);
  return chainRule(cx, [yArg, xArg], result, [C.div(x, r2), C.neg(C.div(y, r2))], (i, j) => {
    if (i !== j) return C.div(C.sub(C.mul(y, y), C.mul(x, x)), r4());
    const xy2 = C.div(C.mul(C.mul(C.atom('2'), x), y), r4());
    return i === 0 ? C.neg(xy2) : xy2;
  });
}

/** hypot: ∂ᵢ = xᵢ/h, ∂ᵢⱼ = (δᵢⱼ - xᵢxⱼ/h²)/h; 0 at the origin. */
export function hypot(cx: InlineFunctionEmitter, args: Operand[], h: Code): Code[] {
  const parts = chainRule(cx, args, h, args.map((a) => C.div(a.code, h)), (i, j) =>
    C.div(C.sub(C.atom(i === j ? '1' : '0'), C.div(C.mul(args[i].code, args[j].code), C.mul(h, h))), h));
  // At the origin the partials are 0, still times each part (0·∞ is NaN, as in the engine).
  const origin = chainRule(cx, args, h, args.map(() => ZERO), () => ZERO);
  return parts.map((p, k) => C.conditional(C.compare('===', h, ZERO), origin[k], p));
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

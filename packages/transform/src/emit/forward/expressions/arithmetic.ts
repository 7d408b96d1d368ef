/** Forward emitters for + - * / % **: sums, and the rows of rules.ts for the rest (engine's order and conventions). */
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import type { Expr } from '../../../analyze/ir.js';
import type { InlineFunctionEmitter, Operand, Top } from '../context.js';
import { binaryRules } from '@ddx/dual';
import { binaryChain, chainRule } from './math.js';

export function binary(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'bin' }>): Top {
  const a = cx.operand(e.a);
  const b = cx.operand(e.b);
  const primal = C.binary(e.op, a.code, b.code);
  const direct = (tangent: (y: Code) => Code[], needsY = false): Top => ({ primal, tangent, needsY });
  switch (e.op) {
    case '+': return direct(() => zip(a, b, C.add, (x) => x, (y) => y));
    case '-': return direct(() => zip(a, b, C.sub, (x) => x, C.neg));
    // The rows of rules.ts: the product's partials do not read the value, the quotient's do where b moves.
    case '*': return direct((y) => binaryChain(cx, binaryRules.mul, a, b, y));
    case '/': return direct((q) => binaryChain(cx, binaryRules.div, a, b, q), b.t !== undefined);
    case '%': return direct((y) => binaryChain(cx, binaryRules.mod, a, b, y), b.t !== undefined);
    case '**': return direct((y) => power(cx, a, b, y), true);
  }
}

/** x ** p through pow's row (x ** 0 has derivative 0, 0 ** p w.r.t. p: see rules.ts); a constant p uses x's partials only. */
export function power(cx: InlineFunctionEmitter, a: Operand, b: Operand, y: Code): Code[] {
  const rule = binaryRules.pow, M = cx.algebra, x = a.code, p = b.code;
  if (b.t) return binaryChain(cx, rule, a, b, y);
  return chainRule(cx, [a], () => rule.da(x, p, y, M), () => rule.daa!(x, p, y, M));
}

/** Combines the tangents of a binary operation whose operands may be inactive. */
function zip(a: Operand, b: Operand, both: (x: Code, y: Code) => Code, onlyA: (x: Code) => Code, onlyB: (y: Code) => Code): Code[] {
  if (a.t && b.t) return a.t.map((t, i) => both(t, b.t![i]));
  if (a.t) return a.t.map(onlyA);
  return b.t!.map(onlyB);
}

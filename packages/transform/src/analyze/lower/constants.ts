/**
 * Lowering: numeric literals and the constant expressions of module level (a constant's
 * initializer, a factory's argument), folded to IR without a function around them.
 */
import { ts } from 'ts-morph';
import type { Expr, ModuleConstant } from '../ir.js';
import { destructuredGlobalName, globalOf } from '../aliases.js';
import { mathConstants, naryMath, numberConstants, unaryMath } from '../mathNames.js';
import type { LowerContext } from '../lower.js';
import { arithOps, bitwiseOps } from './operators.js';

/**
 * A numeric literal of the source, `written` as in the source (`0x10`, `1_000`) or as TypeScript reads it.
 * A literal past the largest double (`1e400`, whose text TypeScript reads as 'Infinity') is the global
 * Infinity, without a value, as the IR says.
 */
export function numeral(e: ts.NumericLiteral, written: string): Expr {
  return e.text === 'Infinity' ? { k: 'num', text: 'Infinity', node: e } : { k: 'num', text: written, value: Number(e.text), node: e };
}

/**
 * The value of a module-level constant's initializer, when it is built from numeric literals,
 * `Infinity`, `NaN`, Math and Number constants and the constants whose values `constant` gives,
 * with + - * / % ** and the bitwise operators (and parentheses, unary ± and ~); undefined otherwise. The value is printed wherever the constant is read from another module, so it reaches Math through that
 * module's way to the global (never the source text, which another module could read differently).
 */
export function lowerConstant(e: ts.Expression, checker: ts.TypeChecker, constant: (id: ts.Identifier) => Expr | undefined = () => undefined): Expr | undefined {
  if (ts.isNumericLiteral(e)) return numeral(e, e.text);
  if (ts.isIdentifier(e) && (e.text === 'Infinity' || e.text === 'NaN') && checker.getSymbolAtLocation(e) === undefined) return { k: 'num', text: e.text, node: e };
  if (ts.isIdentifier(e)) return destructuredConstant(e, checker) ?? constant(e);
  if (ts.isParenthesizedExpression(e)) return lowerConstant(e.expression, checker, constant);
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) {
    const a = lowerConstant(e.operand, checker, constant);
    return a && (e.operator === ts.SyntaxKind.MinusToken ? { k: 'neg', a, node: e } : a);
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.TildeToken) {
    const a = lowerConstant(e.operand, checker, constant);
    return a && { k: 'bitnot', a, node: e };
  }
  if (ts.isBinaryExpression(e)) {
    const op = arithOps[e.operatorToken.kind];
    const bitwise = bitwiseOps[e.operatorToken.kind];
    if (!op && !bitwise) return undefined;
    const a = lowerConstant(e.left, checker, constant);
    const b = a && lowerConstant(e.right, checker, constant);
    if (!a || !b) return undefined;
    // `0x7fffffff|0`, `1 << 28`: integer constants, as asm.js-style code writes them.
    return op ? { k: 'bin', op, a, b, node: e } : { k: 'bitwise', op: bitwise!, a, b, node: e };
  }
  // `Math.PI`, `Number.NEGATIVE_INFINITY`, also through an alias of the global (`var Number = require('@stdlib/number-ctor')`).
  if (ts.isPropertyAccessExpression(e)) {
    const global = globalOf(e.expression, checker);
    if ((global === 'Math' ? mathConstants : global === 'Number' ? numberConstants : undefined)?.has(e.name.text)) {
      return { k: 'num', text: `${global}.${e.name.text}`, node: e };
    }
  }
  // `Math.log(Math.sqrt(2 * Math.PI))`: a Math function of constants, of its arity (min, max, hypot: any).
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) &&
      e.expression.expression.text === 'Math' && checker.getSymbolAtLocation(e.expression.expression) === undefined) {
    const name = e.expression.name.text;
    const arity = unaryMath.has(name) ? 1 : name === 'pow' || name === 'atan2' ? 2 : naryMath.has(name) ? e.arguments.length : -1;
    if (arity !== e.arguments.length) return undefined;
    const args: Expr[] = [];
    for (const a of e.arguments) {
      const x = ts.isSpreadElement(a) ? undefined : lowerConstant(a, checker, constant);
      if (!x) return undefined;
      args.push(x);
    }
    return { k: 'math', name, args, node: e };
  }
  return undefined;
}

/** `PI` of `const { PI } = Math`: the Math or Number constant a name is unpacked from (aliases.ts). */
export function destructuredConstant(e: ts.Identifier, checker: ts.TypeChecker): Expr | undefined {
  const name = destructuredGlobalName(e, checker);
  const [global, member] = name?.split('.') ?? [];
  return (global === 'Math' ? mathConstants : global === 'Number' ? numberConstants : undefined)?.has(member) ? { k: 'num', text: name!, node: e } : undefined;
}

/**
 * A factory's argument at module level: a numeric constant over literals, Math constants and
 * module-level constants (each one read is passed to \`use\`, for the function that reads it).
 */
export function lowerConstantArgument(a: ts.Expression, ctx: LowerContext, use: (c: ModuleConstant) => void): Expr | undefined {
  return lowerConstant(a, ctx.checker, (id) => {
    const symbol = ctx.checker.getSymbolAtLocation(id);
    const c = symbol && ctx.constantFor(symbol);
    if (!c) return undefined;
    use(c);
    return { k: 'num', text: c.name, node: id };
  });
}

/**
 * Values lowering holds in a local made before the statement (lower.ts's prelude), as
 * `const r = f(x)` would: the record or new array a call returns where a field or an element of it
 * is read (`mid(a, b).x`, `grad(p)[0]`) or where it is passed on (`norm(grad(p))`), a record literal
 * passed to a call (`dist({ x, y }, q)`), and the array a call of a function with a rest parameter
 * makes of its trailing arguments (`sum(a, b, c)` of `sum(a: number, ...xs: number[])`). Where JavaScript evaluates such a call only sometimes (a branch
 * of ?:, the right of && || ?? ||= &&= ??=, a loop test or update), lowering makes that place an if
 * statement or the loop's body, and the local is made there, only where JavaScript makes the value.
 */
import { ts } from 'ts-morph';
import { globalOf } from './aliases.js';
import { skipParens } from './walk.js';

/** Whether lowering holds `n` (a call, a record literal) or what it gives in a local before its statement (see the file's comment). */
export function heldBeforeItsStatement(n: ts.Node, checker: ts.TypeChecker): boolean {
  if (!ts.isCallExpression(n) && !ts.isObjectLiteralExpression(n)) return false;
  let user = n.parent;
  while (ts.isParenthesizedExpression(user)) user = user.parent;
  const passed = ts.isCallExpression(user) && user.arguments.some((a) => skipParens(a) === n);
  // A record literal passed to a call (`dist({ x, y: 2 * x }, q)`) is laid out in a local array first.
  if (ts.isObjectLiteralExpression(n)) return passed;
  const read = (ts.isPropertyAccessExpression(user) || ts.isElementAccessExpression(user)) && skipParens(user.expression) === n;
  if ((read || passed) && (checker.getTypeAtLocation(n).flags & ts.TypeFlags.Object) !== 0) return true;
  return makesRestArray(n, checker);
}

/**
 * Whether the call `n` makes an array of its trailing arguments: its callee, a function written in
 * the project or a package (not a declaration of lib.d.ts, as Math.max's), ends in a rest parameter,
 * and `n` passes anything but one array spread alone there (`f(a, ...xs)`, passed as it is).
 */
function makesRestArray(n: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const callee = n.expression;
  if (ts.isPropertyAccessExpression(callee) && globalOf(callee.expression, checker) === 'Math') return false;
  const decl = checker.getResolvedSignature(n)?.declaration;
  if (!decl || !ts.isFunctionLike(decl) || !('body' in decl) || decl.body === undefined) return false;
  const rest = decl.parameters.at(-1);
  if (!rest?.dotDotDotToken) return false;
  const trailing = n.arguments.slice(decl.parameters.length - 1);
  return !(trailing.length === 1 && ts.isSpreadElement(trailing[0]) && !ts.isArrayLiteralExpression(skipParens(trailing[0].expression)));
}

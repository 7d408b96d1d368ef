/**
 * Omitted optional arguments. JavaScript lets a call pass fewer arguments than the function
 * declares; the missing ones are undefined, and library code tests for them
 * (`function sum(values, valueof) { if (valueof === undefined) { … } else { … valueof(v) … } }`,
 * called `sum(xs)`). A call that omits trailing arguments calls a separate version of the callee
 * lowered for that call's argument count (lower.ts, `LowerOptions.omitted`): there each omitted
 * parameter is known to be undefined, so its tests fold at compile time and only the branch
 * JavaScript takes is lowered (the other may use the parameter as a function, which is never
 * compiled).
 *
 * An omitted parameter may be: tested against undefined or null (`=== undefined`, `== null`,
 * `=== void 0`, `typeof p === 'undefined'`, `!p`, `p ? … : …`), passed on as an omitted argument
 * (`variance(values, valueof)`), or given a value by the defaulting statement compilers write for
 * default parameters, `if (p === void 0) p = false;`, before any other use (then it is a local, which
 * later statements may write).
 * Anything else is rejected (DDX1050): its value would be undefined, which the derivative code
 * does not compute with.
 */
import { ts } from 'ts-morph';
import { reject } from '../diagnostics.js';
import { skipParens } from './walk.js';

/** `undefined` (the global, unshadowed) or `void <literal>` ('undefined'), `null` ('null'); else undefined. */
export function nullishLiteral(e: ts.Expression, checker: ts.TypeChecker): 'undefined' | 'null' | undefined {
  const inner = skipParens(e);
  if (inner.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if (ts.isIdentifier(inner) && inner.text === 'undefined' && !checker.getSymbolAtLocation(inner)?.declarations?.length) return 'undefined';
  if (ts.isVoidExpression(inner) && (ts.isNumericLiteral(skipParens(inner.expression)) || ts.isStringLiteral(skipParens(inner.expression)))) return 'undefined';
  return undefined;
}

/** How a comparison with undefined or null comes out for a value that is undefined (`true`) or a number or boolean (`false`). */
export function nullishComparison(op: ts.SyntaxKind, literal: 'undefined' | 'null', isUndefined: boolean): boolean {
  const loose = op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  const negated = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  const equal = isUndefined && (literal === 'undefined' || loose);
  return equal !== negated;
}

const equalityOps = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** The two sides of `a === undefined` (or `null`, `void 0`, either order, any equality operator), or undefined. */
export function nullishTest(e: ts.Expression, checker: ts.TypeChecker): { operand: ts.Expression; literal: 'undefined' | 'null'; op: ts.SyntaxKind } | undefined {
  const inner = skipParens(e);
  if (!ts.isBinaryExpression(inner) || !equalityOps.has(inner.operatorToken.kind)) return undefined;
  const op = inner.operatorToken.kind;
  const right = nullishLiteral(inner.right, checker);
  if (right) return { operand: inner.left, literal: right, op };
  const left = nullishLiteral(inner.left, checker);
  return left ? { operand: inner.right, literal: left, op } : undefined;
}

/**
 * The state of an omitted parameter in a version of its function, or of a name unpacked from a
 * record that lacks its field (`({ r, g, b, alpha })` of `{ r, g, b }`, culori's): undefined alike.
 */
export interface OmittedParameter {
  readonly decl: ts.ParameterDeclaration | ts.BindingElement;
  /** For a name unpacked from a record: the record's type, which has no such field. */
  readonly absentFrom?: string;
  /** The defaulting statement `if (p === undefined) p = value;`, when the function gives it a value. */
  readonly defaulting?: { readonly statement: ts.IfStatement; readonly assignment: ts.ExpressionStatement; readonly value: ts.Expression };
}

/**
 * Whether `e` (a condition) is decided by omitted parameters: true or false, or undefined when it
 * is not. `omittedAt(id)`: the omitted parameter an identifier names that is still undefined there
 * (not one given a value by its defaulting statement, which `defined(id)` names).
 */
export function foldOmittedTest(
  e: ts.Expression,
  checker: ts.TypeChecker,
  omittedAt: (id: ts.Identifier) => boolean,
  defined: (id: ts.Identifier) => boolean,
): boolean | undefined {
  const inner = skipParens(e);
  const fold = (x: ts.Expression): boolean | undefined => foldOmittedTest(x, checker, omittedAt, defined);
  if (ts.isIdentifier(inner)) return omittedAt(inner) ? false : undefined;
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    const a = fold(inner.operand);
    return a === undefined ? undefined : !a;
  }
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    // Only a decided left side decides (the right may have effects, evaluated or not as written).
    const and = inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
    const a = fold(inner.left);
    if (a === undefined) return undefined;
    if (a !== and) return a;
    return fold(inner.right);
  }
  const test = nullishTest(inner, checker);
  if (test) {
    const operand = skipParens(test.operand);
    if (!ts.isIdentifier(operand)) return undefined;
    if (omittedAt(operand)) return nullishComparison(test.op, test.literal, true);
    if (defined(operand)) return nullishComparison(test.op, test.literal, false);
    return undefined;
  }
  // typeof p === 'undefined' (any equality, either order).
  if (ts.isBinaryExpression(inner) && equalityOps.has(inner.operatorToken.kind)) {
    const [of, text] = ts.isTypeOfExpression(skipParens(inner.left)) ? [skipParens(inner.left) as ts.TypeOfExpression, skipParens(inner.right)]
      : ts.isTypeOfExpression(skipParens(inner.right)) ? [skipParens(inner.right) as ts.TypeOfExpression, skipParens(inner.left)] : [];
    const operand = of && skipParens(of.expression);
    if (!operand || !text || !ts.isStringLiteralLike(text) || !ts.isIdentifier(operand) || !omittedAt(operand)) return undefined;
    const negated = inner.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || inner.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
    return (text.text === 'undefined') !== negated;
  }
  return undefined;
}

/**
 * The omitted parameter `decl` of `fn`: never assigned, or assigned only by a defaulting statement
 * `if (p === undefined) p = value;` (also `== null`, `=== void 0`, braces) at the top of the body,
 * before any other use of `p`. Rejects any other assignment (DDX1050).
 */
export function omittedParameter(fn: ts.SignatureDeclaration & { body?: ts.Node }, decl: ts.ParameterDeclaration | ts.BindingElement, checker: ts.TypeChecker, callName: string, absentFrom?: string): OmittedParameter {
  const name = decl.name as ts.Identifier;
  const symbol = checker.getSymbolAtLocation(name);
  const uses: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n !== name && n.text === name.text && checker.getSymbolAtLocation(n) === symbol) uses.push(n);
    n.forEachChild(visit);
  };
  if (fn.body) visit(fn.body);
  const assignments = uses.filter(isAssignedHere);
  if (assignments.length === 0) return absentFrom === undefined ? { decl } : { decl, absentFrom };
  const at = assignments[0];
  const fail = (): never => reject(at, 'DDX1050', `${undefinedBecause(name.text, callName, absentFrom)}; ${undefinedKind(absentFrom)} may be given a value only by a statement if (${name.text} === undefined) ${name.text} = …; at the start of the function, before any other use (as compilers write default values); ${insteadOf(absentFrom)}`);
  const assignment = at.parent.parent;
  if (!ts.isBinaryExpression(at.parent) || at.parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isExpressionStatement(assignment)) return fail();
  const statement = ts.isBlock(assignment.parent) && assignment.parent.statements.length === 1 ? assignment.parent.parent : assignment.parent;
  if (!ts.isIfStatement(statement) || statement.elseStatement || !fn.body || !ts.isBlock(fn.body) || statement.parent !== fn.body) return fail();
  const test = nullishTest(statement.expression, checker);
  const tested = test && skipParens(test.operand);
  if (!tested || !ts.isIdentifier(tested) || checker.getSymbolAtLocation(tested) !== symbol || !nullishComparison(test.op, test.literal, true) || nullishComparison(test.op, test.literal, false)) return fail();
  if (uses.some((u) => u.getStart() < statement.getStart())) return fail();
  // Once given its value, the parameter is a local: later statements may write it (`++p`, `p += x`).
  if (assignments.some((a) => a !== at && a.getStart() < statement.getEnd())) return fail();
  return { decl, ...(absentFrom === undefined ? {} : { absentFrom }), defaulting: { statement, assignment, value: at.parent.right } };
}

function isAssignedHere(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isBinaryExpression(p)) return p.left === id && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  return (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken);
}

/** Why `name` is undefined in `callName`: omitted by a call, or unpacked from a record of type `absentFrom` without the field. */
const undefinedBecause = (name: string, callName: string, absentFrom?: string): string => absentFrom === undefined
  ? `'${name}' is omitted by a call of '${callName}', so it is undefined here`
  : `'${callName}' unpacks '${name}' from a record without that field (${absentFrom}), so it is undefined here, as in JavaScript`;

/** What is undefined, as the messages name it: an omitted parameter, or a name unpacked from an absent field. */
const undefinedKind = (absentFrom?: string): string => (absentFrom === undefined ? 'an omitted parameter' : 'a name unpacked from an absent field');
const insteadOf = (absentFrom?: string): string => (absentFrom === undefined ? 'pass the argument instead' : 'give the record the field instead');

/** DDX1050 for a use of an omitted parameter (or an absent field unpacked) that no rule folds. */
export function rejectOmittedUse(id: ts.Node, name: string, callName: string, absentFrom?: string): never {
  return reject(id, 'DDX1050', `${undefinedBecause(name, callName, absentFrom)}, and this use of it is not compiled; ${undefinedKind(absentFrom)} may only be tested against undefined or null (${name} === undefined, ${name} == null, typeof ${name} === 'undefined', !${name}), which folds the branch JavaScript takes, or passed on to another call; ${insteadOf(absentFrom)}`);
}

/**
 * Module-level aliases, as CommonJS packages write them: `var Number = require('@stdlib/number-ctor')`
 * (whose module is `module.exports = Number`), `var floor = require('@stdlib/math-base-special-floor')`
 * (whose module is `var floor = Math.floor; module.exports = floor`), `var M = Math`. A name is
 * followed through a `require` to what its module assigns to `module.exports`, and through a
 * module-level variable that always holds its initializer (a `const`, or in JavaScript a `var`/`let`
 * declared once and never written in its module, which no other module can write), to the value it
 * finally stands for.
 */
import { ts } from 'ts-morph';
import { forEachNode } from './walk.js';


/** `require('…')` with a string literal, the global require (unshadowed: the checker's own symbol for it in JavaScript has no declaration). */
export function isRequireCall(e: ts.Node, checker: ts.TypeChecker): e is ts.CallExpression & { arguments: [ts.StringLiteral] } {
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 &&
    ts.isStringLiteral(e.arguments[0]) && !checker.getSymbolAtLocation(e.expression)?.declarations?.length;
}

/** Whether an identifier (or a member access) is the target of an assignment, an increment or a decrement (possibly inside a destructuring). */
export function isWritten(id: ts.Expression): boolean {
  let n: ts.Node = id;
  while (ts.isParenthesizedExpression(n.parent) || ts.isArrayLiteralExpression(n.parent) || ts.isShorthandPropertyAssignment(n.parent) ||
    ts.isSpreadElement(n.parent) || ts.isObjectLiteralExpression(n.parent) || (ts.isPropertyAssignment(n.parent) && n.parent.initializer === n)) n = n.parent;
  const p = n.parent;
  if (ts.isBinaryExpression(p)) return p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
  return ts.isForInStatement(p) || ts.isForOfStatement(p) ? p.initializer === n : false;
}

const neverWritten = new WeakMap<ts.Identifier, boolean>();
/** Whether a module-level variable has this one declaration and no assignment or increment in its module. */
export function isNeverWritten(name: ts.Identifier, checker: ts.TypeChecker): boolean {
  const known = neverWritten.get(name);
  if (known !== undefined) return known;
  const symbol = checker.getSymbolAtLocation(name);
  let written = !symbol || symbol.declarations?.length !== 1;
  if (!written) forEachNode(name.getSourceFile(), (n) => {
    if (written || !ts.isIdentifier(n) || n === name || n.text !== name.text || !isWritten(n)) return;
    if (checker.getSymbolAtLocation(n) === symbol) written = true;
  });
  neverWritten.set(name, !written);
  return !written;
}

/**
 * A module-level variable that always holds its initializer: a `const`, or a `var`/`let` declared
 * once and never written in its module (`var pi = Math.PI`; another module cannot assign an import).
 */
export function isModuleConstant(decl: ts.Node, checker: ts.TypeChecker): decl is ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression } {
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer) return false;
  const list = decl.parent;
  if (!ts.isVariableStatement(list.parent) || !ts.isSourceFile(list.parent.parent)) return false;
  return (list.flags & ts.NodeFlags.Const) !== 0 || isNeverWritten(decl.name, checker);
}

/** The value a CommonJS module exports whole: the right side of its last `module.exports = …`. */
function exportedValue(call: ts.CallExpression & { arguments: [ts.StringLiteral] }, checker: ts.TypeChecker): ts.Expression | undefined {
  const module = checker.getSymbolAtLocation(call.arguments[0]);
  const assignments = module?.exports?.get(ts.InternalSymbolName.ExportEquals)?.declarations ?? [];
  // Several assignments (a conditional export) do not say which one runs.
  if (assignments.length !== 1) return undefined;
  const [assignment] = assignments;
  if (ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken) return assignment.right;
  return ts.isExportAssignment(assignment) ? assignment.expression : undefined;
}

/**
 * What `e` finally stands for: followed through `require(…)` to the value its module exports and
 * through module-level variables that always hold their initializer; `e` itself (without
 * parentheses) where it leads no further.
 */
export function aliasedValue(e: ts.Expression, checker: ts.TypeChecker, depth = 0): ts.Expression {
  let inner = e;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  // A chain of requires is short; a cycle of them is not followed.
  if (depth > 32) return inner;
  if (isRequireCall(inner, checker)) {
    const value = exportedValue(inner, checker);
    return value ? aliasedValue(value, checker, depth + 1) : inner;
  }
  if (!ts.isIdentifier(inner)) return inner;
  const symbol = checker.getSymbolAtLocation(inner);
  const decl = symbol && declarationOf(symbol, checker);
  if (decl && ts.isExportAssignment(decl)) return aliasedValue(decl.expression, checker, depth + 1);
  return decl && isModuleConstant(decl, checker) ? aliasedValue(decl.initializer, checker, depth + 1) : inner;
}

/**
 * The one declaration a symbol stands for: through an import (`import { floor } from './lib.js'`)
 * the declaration it leads to; else its own (`var Number = require(…)`, followed by hand where the
 * checker cannot resolve the module's value, a global).
 */
function declarationOf(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Declaration | undefined {
  if (symbol.flags & ts.SymbolFlags.Alias) {
    const target = checker.getAliasedSymbol(symbol).declarations;
    if (target?.length === 1) return target[0];
  }
  return symbol.declarations?.length === 1 ? symbol.declarations[0] : undefined;
}

/** The global (`Math`, `Number`, …, not declared in the program) a name stands for, directly or through aliases; undefined for anything else. */
export function globalOf(e: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const value = aliasedValue(e, checker);
  return ts.isIdentifier(value) && checker.getSymbolAtLocation(value) === undefined ? value.text : undefined;
}

/**
 * The global or member of a global an expression stands for, dotted (`isNaN`, `Math.floor`,
 * `Number.isFinite`), directly or through aliases (`var floor = Math.floor`, `M.floor` with
 * `var M = Math`); undefined for anything else.
 */
export function globalNameOf(e: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const value = aliasedValue(e, checker);
  if (ts.isIdentifier(value)) return checker.getSymbolAtLocation(value) === undefined ? value.text : destructuredGlobalName(value, checker);
  if (!ts.isPropertyAccessExpression(value) || !ts.isIdentifier(value.name)) return undefined;
  const global = globalOf(value.expression, checker);
  return global === undefined ? undefined : `${global}.${value.name.text}`;
}

/**
 * The member of a global a name is unpacked from, dotted (`Math.max` for `max` of `const { min, max }
 * = Math`, `Math.exp` for `e` of `const { exp: e } = Math`), where the binding always holds it: a
 * `const`, or a `var`/`let` never written; no default, no rest. Undefined for any other name.
 */
export function destructuredGlobalName(id: ts.Identifier, checker: ts.TypeChecker): string | undefined {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  if (!decl || !ts.isBindingElement(decl) || decl.dotDotDotToken || decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
  const pattern = decl.parent;
  const declaration = pattern.parent;
  if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const member = decl.propertyName ?? decl.name;
  if (!ts.isIdentifier(member)) return undefined;
  if ((declaration.parent.flags & ts.NodeFlags.Const) === 0 && !isNeverWritten(decl.name, checker)) return undefined;
  const global = globalOf(declaration.initializer, checker);
  return global === undefined ? undefined : `${global}.${member.text}`;
}

/**
 * Lowering: questions about the TypeScript syntax alone (what a node assigns, whether a loop
 * continues, where an expression is evaluated conditionally, …), answered without the IR.
 */
import { ts } from 'ts-morph';
import type { NumericFunction } from '../ir.js';
import { forEachNode, skipParens } from '../walk.js';

/** The name of a syntax kind for messages: `ts.SyntaxKind[k]` may give a range marker such as
 * `LastStatement` (the debugger statement), so prefer a name that is not `First…`/`Last…`. */
export const syntaxName = (kind: ts.SyntaxKind): string =>
  Object.entries(ts.SyntaxKind).find(([name, value]) => value === kind && !/^(First|Last)/.test(name))?.[0] ?? ts.SyntaxKind[kind];

export function isAncestor(ancestor: ts.Node, n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Whether `symbol` is assigned (=, op=, ++, --) anywhere inside `scope`. */
export function isAssigned(scope: ts.Node, symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  return assignmentOf(scope, symbol, checker) !== undefined;
}

/** The first assignment (or `++`/`--`) of the variable `symbol` within `scope`, or undefined. */
export function assignmentOf(scope: ts.Node, symbol: ts.Symbol, checker: ts.TypeChecker): ts.Expression | undefined {
  let assignment: ts.Expression | undefined;
  const target = (e: ts.Expression): boolean => {
    const inner = skipParens(e);
    return ts.isIdentifier(inner) && checker.getSymbolAtLocation(inner) === symbol;
  };
  forEachNode(scope, (n) => {
    if (assignment) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && target(n.left)) assignment = n;
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
        (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) && target(n.operand)) assignment = n;
  });
  return assignment;
}

/** Array methods that change their array (an array's length or elements). */
const mutatingMethods: ReadonlySet<string> = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'fill', 'sort', 'reverse', 'copyWithin']);

/** Whether `e` has an assignment, an increment or a call of a mutating array method in it. */
export function writesAnything(e: ts.Node): boolean {
  let writes = false;
  forEachNode(e, (n) => {
    if (effectTarget(n) !== undefined) writes = true;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && mutatingMethods.has(n.expression.name.text)) writes = true;
  });
  return writes;
}

/** What `n` assigns, when it is an assignment (=, op=, ??= …) or an increment (++, --). */
export function effectTarget(n: ts.Node): ts.Expression | undefined {
  if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return n.left;
  if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) return n.operand;
  return undefined;
}

/**
 * For a call through members of an object (`convert.rgb.hsl.raw(…)`) whose object is a variable
 * holding an object literal that does not declare the member read (color-convert fills
 * `const convert = {}` in a loop over its routes): the object, where it is declared, and the first
 * member the checker cannot find. Undefined for anything else.
 */
export function memberAddedAtRunTime(callee: ts.PropertyAccessExpression, checker: ts.TypeChecker): { object: string; member: string; where: string } | undefined {
  const chain: ts.PropertyAccessExpression[] = [];
  let root: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(root)) {
    chain.unshift(root);
    root = skipParens(root.expression);
  }
  if (!ts.isIdentifier(root)) return undefined;
  let symbol = checker.getSymbolAtLocation(root);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer || !ts.isObjectLiteralExpression(skipParens(decl.initializer))) return undefined;
  const unresolved = chain.find((access) => checker.getSymbolAtLocation(access.name) === undefined);
  if (!unresolved) return undefined;
  const file = decl.getSourceFile().fileName;
  const where = `${file.includes('node_modules/') ? file.slice(file.lastIndexOf('node_modules/') + 'node_modules/'.length) : file.split('/').pop()}:${decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1}`;
  return { object: decl.name.text, member: unresolved.name.text, where };
}

/** The rest parameter of `fn`'s declaration (`...xs: number[]`, its last), if it has one. */
export function restParameterOf(fn: NumericFunction): ts.ParameterDeclaration | undefined {
  const last = ts.isFunctionLike(fn.node) ? fn.node.parameters.at(-1) : undefined;
  return last?.dotDotDotToken ? last : undefined;
}

/** Whether `n` is an array literal passed to a call (`dot(a, [0, 0, 1])`), made into a local before its statement. */
export function isArrayLiteralArgument(n: ts.Node): boolean {
  if (!ts.isArrayLiteralExpression(n)) return false;
  let call: ts.Node = n.parent;
  while (ts.isParenthesizedExpression(call)) call = call.parent;
  return ts.isCallExpression(call) && call.arguments.some((a) => skipParens(a) === n);
}

/**
 * Whether `n` is a call with a spread argument (`Math.max(...xs)`, folded by a loop before its
 * statement); not of an array literal, whose elements are arguments (listedArguments).
 */
export function isSpreadCall(n: ts.Node): boolean {
  return ts.isCallExpression(n) && n.arguments.some((a) => ts.isSpreadElement(a) && !ts.isArrayLiteralExpression(skipParens(a.expression)));
}

/**
 * A call's arguments with each spread of an array literal listed in place (`f(...[a, b], c)` is
 * `f(a, b, c)`: JavaScript evaluates the elements in that order); undefined where a spread is of
 * anything else, or its literal has holes or spreads of its own.
 */
export function listedArguments(args: readonly ts.Expression[]): ts.Expression[] | undefined {
  const listed: ts.Expression[] = [];
  for (const a of args) {
    const literal = ts.isSpreadElement(a) ? skipParens(a.expression) : undefined;
    if (literal === undefined) listed.push(a);
    else if (!ts.isArrayLiteralExpression(literal) || literal.elements.some((el) => ts.isSpreadElement(el) || ts.isOmittedExpression(el))) return undefined;
    else listed.push(...literal.elements);
  }
  return listed;
}

/** Whether `e` holds a node `test` holds for. */
export function containsNode(e: ts.Node, test: (n: ts.Node) => boolean): boolean {
  let found = false;
  forEachNode(e, (n) => {
    if (test(n)) found = true;
  });
  return found;
}

/**
 * Whether a statement-like expression (a loop update) assigns inside its operands, `i = j++`,
 * `s += a[k++]`, or has there what lowering makes before it (`madeBefore`: an array literal
 * passed to a call, `s += dot([x, 0], b)`, an array spread into a call, `i += Math.max(...xs)`).
 */
export function assignsInOperands(e: ts.Expression, madeBefore: (n: ts.Node) => boolean): boolean {
  let found = false;
  skipParens(e).forEachChild((child) => {
    if (containsNode(child, (n) => effectTarget(n) !== undefined || madeBefore(n))) found = true;
  });
  return found;
}

/** Whether the body of `loop` has a `continue` that goes on to `loop` (a labelled one may: counted too). */
export function continuesLoop(loop: ts.IterationStatement): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isContinueStatement(n)) found = true;
    else if (ts.isIterationStatement(n, false)) forEachNode(n, (m) => { if (ts.isContinueStatement(m) && m.label) found = true; });
    else n.forEachChild(visit);
  };
  visit(loop.statement);
  return found;
}

/** Where `e` is evaluated conditionally, for a message: `in a branch of ?:`, …. */
export function conditionalPlaceOf(e: ts.Node, fn: ts.Node): string {
  // A branch of ?: and the right of && || ?? are lowered to if statements where statements can go
  // before the expression: the place that stops them is an enclosing one of these.
  for (let child = e, p = e.parent; p && child !== fn; child = p, p = p.parent) {
    if (ts.isBinaryExpression(p) && child === p.right && [ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken].includes(p.operatorToken.kind)) {
      return `on the right of ${p.operatorToken.getText()} (evaluated only when the left does not decide)`;
    }
    if (ts.isParameter(p) || ts.isBindingElement(p)) return 'in a default value (evaluated only when the value is missing)';
    if (ts.isCaseClause(p) && child === p.expression) return 'in a case test (evaluated only when no case before it matches)';
  }
  return 'here (evaluated conditionally)';
}

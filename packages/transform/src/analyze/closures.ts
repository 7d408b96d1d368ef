/**
 * Closures, factories and higher-order functions, resolved statically. A function value is never
 * kept at run time: every call of a known function is lowered as a call of that function, lifted
 * out of its enclosing function with the enclosing variables it reads as trailing arguments
 * (`captured`). This file holds the scope chain that lifting walks and the syntax that says which
 * function a name or an expression denotes; `lower.ts` does the lowering.
 */
import { ts } from 'ts-morph';
import type { NumericFunction, Var } from './ir.js';

export type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** One function being lowered, as the functions declared inside it see it. */
export interface Scope {
  /** The function (or factory) being lowered. */
  readonly node: ts.Node;
  /**
   * The variable `decl` (a parameter or local of this function or of one enclosing it) is in this
   * function, captured from the enclosing scope if need be; undefined when it is none of them.
   */
  resolve(decl: ts.Declaration, name: string): Var | undefined;
  /** Local functions declared here, lowered once each (by declaration node). */
  readonly locals: Map<ts.Node, NumericFunction>;
  /** Factories declared here, lowered applied (by declaration node). */
  readonly applied: Map<ts.Node, NumericFunction>;
  /** The scope this one is declared in, for a local function (or a specialisation's call site). */
  readonly outer: Scope | undefined;
  /** Function-typed parameters bound to known functions in this specialisation. */
  readonly bindings?: ReadonlyMap<ts.Declaration, Bound>;
  /**
   * An arrow at a verb's call site, lowered apart: it reads the variables of the functions it is
   * written in as captures, so their local functions, called inside it, are lifted here.
   */
  readonly captures?: boolean;
}

/** A function known statically at a call site: its node, and the scope its free variables live in. */
export interface Bound {
  readonly node: FunctionLike;
  readonly name: string;
  /** The scope it is declared in when it is a local function or an arrow written inside the caller. */
  readonly scope: Scope | undefined;
  /** A function of the project (no scope): lowered as any callee. */
  readonly lowered?: () => NumericFunction;
}

/** `e` without parentheses and type assertions (`as`, `<T>`, `satisfies`, `!`), which change no value. */
export const unwrapExpression = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) ? unwrapExpression(e.expression) : e;

export const isFunctionExpression = (e: ts.Node): e is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(e) || ts.isFunctionExpression(e);

/** The nearest function that contains `n` (not `n` itself; a class's method too, lowered as a function), or undefined at module level. */
export function ownerOf(n: ts.Node): FunctionLike | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isFunctionDeclaration(p) || ts.isArrowFunction(p) || ts.isFunctionExpression(p)) return p;
    if (ts.isMethodDeclaration(p) && p.body) return p as ts.Node as FunctionLike;
    if (ts.isFunctionLike(p) || ts.isClassLike(p) || ts.isSourceFile(p)) return undefined;
  }
  return undefined;
}

/**
 * The function a declaration declares when it is local to a function: `function h(…) {…}` in a
 * body, or `const h = (…) => …` / `const h = function (…) {…}`; undefined otherwise.
 */
export function localFunctionOf(decl: ts.Declaration | undefined): { node: FunctionLike; name: string; owner: FunctionLike } | undefined {
  if (!decl) return undefined;
  const owner = ownerOf(decl);
  if (!owner) return undefined;
  if (ts.isFunctionDeclaration(decl) && decl.body && decl.name) return { node: decl, name: decl.name.text, owner };
  if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
    const init = unwrapExpression(decl.initializer);
    if (isFunctionExpression(init)) return { node: init, name: decl.name.text, owner };
  }
  return undefined;
}

/** The scope of `node` in the chain that starts at `scope`. */
export function scopeFor(scope: Scope | undefined, node: ts.Node): Scope | undefined {
  for (let s = scope; s; s = s.outer) if (s.node === node) return s;
  return undefined;
}

/**
 * The arrow at a verb's call site that `scope` is lowered inside (itself, or a function lifted or
 * specialised in it): a local function of a function the arrow is written in is lifted there,
 * reading what it captures through the arrow's captures. Undefined when there is none.
 */
export function capturingScopeFor(scope: Scope | undefined): Scope | undefined {
  for (let s = scope; s; s = s.outer) if (s.captures) return s;
  return undefined;
}

/**
 * The scope a local function of `owner` is lifted in when `scope` reaches no lowering of `owner`:
 * the scope of a plain call compiled per function it is given (`newton((t) => g(t), 1)` in code no
 * verb differentiates, lowerCallSpecialisation), when the call is inside `owner`. The local
 * function reads what it captures there by name, as the arrow does (program.ts checks each name
 * means the same variable at the call).
 */
export function callSiteScopeFor(scope: Scope | undefined, owner: FunctionLike): Scope | undefined {
  let s = scope;
  while (s?.outer) s = s.outer;
  return s && ts.isCallExpression(s.node) && s.node.getSourceFile() === owner.getSourceFile() && s.node.pos >= owner.pos && s.node.end <= owner.end ? s : undefined;
}

/** Whether the type of `e` is callable (a function value). */
export const isFunctionTyped = (checker: ts.TypeChecker, e: ts.Node): boolean => checker.getTypeAtLocation(e).getCallSignatures().length > 0;

/**
 * The function expressions a factory returns (`return (t) => …`, `return function (t) {…}`, a
 * local function by name, or a function declared at module level by name), when every return of
 * `factory` returns one; undefined when it returns anything else. Nested functions' returns are
 * their own.
 */
export function returnedFunctions(factory: FunctionLike, checker: ts.TypeChecker): ts.Expression[] | undefined {
  if (!factory.body) return undefined;
  const values: ts.Expression[] = [];
  if (!ts.isBlock(factory.body)) values.push(factory.body);
  else {
    const collect = (n: ts.Node): void => {
      if (ts.isReturnStatement(n)) { if (n.expression) values.push(n.expression); else values.push(n as unknown as ts.Expression); }
      else if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) n.forEachChild(collect);
    };
    collect(factory.body);
  }
  if (values.length === 0) return undefined;
  // \`return a = +a, b = +b, function (t) {…}\`: the function is the comma operator's last operand.
  for (let i = 0; i < values.length; i++) values[i] = lastOfComma(values[i]);
  return values.every((v) => ts.isExpression(v) && (isFunctionExpression(unwrapExpression(v)) || (ts.isIdentifier(unwrapExpression(v)) && isFunctionTyped(checker, v))))
    ? values : undefined;
}

/** The last operand of a comma operator (`a, b, c` gives c), or `e` itself. */
export function lastOfComma(e: ts.Expression): ts.Expression {
  const inner = unwrapExpression(e);
  return ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.CommaToken ? lastOfComma(inner.right) : e;
}

/** Visiting every expression and statement of a lowered function, and every node of a syntax tree. */
import { ts } from 'ts-morph';
import type { ArrayInit, Cond, Expr, NumericFunction, Stmt, Var } from './ir.js';

/** `e` without the parentheses around it. */
export const skipParens = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) ? skipParens(e.expression) : e);

/** Whether a node is in a JavaScript module (`.js`, `.mjs`, `.cjs`, `.jsx`): no annotations, types from JSDoc or from use. */
export const isJavaScript = (node: ts.Node): boolean => /\.(m|c)?jsx?$/.test(node.getSourceFile().fileName);

/** Every expression, statement and condition of `stmts`, outermost first; below an expression only where `descend` says so. */
export function forEachExpr(stmts: Stmt[], onExpr: (e: Expr) => void, onStmt: (s: Stmt) => void = () => {}, onCond: (c: Cond) => void = () => {}, descend: (e: Expr) => boolean = () => true): void {
  const expr = (e: Expr): void => {
    onExpr(e);
    if (!descend(e)) return;
    switch (e.k) {
      case 'call': case 'math': case 'custom': case 'special': e.args.forEach(expr); break;
      case 'bin': case 'bitwise': expr(e.a); expr(e.b); break;
      case 'neg': case 'bitnot': expr(e.a); break;
      case 'elem': expr(e.index); break;
      case 'partial': expr(e.value); e.args.forEach(expr); break;
      case 'cond': cond(e.test); expr(e.a); expr(e.b); break;
      case 'boolean': cond(e.test); break;
      default: break;
    }
  };
  const cond = (c: Cond): void => {
    onCond(c);
    if (c.k === 'cmp' || c.k === 'same') { expr(c.a); expr(c.b); }
    else if (c.k === 'not') cond(c.a);
    else if (c.k === 'logic') { cond(c.a); cond(c.b); }
    else if (c.k === 'truthy' || c.k === 'defined' || c.k === 'test' || c.k === 'zero') expr(c.a);
    else if (c.k === 'iff') { cond(c.a); cond(c.b); }
    else if (c.k === 'choose') { cond(c.test); cond(c.a); cond(c.b); }
    else if (c.k === 'predicate') c.args.forEach(expr);
  };
  const init = (i: ArrayInit | Expr): void => {
    if (i.k === 'arrayLit') i.elems.forEach(expr);
    else if (i.k === 'newArray') { expr(i.length); expr(i.fill); }
    else if (i.k === 'arrayCall') expr(i.call);
    else expr(i);
  };
  const visit = (ss: Stmt[]): void => {
    for (const s of ss) {
      onStmt(s);
      switch (s.k) {
        case 'let': if (s.init) init(s.init); break;
        case 'set': expr(s.value); break;
        case 'setElem': expr(s.index); expr(s.value); break;
        case 'push': expr(s.value); break;
        case 'if': cond(s.test); visit(s.then); if (s.else) visit(s.else); break;
        case 'for': visit(s.init); if (s.test) cond(s.test); visit(s.update); visit(s.body); break;
        case 'while': case 'do': cond(s.test); visit(s.body); break;
        case 'forOf': expr(s.index); expr(s.length); visit([s.bind]); visit(s.body); break;
        case 'block': visit(s.body); break;
        case 'switch': expr(s.key); for (const c of s.clauses) { if (c.test) expr(c.test); visit(c.body); } break;
        case 'return': init(s.value); break;
        case 'effect': expr(s.call); break;
        case 'throw': for (const p of s.parts) if (typeof p !== 'string') expr(p); break;
        default: break;
      }
    }
  };
  visit(stmts);
}

/** Calls `f` on every variable of `fn` (parameters, captures, locals and every one read). */
export function forEachVar(fn: NumericFunction, f: (v: Var) => void): void {
  fn.params.forEach(f);
  fn.captures.forEach(f);
  forEachExpr(fn.body, (e) => {
    if (e.k === 'var') f(e.v);
    else if (e.k === 'elem' || e.k === 'len' || e.k === 'mathOver') f(e.arr);
  }, (s) => {
    if (s.k === 'let' || s.k === 'set') f(s.v);
    else if (s.k === 'setElem' || s.k === 'push') f(s.arr);
  });
}

/** The variables a `let` of `fn`'s body declares (its locals; not its parameters nor its captures). */
export function localsOf(fn: NumericFunction): Set<Var> {
  const locals = new Set<Var>();
  forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'let') locals.add(s.v); });
  return locals;
}

/**
 * The local arrays of `fn` that an array rebinding (`y = z`, a `set` of an array variable) may
 * bind to an array from outside the function (a parameter or a capture), each with that array;
 * transitively (`t = x; y = t`).
 */
export function boundToOutside(fn: NumericFunction): Map<Var, Var> {
  const locals = localsOf(fn);
  const rebinds: Extract<Stmt, { k: 'set' }>[] = [];
  forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'set' && s.v.kind === 'array' && s.value.k === 'var') rebinds.push(s); });
  const outside = new Map<Var, Var>();
  for (let changed = true; changed;) {
    changed = false;
    for (const s of rebinds) {
      const z = (s.value as Extract<Expr, { k: 'var' }>).v;
      const origin = locals.has(z) ? outside.get(z) : z;
      if (origin && !outside.has(s.v)) { outside.set(s.v, origin); changed = true; }
    }
  }
  return outside;
}

/** The type generated code declares a local array with: see {@link localArrayTypes}. */
export type LocalArrayType = 'number[]' | 'Float64Array' | 'number[] | Float64Array';

const arrayTypesOf = new WeakMap<NumericFunction, { types: Map<Var, LocalArrayType>; rebound: Set<Var> }>();

/**
 * The type of each local array of `fn` in generated code: `Float64Array` where every array it is
 * bound to is a `new Float64Array(n)` (itself, or through other locals: `t = a`, `[a, b] = [b, a]`),
 * `number[] | Float64Array` where it holds both kinds, else `number[]` (locals missing from the map).
 * An array from outside (a parameter, a capture) bound to a local does not count: generated code
 * casts it to the local's type.
 */
function localArrayTypes(fn: NumericFunction): { types: Map<Var, LocalArrayType>; rebound: Set<Var> } {
  const known = arrayTypesOf.get(fn);
  if (known) return known;
  const locals = localsOf(fn);
  /** Per local array, what it is bound to: a kind of new array, or another local. */
  const sources = new Map<Var, ('typed' | 'plain' | Var)[]>();
  const bind = (v: Var, value: Expr | ArrayInit): void => {
    if (v.kind !== 'array' || !locals.has(v)) return;
    const source = value.k === 'newArray' && value.typed ? 'typed' : value.k === 'var' ? (locals.has(value.v) ? value.v : undefined) : 'plain';
    if (source !== undefined) sources.set(v, [...(sources.get(v) ?? []), source]);
  };
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k === 'let' && s.init) bind(s.v, s.init);
    else if (s.k === 'set') bind(s.v, s.value);
  });
  const typed = new Set<Var>(), plain = new Set<Var>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [v, from] of sources) {
      const isTyped = from.some((f) => f === 'typed' || (typeof f !== 'string' && typed.has(f)));
      const isPlain = from.some((f) => f === 'plain' || (typeof f !== 'string' && plain.has(f)));
      if (isTyped && !typed.has(v)) { typed.add(v); changed = true; }
      if (isPlain && !plain.has(v)) { plain.add(v); changed = true; }
    }
  }
  const types = new Map<Var, LocalArrayType>([...typed].map((v): [Var, LocalArrayType] => [v, plain.has(v) ? 'number[] | Float64Array' : 'Float64Array']));
  const rebound = new Set<Var>();
  for (const [v, from] of sources) for (const f of from) if (typeof f !== 'string') rebound.add(v).add(f);
  const found = { types, rebound };
  arrayTypesOf.set(fn, found);
  return found;
}

/** The type generated code declares the local array `v` of `fn` with (number[] unless it holds a Float64Array). */
export const localArrayType = (fn: NumericFunction, v: Var): LocalArrayType => localArrayTypes(fn).types.get(v) ?? 'number[]';

/**
 * The type a declaration of the local array `v` made by `new Array(n)` or `new Float64Array(n)`
 * states: none (the type TypeScript infers) unless it holds a Float64Array and another local is
 * bound to the array or `v` to another (then the bindings' declared type, which TypeScript's
 * inferred Float64Array<ArrayBuffer> is not).
 */
export function statedArrayType(fn: NumericFunction, v: Var): LocalArrayType | undefined {
  const type = localArrayType(fn, v);
  return type !== 'number[]' && localArrayTypes(fn).rebound.has(v) ? type : undefined;
}

/**
 * The returns at the end of a path to the end of `stmts` (the last statement, through ifs and
 * blocks): nothing runs after them but the end of `stmts` (normalise.ts, singleExit).
 */
export function tailReturns(stmts: readonly Stmt[], tails = new Set<Stmt>()): Set<Stmt> {
  const last = stmts[stmts.length - 1];
  if (last?.k === 'return') tails.add(last);
  else if (last?.k === 'if') { tailReturns(last.then, tails); if (last.else) tailReturns(last.else, tails); }
  else if (last?.k === 'block') tailReturns(last.body, tails);
  return tails;
}

/**
 * Whether control may reach the end of `stmts` and go on after them: not when they end in a
 * return, throw, break or continue (on every path). A labelled block is left by a `break` to its
 * label, too; a loop may end, unless it loops for ever (`for (;;)`, `while (true)`) and no
 * `break` leaves it.
 */
export function completes(stmts: Stmt[]): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return true;
  switch (last.k) {
    case 'return': case 'throw': case 'break': case 'continue': return false;
    case 'block': return completes(last.body) || (last.label !== undefined && breaksTo(last.body, last.label));
    case 'if': return last.else === undefined || completes(last.then) || completes(last.else);
    // Left at its end (the last clause, which all others may fall into), by a break, or where no clause matches.
    case 'switch': return !last.clauses.some((c) => c.test === undefined) || completes(last.clauses.at(-1)?.body ?? []) ||
      last.clauses.some((c) => breaksTo(c.body, last.label));
    case 'for': case 'while': case 'do': return !loopsForEver(last) || leaves(last.body);
    default: return true;
  }
}

/** A loop whose test is absent (`for (;;)`) or the literal `true`: it ends only by a break, return or throw. */
const loopsForEver = (s: Extract<Stmt, { k: 'for' | 'while' | 'do' }>): boolean =>
  s.test === undefined || (s.test.k === 'bool' && s.test.value);

/**
 * Whether `stmts`, a loop's body, may hold a `break` that leaves the loop: one without a label
 * outside the loops nested in it, or any labelled one (to the loop, to a statement around it; one
 * to a statement inside it too: when in doubt, the loop may end).
 */
function leaves(stmts: Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.k) {
      case 'break': return true;
      case 'if': return leaves(s.then) || (s.else !== undefined && leaves(s.else));
      case 'block': return leaves(s.body);
      case 'switch': return s.clauses.some((c) => leaves(c.body));
      // A nested loop: an unlabelled break there leaves the nested loop only.
      case 'for': case 'while': case 'do': case 'forOf': return labelledBreak(s.body);
      default: return false;
    }
  });
}

/** Whether `stmts` hold a `break` with a label (which leaves the loops around it). */
function labelledBreak(stmts: Stmt[]): boolean {
  let found = false;
  forEachExpr(stmts, () => {}, (s) => {
    if (s.k === 'break' && s.label !== undefined) found = true;
  });
  return found;
}

/** Whether `stmts` hold a `break label` (leaving the statement labelled `label`). */
export function breaksTo(stmts: Stmt[], label: string): boolean {
  let found = false;
  forEachExpr(stmts, () => {}, (s) => {
    if (s.k === 'break' && s.label === label) found = true;
  });
  return found;
}

/**
 * Visits `root` and every node below it, with an explicit stack: the depth of a syntax tree
 * follows its input (a sum of 20,000 terms nests 20,000 deep), the call stack must not.
 */
export function forEachNode(root: ts.Node, visit: (n: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    visit(n);
    // In source order (pre-order, as a recursive walk would visit them).
    n.forEachChild((child) => {
      children.push(child);
    });
    while (children.length > 0) stack.push(children.pop()!);
  }
}

/** Whether a node opens a scope of its own (a name declared in it is not seen outside). */
function opensScope(n: ts.Node): boolean {
  return ts.isFunctionLike(n) || ts.isBlock(n) || ts.isSourceFile(n) || ts.isForStatement(n) || ts.isForInStatement(n) ||
    ts.isForOfStatement(n) || ts.isCatchClause(n) || ts.isCaseBlock(n) || ts.isClassLike(n) || ts.isModuleBlock(n);
}

/** Parents under which an identifier is a reference to a value by its name (never a property, type or declaration name). */
const referenceParents = new Set([
  ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.ParenthesizedExpression, ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.PostfixUnaryExpression, ts.SyntaxKind.ConditionalExpression, ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.ReturnStatement, ts.SyntaxKind.ExpressionStatement,
  ts.SyntaxKind.SpreadElement, ts.SyntaxKind.ArrayLiteralExpression, ts.SyntaxKind.IfStatement, ts.SyntaxKind.WhileStatement,
]);

/**
 * Visits every identifier below `root` except a value reference whose name an earlier one of the
 * same scope already had: both mean the same binding, so a caller that resolves each identifier
 * through the checker (whose look-up walks up the tree, so costs the depth) resolves each once
 * per scope — a sum of 10,000 terms in `x` resolves `x` once, not 20,000 times.
 */
export function forEachDistinctIdentifier(root: ts.Node, visit: (id: ts.Identifier) => void): void {
  const seen = new Map<ts.Node, Set<string>>();
  const stack: { n: ts.Node; scope: ts.Node }[] = [{ n: root, scope: root }];
  const children: ts.Node[] = [];
  while (stack.length > 0) {
    const { n, scope } = stack.pop()!;
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const reference = p !== undefined && (referenceParents.has(p.kind) || (ts.isPropertyAccessExpression(p) && p.expression === n));
      let names = seen.get(scope);
      if (!names) seen.set(scope, (names = new Set()));
      if (!reference || !names.has(n.text)) {
        if (reference) names.add(n.text);
        visit(n);
      }
    }
    const inner = n !== root && opensScope(n) ? n : scope;
    n.forEachChild((child) => {
      children.push(child);
    });
    while (children.length > 0) stack.push({ n: children.pop()!, scope: inner });
  }
}

/** Every identifier text below `root`. */
export function identifiersOf(root: ts.Node, into = new Set<string>()): Set<string> {
  forEachNode(root, (n) => {
    if (ts.isIdentifier(n)) into.add(n.text);
  });
  return into;
}

/**
 * Lowering: a TypeScript function (declaration, arrow or function expression) into the plain
 * data of `ir.ts`, rejecting with a diagnostic everything outside the accepted language.
 */
import { ts } from 'ts-morph';
import { reject } from '../diagnostics.js';
import type { ArithOp, ArrayInit, BitwiseOp, CompareOp, Cond, Expr, ModuleConstant, NumberTest, NumericFunction, Stmt, Var } from './ir.js';
import { mathConstants, naryMath, numberConstants, numberTests, primalOnlyMath, unaryMath } from './mathNames.js';
import { forEachExpr, forEachNode, identifiersOf } from './walk.js';

/** The name of a syntax kind for messages: `ts.SyntaxKind[k]` may give a range marker such as
 * `LastStatement` (the debugger statement), so prefer a name that is not `First…`/`Last…`. */
const syntaxName = (kind: ts.SyntaxKind): string =>
  Object.entries(ts.SyntaxKind).find(([name, value]) => value === kind && !/^(First|Last)/.test(name))?.[0] ?? ts.SyntaxKind[kind];

export type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** Globals the generated code refers to inside a function (a local of that name would hide them). */
const globalsOfGeneratedCode = new Set(['Math', 'Object', 'Array', 'Float64Array', 'Number', 'NaN', 'Infinity', 'undefined', 'isNaN', 'isFinite']);

/** What lowering needs from the surrounding analysis: symbol resolution across modules. */
export interface LowerContext {
  readonly checker: ts.TypeChecker;
  /** The numeric function a called identifier refers to (lowered on demand), or a rejection. */
  calleeFor(id: ts.Node, symbol: ts.Symbol): NumericFunction;
  /** A module-level numeric constant the identifier refers to, or undefined. */
  constantFor(symbol: ts.Symbol): ModuleConstant | undefined;
}

const arithOps: Partial<Record<ts.SyntaxKind, ArithOp>> = {
  [ts.SyntaxKind.PlusToken]: '+', [ts.SyntaxKind.MinusToken]: '-', [ts.SyntaxKind.AsteriskToken]: '*',
  [ts.SyntaxKind.SlashToken]: '/', [ts.SyntaxKind.PercentToken]: '%', [ts.SyntaxKind.AsteriskAsteriskToken]: '**',
};
const compoundOps: Partial<Record<ts.SyntaxKind, ArithOp>> = {
  [ts.SyntaxKind.PlusEqualsToken]: '+', [ts.SyntaxKind.MinusEqualsToken]: '-', [ts.SyntaxKind.AsteriskEqualsToken]: '*',
  [ts.SyntaxKind.SlashEqualsToken]: '/', [ts.SyntaxKind.PercentEqualsToken]: '%', [ts.SyntaxKind.AsteriskAsteriskEqualsToken]: '**',
};
const bitwiseOps: Partial<Record<ts.SyntaxKind, BitwiseOp>> = {
  [ts.SyntaxKind.BarToken]: '|', [ts.SyntaxKind.AmpersandToken]: '&', [ts.SyntaxKind.CaretToken]: '^',
  [ts.SyntaxKind.LessThanLessThanToken]: '<<', [ts.SyntaxKind.GreaterThanGreaterThanToken]: '>>',
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]: '>>>',
};
const compoundBitwiseOps: Partial<Record<ts.SyntaxKind, BitwiseOp>> = {
  [ts.SyntaxKind.BarEqualsToken]: '|', [ts.SyntaxKind.AmpersandEqualsToken]: '&', [ts.SyntaxKind.CaretEqualsToken]: '^',
  [ts.SyntaxKind.LessThanLessThanEqualsToken]: '<<', [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken]: '>>',
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: '>>>',
};
const logicalAssignOps: Partial<Record<ts.SyntaxKind, '??=' | '||=' | '&&='>> = {
  [ts.SyntaxKind.QuestionQuestionEqualsToken]: '??=', [ts.SyntaxKind.BarBarEqualsToken]: '||=', [ts.SyntaxKind.AmpersandAmpersandEqualsToken]: '&&=',
};
const compareOps: Partial<Record<ts.SyntaxKind, CompareOp>> = {
  [ts.SyntaxKind.LessThanToken]: '<', [ts.SyntaxKind.LessThanEqualsToken]: '<=', [ts.SyntaxKind.GreaterThanToken]: '>',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '>=', [ts.SyntaxKind.EqualsEqualsEqualsToken]: '===',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '!==', [ts.SyntaxKind.EqualsEqualsToken]: '==',
  [ts.SyntaxKind.ExclamationEqualsToken]: '!=',
};

/** The parameter kind a type annotation declares, or undefined when it is not a number, an array of numbers or a boolean. */
export function annotatedKind(type: ts.TypeNode | undefined): Var['kind'] | undefined {
  if (type === undefined) return undefined;
  if (type.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return annotatedKind(type.type) === 'array' ? 'array' : undefined;
  if (ts.isArrayTypeNode(type)) return type.elementType.kind === ts.SyntaxKind.NumberKeyword ? 'array' : undefined;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    if (name === 'Float64Array') return 'array';
    const arg = type.typeArguments?.[0];
    if ((name === 'Array' || name === 'ReadonlyArray') && arg?.kind === ts.SyntaxKind.NumberKeyword) return 'array';
  }
  return undefined;
}

/** `ArrayLike<number>`: accepted for captured data (read only), not for parameters. */
const isArrayLikeOfNumber = (type: ts.TypeNode): boolean =>
  ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'ArrayLike' &&
  type.typeArguments?.length === 1 && type.typeArguments[0].kind === ts.SyntaxKind.NumberKeyword;

/**
 * The kind of a value an arrow may capture: from its annotation, else from its initializer (the
 * analysis has no lib, so an array's type is only known from how it is written).
 */
function capturedKind(decl: ts.ParameterDeclaration | ts.VariableDeclaration, checker: ts.TypeChecker): Var['kind'] | undefined {
  if (decl.type) return annotatedKind(decl.type) ?? (isArrayLikeOfNumber(decl.type) ? 'array' : undefined);
  if (!ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const isNumber = (e: ts.Expression): boolean => (checker.getTypeAtLocation(e).flags & ts.TypeFlags.NumberLike) !== 0;
  if (isNumber(decl.initializer)) return 'number';
  if (isBooleanType(checker.getTypeAtLocation(decl.initializer))) return 'boolean';
  return isNumberArrayCreation(decl.initializer, checker, isNumber) ? 'array' : undefined;
}

/** `[1, 2, a]` (numbers only), `new Float64Array(…)`, `new Array(n).fill(c)`/`Array(n).fill(c)` with a number c. */
function isNumberArrayCreation(e: ts.Expression, checker: ts.TypeChecker, isNumber: (e: ts.Expression) => boolean): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) return isNumberArrayCreation(e.expression, checker, isNumber);
  if (ts.isAsExpression(e) && ts.isTypeReferenceNode(e.type) && e.type.typeName.getText() === 'const') return isNumberArrayCreation(e.expression, checker, isNumber);
  const isGlobal = (id: ts.Expression, name: string): boolean => ts.isIdentifier(id) && id.text === name && checker.getSymbolAtLocation(id) === undefined;
  if (ts.isArrayLiteralExpression(e)) return e.elements.length > 0 && e.elements.every((el) => !ts.isSpreadElement(el) && !ts.isOmittedExpression(el) && isNumber(el));
  if (ts.isNewExpression(e)) return isGlobal(e.expression, 'Float64Array');
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'fill' && e.arguments.length === 1 && isNumber(e.arguments[0])) {
    const inner = e.expression.expression;
    return (ts.isNewExpression(inner) || ts.isCallExpression(inner)) && isGlobal(inner.expression, 'Array');
  }
  return false;
}

/**
 * The value of a module-level constant's initializer, when it is built from numeric literals,
 * `Infinity`, `NaN`, Math and Number constants and the constants whose values `constant` gives,
 * with + - * / % ** (and parentheses, unary ±); undefined otherwise. The value is printed wherever the constant is read from another module, so it reaches Math through that
 * module's way to the global (never the source text, which another module could read differently).
 */
export function lowerConstant(e: ts.Expression, checker: ts.TypeChecker, constant: (id: ts.Identifier) => Expr | undefined = () => undefined): Expr | undefined {
  if (ts.isNumericLiteral(e)) return { k: 'num', text: e.text, node: e };
  if (ts.isIdentifier(e) && (e.text === 'Infinity' || e.text === 'NaN') && checker.getSymbolAtLocation(e) === undefined) return { k: 'num', text: e.text, node: e };
  if (ts.isIdentifier(e)) return constant(e);
  if (ts.isParenthesizedExpression(e)) return lowerConstant(e.expression, checker, constant);
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) {
    const a = lowerConstant(e.operand, checker, constant);
    return a && (e.operator === ts.SyntaxKind.MinusToken ? { k: 'neg', a, node: e } : a);
  }
  if (ts.isBinaryExpression(e)) {
    const op = arithOps[e.operatorToken.kind];
    const a = op && lowerConstant(e.left, checker, constant);
    const b = a && lowerConstant(e.right, checker, constant);
    return op && a && b ? { k: 'bin', op, a, b, node: e } : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && checker.getSymbolAtLocation(e.expression) === undefined &&
      (e.expression.text === 'Math' ? mathConstants : e.expression.text === 'Number' ? numberConstants : undefined)?.has(e.name.text)) {
    return { k: 'num', text: `${e.expression.text}.${e.name.text}`, node: e };
  }
  return undefined;
}

/** `boolean`, `true` or `false` (not a union with anything else). */
const isBooleanType = (type: ts.Type): boolean => (type.flags & ts.TypeFlags.BooleanLike) !== 0;

/**
 * Whether `e` gives a boolean: a comparison, `!`, `true`/`false`, a test (`Number.isNaN(a)`, …),
 * && || ?: between booleans, or a name or call the checker types boolean. The analysis has no lib,
 * so the checker does not know the tests' types: they are recognised by name.
 */
function isBooleanExpression(e: ts.Expression, checker: ts.TypeChecker, kindOf: (id: ts.Identifier) => Var['kind'] | undefined, visiting = new Set<ts.Node>()): boolean {
  const inner = skipParens(e);
  const is = (x: ts.Expression): boolean => isBooleanExpression(x, checker, kindOf, visiting);
  if (inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isPrefixUnaryExpression(inner)) return inner.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    if (compareOps[op]) return true;
    if (op !== ts.SyntaxKind.AmpersandAmpersandToken && op !== ts.SyntaxKind.BarBarToken) return false;
    if (is(inner.left) && is(inner.right)) return true;
  } else if (ts.isConditionalExpression(inner)) {
    if (is(inner.whenTrue) && is(inner.whenFalse)) return true;
  } else if (ts.isIdentifier(inner)) {
    const kind = kindOf(inner);
    if (kind) return kind === 'boolean';
  } else if (ts.isCallExpression(inner)) {
    if (isGlobalTest(inner, checker)) return true;
    const callee = calleeDeclaration(inner, checker);
    if (callee && !visiting.has(callee)) return returnsBoolean(callee, checker, visiting);
  } else return false;
  return isBooleanType(checker.getTypeAtLocation(inner));
}

/** A call of the global `isNaN`/`isFinite`, a `Number.is…` test or `Object.is` (unshadowed). */
function isGlobalTest(e: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const global = (id: ts.Expression, names: readonly string[]): boolean =>
    ts.isIdentifier(id) && names.includes(id.text) && checker.getSymbolAtLocation(id) === undefined;
  const callee = e.expression;
  if (ts.isIdentifier(callee)) return global(callee, ['isNaN', 'isFinite']);
  return ts.isPropertyAccessExpression(callee) &&
    ((global(callee.expression, ['Number']) && numberTests.has(callee.name.text)) || (global(callee.expression, ['Object']) && callee.name.text === 'is'));
}

/**
 * Whether `node` returns a boolean: its return type, annotated or inferred by the checker, is
 * boolean; or, unannotated, every value it returns is a boolean expression.
 */
function returnsBoolean(node: FunctionLike, checker: ts.TypeChecker, visiting = new Set<ts.Node>()): boolean {
  const signature = checker.getSignatureFromDeclaration(node);
  if (signature !== undefined && isBooleanType(checker.getReturnTypeOfSignature(signature))) return true;
  if (node.type || !node.body) return false;
  visiting.add(node);
  const values: ts.Expression[] = [];
  // Statements only: an expression may nest as deep as it is long.
  const collect = (n: ts.Node): void => {
    if (ts.isReturnStatement(n)) { if (n.expression) values.push(n.expression); }
    else if (!ts.isFunctionLike(n) && !ts.isExpression(n)) n.forEachChild(collect);
  };
  if (ts.isBlock(node.body)) collect(node.body);
  else values.push(node.body as ts.Expression);
  return values.length > 0 && values.every((v) => isBooleanExpression(v, checker, () => undefined, visiting));
}

/** The function a call calls, when it is a declaration or a const arrow/function expression (through imports). */
function calleeDeclaration(call: ts.CallExpression, checker: ts.TypeChecker): FunctionLike | undefined {
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  let symbol = checker.getSymbolAtLocation(callee);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (decl && ts.isFunctionDeclaration(decl)) return decl;
  const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer && skipParens(decl.initializer) : undefined;
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

let nextFunctionId = 0;

/**
 * Lowers `node`. `defaultParamKind` types unannotated parameters (for an inline arrow passed to
 * a verb); callees need annotations. The returned object is created before its body is lowered
 * so that recursive calls can refer to it (`register` stores it first).
 */
export function lowerFunction(
  node: FunctionLike,
  name: string,
  ctx: LowerContext,
  register: (fn: NumericFunction) => void,
  defaultParamKind?: (index: number, count: number) => 'number' | 'array',
  allowCaptures = false,
): NumericFunction {
  const sf = node.getSourceFile();
  const asyncModifier = ts.canHaveModifiers(node) ? ts.getModifiers(node)?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword) : undefined;
  if (asyncModifier) reject(asyncModifier, 'DDX1002', 'async functions are not supported; differentiate a plain synchronous function that returns a number');
  if (!ts.isArrowFunction(node) && node.asteriskToken) {
    // Point at the first `yield` if there is one (the statement that cannot be compiled), else at `*`.
    const findYield = (n: ts.Node): ts.Node | undefined => (ts.isYieldExpression(n) ? n : n.forEachChild(findYield));
    const y = node.body ? findYield(node.body) : undefined;
    const at = y && ts.isExpressionStatement(y.parent) ? y.parent : y ?? node.asteriskToken;
    reject(at, 'DDX1002', 'generator functions are not supported; differentiate a plain function that returns a number');
  }
  const vars = new Map<ts.Node, Var>();
  let nextVar = 0;
  const usedNames = identifiersOf(node);
  const constants = new Map<string, ModuleConstant>();

  const newVar = (decl: ts.Node, varName: string, kind: Var['kind'], isParam: boolean, isConst: boolean): Var => {
    // Generated code reads these globals: a parameter or local of that name is renamed there.
    let name = varName;
    if (globalsOfGeneratedCode.has(varName)) {
      name = `${varName}_`;
      for (let k = 2; usedNames.has(name); k++) name = `${varName}_${k}`;
      usedNames.add(name);
    }
    const v: Var = { id: nextVar++, name, sourceName: varName, kind, isParam, isConst };
    vars.set(decl, v);
    return v;
  };

  const params: Var[] = [];
  const prologue: Stmt[] = [];
  node.parameters.forEach((p, i) => {
    if (p.dotDotDotToken) {
      reject(p, 'DDX1005', 'rest parameters are not supported in a differentiated function; declare plain parameters of type number, number[] or Float64Array');
    }
    if (p.questionToken && !p.initializer) {
      reject(p, 'DDX1005', `optional parameter '${p.name.getText(sf)}' has no default: its value would be undefined where a call omits it, which is not supported yet; give it a default value instead (${p.name.getText(sf)}: number = …)`);
    }
    if (p.initializer && !(ts.isIdentifier(p.name) && (annotatedKind(p.type) ?? (p.type === undefined ? 'number' : undefined)) === 'number')) {
      reject(p, 'DDX1005', 'only number parameters may have a default value (k = 2); declare array parameters without one');
    }
    const kind = annotatedKind(p.type) ?? (p.type === undefined ? (p.initializer ? 'number' : defaultParamKind?.(i, node.parameters.length)) : undefined);
    if (kind === undefined) {
      reject(p, 'DDX1005', p.type === undefined
        ? `parameter '${p.name.getText(sf)}' needs a type annotation (number, number[], readonly number[], Float64Array or boolean) so the transform knows its shape`
        : `parameter type '${p.type.getText(sf)}' is not supported; use number, number[], readonly number[], Float64Array or boolean`);
    }
    if (ts.isIdentifier(p.name)) {
      params.push(newVar(p, p.name.text, kind, true, false));
      return;
    }
    if (ts.isArrayBindingPattern(p.name) && kind === 'array') {
      // `([a, b]) => …`: an array parameter unpacked into number locals.
      let arrName = 'xs';
      for (let k = 2; usedNames.has(arrName); k++) arrName = `xs${k}`;
      usedNames.add(arrName);
      const arr = newVar(p, arrName, 'array', true, false);
      params.push(arr);
      p.name.elements.forEach((el, k) => {
        if (ts.isOmittedExpression(el)) return;
        if (!ts.isIdentifier(el.name) || el.dotDotDotToken || el.initializer) {
          reject(el, 'DDX1005', 'only plain names are supported when destructuring an array parameter, e.g. ([a, b]) => …');
        }
        const v = newVar(el, el.name.text, 'number', false, true);
        const index: Expr = { k: 'num', text: String(k), node: el };
        prologue.push({ k: 'let', v, init: { k: 'elem', arr, index, node: el }, node: el });
      });
      return;
    }
    reject(p, 'DDX1005', 'object destructuring parameters are not supported; use number, number[] or Float64Array parameters');
  });

  const body: Stmt[] = [...prologue];
  const holder = node.parent;
  const moduleLevel = ts.isFunctionDeclaration(node)
    ? ts.isSourceFile(node.parent) && node.name?.text === name
    : ts.isVariableDeclaration(holder) && ts.isSourceFile(holder.parent.parent.parent) && ts.isIdentifier(holder.name) && holder.name.text === name;
  const captures: Var[] = [];
  const fn: NumericFunction = {
    id: nextFunctionId++, name, node, fileName: sf.fileName, params, body, returns: returnsBoolean(node, ctx.checker) ? 'boolean' : 'number', captures, moduleLevel, usedNames, constants,
  };
  register(fn);

  /**
   * The symbol a name denotes, resolved once per name and statement: expressions have no scopes
   * of their own, and TypeScript resolves a name by walking up from it, which inside a long
   * expression is as slow as the expression is deep.
   */
  let scope: ts.Node = node;
  const resolved = new Map<ts.Node, Map<string, ts.Symbol | undefined>>();
  const symbolOf = (id: ts.Identifier): ts.Symbol | undefined => {
    let names = resolved.get(scope);
    if (!names) resolved.set(scope, (names = new Map()));
    if (!names.has(id.text)) names.set(id.text, ctx.checker.getSymbolAtLocation(id));
    return names.get(id.text);
  };
  const inScopeOf = <T>(statement: ts.Node, lower: () => T): T => {
    const outer = scope;
    scope = statement;
    try {
      return lower();
    } finally {
      scope = outer;
    }
  };

  const varOf = (id: ts.Identifier): Var | undefined => {
    const symbol = symbolOf(id);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return decl ? vars.get(decl) : undefined;
  };

  // ---- long expressions ----------------------------------------------------------------------

  /**
   * Statements that compute parts of a long expression (`const part1 = …`), put before the
   * statement being lowered; undefined where the expression is evaluated conditionally or
   * repeatedly (a branch of ?:, the right of && || ??, a loop test or update), where moving a part
   * out would change what is evaluated. Parts keep the depth of every lowered expression bounded,
   * so the passes and emitters after lowering never recurse as deep as the input nests.
   */
  let prelude: Stmt[] | undefined;
  const withPrelude = (lower: () => Stmt): Stmt[] => {
    const outer = prelude;
    const mine: Stmt[] = [];
    prelude = mine;
    try {
      const stmt = lower();
      return [...mine, stmt];
    } finally {
      prelude = outer;
    }
  };
  const conditionally = <T>(lower: () => T): T => {
    const outer = prelude;
    prelude = undefined;
    try {
      return lower();
    } finally {
      prelude = outer;
    }
  };

  // ---- assignments and increments used as values ---------------------------------------------

  /** The nodes that are, or contain, an assignment or increment (found once: every operand asks). */
  const effectful = new Set<ts.Node>();
  forEachNode(node, (n) => {
    if (effectTarget(n) === undefined) return;
    for (let p: ts.Node | undefined = n; p && !effectful.has(p); p = p === node ? undefined : p.parent) effectful.add(p);
  });

  /** A fresh name for a generated local or label, never one the function uses: `base`, else `base2`, `base3`, … */
  const freshName = (base: string): string => {
    let name = base;
    for (let k = 2; usedNames.has(name); k++) name = `${base}${k}`;
    usedNames.add(name);
    return name;
  };

  /** `value` computed into a const of the prelude (the value it has at this point of the evaluation). */
  const hold = (value: Expr, base: string): Expr => {
    const v = newVar(value.node, freshName(base), 'number', false, true);
    prelude!.push({ k: 'let', v, init: value, node: value.node });
    return { k: 'var', v, node: value.node };
  };

  /**
   * `earlier`, an operand JavaScript evaluates before `later`. The assignments in `later` go to
   * the prelude, before the whole expression: when they change something `earlier` reads, `earlier`
   * is held in a const first, so it keeps the value it had when JavaScript evaluated it.
   */
  const before = (earlier: Expr, later: ts.Expression): Expr => {
    if (prelude === undefined || !effectful.has(later) || earlier.k === 'num' || (earlier.k === 'var' && earlier.v.kind === 'array')) return earlier;
    const writes = new Set<Var>();
    forEachNode(later, (n) => {
      const target = effectTarget(n);
      const t = target && skipParens(target);
      const name = t && (ts.isElementAccessExpression(t) ? skipParens(t.expression) : t);
      const v = name && ts.isIdentifier(name) ? varOf(name) : undefined;
      if (v) writes.add(v);
    });
    let reads = false;
    forEachExpr([{ k: 'return', value: earlier, node: earlier.node }], (x) => {
      if ((x.k === 'var' && writes.has(x.v)) || ((x.k === 'elem' || x.k === 'len') && writes.has(x.arr))) reads = true;
    });
    return reads ? hold(earlier, 'operand') : earlier;
  };

  /** Operands evaluated left to right (arguments, array elements), each `before` the ones after it. */
  const lowerInOrder = (es: readonly ts.Expression[], lowerOne: (e: ts.Expression, i: number) => Expr = lowerExpr): Expr[] => {
    const out: Expr[] = [];
    es.forEach((e, i) => {
      for (let j = 0; j < out.length; j++) out[j] = before(out[j], e);
      out.push(lowerOne(e, i));
    });
    return out;
  };

  /** The target of the last assignment lowered (an assignment's value reads it back). */
  let lastTarget: { v: Var; index?: Expr } | undefined;

  /**
   * An assignment or increment used as a value: the assignment goes to the prelude, where
   * JavaScript evaluates it, and the value is the one JavaScript gives — the target after `=`,
   * `op=` and `++x`, its value before for `x++`.
   */
  const lowerEffectValue = (e: ts.Expression): Expr => {
    if (prelude === undefined) {
      reject(e, 'DDX1014', `an assignment or increment used as a value is not supported ${conditionalPlaceOf(e, node)}; assign before it, as its own statement`);
    }
    if (ts.isPostfixUnaryExpression(e)) {
      const { v, index } = lowerTarget(e.operand);
      const old = hold(index ? { k: 'elem', arr: v, index, node: e.operand } : { k: 'var', v, node: e.operand }, 'before');
      const value: Expr = { k: 'bin', op: e.operator === ts.SyntaxKind.PlusPlusToken ? '+' : '-', a: old, b: { k: 'num', text: '1', node: e }, node: e };
      prelude!.push(index ? { k: 'setElem', arr: v, index, value, node: e } : { k: 'set', v, value, node: e });
      return old;
    }
    const stmt = lowerExpressionStatement(e, e);
    const { v, index } = lastTarget!;
    if (index === undefined) {
      prelude!.push(stmt);
      return { k: 'var', v, node: e };
    }
    // An element is not read back (a write past the end of a typed array is dropped): the value is held.
    if (stmt.k !== 'setElem') reject(e, 'DDX1014', 'a logical assignment (??=, ||=, &&=) to an array element used as a value is not supported; assign it as its own statement, then read the element');
    const held = hold(stmt.value, 'value');
    prelude!.push({ ...stmt, value: held });
    return held;
  };

  /**
   * A loop whose test (or for-loop update) assigns: \`while (test) body\` becomes
   * \`for (;;) { prelude; if (!test) break; { body } }\`, which evaluates the same things in the same
   * order (\`continue\` goes on to the test, as before). A do…while's test and a for-loop's update
   * move to the end of the body, which \`continue\` would skip: with a \`continue\`, they are rejected.
   */
  const loopAssigns = (s: ts.Statement): boolean =>
    (ts.isWhileStatement(s) || ts.isDoStatement(s)) ? effectful.has(s.expression)
      : ts.isForStatement(s) && ((s.condition !== undefined && effectful.has(s.condition)) || (s.incrementor !== undefined && flattenComma(s.incrementor).some(assignsInOperands)));
  const lowerLoopThatAssigns = (s: ts.WhileStatement | ts.DoStatement | ts.ForStatement): Stmt[] => {
    const exitUnless = (test: ts.Expression): Stmt[] =>
      withPrelude(() => ({ k: 'if', test: { k: 'not', a: lowerCond(test), node: test }, then: [{ k: 'break', node: test }], else: undefined, node: test }));
    const body = (): Stmt[] => (ts.isBlock(s.statement) ? [{ k: 'block', body: lowerBlock(s.statement), node: s.statement }] : lowerBlock(s.statement));
    const atEnd = (what: string, at: ts.Node): void => {
      if (continuesLoop(s)) reject(at, 'DDX1014', `${what} assigns, and the loop body has a continue, which would skip it once it is moved to the end of the body; assign in the body instead`);
    };
    if (ts.isWhileStatement(s)) return [{ k: 'for', init: [], test: undefined, update: [], body: [...exitUnless(s.expression), ...body()], node: s }];
    if (ts.isDoStatement(s)) {
      atEnd('the test of this do…while', s.expression);
      return [{ k: 'for', init: [], test: undefined, update: [], body: [...body(), ...exitUnless(s.expression)], node: s }];
    }
    const init = s.initializer === undefined ? []
      : ts.isVariableDeclarationList(s.initializer) ? lowerDeclarations(s.initializer)
      : withPrelude(() => lowerExpressionStatement(s.initializer as ts.Expression, s.initializer!));
    const test = s.condition && effectful.has(s.condition) ? exitUnless(s.condition) : [];
    const plainTest = s.condition && !effectful.has(s.condition) ? s.condition : undefined;
    const updates = s.incrementor === undefined ? [] : flattenComma(s.incrementor);
    const moveUpdates = updates.some(assignsInOperands);
    if (moveUpdates) atEnd('the update of this for loop', s.incrementor!);
    const update = moveUpdates ? [] : updates.map((u) => {
      const st = conditionally(() => lowerExpressionStatement(u, u));
      if (st.k === 'if') reject(u, 'DDX1012', 'a logical assignment (??=, ||=, &&=) in a for-loop update is not supported; do it at the end of the loop body instead');
      return st;
    });
    const lowered = { test: plainTest && conditionally(() => lowerCond(plainTest)), body: [...test, ...body()] };
    if (moveUpdates) lowered.body.push(...updates.flatMap((u) => withPrelude(() => lowerExpressionStatement(u, u))));
    return [{ k: 'for', init, test: lowered.test, update, body: lowered.body, node: s }];
  };

  // ---- for…of and destructuring -----------------------------------------------------------

  /** The array of numbers \`e\` names (a parameter, a local, or an array captured by an arrow), or a rejection saying \`what\` needs one. */
  const namedArray = (e: ts.Expression, what: string): Var => {
    const inner = skipParens(e);
    const arr = ts.isIdentifier(inner) ? lookup(inner) : undefined;
    if (arr?.kind !== 'array') reject(e, 'DDX1017', `${what} an array of numbers named by a parameter, a local array or an array captured by an arrow at the call site; ${arr ? `'${arr.name}' is a number` : 'declare the array as a local first'}`);
    return arr;
  };

  /**
   * \`for (const v of xs) body\` → \`for (let i = 0; i < xs.length; i = i + 1) { const v = xs[i]; body }\`:
   * the array iterator also reads the length before each step, so elements pushed in the body are
   * visited, as in JavaScript.
   */
  const lowerForOf = (s: ts.ForOfStatement): Stmt[] => {
    if (s.awaitModifier) reject(s.awaitModifier, 'DDX1002', 'for await…of is not supported in a differentiated function');
    const arr = namedArray(s.expression, 'for…of iterates over');
    const i = newVar(s.expression, freshName('i'), 'number', false, false);
    const index: Expr = { k: 'var', v: i, node: s.expression };
    const element: Expr = { k: 'elem', arr, index, node: s.initializer };
    let bind: Stmt;
    const list = s.initializer;
    if (ts.isVariableDeclarationList(list)) {
      const d = list.declarations[0];
      if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) reject(list, 'DDX1002', 'var declarations are not supported; use const or let');
      if (!ts.isIdentifier(d.name)) reject(d.name, 'DDX1017', 'the elements of an array of numbers are numbers: for…of binds one name, e.g. for (const v of xs)');
      if (d.type && annotatedKind(d.type) !== 'number') reject(d.type, 'DDX1016', `the elements of an array of numbers are numbers, not '${d.type.getText(sf)}'`);
      bind = { k: 'let', v: newVar(d, d.name.text, 'number', false, (list.flags & ts.NodeFlags.Const) !== 0), init: element, node: d };
    } else {
      bind = assign(list, () => element, list);
    }
    // A body block that declares the loop variable's name again gets its own scope.
    const body = lowerBlock(s.statement);
    const redeclares = ts.isBlock(s.statement) && bind.k === 'let' && s.statement.statements.some((st) =>
      ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => identifiersOf(d.name).has(bind.k === 'let' ? bind.v.sourceName : '')));
    const zero: Expr = { k: 'num', text: '0', node: s.expression };
    return [{
      k: 'for',
      init: [{ k: 'let', v: i, init: zero, node: s.expression }],
      test: { k: 'cmp', op: '<', a: index, b: { k: 'len', arr, node: s.expression }, node: s.expression },
      update: [{ k: 'set', v: i, value: { k: 'bin', op: '+', a: index, b: { k: 'num', text: '1', node: s.expression }, node: s.expression }, node: s.expression }],
      body: [bind, ...(redeclares ? [{ k: 'block', body, node: s.statement } as Stmt] : body)],
      node: s,
    }];
  };

  /**
   * \`const [a, , b = 1] = xs\`: one local per name, read from the array by index; a default is
   * taken where the element is undefined (past the end), as JavaScript does.
   */
  const lowerDestructuring = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => {
    if (ts.isObjectBindingPattern(d.name)) {
      reject(d.name, 'DDX1002', 'destructuring an object is not supported: records (objects of numbers) are not supported yet; pass the numbers as parameters, or an array of numbers');
    }
    if (!d.initializer) reject(d, 'DDX1002', 'a destructuring declaration needs an initializer');
    const arr = namedArray(d.initializer, 'an array destructuring reads');
    const stmts: Stmt[] = [];
    (d.name as ts.ArrayBindingPattern).elements.forEach((el, k) => {
      if (ts.isOmittedExpression(el)) return;
      if (el.dotDotDotToken) reject(el, 'DDX1017', 'a rest element (...rest) would copy the array; read the elements by index instead');
      if (!ts.isIdentifier(el.name)) reject(el.name, 'DDX1017', 'the elements of an array of numbers are numbers: nested destructuring is not supported');
      const element: Expr = { k: 'elem', arr, index: { k: 'num', text: String(k), node: el }, node: el };
      const fallback = el.initializer;
      const init: Expr = fallback === undefined ? element
        : { k: 'cond', test: { k: 'defined', a: element, node: el }, a: element, b: conditionally(() => lowerExpr(fallback)), node: el };
      stmts.push({ k: 'let', v: newVar(el, el.name.text, 'number', false, isConst), init, node: el });
    });
    return stmts;
  };

  /**
   * \`a + b - c * d …\`: the left operands are walked with a loop, not recursion (a sum of 20,000
   * terms nests 20,000 deep), and every `partLength` operations the sum so far becomes a part.
   * The part is computed first, as the left operand is evaluated first anyway, so every
   * operation sees the same operands in the same order.
   */
  const partLength = 64;
  const lowerArithmetic = (e: ts.BinaryExpression): Expr => {
    const spine: ts.BinaryExpression[] = [];
    let left: ts.Expression = e;
    for (;;) {
      const inner = skipParens(left);
      if (!ts.isBinaryExpression(inner) || arithOps[inner.operatorToken.kind] === undefined) break;
      spine.push(inner);
      left = inner.left;
    }
    if (prelude === undefined && spine.length > 4 * partLength) {
      reject(e, 'DDX1003', `this expression has ${spine.length} operations in a place evaluated conditionally or repeatedly (a branch of ?:, the right of && || ??, a loop test or update); assign it to a local first`);
    }
    let acc = lowerExpr(left);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i];
      acc = { k: 'bin', op: arithOps[b.operatorToken.kind]!, a: before(acc, b.right), b: lowerExpr(b.right), node: b };
      if (prelude !== undefined && i > 0 && (spine.length - i) % partLength === 0) {
        let partName = 'part';
        for (let k = 1; usedNames.has(partName = `part${k}`); k++);
        const v = newVar(b, partName, 'number', false, true);
        usedNames.add(partName);
        prelude.push({ k: 'let', v, init: acc, node: b });
        acc = { k: 'var', v, node: b };
      }
    }
    return acc;
  };

  // ---- expressions -------------------------------------------------------------------------

  const lowerExpr = (e: ts.Expression): Expr => {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      return lowerExpr(e.expression);
    }
    if (ts.isNumericLiteral(e)) return { k: 'num', text: e.text === e.getText(sf) ? e.text : e.getText(sf), node: e };
    if (ts.isIdentifier(e)) return lowerIdentifier(e);
    if (ts.isPrefixUnaryExpression(e)) {
      if (e.operator === ts.SyntaxKind.MinusToken) {
        const a = lowerExpr(e.operand);
        return { k: 'neg', a, node: e };
      }
      if (e.operator === ts.SyntaxKind.PlusToken) return lowerExpr(e.operand);
      if (e.operator === ts.SyntaxKind.TildeToken) return { k: 'bitnot', a: lowerExpr(e.operand), node: e };
      if (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken) return lowerEffectValue(e);
      reject(e, 'DDX1016', `operator '${ts.tokenToString(e.operator)}' does not give a number here; only numbers may flow into the derivative`);
    }
    if (ts.isPostfixUnaryExpression(e)) return lowerEffectValue(e);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const arith = arithOps[op];
      if (arith) return lowerArithmetic(e);
      const bitwise = bitwiseOps[op];
      if (bitwise) return { k: 'bitwise', op: bitwise, a: before(lowerExpr(e.left), e.right), b: lowerExpr(e.right), node: e };
      if (op === ts.SyntaxKind.QuestionQuestionToken) {
        // `a ?? b`: b where a is undefined or null (an element read past the end of an array).
        const a = lowerExpr(e.left);
        return { k: 'cond', test: { k: 'defined', a, node: e.left }, a, b: conditionally(() => lowerExpr(e.right)), node: e };
      }
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
        const a = lowerExpr(e.left);
        const b = conditionally(() => lowerExpr(e.right));
        const test: Cond = { k: 'truthy', a, node: e.left };
        return op === ts.SyntaxKind.BarBarToken ? { k: 'cond', test, a, b, node: e } : { k: 'cond', test, a: b, b: a, node: e };
      }
      if (compareOps[op]) {
        reject(e, 'DDX1016', 'a comparison gives a boolean, which cannot flow into a number; use it as a condition (if, ?:) or store it in a boolean local');
      }
      if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return lowerEffectValue(e);
      reject(e.operatorToken, 'DDX1003', `operator '${e.operatorToken.getText(sf)}' is not supported in a differentiated function (it does not give a number)`);
    }
    if (ts.isConditionalExpression(e)) {
      const test = lowerCond(e.condition);
      return { k: 'cond', test, a: conditionally(() => lowerExpr(e.whenTrue)), b: conditionally(() => lowerExpr(e.whenFalse)), node: e };
    }
    if (ts.isCallExpression(e)) return lowerCall(e);
    if (ts.isPropertyAccessExpression(e)) {
      if (isGlobalMath(e.expression)) {
        const member = e.name.text;
        if (mathConstants.has(member)) return { k: 'num', text: `Math.${member}`, node: e };
        reject(e, 'DDX1004', `Math.${member} is not a Math constant; call Math functions, or use one of Math.E, LN2, LN10, LOG2E, LOG10E, PI, SQRT1_2, SQRT2`);
      }
      if (isGlobal(e.expression, 'Number')) {
        const member = e.name.text;
        if (numberConstants.has(member)) return { k: 'num', text: `Number.${member}`, node: e };
        reject(e, 'DDX1003', `Number.${member} is not supported here; use one of Number.${[...numberConstants].join(', ')}, or test a number with Number.${[...numberTests].join('/')}(x) in a condition`);
      }
      if (e.name.text === 'length' && ts.isIdentifier(e.expression)) {
        const v = lookup(e.expression);
        if (v?.kind === 'array') return { k: 'len', arr: v, node: e };
      }
      reject(e, 'DDX1003', `property access '${e.getText(sf)}' is not supported; only Math and Number constants and the length of an array are`);
    }
    if (ts.isElementAccessExpression(e)) {
      const arr = ts.isIdentifier(e.expression) ? lookup(e.expression) : undefined;
      if (arr?.kind !== 'array') reject(e, 'DDX1017', notAnArray(e.expression, arr));
      return { k: 'elem', arr, index: lowerExpr(e.argumentExpression), node: e };
    }
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) {
      reject(e, 'DDX1016', 'only numbers may flow into a number; booleans are allowed in conditions and boolean locals, strings nowhere but typeof tests');
    }
    if (ts.isArrayLiteralExpression(e)) reject(e, 'DDX1017', 'an array literal is only supported as the initializer of a local or as the returned value');
    if (ts.isTypeOfExpression(e)) reject(e, 'DDX1003', `typeof gives a string; compare it with a string in a condition (typeof x === 'number'), which is decided at compile time`);
    reject(e, 'DDX1003', `${syntaxName(e.kind)} is not supported in a differentiated function`);
  };

  /**
   * A value the arrow reads from an enclosing scope: a parameter, const or let of an enclosing
   * function or of this module, never assigned there, typed number or an array of numbers. It is
   * a constant of the derivative (as a closure's value is for the run-time engine); the call site
   * passes it on by the same name, which names the same binding there. A captured array is data:
   * read by index or length, or passed to a callee, never written nor returned.
   */
  const captureOf = (decl: ts.Declaration, use: ts.Identifier): Var | undefined => {
    const known = vars.get(decl);
    if (known) return known;
    if (!allowCaptures || (!ts.isParameter(decl) && !ts.isVariableDeclaration(decl)) || !ts.isIdentifier(decl.name) || isAncestor(node, decl)) return undefined;
    if (ts.isParameter(decl) && (decl.dotDotDotToken || decl.initializer || decl.questionToken)) return undefined;
    let owner: ts.Node | undefined = decl.parent;
    while (owner && !ts.isFunctionLike(owner) && !ts.isSourceFile(owner)) owner = owner.parent;
    if (!owner || (owner !== sf && !isAncestor(owner, node))) return undefined;
    const kind = capturedKind(decl, ctx.checker);
    if (kind === undefined || isAssigned(owner, ctx.checker.getSymbolAtLocation(decl.name)!, ctx.checker)) return undefined;
    // Named like a global the generated code reads, it gets another name there (the call site
    // still passes it by its own name).
    const v = newVar(decl, use.text, kind, false, true);
    captures.push(v);
    return v;
  };

  /** The variable an identifier names: a parameter or local, or a value the arrow captures. */
  const lookup = (id: ts.Identifier): Var | undefined => {
    const v = varOf(id);
    if (v || !allowCaptures) return v;
    const symbol = symbolOf(id);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return decl ? captureOf(decl, id) : undefined;
  };

  const isCaptured = (v: Var | undefined): boolean => v !== undefined && captures.includes(v);

  /**
   * Why `id` cannot be read as an array here (`found`: the number it names, if any). An array from
   * outside is read only by an arrow written at the call site (which passes it on), never by a
   * function passed by name.
   */
  const notAnArray = (id: ts.Expression, found: Var | undefined): string => {
    const arr = id.getText(sf);
    if (found) return `'${arr}' is a number, not an array`;
    const symbol = ts.isIdentifier(id) ? symbolOf(id) : undefined;
    const decl = symbol?.valueDeclaration;
    if (allowCaptures && decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) && !isAncestor(node, decl)) {
      return `'${arr}' cannot be captured: an arrow at the call site reads only arrays of its enclosing scope that are never reassigned and are typed number[], readonly number[], Float64Array or ArrayLike<number> (or created as a literal of numbers); annotate it, or pass a copy as a parameter`;
    }
    if (decl && ts.isVariableDeclaration(decl) && decl.getSourceFile() === sf && !isAncestor(node, decl)) {
      return `'${arr}' is declared outside '${name}', which reads only its own arrays; add an array parameter and pass '${arr}' from an arrow written at the call site, e.g. (x) => ${name}(x, ${arr})`;
    }
    return 'only elements of array parameters, local arrays and arrays captured by an arrow at the call site can be read, as name[index]';
  };

  /** Whether `e` names the global `name` (no declaration of this program: the analysis has no lib). */
  const isGlobal = (e: ts.Expression, name: string): boolean =>
    ts.isIdentifier(e) && e.text === name && symbolOf(e) === undefined;
  const isGlobalMath = (e: ts.Expression): boolean => isGlobal(e, 'Math');

  /**
   * The test a call of `Number.isFinite`, `isNaN`, … (the globals, unshadowed) or `Object.is`
   * makes, or undefined for any other call.
   */
  const testOf = (e: ts.CallExpression): NumberTest | 'Object.is' | undefined => {
    const callee = e.expression;
    if (ts.isIdentifier(callee) && (callee.text === 'isNaN' || callee.text === 'isFinite') && isGlobal(callee, callee.text)) return callee.text;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const member = callee.name.text;
    if (isGlobal(callee.expression, 'Number') && numberTests.has(member)) return `Number.${member}` as NumberTest;
    if (isGlobal(callee.expression, 'Object') && member === 'is') return 'Object.is';
    return undefined;
  };

  /** `Number.isFinite(a)`, `Object.is(a, b)`, …: a test of primal values. */
  const lowerTest = (e: ts.CallExpression, test: NumberTest | 'Object.is'): Cond => {
    const arity = test === 'Object.is' ? 2 : 1;
    if (e.arguments.length !== arity || e.arguments.some(ts.isSpreadElement)) reject(e, 'DDX1003', `${test} takes ${arity} argument(s) here, got ${e.arguments.length}`);
    const [a, b] = lowerInOrder(e.arguments);
    return test === 'Object.is' ? { k: 'same', a, b, node: e } : { k: 'test', test, a, node: e };
  };

  const numberRead = (v: Var, e: ts.Identifier): Expr => {
    if (v.kind === 'array') reject(e, 'DDX1017', `array '${v.name}' is used as a number; read an element with ${v.name}[i]`);
    if (v.kind === 'boolean') reject(e, 'DDX1016', `'${v.sourceName}' is a boolean, which cannot flow into a number; use it as a condition (if, ?:, &&, ||, !)`);
    return { k: 'var', v, node: e };
  };

  const lowerIdentifier = (e: ts.Identifier): Expr => {
    const v = varOf(e);
    if (v) return numberRead(v, e);
    const symbol = symbolOf(e);
    if (symbol === undefined) {
      if (e.text === 'Infinity' || e.text === 'NaN') return { k: 'num', text: e.text, node: e };
      reject(e, 'DDX1007', `'${e.text}' is not a parameter, a local or a Math member; differentiated functions may only read their parameters, locals, Math and module-level numeric constants`);
    }
    const constant = ctx.constantFor(symbol);
    if (constant) {
      constants.set(constant.name, constant);
      return { k: 'num', text: constant.name, node: e };
    }
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    const captured = decl && captureOf(decl, e);
    if (captured) return numberRead(captured, e);
    reject(e, 'DDX1007', `'${e.text}' is not a parameter, a local, Math or a module-level numeric constant; pass it as a parameter (an arrow written at the call site may also read numbers and arrays of numbers of its enclosing scope that are never reassigned)`);
  };

  /** A call; `returns`: what the callee must return here (a boolean one is called in conditions). */
  const lowerCall = (e: ts.CallExpression, returns: 'number' | 'boolean' = 'number'): Expr => {
    const callee = e.expression;
    if (e.arguments.some(ts.isSpreadElement)) reject(e, 'DDX1003', 'spread arguments are not supported; pass the arguments one by one');
    const test = testOf(e);
    if (test) reject(e, 'DDX1016', `${test} gives a boolean, which cannot flow into a differentiated value; use it as a condition (if, ?:, &&, ||, !)`);
    if (ts.isPropertyAccessExpression(callee) && isGlobalMath(callee.expression)) {
      const name = callee.name.text;
      if (!unaryMath.has(name) && !naryMath.has(name) && !primalOnlyMath.has(name)) {
        reject(callee, 'DDX1004', name === 'random'
          ? 'Math.random has no derivative and makes the function non-deterministic; pass random numbers in as parameters'
          : `Math.${name} is not a Math function the transform knows`);
      }
      const args = lowerInOrder(e.arguments);
      const arity = unaryMath.has(name) ? 1 : name === 'pow' || name === 'atan2' ? 2 : primalOnlyMath.get(name) ?? -1;
      if (arity !== -1 && args.length !== arity) reject(e, 'DDX1003', `Math.${name} takes ${arity} argument(s) here, got ${args.length}`);
      return { k: 'math', name, args, node: e };
    }
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const symbol = !ts.isIdentifier(nameNode) ? undefined : nameNode === callee ? symbolOf(nameNode) : ctx.checker.getSymbolAtLocation(nameNode);
    if (symbol === undefined) reject(callee, 'DDX1006', `cannot resolve '${callee.getText(sf)}' to a function of this project; call Math functions or plain numeric functions declared in this module or imported from another module of the project`);
    const target = ctx.calleeFor(nameNode, symbol);
    if (target.returns !== returns) rejectReturned(e, target);
    const args = lowerInOrder(e.arguments, (a, i) => {
      const p = target.params[i];
      if (p?.kind === 'boolean') return lowerBooleanValue(a, `argument ${i + 1} of '${target.name}'`);
      if (p?.kind === 'array') {
        const v = ts.isIdentifier(a) ? lookup(a) : undefined;
        if (v?.kind !== 'array') reject(a, 'DDX1017', `argument ${i + 1} of '${target.name}' must be an array parameter, a local array or an array captured by an arrow at the call site, passed by name`);
        return { k: 'var', v, node: a } as Expr;
      }
      return lowerExpr(a);
    });
    const required = requiredCount(target);
    if (args.length < target.params.length && args.length >= required) {
      args.push(...withDefaults(target, args).slice(args.length));
      for (const d of target.defaults!) if (d) forEachExpr([{ k: 'return', value: d, node: d.node }], (x) => { if (x.k === 'num' && target.constants.has(x.text)) constants.set(x.text, target.constants.get(x.text)!); });
    }
    if (args.length !== target.params.length) {
      reject(e, 'DDX1006', `'${target.name}' takes ${required === target.params.length ? target.params.length : `${required} to ${target.params.length}`} argument(s), got ${e.arguments.length}`);
    }
    return { k: 'call', fn: target, args, node: e };
  };

  const lowerCond = (e: ts.Expression): Cond => {
    if (ts.isParenthesizedExpression(e)) return lowerCond(e.expression);
    const boolean = lowerBooleanCond(e);
    if (boolean) return boolean;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return { k: 'not', a: lowerCond(e.operand), node: e };
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) {
      return { k: 'bool', value: e.kind === ts.SyntaxKind.TrueKeyword, node: e };
    }
    if (ts.isCallExpression(e)) {
      const test = testOf(e);
      if (test) return lowerTest(e, test);
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const cmp = compareOps[op];
      if (cmp) return { k: 'cmp', op: cmp, a: before(lowerExpr(e.left), e.right), b: lowerExpr(e.right), node: e };
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        const a = lowerCond(e.left);
        return { k: 'logic', op: op === ts.SyntaxKind.AmpersandAmpersandToken ? '&&' : '||', a, b: conditionally(() => lowerCond(e.right)), node: e };
      }
    }
    return { k: 'truthy', a: lowerExpr(e), node: e };
  };

  // ---- booleans ----------------------------------------------------------------------------

  /** Whether `e` gives a boolean (a parameter or local by its kind). */
  const isBooleanValued = (e: ts.Expression): boolean => isBooleanExpression(e, ctx.checker, (id) => varOf(id)?.kind);

  /** A local declared `boolean`, or unannotated with a boolean initializer (`let done = false`, `const neg = x < 0`). */
  const isBooleanLocal = (d: ts.VariableDeclaration): boolean =>
    d.type ? annotatedKind(d.type) === 'boolean' : d.initializer !== undefined && isBooleanValued(d.initializer);

  /** `e` where a boolean is stored (`what`: a local, an argument, a returned value): a condition kept as a value. */
  const lowerBooleanValue = (e: ts.Expression, what: string): Expr => {
    if (!isBooleanValued(e)) reject(e, 'DDX1016', `${what} is a boolean, but '${sourceText(e)}' is not; only comparisons, tests, &&, ||, ! and other booleans give one`);
    return { k: 'boolean', test: lowerCond(e), node: e };
  };

  const sourceText = (e: ts.Node): string => {
    const text = e.getText(sf).replace(/\s+/g, ' ');
    return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  };

  /** Why a call of `target` cannot stand where it is (a number is needed, or a boolean). */
  const rejectReturned = (e: ts.CallExpression, target: NumericFunction): never => reject(e, target.returns === 'array' ? 'DDX1010' : 'DDX1016',
    target.returns === 'array' ? `'${target.name}' returns an array; only callees that return a number are supported`
    : target.returns === 'boolean' ? `'${target.name}' returns a boolean, which cannot flow into a number; use it as a condition (if, ?:, &&, ||, !) or store it in a boolean local`
    : `'${target.name}' returns a number, not a boolean; compare it (${target.name}(…) > 0) to use it as a condition`);

  /**
   * The conditions booleans add: a boolean parameter or local, a call of a function that returns
   * a boolean, two booleans compared, `c ? a : b` between booleans, and `typeof a === '…'`
   * (decided at compile time); undefined for any other condition.
   */
  const lowerBooleanCond = (e: ts.Expression): Cond | undefined => {
    if (ts.isIdentifier(e)) {
      // A boolean of the enclosing scope is captured (a number there is read as a number).
      const v = varOf(e) ?? (allowCaptures && isBooleanType(ctx.checker.getTypeAtLocation(e)) ? lookup(e) : undefined);
      return v?.kind === 'boolean' ? { k: 'flag', v, node: e } : undefined;
    }
    if (ts.isCallExpression(e) && !testOf(e) && isBooleanValued(e)) {
      const call = lowerCall(e, 'boolean') as Extract<Expr, { k: 'call' }>;
      return { k: 'predicate', fn: call.fn, args: call.args, node: e };
    }
    if (ts.isConditionalExpression(e) && isBooleanValued(e)) {
      return { k: 'choose', test: lowerCond(e.condition), a: conditionally(() => lowerCond(e.whenTrue)), b: conditionally(() => lowerCond(e.whenFalse)), node: e };
    }
    if (!ts.isBinaryExpression(e)) return undefined;
    const op = compareOps[e.operatorToken.kind];
    if (op !== '===' && op !== '!==' && op !== '==' && op !== '!=') return undefined;
    const typeofTest = lowerTypeofTest(e, op === '===' || op === '==');
    if (typeofTest) return typeofTest;
    if (!isBooleanValued(e.left) && !isBooleanValued(e.right)) return undefined;
    return { k: 'iff', op, a: lowerCond(e.left), b: lowerCond(e.right), node: e };
  };

  /**
   * `typeof a === 'number'` (or !==, ==, != with any string): the type of a name is known at
   * compile time from its declaration, so the test folds to true or false. An element of a number
   * array is a number, or undefined when read past the end: that is tested at run time.
   */
  const lowerTypeofTest = (e: ts.BinaryExpression, equal: boolean): Cond | undefined => {
    const left = skipParens(e.left), right = skipParens(e.right);
    const [of, text] = ts.isTypeOfExpression(left) ? [left, right] : ts.isTypeOfExpression(right) ? [right, left] : [];
    if (!of || !text) return undefined;
    if (!ts.isStringLiteralLike(text)) reject(e, 'DDX1003', `typeof is supported compared with a string only, as in typeof x === 'number'`);
    const operand = skipParens(of.expression);
    if (ts.isElementAccessExpression(operand)) {
      const defined: Cond = { k: 'defined', a: lowerExpr(operand), node: operand };
      const test: Cond = text.text === 'number' ? defined : text.text === 'undefined' ? { k: 'not', a: defined, node: e } : { k: 'bool', value: false, node: e };
      return equal ? test : { k: 'not', a: test, node: e };
    }
    const type = typeofName(operand);
    if (type === undefined) reject(of, 'DDX1003', `typeof '${sourceText(operand)}' is decided at compile time from its type, which must be number, boolean or an array of numbers here`);
    return { k: 'bool', value: (type === text.text) === equal, node: e };
  };

  /** What `typeof` gives for `e`, from its kind or its type; undefined when the type does not fix it. */
  const typeofName = (e: ts.Expression): string | undefined => {
    const v = ts.isIdentifier(e) ? varOf(e) : undefined;
    if (v) return v.kind === 'array' ? 'object' : v.kind;
    const type = ctx.checker.getTypeAtLocation(e);
    if (type.flags & ts.TypeFlags.NumberLike) return 'number';
    if (isBooleanType(type)) return 'boolean';
    if (type.flags & ts.TypeFlags.StringLike) return 'string';
    if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return 'undefined';
    if (type.flags & ts.TypeFlags.Object) return type.getCallSignatures().length > 0 ? 'function' : 'object';
    return undefined;
  };

  /** `flag = c`, `flag &&= c`, `flag ||= c` on a boolean local; undefined when `e` assigns no boolean. */
  const lowerBooleanAssignment = (e: ts.Expression, node: ts.Node): Stmt | undefined => {
    const target = ts.isBinaryExpression(e) ? e.left : ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e) ? e.operand : undefined;
    const id = target && skipParens(target);
    if (!id || !ts.isIdentifier(id) || varOf(id)?.kind !== 'boolean') return undefined;
    const { v } = lowerTarget(id);
    const op = ts.isBinaryExpression(e) ? e.operatorToken.kind : undefined;
    if (!ts.isBinaryExpression(e) || (op !== ts.SyntaxKind.EqualsToken && op !== ts.SyntaxKind.AmpersandAmpersandEqualsToken && op !== ts.SyntaxKind.BarBarEqualsToken)) {
      reject(e, 'DDX1016', `'${v.sourceName}' is a boolean: assign it with =, &&= or ||=`);
    }
    // `a &&= c` assigns where a is true, `a ||= c` where it is false: c is evaluated only then, so
    // nothing of it may move before the statement (an assignment in it is rejected there).
    const value = (): Expr => lowerBooleanValue(e.right, `'${v.sourceName}'`);
    const set: Stmt = { k: 'set', v, value: op === ts.SyntaxKind.EqualsToken ? value() : conditionally(value), node };
    if (op === ts.SyntaxKind.EqualsToken) return set;
    const flag: Cond = { k: 'flag', v, node: e.left };
    return { k: 'if', test: op === ts.SyntaxKind.AmpersandAmpersandEqualsToken ? flag : { k: 'not', a: flag, node: e.left }, then: [set], else: undefined, node };
  };

  // ---- arrays ------------------------------------------------------------------------------

  /** `[…]`, `new Array(n).fill(c)`, `Array(n).fill(c)`, `new Float64Array(n)`; undefined otherwise. */
  const lowerArrayInit = (e: ts.Expression): ArrayInit | undefined => {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return lowerArrayInit(e.expression);
    if (ts.isArrayLiteralExpression(e)) {
      return { k: 'arrayLit', elems: lowerInOrder(e.elements, (el) => {
        if (ts.isSpreadElement(el) || ts.isOmittedExpression(el)) reject(el, 'DDX1017', 'spreads and holes are not supported in array literals');
        return lowerExpr(el);
      }), node: e };
    }
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Float64Array' && e.arguments?.length === 1) {
      return { k: 'newArray', length: lowerExpr(e.arguments[0]), fill: { k: 'num', text: '0', node: e }, typed: true, node: e };
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'fill' && e.arguments.length === 1) {
      const inner = e.expression.expression;
      if ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && ts.isIdentifier(inner.expression) && inner.expression.text === 'Array' && inner.arguments?.length === 1) {
        return { k: 'newArray', length: before(lowerExpr(inner.arguments[0]), e.arguments[0]), fill: lowerExpr(e.arguments[0]), typed: false, node: e };
      }
    }
    return undefined;
  };

  // ---- statements --------------------------------------------------------------------------

  const lowerBlock = (s: ts.Statement): Stmt[] => (ts.isBlock(s) ? s.statements.flatMap(lowerStmt) : lowerStmt(s));

  const lowerTarget = (t: ts.Expression): { v: Var; index?: Expr } => {
    if (ts.isParenthesizedExpression(t)) return lowerTarget(t.expression);
    if (ts.isIdentifier(t)) {
      const v = lookup(t);
      if (!v || isCaptured(v)) reject(t, 'DDX1011', `'${t.text}' is not a local of this function; only parameters and locals can be assigned`);
      if (v.kind === 'array') reject(t, 'DDX1017', `array '${v.name}' cannot be reassigned; assign its elements`);
      return { v };
    }
    if (ts.isElementAccessExpression(t) && ts.isIdentifier(t.expression)) {
      const v = lookup(t.expression);
      if (v?.kind !== 'array') reject(t, 'DDX1011', 'only elements of local arrays can be assigned');
      if (isCaptured(v)) rejectCapturedWrite(t, v);
      if (v.isParam) reject(t, 'DDX1011', `'${v.name}' is a parameter: assigning its elements would change the caller's array; copy it into a local array first`);
      return { v, index: lowerExpr(t.argumentExpression) };
    }
    reject(t, 'DDX1011', 'only locals and elements of local arrays can be assigned');
  };

  /** The differentiated function must not change data it reads from outside (the caller's array). */
  const rejectCapturedWrite = (at: ts.Node, v: Var): never =>
    reject(at, 'DDX1011', `'${v.name}' is captured from the enclosing scope: a differentiated function must not change it; copy it into a local array first`);

  const assign = (target: ts.Expression, value: (current: Expr) => Expr, node: ts.Node, later?: ts.Expression): Stmt => {
    const lowered = lowerTarget(target);
    const v = lowered.v;
    const index = lowered.index && later ? before(lowered.index, later) : lowered.index;
    const current: Expr = index ? { k: 'elem', arr: v, index, node: target } : { k: 'var', v, node: target };
    const rhs = value(current);
    lastTarget = { v, index };
    return index ? { k: 'setElem', arr: v, index, value: rhs, node } : { k: 'set', v, value: rhs, node };
  };

  const lowerExpressionStatement = (e: ts.Expression, node: ts.Node): Stmt => {
    if (ts.isParenthesizedExpression(e)) return lowerExpressionStatement(e.expression, node);
    const flagAssignment = lowerBooleanAssignment(e, node);
    if (flagAssignment) return flagAssignment;
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken) return assign(e.left, () => lowerExpr(e.right), node, e.right);
      const logical = logicalAssignOps[op];
      if (logical) {
        // `a ??= b` assigns where a is nullish, `a ||= b` where it is falsy, `a &&= b` where truthy.
        let test: Cond | undefined;
        const set = assign(e.left, (current) => {
          const truthy: Cond = { k: 'truthy', a: current, node: e.left };
          test = logical === '&&=' ? truthy
            : { k: 'not', a: logical === '||=' ? truthy : { k: 'defined', a: current, node: e.left }, node: e.left };
          // b is evaluated only where the test holds: nothing of it may move before the statement.
          return conditionally(() => lowerExpr(e.right));
        }, node);
        return { k: 'if', test: test!, then: [set], else: undefined, node };
      }
      const arith = compoundOps[op];
      if (arith) return assign(e.left, (current) => ({ k: 'bin', op: arith, a: before(current, e.right), b: lowerExpr(e.right), node: e }), node, e.right);
      const bitwise = compoundBitwiseOps[op];
      if (bitwise) return assign(e.left, (current) => ({ k: 'bitwise', op: bitwise, a: before(current, e.right), b: lowerExpr(e.right), node: e }), node, e.right);
    }
    if ((ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) &&
        (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) {
      const op: ArithOp = e.operator === ts.SyntaxKind.PlusPlusToken ? '+' : '-';
      return assign(e.operand, (current) => ({ k: 'bin', op, a: current, b: { k: 'num', text: '1', node: e }, node: e }), node);
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'push' &&
        ts.isIdentifier(e.expression.expression) && e.arguments.length === 1) {
      const v = lookup(e.expression.expression);
      if (isCaptured(v)) rejectCapturedWrite(e, v!);
      if (v?.kind === 'array' && !v.isParam) return { k: 'push', arr: v, value: lowerExpr(e.arguments[0]), node };
    }
    reject(e, 'DDX1002', 'this expression statement is not supported; statements may assign (=, +=, …), increment (++, --) or push onto a local array');
  };

  const lowerStmt = (s: ts.Statement): Stmt[] => inScopeOf(s, () => lowerStatement(s));
  const lowerStatement = (s: ts.Statement): Stmt[] => {
    if (ts.isVariableStatement(s)) return lowerDeclarations(s.declarationList);
    if (ts.isExpressionStatement(s)) return withPrelude(() => lowerExpressionStatement(s.expression, s));
    if (ts.isReturnStatement(s)) {
      if (!s.expression) reject(s, 'DDX1013', 'a differentiated function must return a number (or an array of numbers)');
      const value = s.expression;
      return withPrelude(() => ({ k: 'return', value: lowerReturnValue(value), node: s }));
    }
    if (ts.isIfStatement(s)) {
      // The blocks' statements put their parts in their own preludes.
      const { thenStatement, elseStatement } = s;
      return withPrelude(() => ({ k: 'if', test: lowerCond(s.expression), then: lowerBlock(thenStatement), else: elseStatement ? lowerBlock(elseStatement) : undefined, node: s }));
    }
    if ((ts.isWhileStatement(s) || ts.isDoStatement(s) || ts.isForStatement(s)) && loopAssigns(s)) return lowerLoopThatAssigns(s);
    if (ts.isForStatement(s)) {
      const init = s.initializer === undefined ? []
        : ts.isVariableDeclarationList(s.initializer) ? lowerDeclarations(s.initializer)
        : withPrelude(() => lowerExpressionStatement(s.initializer as ts.Expression, s.initializer!));
      const update = s.incrementor === undefined ? [] : flattenComma(s.incrementor).map((u) => {
        const st = conditionally(() => lowerExpressionStatement(u, u));
        if (st.k === 'if') reject(u, 'DDX1012', 'a logical assignment (??=, ||=, &&=) in a for-loop update is not supported; do it at the end of the loop body instead');
        return st;
      });
      const condition = s.condition;
      const test = condition ? conditionally(() => lowerCond(condition)) : undefined;
      return [{ k: 'for', init, test, update, body: lowerBlock(s.statement), node: s }];
    }
    if (ts.isWhileStatement(s)) return [{ k: 'while', test: conditionally(() => lowerCond(s.expression)), body: lowerBlock(s.statement), node: s }];
    if (ts.isDoStatement(s)) return [{ k: 'do', body: lowerBlock(s.statement), test: conditionally(() => lowerCond(s.expression)), node: s }];
    if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) return [lowerJump(s)];
    if (ts.isForOfStatement(s)) return lowerForOf(s);
    if (ts.isBlock(s)) return [{ k: 'block', body: s.statements.flatMap(lowerStmt), node: s }];
    if (ts.isEmptyStatement(s)) return [];
    if (ts.isSwitchStatement(s)) return lowerSwitch(s);
    if (ts.isLabeledStatement(s)) return lowerLabelled(s);
    if (ts.isThrowStatement(s)) return [lowerThrow(s)];
    const what = ts.isFunctionDeclaration(s) ? 'a nested function declaration (move it to module level)'
      : ts.isTryStatement(s) ? 'try/catch' : syntaxName(s.kind);
    reject(s, 'DDX1002', `${what} is not supported in a differentiated function`);
  };

  const flattenComma = (e: ts.Expression): ts.Expression[] =>
    ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken ? [...flattenComma(e.left), ...flattenComma(e.right)] : [e];

  const lowerDeclarations = (list: ts.VariableDeclarationList): Stmt[] => {
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) return lowerVarDeclarations(list);
    return list.declarations.flatMap((d) => (!ts.isIdentifier(d.name) ? lowerDestructuring(d, isConst) : lowerDeclaration(d, isConst)));
  };

  const lowerDeclaration = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => withPrelude((): Stmt => {
      if (!ts.isIdentifier(d.name)) reject(d.name, 'DDX1002', 'destructuring declarations are not supported here; declare one name at a time');
      const array = d.initializer ? lowerArrayInit(d.initializer) : undefined;
      const kind = array || annotatedKind(d.type) === 'array' ? 'array' : isBooleanLocal(d) ? 'boolean' : 'number';
      if (d.type && annotatedKind(d.type) === undefined) reject(d.type, 'DDX1016', `locals must be numbers, arrays of numbers or booleans, not '${d.type.getText(sf)}'`);
      if (kind === 'array' && !array) reject(d, 'DDX1017', 'a local array must be created with [..], new Array(n).fill(c) or new Float64Array(n)');
      const init = array ?? (d.initializer ? (kind === 'boolean' ? lowerBooleanValue(d.initializer, `'${d.name.text}'`) : lowerExpr(d.initializer)) : undefined);
      const v = newVar(d, d.name.text, kind, false, isConst);
      return { k: 'let', v, init, node: d };
    });

  const lowerReturnValue = (e: ts.Expression): Expr | ArrayInit => {
    if (fn.returns === 'boolean') return lowerBooleanValue(e, `the value '${name}' returns`);
    const array = lowerArrayInit(e);
    if (array) return array;
    const inner = skipParens(e);
    if (ts.isIdentifier(inner)) {
      const v = lookup(inner);
      if (v?.kind === 'array' && isCaptured(v)) reject(inner, 'DDX1017', `'${v.name}' is captured from the enclosing scope and cannot be returned; return a new array`);
      if (v?.kind === 'array') return { k: 'var', v, node: inner } as Expr;
    }
    return lowerExpr(e);
  };

  // ---- var, labels, switch, throw ------------------------------------------------------------

  /** Declarations of `var`s lowered as one hoisted local each (or as the parameter they redeclare). */
  const hoistedDecls = new Set<ts.VariableDeclaration>();


  /**
   * `var`s are function-scoped: every number `var` becomes one local declared, uninitialised, at
   * the start of the body (undefined until first assigned, as in JavaScript), however often and
   * wherever it is declared; `var x = e` then assigns it. A `var` holding an array is created where
   * it is declared, as a `let` is: it must be declared once and used only after its declaration in
   * the same block (where a `let` would be visible), since arrays are not reassigned.
   */
  const hoistVars = (block: ts.Block): Stmt[] => {
    const bySymbol = new Map<ts.Symbol, ts.VariableDeclaration[]>();
    forEachNode(block, (n) => {
      if (!ts.isVariableDeclarationList(n) || (n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0) return;
      for (let p: ts.Node = n.parent; p !== node; p = p.parent) if (ts.isFunctionLike(p) || ts.isClassLike(p)) return;
      for (const d of n.declarations) {
        const symbol = ts.isIdentifier(d.name) ? ctx.checker.getSymbolAtLocation(d.name) : undefined;
        if (symbol) bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), d]);
      }
    });
    const hoisted: Stmt[] = [];
    for (const [symbol, decls] of bySymbol) {
      const name = (decls[0].name as ts.Identifier).text;
      const creates = (d: ts.VariableDeclaration): boolean => annotatedKind(d.type) === 'array' ||
        (d.initializer !== undefined && (ts.isArrayLiteralExpression(skipParens(d.initializer)) || isNumberArrayCreation(d.initializer, ctx.checker, () => true)));
      if (decls.some(creates)) {
        checkVarArray(symbol, decls, name);
        continue;
      }
      for (const d of decls) {
        if (d.type && annotatedKind(d.type) === undefined) reject(d.type, 'DDX1016', `locals must be numbers or arrays of numbers, not '${d.type.getText(sf)}'`);
        hoistedDecls.add(d);
      }
      // `var x` redeclaring parameter x is that parameter.
      const declaration = symbol.valueDeclaration ?? decls[0];
      if (vars.has(declaration)) continue;
      const v = newVar(declaration, name, 'number', false, false);
      hoisted.push({ k: 'let', v, init: undefined, node: decls[0], hoisted: true });
    }
    return hoisted;
  };

  /** A `var` array is lowered as a `let`: declared once, with its creation, and read only where a `let` would be visible. */
  const checkVarArray = (symbol: ts.Symbol, decls: ts.VariableDeclaration[], name: string): void => {
    const advice = `declare it once with let or const, where it is created`;
    if (decls.length > 1) reject(decls[1], 'DDX1017', `var '${name}' holds an array and is declared again; an array is created once and never reassigned: ${advice}`);
    const statement = decls[0].parent.parent;
    if (!ts.isVariableStatement(statement)) reject(decls[0], 'DDX1017', `var '${name}' holds an array: ${advice}, not in a loop head`);
    forEachNode(node.body!, (n) => {
      if (!ts.isIdentifier(n) || n.text !== name || n === decls[0].name || ctx.checker.getSymbolAtLocation(n) !== symbol) return;
      if (!isAncestor(statement.parent, n) || n.pos < statement.end) {
        reject(n, 'DDX1017', `var array '${name}' is read before its declaration or outside the block that declares it; ${advice}, before its first use`);
      }
    });
  };

  /** `var a = e, b` (hoisted): assignments of the initialised ones; a `var` array is declared as a `let`. */
  const lowerVarDeclarations = (list: ts.VariableDeclarationList): Stmt[] => list.declarations.flatMap((d): Stmt[] => {
    if (!hoistedDecls.has(d)) return lowerDeclaration(d, false);
    const init = d.initializer;
    return init === undefined ? [] : withPrelude(() => assign(d.name as ts.Identifier, () => lowerExpr(init), d));
  });

  /** Labels given to the blocks that switch statements become (the target of a `break` in a case). */
  const switchLabels = new Map<ts.SwitchStatement, string>();

  const lowerJump = (s: ts.BreakStatement | ts.ContinueStatement): Stmt => {
    const k = ts.isBreakStatement(s) ? 'break' : 'continue';
    if (s.label) return { k, label: s.label.text, node: s };
    // An unlabelled break leaves the innermost loop or switch; a switch is a labelled block here.
    let target: ts.Node = s.parent;
    while (target !== node && !ts.isIterationStatement(target, false) && !ts.isSwitchStatement(target)) target = target.parent;
    const label = k === 'break' && ts.isSwitchStatement(target) ? switchLabels.get(target) : undefined;
    return label === undefined ? { k, node: s } : { k, label, node: s };
  };

  /** `label: loop` labels the loop; a label on another statement labels a block around it. */
  const lowerLabelled = (s: ts.LabeledStatement): Stmt[] => {
    const label = s.label.text;
    const inner = lowerStmt(s.statement);
    const loop = inner.length === 1 ? inner[0] : undefined;
    if (loop?.k === 'for' || loop?.k === 'while' || loop?.k === 'do') {
      if (loop.label !== undefined) reject(s, 'DDX1002', `a loop with two labels ('${label}', '${loop.label}') is not supported; keep one`);
      return [{ ...loop, label }];
    }
    return [{ k: 'block', body: inner, node: s, label }];
  };

  /**
   * `switch`: an if/else chain where no case falls through into the next (each ends in break,
   * return, continue or throw, or is empty and shares the next one's body), with `default` as the
   * last else. Otherwise the index of the case to enter is computed first (`entry`), and the cases
   * follow each other, each entered where `entry <= its index`. A `break` of the switch leaves the
   * labelled block around it. The discriminant is read once, and cases compare with `===`.
   */
  const lowerSwitch = (s: ts.SwitchStatement): Stmt[] => {
    const label = freshName('cases');
    switchLabels.set(s, label);
    const clauses = s.caseBlock.clauses;
    rejectCrossCaseLets(clauses);
    const out: Stmt[] = [];
    const discriminant = skipParens(s.expression);
    let key: Expr;
    if (ts.isNumericLiteral(discriminant) || (ts.isIdentifier(discriminant) && varOf(discriminant)?.kind === 'number')) key = lowerExpr(discriminant);
    else {
      const v = newVar(s, freshName('key'), 'number', false, true);
      out.push(...withPrelude(() => ({ k: 'let', v, init: lowerExpr(s.expression), node: s.expression })));
      key = { k: 'var', v, node: s.expression };
    }
    const matches = (tests: ts.Expression[]): Cond => tests.map((t): Cond => ({ k: 'cmp', op: '===', a: key, b: conditionally(() => lowerExpr(t)), node: t }))
      .reduce((a, b) => ({ k: 'logic', op: '||', a, b, node: b.node }));
    const bodies = clauses.map((c) => c.statements.flatMap(lowerStmt));
    const defaultIndex = clauses.findIndex(ts.isDefaultClause);
    // Cases with an empty body share the next one's.
    const groups: { tests: ts.Expression[]; isDefault: boolean; body: Stmt[] }[] = [];
    let pending: { tests: ts.Expression[]; isDefault: boolean } = { tests: [], isDefault: false };
    clauses.forEach((c, i) => {
      if (ts.isCaseClause(c)) pending.tests.push(c.expression);
      else pending.isDefault = true;
      if (bodies[i].length === 0 && i < clauses.length - 1) return;
      groups.push({ ...pending, body: bodies[i] });
      pending = { tests: [], isDefault: false };
    });
    const defaultGroup = groups.findIndex((g) => g.isDefault);
    const chained = groups.every((g, i) => i === groups.length - 1 || !completes(g.body)) &&
      (defaultGroup === -1 || defaultGroup === groups.length - 1 || groups[defaultGroup].tests.length === 0);
    let lowered: Stmt[];
    if (chained) {
      const withoutBreak = (body: Stmt[]): Stmt[] => {
        const last = body[body.length - 1];
        return last?.k === 'break' && last.label === label ? body.slice(0, -1) : body;
      };
      const otherwise = defaultGroup === -1 ? undefined : withoutBreak(groups[defaultGroup].body);
      lowered = otherwise ?? [];
      for (let i = groups.length - 1; i >= 0; i--) {
        if (i === defaultGroup) continue;
        const g = groups[i];
        lowered = [{ k: 'if', test: matches(g.tests), then: withoutBreak(g.body), else: lowered.length > 0 || otherwise ? lowered : undefined, node: g.tests[0] ?? s }];
      }
      // A default alone keeps its own scope.
      if (groups.length === 1 && defaultGroup === 0) lowered = [{ k: 'block', body: lowered, node: s.caseBlock }];
    } else {
      const entry = newVar(s.caseBlock, freshName('entry'), 'number', false, false);
      const num = (i: number, at: ts.Node): Expr => ({ k: 'num', text: String(i), node: at });
      out.push({ k: 'let', v: entry, init: num(defaultIndex === -1 ? clauses.length : defaultIndex, s), node: s });
      let select: Stmt[] = [];
      for (let i = clauses.length - 1; i >= 0; i--) {
        const c = clauses[i];
        if (!ts.isCaseClause(c)) continue;
        const set: Stmt = { k: 'set', v: entry, value: num(i, c), node: c };
        select = [{ k: 'if', test: matches([c.expression]), then: [set], else: select.length > 0 ? select : undefined, node: c }];
      }
      out.push(...select);
      lowered = bodies.flatMap((body, i): Stmt[] => {
        if (body.length === 0) return [];
        // With a default, every path enters at or before the last case.
        if (i === clauses.length - 1 && defaultIndex !== -1) return [{ k: 'block', body, node: clauses[i] }];
        const test: Cond = { k: 'cmp', op: '<=', a: { k: 'var', v: entry, node: clauses[i] }, b: num(i, clauses[i]), node: clauses[i] };
        return [{ k: 'if', test, then: body, else: undefined, node: clauses[i] }];
      });
    }
    return [...out, ...(breaksTo(lowered, label) ? [{ k: 'block', body: lowered, node: s, label } as Stmt] : lowered)];
  };

  /** A `let`/`const` of one case read in another: in JavaScript it is in scope there but maybe never initialised. */
  const rejectCrossCaseLets = (clauses: readonly ts.CaseOrDefaultClause[]): void => {
    clauses.forEach((c, i) => {
      for (const st of c.statements) {
        if (!ts.isVariableStatement(st) || (st.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) continue;
        for (const d of st.declarationList.declarations) {
          const symbol = ts.isIdentifier(d.name) ? ctx.checker.getSymbolAtLocation(d.name) : undefined;
          if (!symbol) continue;
          clauses.forEach((other, j) => {
            if (j !== i) forEachNode(other, (n) => {
              if (ts.isIdentifier(n) && n.text === symbol.name && ctx.checker.getSymbolAtLocation(n) === symbol) {
                reject(n, 'DDX1002', `'${symbol.name}' is declared in another case of this switch; declare it before the switch`);
              }
            });
          });
        }
      }
    });
  };

  /**
   * `throw e`: kept as written, not differentiated. The values of this function that `e` reads
   * (numbers, `a[i]`, `a.length`, module constants) are printed as their primal values; globals
   * (`RangeError`, `String`, …) are kept; anything else it names is rejected.
   */
  const lowerThrow = (s: ts.ThrowStatement): Stmt => {
    const e = s.expression;
    const parts: (string | Expr)[] = [];
    let from = e.getStart(sf);
    let covered = -1;
    const hole = (at: ts.Node, value: Expr, prefix = ''): void => {
      parts.push(sf.text.slice(from, at.getStart(sf)) + prefix, value);
      from = covered = at.end;
    };
    forEachNode(e, (n) => {
      if (!ts.isIdentifier(n) || n.pos < covered) return;
      const parent = n.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === n) || (ts.isPropertyAssignment(parent) && parent.name === n)) return;
      // `{ x }` names a property and the value of x.
      const shorthand = ts.isShorthandPropertyAssignment(parent) ? `${n.text}: ` : '';
      const symbol = shorthand ? ctx.checker.getShorthandAssignmentValueSymbol(parent) : symbolOf(n);
      if (symbol === undefined) return;
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
      const v = shorthand ? declaration && vars.get(declaration) : lookup(n);
      if (v?.kind === 'number') return hole(n, { k: 'var', v, node: n }, shorthand);
      if (v?.kind === 'array' && ts.isPropertyAccessExpression(parent) && parent.expression === n && parent.name.text === 'length') return hole(parent, { k: 'len', arr: v, node: parent });
      if (v?.kind === 'array' && ts.isElementAccessExpression(parent) && parent.expression === n) return hole(parent, { k: 'elem', arr: v, index: lowerExpr(parent.argumentExpression), node: parent });
      if (!v && ctx.constantFor(symbol)) return hole(n, lowerIdentifier(n), shorthand);
      reject(n, 'DDX1002', `a thrown value may read globals (Error, RangeError, String, …), literals and this function's numbers, elements and lengths; '${n.text}' is none of them`);
    });
    parts.push(sf.text.slice(from, e.end));
    return { k: 'throw', parts, node: s };
  };

  // Default values, lowered before the body (a recursive call may omit them). Each is evaluated only
  // where a call omits its argument: no prelude.
  if (node.parameters.some((p) => p.initializer)) {
    (fn as { defaults?: (Expr | undefined)[] }).defaults = node.parameters.map((p) => p.initializer && inScopeOf(p, () => conditionally(() => lowerExpr(p.initializer!))));
  }
  if (ts.isBlock(node.body!)) {
    body.push(...hoistVars(node.body));
    body.push(...node.body.statements.flatMap(lowerStmt));
    if (!endsWithReturn(body)) reject(node.body.getLastToken(sf) ?? node, 'DDX1013', 'the function may end without returning a value; make every path end with a return');
  } else {
    body.push({ k: 'return', value: lowerReturnValue(node.body as ts.Expression), node: node.body! });
  }
  const returnKinds = new Set<'number' | 'array'>();
  forEachReturn(body, (r) => returnKinds.add(r.value.k === 'arrayLit' || r.value.k === 'newArray' || (r.value.k === 'var' && r.value.v.kind === 'array') ? 'array' : 'number'));
  if (returnKinds.size > 1) reject(node, 'DDX1010', 'the function returns a number on some paths and an array on others; return one shape');
  if (fn.returns !== 'boolean') (fn as { returns: 'number' | 'array' }).returns = returnKinds.has('array') ? 'array' : 'number';
  return fn;
}

function isAncestor(ancestor: ts.Node, n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Whether `symbol` is assigned (=, op=, ++, --) anywhere inside `scope`. */
function isAssigned(scope: ts.Node, symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  let assigned = false;
  const target = (e: ts.Expression): boolean => {
    const inner = skipParens(e);
    return ts.isIdentifier(inner) && checker.getSymbolAtLocation(inner) === symbol;
  };
  forEachNode(scope, (n) => {
    if (assigned) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && target(n.left)) assigned = true;
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
        (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) && target(n.operand)) assigned = true;
  });
  return assigned;
}

const skipParens = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) ? skipParens(e.expression) : e);

/**
 * The arguments of a call of `fn` that passes `given`: the omitted ones are `fn`'s defaults, each
 * over the arguments before it (as JavaScript evaluates them, in the callee, left to right).
 */
export function withDefaults(fn: NumericFunction, given: readonly Expr[]): Expr[] {
  const args = [...given];
  const byParam = new Map<Var, Expr>();
  fn.params.forEach((p, i) => {
    if (i >= args.length) args.push(substitute(fn.defaults![i]!, byParam));
    byParam.set(p, args[i]);
  });
  return args;
}

/** `e` with parameters replaced by arguments (an array parameter by the array passed by name). */
function substitute(e: Expr, byParam: ReadonlyMap<Var, Expr>): Expr {
  const x = (a: Expr): Expr => substitute(a, byParam);
  const arr = (v: Var): Var => { const a = byParam.get(v); return a?.k === 'var' ? a.v : v; };
  const c = (t: Cond): Cond => {
    switch (t.k) {
      case 'cmp': case 'same': return { ...t, a: x(t.a), b: x(t.b) };
      case 'not': return { ...t, a: c(t.a) };
      case 'logic': return { ...t, a: c(t.a), b: c(t.b) };
      case 'truthy': case 'defined': case 'test': return { ...t, a: x(t.a) };
      case 'bool': return t;
      case 'flag': {
        const a = byParam.get(t.v);
        return a?.k === 'boolean' ? a.test : a?.k === 'var' ? { ...t, v: a.v } : t;
      }
      case 'predicate': return { ...t, args: t.args.map(x) };
      case 'iff': return { ...t, a: c(t.a), b: c(t.b) };
      case 'choose': return { ...t, test: c(t.test), a: c(t.a), b: c(t.b) };
    }
  };
  switch (e.k) {
    case 'num': return e;
    case 'var': return byParam.get(e.v) ?? e;
    case 'elem': return { ...e, arr: arr(e.arr), index: x(e.index) };
    case 'len': return { ...e, arr: arr(e.arr) };
    case 'neg': case 'bitnot': return { ...e, a: x(e.a) };
    case 'bin': case 'bitwise': return { ...e, a: x(e.a), b: x(e.b) };
    case 'math': case 'call': return { ...e, args: e.args.map(x) };
    case 'cond': return { ...e, test: c(e.test), a: x(e.a), b: x(e.b) };
    case 'boolean': return { ...e, test: c(e.test) };
  }
}

/** How many leading parameters a call must pass: those up to the last one without a default. */
function requiredCount(fn: NumericFunction): number {
  let required = fn.params.length;
  while (required > 0 && fn.defaults?.[required - 1] !== undefined) required--;
  return required;
}

/**
 * What a verb differentiates when `fn` has default parameters: `fn` of its leading parameters
 * without defaults — the inputs — with the others at their defaults (as the run-time engine,
 * which calls f with the inputs only). A function without defaults is its own entry.
 */
const entries = new WeakMap<NumericFunction, NumericFunction>();
export function entryOf(fn: NumericFunction): NumericFunction {
  if (!fn.defaults) return fn;
  const known = entries.get(fn);
  if (known) return known;
  const inputs = fn.params.slice(0, requiredCount(fn));
  if (fn.captures.length > 0) reject(fn.node, 'DDX1005', `'${fn.name}' reads values of its enclosing scope and has default parameters; pass the default values as arguments instead`);
  const call: Expr = { k: 'call', fn, args: withDefaults(fn, inputs.map((v) => ({ k: 'var', v, node: fn.node }))), node: fn.node };
  const entry: NumericFunction = { ...fn, id: nextFunctionId++, params: inputs, body: [{ k: 'return', value: call, node: fn.node }], moduleLevel: false, defaults: undefined };
  entries.set(fn, entry);
  return entry;
}

/** What `n` assigns, when it is an assignment (=, op=, ??= …) or an increment (++, --). */
function effectTarget(n: ts.Node): ts.Expression | undefined {
  if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return n.left;
  if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) return n.operand;
  return undefined;
}

/** Whether a statement-like expression (a loop update) assigns inside its operands: `i = j++`, `s += a[k++]`. */
function assignsInOperands(e: ts.Expression): boolean {
  const inner = skipParens(e);
  let found = false;
  inner.forEachChild((child) => {
    forEachNode(child, (n) => {
      if (effectTarget(n) !== undefined) found = true;
    });
  });
  return found;
}

/** Whether the body of `loop` has a `continue` that goes on to `loop` (a labelled one may: counted too). */
function continuesLoop(loop: ts.IterationStatement): boolean {
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
function conditionalPlaceOf(e: ts.Node, fn: ts.Node): string {
  for (let child = e, p = e.parent; p && child !== fn; child = p, p = p.parent) {
    if (ts.isConditionalExpression(p) && child !== p.condition) return 'in a branch of ?: (evaluated only when its test chooses it)';
    if (ts.isBinaryExpression(p) && child === p.right && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken].includes(p.operatorToken.kind)) {
      return `on the right of ${p.operatorToken.getText()} (evaluated only when the left does not decide)`;
    }
    if (ts.isParameter(p) || ts.isBindingElement(p)) return 'in a default value (evaluated only when the value is missing)';
  }
  return 'here (evaluated conditionally)';
}

/** Whether every path through `stmts` (a function's body) ends in a return or a throw. */
const endsWithReturn = (stmts: Stmt[]): boolean => !completes(stmts);

/**
 * Whether control may reach the end of `stmts` and go on after them: not when they end in a
 * return, throw, break or continue (on every path). A labelled block is left by a `break` to its
 * label, too; a loop may always end.
 */
function completes(stmts: Stmt[]): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return true;
  switch (last.k) {
    case 'return': case 'throw': case 'break': case 'continue': return false;
    case 'block': return completes(last.body) || (last.label !== undefined && breaksTo(last.body, last.label));
    case 'if': return last.else === undefined || completes(last.then) || completes(last.else);
    default: return true;
  }
}

/** Whether `stmts` hold a `break label` (leaving the statement labelled `label`). */
function breaksTo(stmts: Stmt[], label: string): boolean {
  let found = false;
  forEachExpr(stmts, () => {}, (s) => {
    if (s.k === 'break' && s.label === label) found = true;
  });
  return found;
}

/** Calls `f` on every return statement of `stmts`. */
export function forEachReturn(stmts: Stmt[], f: (r: Extract<Stmt, { k: 'return' }>) => void): void {
  for (const s of stmts) {
    if (s.k === 'return') f(s);
    else if (s.k === 'if') { forEachReturn(s.then, f); if (s.else) forEachReturn(s.else, f); }
    else if (s.k === 'for' || s.k === 'while' || s.k === 'do' || s.k === 'block') forEachReturn(s.body, f);
  }
}

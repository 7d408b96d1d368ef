/**
 * Lowering: a TypeScript function (declaration, arrow or function expression) into the plain
 * data of `ir.ts`, rejecting with a diagnostic everything outside the accepted language.
 */
import { ts } from 'ts-morph';
import { reject, Rejection, unlessRejected } from '../diagnostics.js';
import type { ArrayInit, ArrayMade, Cond, CustomRule, Expr, ModuleConstant, NumberTest, NumericFunction, SpecialFunction, Stmt, UpdateForm, Var } from './ir.js';
import { destructuredGlobalName, globalNameOf, globalOf, isWritten } from './aliases.js';
import { mathConstants, naryMath, numberConstants, numberTests, primalOnlyMath, unaryMath } from './mathNames.js';
import { specialRules } from '@ddx/dual';
import { boundToOutside, breaksTo, completes, forEachExpr, forEachNode, identifiersOf, isJavaScript, skipParens } from './walk.js';
import { heldBeforeItsStatement } from './heldCalls.js';
import { isReservedWord } from '../emit/names.js';
import { derivativeFunction } from './tangent.js';
import { verbs, type VerbName } from './verbs.js';
import { gradientFunction, hessianFunction, hvpFunction, jacobianFunction, jvpCall, valueAndDerivativeFunction, valueAndDerivativeShapes, valueAndGradientFunction, valueAndGradientShape, valueAndGradientSplit, valueAndMatrixFunction, valueAndMatrixSplits } from './nested.js';
import { arrayFields, constantOf, describedParam, literalConstant, fieldArrays, fieldPlace, leafPaths, memberOfRecordWhy, localMatrices, matrices, matrixOutputAdvice, matrixReturns, matrixRows, numberOutputAdvice, recordArrayReturns, recordArrayShapeOf, recordArrayShapes, recordReturns, recordShapeOf, recordShapes, recordViews, returnedText, sameLayout, splitRecordOf, splitReturns, strideOf, tupleLength, type RecordShape } from './scalarise.js';
import { onlyReadsArgument, type ModuleArray, type ModuleObjectField } from './moduleArrays.js';
import { isStatic, localMemberOf, localObjectOf, memberValueWhy, thisHolderName, thisOwner } from './members.js';
import { normalise, singleExit, withDefaults } from './normalise.js';
import { foldOmittedTest, nullishLiteral, nullishTest, omittedParameter, rejectOmittedUse, type OmittedParameter } from './omitted.js';
import { callSiteScopeFor, capturingScopeFor, isFunctionExpression, isFunctionTyped, localFunctionOf, ownerOf, returnedFunctions, scopeFor, unwrapExpression, type Bound, type FunctionLike, type Scope } from './closures.js';
import { bitsAdvice, isBitView, isModuleLevelVariable, isTypedArrayCreation, registerRule, ruleAdvice, touchesBits } from './lower/bits.js';
import { arithOps, bitwiseOps, compareOps, compoundBitwiseOps, compoundOps, logicalAssignOps } from './lower/operators.js';
import { destructuredConstant, lowerConstantArgument, numeral } from './lower/constants.js';
import { assignmentOf, assignsInOperands, conditionalPlaceOf, containsNode, continuesLoop, effectTarget, isAncestor, isArrayLiteralArgument, isAssigned, isSpreadCall, listedArguments, memberAddedAtRunTime, restParameterOf, syntaxName, writesAnything } from './lower/syntax.js';
import { endsWithReturn, forEachReturn, hasReturn, returnedParam } from './lower/returns.js';
import { defaultArguments, requiredCount, toNumber } from './lower/defaults.js';

export type { FunctionLike };
// The lowering helpers other passes use, under the names they have always imported.
export { isAssigned, lowerConstantArgument, registerRule, restParameterOf };
export { lowerConstant } from './lower/constants.js';

/** How a function is lowered besides the defaults (closures.ts). */
export interface LowerOptions {
  /** An instance method: its first parameter is the instance (`this`), a record of this shape (scalarise.ts). */
  readonly self?: RecordShape;
  /**
   * A method taken from an instance at a verb's call site (`derivative(model.energy, r)`): the
   * instance is no parameter but a value the call site passes, by this name (a capture).
   */
  readonly selfName?: string;
  /**
   * A local function: the scope of the function it is declared in. The enclosing variables it reads
   * become trailing parameters (`captured`), passed by each call.
   */
  readonly enclosing?: Scope;
  /** A specialisation: function-typed parameters bound to the functions a call site passes. */
  readonly bindings?: ReadonlyMap<ts.Declaration, Bound>;
  /**
   * A factory (a function that returns functions), lowered applied: its parameters, then those of
   * the function it returns, and each `return g` becomes `return g(those parameters)`.
   */
  readonly applied?: boolean;
  /**
   * A version for calls that pass only this many arguments (omitted.ts): the parameters after
   * them are undefined, their tests fold and only the branches JavaScript takes are lowered.
   */
  readonly omitted?: number;
}

/** Globals the generated code refers to inside a function (a local of that name would hide them). */
const globalsOfGeneratedCode = new Set(['Math', 'Object', 'Array', 'Float64Array', 'Number', 'NaN', 'Infinity', 'undefined', 'isNaN', 'isFinite']);

/** What lowering needs from the surrounding analysis: symbol resolution across modules. */
export interface LowerContext {
  readonly checker: ts.TypeChecker;
  /** false: stop after lowering (the normalise pass is not run; the interpreter test compares both). */
  readonly normalises?: boolean;
  /**
   * The numeric function a called identifier refers to (lowered on demand), or a rejection.
   * `argumentRecord(i)`: the record argument i of the call is, for a callee reading a parameter of no type as a record.
   */
  calleeFor(id: ts.Node, symbol: ts.Symbol, given?: number, argumentRecord?: (i: number) => RecordShape | undefined): NumericFunction;
  /** A module-level numeric constant the identifier refers to, or undefined. */
  constantFor(symbol: ts.Symbol): ModuleConstant | undefined;
  /** A module-level constant array (a coefficient table) the identifier refers to, or undefined; rejects an array that is not constant data. */
  moduleArrayFor(symbol: ts.Symbol, use: ts.Node): ModuleArray | undefined;
  /** A field of a module-level object of data (`data.x`, `data.n`), or undefined; rejects an object that is not constant data. */
  moduleObjectFieldFor?(symbol: ts.Symbol, field: string, use: ts.Node): ModuleObjectField | undefined;
  /** A module-level constant instance of a class of readonly numbers (`const model = new Spring(2, 1)`), or undefined. */
  moduleInstanceFor?(symbol: ts.Symbol): (ModuleArray & { readonly shape: RecordShape }) | undefined;
  /** Told of every function lowered, so that module-level generated names can avoid all of their locals' names. */
  lowered?(fn: NumericFunction): void;
  /** Why a value read by `id` cannot be known: it is imported from a module the transform cannot read (DDX1008 or DDX1006); else undefined. */
  unreadImport?(id: ts.Identifier): { code: 'DDX1008' | 'DDX1006'; message: string } | undefined;
  /** The verb a callee names (an export of @ddx/dual), or undefined. */
  verbOf(callee: ts.Expression): VerbName | undefined;
  /** The numeric function a verb's argument denotes inside a differentiated function (an arrow there may capture), or a rejection. */
  nestedFunction(arg: ts.Expression, verb: VerbName): NumericFunction;
  /** The `defineFunction` rule a called identifier refers to, or undefined. */
  ruleFor(symbol: ts.Symbol): CustomRule | undefined;
  /** The special function of a package with a built-in rule a called identifier refers to, or undefined. */
  specialFor(symbol: ts.Symbol): SpecialFunction | undefined;
  /** The function declaration (or const arrow/function expression) a symbol leads to in the project, if any. */
  functionFor(symbol: ts.Symbol): { node: FunctionLike; name: string } | undefined;
  /** An instance method of a class, lowered (once) with the instance, a record of `self`'s shape, as its first parameter. */
  methodFor(node: ts.MethodDeclaration, self: RecordShape): NumericFunction;
  /** A module-level function made by a factory: the factory and its arguments (program.ts). */
  instanceFor(symbol: ts.Symbol): { factory: { node: FunctionLike; name: string }; args: readonly ts.Expression[]; name: string } | undefined;
  /** In a function of a JavaScript module, the kind of each (unannotated) parameter, from its use; undefined in TypeScript. */
  javaScriptParamKind(node: FunctionLike): ((i: number) => 'number' | 'array') | undefined;
}

/** The verbs compiled inside a differentiated function (nested.ts); the others return what compiled code cannot hold. */
const nestedVerbs: ReadonlySet<VerbName> = new Set<VerbName>(['derivative', 'secondDerivative', 'valueAndDerivative', 'valueAndDerivatives', 'gradient', 'valueAndGradient', 'jvp', 'hvp', 'hessian', 'valueGradientHessian', 'jacobian', 'valueAndJacobian']);

/** The parameter kind a type annotation declares, or undefined when it is not a number, an array of numbers or a boolean. */
export function annotatedKind(type: ts.TypeNode | undefined, checker: ts.TypeChecker, seen = new Set<ts.Node>()): Var['kind'] | undefined {
  if (type === undefined || seen.has(type)) return undefined;
  seen.add(type);
  if (type.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (ts.isParenthesizedTypeNode(type)) return annotatedKind(type.type, checker, seen);
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return annotatedKind(type.type, checker, seen) === 'array' ? 'array' : undefined;
  if (ts.isArrayTypeNode(type)) return annotatedKind(type.elementType, checker, seen) === 'number' ? 'array' : undefined;
  // `typeof model.k`, `typeof x`: the type of a value, as the checker gives it (a number or a boolean);
  // `typeof P` of an array of numbers: P's annotation, or its literal of numbers, as an alias's.
  if (ts.isTypeQueryNode(type)) {
    const flags = checker.getTypeFromTypeNode(type).flags;
    if (flags & ts.TypeFlags.NumberLike) return 'number';
    if (flags & ts.TypeFlags.BooleanLike) return 'boolean';
    const decl = typeQueryDeclaration(type, checker);
    if (decl?.type) return annotatedKind(decl.type, checker, seen);
    const init = decl?.initializer && unwrapExpression(decl.initializer);
    return init && ts.isArrayLiteralExpression(init) && init.elements.length > 0 &&
      init.elements.every((el) => !ts.isSpreadElement(el) && !ts.isOmittedExpression(el) && (checker.getTypeAtLocation(el).flags & ts.TypeFlags.NumberLike) !== 0) ? 'array' : undefined;
  }
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    const arg = type.typeArguments?.[0];
    // `type Vec = number[]`, `type Real = number`: the alias's declaration, through imports (the analysis has no lib, so a global name has no symbol).
    let symbol = checker.getSymbolAtLocation(type.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const alias = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
    if (alias) return alias.typeParameters ? undefined : annotatedKind(alias.type, checker, seen);
    if (name === 'Float64Array') return 'array';
    if ((name === 'Array' || name === 'ReadonlyArray') && annotatedKind(arg, checker, seen) === 'number') return 'array';
  }
  return undefined;
}

/**
 * The variable or parameter `typeof P` names (P by name, through imports), or undefined: the
 * annotation or initializer of that declaration is what the type query means.
 */
function typeQueryDeclaration(type: ts.TypeQueryNode, checker: ts.TypeChecker): ts.VariableDeclaration | ts.ParameterDeclaration | undefined {
  if (!ts.isIdentifier(type.exprName) || type.typeArguments) return undefined;
  let symbol = checker.getSymbolAtLocation(type.exprName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  return decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) ? decl : undefined;
}

/**
 * Whether a type annotation is a matrix of numbers (scalarise.ts): `number[][]`,
 * `readonly (readonly number[])[]`, `Array<number[]>`, `ReadonlyArray<…>`, `Float64Array[]`, or an
 * alias of one (the rows are any array of numbers annotatedKind knows).
 */
export function isMatrixAnnotation(type: ts.TypeNode | undefined, checker: ts.TypeChecker, seen = new Set<ts.Node>()): boolean {
  if (type === undefined || seen.has(type)) return false;
  seen.add(type);
  if (ts.isParenthesizedTypeNode(type)) return isMatrixAnnotation(type.type, checker, seen);
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return isMatrixAnnotation(type.type, checker, seen);
  if (ts.isArrayTypeNode(type)) return annotatedKind(type.elementType, checker) === 'array';
  if (ts.isTypeQueryNode(type)) {
    const decl = typeQueryDeclaration(type, checker);
    return decl !== undefined && !seen.has(decl) && (seen.add(decl), isMatrixDeclaration(decl, checker));
  }
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return false;
  let symbol = checker.getSymbolAtLocation(type.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const alias = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
  if (alias) return !alias.typeParameters && isMatrixAnnotation(alias.type, checker, seen);
  return /^(?:Readonly)?Array$/.test(type.typeName.text) && type.typeArguments?.length === 1 && annotatedKind(type.typeArguments[0], checker) === 'array';
}

/** A matrix declared by its annotation, or a const initialized by an array literal of array literals of numbers (`[[1, 2], [3, 4]]`). */
function isMatrixDeclaration(decl: ts.ParameterDeclaration | ts.VariableDeclaration, checker: ts.TypeChecker): boolean {
  if (decl.type) return isMatrixAnnotation(decl.type, checker);
  const init = decl.initializer && unwrapExpression(decl.initializer);
  return init !== undefined && ts.isArrayLiteralExpression(init) && init.elements.length > 0 &&
    init.elements.every((row) => ts.isArrayLiteralExpression(row) && row.elements.every((el) => !ts.isSpreadElement(el) && !ts.isOmittedExpression(el)));
}

/**
 * Whether a declaration without an annotation makes a matrix of numbers as plain code writes one
 * (makesRowsOfNumbers): TypeScript types it number[][], which the analysis, without a lib, cannot.
 */
function isMatrixMade(decl: ts.ParameterDeclaration | ts.VariableDeclaration, checker: ts.TypeChecker): boolean {
  return !decl.type && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && makesRowsOfNumbers(decl.initializer, checker, (d) => capturedKind(d, checker));
}

/**
 * Whether a function returns a matrix (matrixReturns): by its return annotation (`number[][]`), or,
 * without one, by returning a name declared a matrix (annotated, or a literal of rows).
 */
function declaresMatrixReturn(node: FunctionLike, checker: ts.TypeChecker): boolean {
  if (node.type) return isMatrixAnnotation(node.type, checker);
  if (!node.body || !ts.isBlock(node.body)) return false;
  let found = false;
  forEachNode(node.body, (n) => {
    const e = ts.isReturnStatement(n) && n.expression ? skipParens(n.expression) : undefined;
    const decl = e && ts.isIdentifier(e) ? checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    if (decl && ts.isVariableDeclaration(decl) && isMatrixDeclaration(decl, checker)) found = true;
  });
  return found;
}

/**
 * The type written for parameter `i` in the function type an arrow or function expression is
 * passed as (`descend((p) => p[0] * p[0], x0)` with `descend(f: (x: number[]) => number, …)`): an
 * unannotated parameter has it, as TypeScript types it. Undefined for another function, or where
 * the contextual type is not one signature with that parameter written.
 */
function contextualParameterType(node: ts.Node, i: number, checker: ts.TypeChecker): ts.TypeNode | undefined {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return undefined;
  const signatures = checker.getContextualType(node)?.getCallSignatures() ?? [];
  const declaration = signatures.length === 1 ? signatures[0].getParameters()[i]?.valueDeclaration : undefined;
  return declaration && ts.isParameter(declaration) && !declaration.dotDotDotToken ? declaration.type : undefined;
}

/** `ArrayLike<number>`: accepted for captured data (read only), not for parameters. */
const isArrayLikeOfNumber = (type: ts.TypeNode): boolean =>
  ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'ArrayLike' &&
  type.typeArguments?.length === 1 && type.typeArguments[0].kind === ts.SyntaxKind.NumberKeyword;

/**
 * The kind of a value an arrow may capture: from its annotation, else from its initializer (the
 * analysis has no lib, so an array's type is only known from how it is written).
 */
function capturedKind(decl: CapturedDeclaration, checker: ts.TypeChecker, visiting = new Set<ts.Node>()): Var['kind'] | undefined {
  if (!ts.isBindingElement(decl) && decl.type) return annotatedKind(decl.type, checker) ?? (isArrayLikeOfNumber(decl.type) ? 'array' : undefined);
  // `visiting` holds the declarations being decided (a cycle through initializers is not a
  // number); a declaration decided once may be read again (`Math.atan2(T[0], T[0])`).
  if (ts.isParameter(decl) || visiting.has(decl)) return undefined;
  visiting.add(decl);
  try {
    if (ts.isBindingElement(decl)) return destructuredKind(decl, checker, (d) => capturedKind(d, checker, visiting));
    if (isMatrixRowDeclaration(decl, checker)) return 'array';
    if (!decl.initializer) return undefined;
    const isNumber = (e: ts.Expression): boolean => isNumberValued(e, checker, (d) => capturedKind(d, checker, visiting));
    if (isNumber(decl.initializer)) return 'number';
    // A test (`xs.some(…)`, `a < b`, `Number.isNaN(a)`), which the checker, without a lib, may not type.
    const kindOfName = (id: ts.Identifier): Var['kind'] | undefined => {
      const d = checker.getSymbolAtLocation(id)?.valueDeclaration;
      return d && (ts.isParameter(d) || ts.isVariableDeclaration(d) || ts.isBindingElement(d)) ? capturedKind(d, checker, visiting) : undefined;
    };
    if (isBooleanType(checker.getTypeAtLocation(decl.initializer)) || isBooleanExpression(decl.initializer, checker, kindOfName)) return 'boolean';
    return isNumberArrayCreation(decl.initializer, checker, isNumber) || isMappedNumbers(decl.initializer, checker, (d) => capturedKind(d, checker, visiting)) ? 'array' : undefined;
  } finally {
    visiting.delete(decl);
  }
}

/**
 * Whether `e` is `xs.map((x, i) => e)` of an array of numbers, every return of the callback a number
 * (its element and index being numbers): an array of numbers, which the analysis, without a lib, cannot type.
 */
function isMappedNumbers(e: ts.Expression, checker: ts.TypeChecker, kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined): boolean {
  const init = unwrapExpression(e);
  if (!ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression) || init.expression.name.text !== 'map' || init.arguments.length !== 1) return false;
  return isNumberArray(init.expression.expression, checker, kindOf) && returnsNumbers(init.arguments[0], ['number', 'number'], checker, kindOf);
}

/**
 * `ps[i].x` of an array declared `P[]`, `x` a number field of P (not optional): a number, which the
 * checker, without a lib, cannot type (it does not index an array type).
 */
function isRecordElementNumberField(e: ts.PropertyAccessExpression, checker: ts.TypeChecker): boolean {
  const element = unwrapExpression(e.expression);
  const root = ts.isElementAccessExpression(element) ? unwrapExpression(element.expression) : undefined;
  const decl = root && ts.isIdentifier(root) ? checker.getSymbolAtLocation(root)?.valueDeclaration : undefined;
  const type = decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) && decl.type && ts.isArrayTypeNode(decl.type) ? decl.type.elementType : undefined;
  const field = type && checker.getTypeFromTypeNode(type).getProperty(e.name.text)?.valueDeclaration;
  return field !== undefined && (ts.isPropertySignature(field) || ts.isPropertyDeclaration(field)) && !field.questionToken && field.type !== undefined && annotatedKind(field.type, checker) === 'number';
}

/** A name of a row of a matrix declared or made as one: `const row = M[i]`, `for (const row of M)`. */
function isMatrixRowDeclaration(decl: ts.VariableDeclaration, checker: ts.TypeChecker): boolean {
  const list = decl.parent;
  const loop = ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent) && list.parent.initializer === list ? list.parent.expression : undefined;
  const init = decl.initializer && unwrapExpression(decl.initializer);
  const read = loop ?? (init && ts.isElementAccessExpression(init) ? init.expression : undefined);
  const m = read && unwrapExpression(read);
  const d = m && ts.isIdentifier(m) ? checker.getSymbolAtLocation(m)?.valueDeclaration : undefined;
  return d !== undefined && (ts.isParameter(d) || ts.isVariableDeclaration(d)) && (isMatrixDeclaration(d, checker) || isMatrixMade(d, checker));
}

/** What a solver's version may capture: a parameter, a variable, or a name an array destructuring gives (`const [a, b = 1] = xs`). */
type CapturedDeclaration = ts.ParameterDeclaration | ts.VariableDeclaration | ts.BindingElement;

/**
 * A name `const [a, , b = e] = A` gives, A an array of numbers: a number (past the end without a
 * default, undefined, as the function that destructures reads it), where the default is a number.
 */
function destructuredKind(el: ts.BindingElement, checker: ts.TypeChecker, kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined): Var['kind'] | undefined {
  const pattern = el.parent;
  const decl = pattern.parent;
  if (ts.isObjectBindingPattern(pattern) && !el.dotDotDotToken && !el.initializer && ts.isIdentifier(el.name) && ts.isVariableDeclaration(decl) && decl.initializer) {
    // `const { weights: w, bias } = unpack(m)`: a field's declared type (a record's number or array of numbers).
    const key = el.propertyName ?? el.name;
    const field = ts.isIdentifier(key) ? checker.getTypeAtLocation(decl.initializer).getProperty(key.text)?.valueDeclaration : undefined;
    return field && (ts.isPropertySignature(field) || ts.isPropertyDeclaration(field)) && field.type && !field.questionToken ? annotatedKind(field.type, checker) : undefined;
  }
  if (el.dotDotDotToken || !ts.isIdentifier(el.name) || !ts.isArrayBindingPattern(pattern) || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const isNumber = (e: ts.Expression): boolean => isNumberValued(e, checker, kindOf);
  if (el.initializer && !isNumber(el.initializer)) return undefined;
  return isNumberArray(decl.initializer, checker, kindOf) || isNumberArrayCreation(decl.initializer, checker, isNumber) ? 'number' : undefined;
}

/**
 * The kind of an unannotated parameter of a function written as a scalar verb's argument
 * (`derivative((x) => …, 1)`): a number, as the verb passes it, though the analysis (which has
 * no lib) cannot type it so. An arrow inside reads it as a number
 * (`derivative((x) => x * derivative((y) => x + y, 1), 1)`); undefined for any other declaration.
 */
function scalarVerbParamKind(decl: ts.Declaration, ctx: LowerContext): 'number' | undefined {
  if (!ts.isParameter(decl) || decl.type || decl.dotDotDotToken || decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
  const fn = decl.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let arg: ts.Node = fn;
  while (ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== arg) return undefined;
  const verb = ctx.verbOf(call.expression);
  return verb !== undefined && scalarVerbs.has(verb) ? 'number' : undefined;
}
const scalarVerbs: ReadonlySet<VerbName> = new Set<VerbName>(['derivative', 'secondDerivative', 'valueAndDerivative', 'valueAndDerivatives']);

/**
 * Whether an expression gives a number: the checker types it so, or (the analysis has no lib, so
 * the checker types these as errors) it is the length or an element of an array of numbers
 * (`xs.length`, `xs[0]`, `kindOf` giving the array's kind), a `Math` or `Number` constant, or a
 * `Math` function of numbers.
 */
function isNumberValued(e: ts.Expression, checker: ts.TypeChecker, kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined): boolean {
  if ((checker.getTypeAtLocation(e).flags & ts.TypeFlags.NumberLike) !== 0) return true;
  const is = (x: ts.Expression): boolean => isNumberValued(x, checker, kindOf);
  if (ts.isParenthesizedExpression(e)) return is(e.expression);
  // `a + b` of numbers (the checker types the other arithmetic operators as numbers itself), `-a`, `c ? a : b`.
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return is(e.left) && is(e.right);
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) return is(e.operand);
  if (ts.isConditionalExpression(e)) return is(e.whenTrue) && is(e.whenFalse);
  // `(v = …, b)`: the comma's value is its right operand.
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return is(e.right);
  // `(x = Math.PI) + i`: an assignment's value is the value assigned; `x += d` of numbers is a number.
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) return is(e.right);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) return is(e.left) && is(e.right);
  // `a ?? b`, `a || b`, `a && b`: one of two numbers (`xs[1] ?? 0`, an element past the end giving the other).
  if (ts.isBinaryExpression(e) && logicalOfNumbers.has(e.operatorToken.kind)) return is(e.left) && is(e.right);
  const isArray = (x: ts.Expression): boolean => isNumberArray(x, checker, kindOf);
  // The globals NaN and Infinity, which the checker, without a lib, does not know.
  if (ts.isIdentifier(e) && checker.getSymbolAtLocation(e) === undefined) return e.text === 'NaN' || e.text === 'Infinity';
  if (ts.isIdentifier(e)) {
    // A name given a number (`const w = r[0]`, `const [a] = T`, a reducer's accumulator), which the checker, without a lib, may not type;
    // an imported one by its declaration in its module (`export const B = 1 + Number.EPSILON`).
    const symbol = checker.getSymbolAtLocation(e);
    const decl = (symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol)?.valueDeclaration;
    return decl !== undefined && (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl) || ts.isParameter(decl)) && kindOf(decl) === 'number';
  }
  if (ts.isPropertyAccessExpression(e)) {
    const global = globalOf(e.expression, checker);
    if (global === 'Math') return mathConstants.has(e.name.text);
    if (global === 'Number') return numberConstants.has(e.name.text);
    if (e.name.text === 'length' && isArray(e.expression)) return true;
    // A field of an object literal given a number (`r.b` of `const r = { b: Math.max(x, 1) }`, or of `{ b }`).
    const field = checker.getSymbolAtLocation(e.name)?.valueDeclaration;
    if (field !== undefined && ts.isShorthandPropertyAssignment(field)) return shorthandKind(field, checker, kindOf) === 'number';
    if (field !== undefined && ts.isPropertyAssignment(field)) return is(field.initializer);
    return isRecordElementNumberField(e, checker);
  }
  if (ts.isElementAccessExpression(e)) return isArray(e.expression) && is(e.argumentExpression);
  // `A.reduce((s, x, i) => …, init)` over an array of numbers: numbers, where the callback returns
  // numbers (its accumulator, element and index being numbers) and the initial value is one (without
  // one, the accumulator starts at A[0]).
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && reducers.has(e.expression.name.text) && isArray(e.expression.expression)) {
    const [callback, initial] = e.arguments;
    if (callback === undefined || e.arguments.length > 2 || (initial !== undefined && (ts.isSpreadElement(initial) || !is(initial)))) return false;
    return returnsNumbers(callback, ['number', 'number', 'number', 'array'], checker, kindOf);
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && globalOf(e.expression.expression, checker) === 'Math') {
    const name = e.expression.name.text;
    // A spread of an array of numbers gives numbers too (`Math.min(...xs)`).
    return (unaryMath.has(name) || naryMath.has(name)) && e.arguments.every((a) => (ts.isSpreadElement(a) ? isArray(a.expression) : is(a)));
  }
  return false;
}

/** The kind of the variable a shorthand property (`{ b }`) holds, as `kindOf` gives it. */
function shorthandKind(field: ts.ShorthandPropertyAssignment, checker: ts.TypeChecker, kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined): Var['kind'] | undefined {
  const decl = checker.getShorthandAssignmentValueSymbol(field)?.valueDeclaration;
  return decl !== undefined && (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl) || ts.isParameter(decl)) ? kindOf(decl) : undefined;
}

const reducers: ReadonlySet<string> = new Set(['reduce', 'reduceRight']);

/**
 * Whether a callback written in place (an arrow or a function expression) returns a number at every
 * return, its parameters having the kinds `params` gives (`undefined`: not a number); a block body
 * must end in a return (else it may return undefined).
 */
function returnsNumbers(callback: ts.Expression, params: readonly (Var['kind'] | undefined)[], checker: ts.TypeChecker, kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined): boolean {
  const f = unwrapExpression(callback);
  if (!(ts.isArrowFunction(f) || ts.isFunctionExpression(f)) || !simpleParameters(f, params.length)) return false;
  return everyReturn(f, (x) => isNumberValued(x, checker, withParameters(f, params, kindOf)));
}

/** Whether every value callback `f` returns passes `test`; a block body must end in a return (else it may return undefined). */
function everyReturn(f: ts.ArrowFunction | ts.FunctionExpression, test: (e: ts.Expression) => boolean): boolean {
  if (!ts.isBlock(f.body)) return test(f.body);
  const last = f.body.statements.at(-1);
  if (!last || !ts.isReturnStatement(last)) return false;
  let all = true;
  const visit = (n: ts.Node): void => {
    if (!all || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n)) all = n.expression !== undefined && test(n.expression);
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(f.body, visit);
  return all;
}

/** Whether a callback's parameters are at most `most` plain names (no destructuring, rest or default). */
const simpleParameters = (f: ts.ArrowFunction | ts.FunctionExpression, most: number): boolean =>
  f.parameters.length <= most && f.parameters.every((p) => ts.isIdentifier(p.name) && !p.dotDotDotToken && !p.initializer);

/** `kindOf`, with the unannotated parameters of callback `f` given the kinds its caller passes (`params`, by position). */
const withParameters = (f: ts.SignatureDeclaration, params: readonly (Var['kind'] | undefined)[], kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined) =>
  (d: CapturedDeclaration): Var['kind'] | undefined => (ts.isParameter(d) && d.parent === f && !d.type ? params[f.parameters.indexOf(d)] : kindOf(d));

/**
 * Whether a local's initializer makes a matrix of numbers: `Array.from({ length: n }, (_, i) => row)`,
 * or an Array's `map((x, i) => row)` (a literal, `new Array(n).fill(c)`, or a name declared an Array;
 * a typed array's map would make numbers of the rows), every return of the callback a new row of
 * numbers (isNumberArrayCreation), its index (and map's element of an array of numbers) being numbers.
 */
function makesRowsOfNumbers(init: ts.Expression, checker: ts.TypeChecker, kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined): boolean {
  const e = skipParens(init);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  const receiver = skipParens(e.expression.expression);
  const method = e.expression.name.text;
  const callback = e.arguments[method === 'from' ? 1 : 0];
  if (callback === undefined || e.arguments.length !== (method === 'from' ? 2 : 1)) return false;
  const f = unwrapExpression(callback);
  if (!(ts.isArrowFunction(f) || ts.isFunctionExpression(f)) || !simpleParameters(f, 2)) return false;
  const isNumber = (x: ts.Expression): boolean => isNumberValued(x, checker, kindOf);
  let numbersIn = false;
  if (method === 'from' && globalOf(receiver, checker) === 'Array') {
    const source = skipParens(e.arguments[0]);
    if (!ts.isObjectLiteralExpression(source) || source.properties.length !== 1 || source.properties[0].name?.getText() !== 'length') return false;
  } else if (method === 'map') {
    const d = ts.isIdentifier(receiver) ? checker.getSymbolAtLocation(receiver)?.valueDeclaration : undefined;
    const arrayType = (t: ts.TypeNode | undefined): boolean => t !== undefined && (ts.isArrayTypeNode(t) || (ts.isTypeOperatorNode(t) && arrayType(t.type)) ||
      (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && /^(?:Readonly)?Array$/.test(t.typeName.text)));
    const declared = d && (ts.isParameter(d) || ts.isVariableDeclaration(d)) ? d : undefined;
    const written = declared && !declared.type && declared.initializer ? skipParens(declared.initializer) : undefined;
    // A literal or `new Array(n).fill(c)` (not a typed array, nor a call that may return one).
    const created = (x: ts.Expression): boolean => {
      const c = skipParens(x);
      const filled = ts.isCallExpression(c) && ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'fill';
      return (ts.isArrayLiteralExpression(c) || filled) && isNumberArrayCreation(c, checker, isNumber);
    };
    if (created(receiver) || (written && created(written))) numbersIn = true;
    else if (!(declared && arrayType(declared.type))) return false;
    else numbersIn = kindOf(declared) === 'array';
  } else return false;
  return everyReturn(f, (row) => isNumberArrayCreation(row, checker, (x) => isNumberValued(x, checker, withParameters(f, [numbersIn ? 'number' : undefined, 'number'], kindOf))));
}

const logicalOfNumbers: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken]);

/**
 * Whether an expression names an array of numbers (`kindOf` giving its declaration's kind), or is a
 * row of a matrix, `M[i]`, or a name given one (`const r = M[M.length - 1]`), read by index and length.
 */
function isNumberArray(x: ts.Expression, checker: ts.TypeChecker, kindOf: (d: CapturedDeclaration) => Var['kind'] | undefined): boolean {
  // Through an import (`import { T } from './tables'`) to the declaration.
  const declarationOf = (y: ts.Expression): ts.Declaration | undefined => {
    let symbol = ts.isIdentifier(y) ? checker.getSymbolAtLocation(y) : undefined;
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration;
  };
  const isMatrix = (y: ts.Expression): boolean => {
    const decl = declarationOf(y);
    if (decl === undefined || !(ts.isParameter(decl) || ts.isVariableDeclaration(decl))) return false;
    return isMatrixDeclaration(decl, checker) || (ts.isVariableDeclaration(decl) && !decl.type && decl.initializer !== undefined && makesRowsOfNumbers(decl.initializer, checker, kindOf));
  };
  const isRowOf = (y: ts.Expression): boolean => ts.isElementAccessExpression(y) && isMatrix(y.expression) && isNumberValued(y.argumentExpression, checker, kindOf);
  const e = skipParens(x);
  if (isRowOf(e)) return true;
  // A field holding an array of numbers: typed so (`m.weights` of `interface Model { weights: number[] }`), or an object literal's field given one (`data.xs` of `const data = { xs: [1, 2] }`).
  if (ts.isPropertyAccessExpression(e)) {
    const field = checker.getSymbolAtLocation(e.name)?.valueDeclaration;
    if (field && (ts.isPropertySignature(field) || ts.isPropertyDeclaration(field)) && field.type) return annotatedKind(field.type, checker) === 'array';
    if (field !== undefined && ts.isShorthandPropertyAssignment(field)) return shorthandKind(field, checker, kindOf) === 'array';
    return field !== undefined && ts.isPropertyAssignment(field) && isNumberArrayCreation(field.initializer, checker, (y) => isNumberValued(y, checker, kindOf));
  }
  const decl = declarationOf(e);
  if (decl !== undefined && ts.isBindingElement(decl)) return kindOf(decl) === 'array';
  if (decl === undefined || !(ts.isParameter(decl) || ts.isVariableDeclaration(decl))) return false;
  return kindOf(decl) === 'array' || (ts.isVariableDeclaration(decl) && !decl.type && decl.initializer !== undefined && isRowOf(skipParens(decl.initializer)));
}

/** `[1, 2, a]` (numbers only), `new Float64Array(…)`, `new Array(n).fill(c)`/`Array(n).fill(c)` with a number c, a call of a function returning `number[]`. */
function isNumberArrayCreation(e: ts.Expression, checker: ts.TypeChecker, isNumber: (e: ts.Expression) => boolean): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) return isNumberArrayCreation(e.expression, checker, isNumber);
  if (ts.isAsExpression(e) && ts.isTypeReferenceNode(e.type) && e.type.typeName.getText() === 'const') return isNumberArrayCreation(e.expression, checker, isNumber);
  const isGlobal = (id: ts.Expression, name: string): boolean => ts.isIdentifier(id) && id.text === name && checker.getSymbolAtLocation(id) === undefined;
  if (ts.isArrayLiteralExpression(e)) return e.elements.length > 0 && e.elements.every((el) => !ts.isSpreadElement(el) && !ts.isOmittedExpression(el) && isNumber(el));
  if (ts.isNewExpression(e)) return isGlobal(e.expression, 'Float64Array');
  // A call of a function declared to return an array of numbers (`function scaled(…): number[]`).
  const declared = ts.isCallExpression(e) ? checker.getResolvedSignature(e)?.getDeclaration() : undefined;
  if (declared && declared.type && annotatedKind(declared.type, checker) === 'array') return true;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'fill' && e.arguments.length === 1 && isNumber(e.arguments[0])) {
    const inner = e.expression.expression;
    return (ts.isNewExpression(inner) || ts.isCallExpression(inner)) && isGlobal(inner.expression, 'Array');
  }
  return false;
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
    if (globalTestOf(inner, checker)) return true;
    // xs.some(…), xs.every(…), xs.includes(…) (lowering checks that xs is an array of numbers).
    if (ts.isPropertyAccessExpression(inner.expression) && ['some', 'every', 'includes'].includes(inner.expression.name.text)) return true;
    const callee = calleeDeclaration(inner, checker);
    if (callee && !visiting.has(callee)) return returnsBoolean(callee, checker, visiting);
  } else return false;
  return isBooleanType(checker.getTypeAtLocation(inner));
}

/**
 * The test a call of the global `isNaN`/`isFinite`, a `Number.is…` test or `Object.is` makes
 * (unshadowed, or through an alias such as `var isnan = Number.isNaN`); undefined for any other call.
 */
function globalTestOf(e: ts.CallExpression, checker: ts.TypeChecker): NumberTest | 'Object.is' | undefined {
  const name = globalNameOf(e.expression, checker);
  if (name === 'isNaN' || name === 'isFinite' || name === 'Object.is') return name;
  return name?.startsWith('Number.') && numberTests.has(name.slice('Number.'.length)) ? name as NumberTest : undefined;
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
  // A local of the helper returned by name (`var b = Object.is(a, c); …; return b;`) has the kind
  // its declaration gives it: annotated, or its initializer's (TypeScript types a local by it).
  const localKind = (id: ts.Identifier): Var['kind'] | undefined => {
    const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || !isAncestor(node, decl) || visiting.has(decl)) return undefined;
    if (decl.type || !decl.initializer) return annotatedKind(decl.type, checker);
    visiting.add(decl);
    try {
      return isBooleanExpression(decl.initializer, checker, localKind, visiting) ? 'boolean' : undefined;
    } finally {
      visiting.delete(decl);
    }
  };
  // `visiting` guards against recursion only: a second call of the same helper beside the first
  // (`h(0) && h(x)`) is judged again, not taken for a number.
  const result = values.length > 0 && values.every((v) => isBooleanExpression(v, checker, localKind, visiting));
  visiting.delete(node);
  return result;
}

/**
 * The function a call calls, when it is a declaration or a const arrow/function expression (through
 * imports), or a member (members.ts): a method of an object literal or a class, or a property holding
 * an arrow or a function expression (a recursive member returning a boolean is judged as a function is).
 */
function calleeDeclaration(call: ts.CallExpression, checker: ts.TypeChecker): FunctionLike | undefined {
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  let symbol = checker.getSymbolAtLocation(callee);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (decl && ts.isFunctionDeclaration(decl)) return decl;
  // Lowered as a function is (program.ts: a member's node is lowered as a FunctionLike).
  if (decl && ts.isMethodDeclaration(decl) && decl.body) return decl as unknown as FunctionLike;
  const init = decl && (ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl)) ? decl.initializer && skipParens(decl.initializer) : undefined;
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

let nextFunctionId = 0;
/** The declaration each captured variable reads (a call passes the enclosing function's variable). */
const captureDeclarations = new WeakMap<Var, ts.ParameterDeclaration | ts.VariableDeclaration | ts.BindingElement>();
/** A fresh function id (for functions derived from lowered ones). */
export const newFunctionId = (): number => nextFunctionId++;

/**
 * What an unannotated parameter of an arrow passed to a verb is: a number, an array, a matrix (at a
 * matrix point), or a record of the shape of the verb's record point (a parameter of no type whose
 * fields the function reads as numbers, program.ts's recordReadsOfUntyped).
 */
export type DefaultParamKind = 'number' | 'array' | 'matrix' | { readonly record: RecordShape };

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
  defaultParamKind?: (index: number, count: number) => DefaultParamKind | undefined,
  allowCaptures = false,
  options: LowerOptions = {},
): NumericFunction {
  const { enclosing, bindings, applied, self, selfName, omitted } = options;
  /** Reads values of enclosing scopes: an arrow at a verb's call site, or a local function. */
  const capturing = allowCaptures || enclosing !== undefined;
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
  /** Names a callback's own parameters and locals may not take (the arrays its loop reads there): see `invoke`. */
  const shadowed = new Set<string>();
  const usedNames = identifiersOf(node);
  /** The names the source writes; a name in usedNames and not here was taken by a generated variable. */
  const sourceNames: ReadonlySet<string> = new Set(usedNames);
  const constants = new Map<string, ModuleConstant>();

  /** `clashes`: the name means another variable in this function's source, so the variable takes another here. */
  const newVar = (decl: ts.Node, varName: string, kind: Var['kind'], isParam: boolean, isConst: boolean, clashes = false): Var => {
    // Generated code reads these globals: a parameter or local of that name is renamed there.
    let name = varName;
    if (clashes || globalsOfGeneratedCode.has(varName) || shadowed.has(varName)) {
      name = `${varName}_`;
      for (let k = 2; usedNames.has(name); k++) name = `${varName}_${k}`;
      usedNames.add(name);
    }
    const v: Var = { id: nextVar++, name, sourceName: varName, kind, isParam, isConst };
    vars.set(decl, v);
    noteLoweredVar(decl, v);
    return v;
  };

  const params: Var[] = [];
  const prologue: Stmt[] = [];
  const freshParamName = (base: string): string => {
    let name = base;
    for (let k = 2; usedNames.has(name); k++) name = `${base}${k}`;
    usedNames.add(name);
    return name;
  };
  /** A declared tuple of numbers (`{}`) or record (its shape), through aliases, interfaces and classes; undefined for other types. */
  const shapedKind = (d: ts.ParameterDeclaration | ts.VariableDeclaration): { shape?: RecordShape } | undefined => {
    const type = ctx.checker.getTypeAtLocation(d.name);
    if (tupleLength(type, ctx.checker) !== undefined) return {};
    const shape = recordShapeOf(type, ctx.checker, d.type ?? d, d.type?.getText(sf));
    return shape && { shape };
  };
  /** The layout of a record with array fields (scalarise.ts) declared `d`, from its type; undefined for any other type. */
  const splitKind = (d: ts.ParameterDeclaration | ts.VariableDeclaration) =>
    splitRecordOf(ctx.checker.getTypeAtLocation(d.name), ctx.checker, d.type ?? d, (t) => annotatedKind(t, ctx.checker) === 'array', d.type?.getText(sf),
      d.type ? undefined : isNumberArrayField);
  /**
   * Whether the value of a field of an untyped object literal is an array of numbers: a new one
   * (`w: [x, 2]`) or one by name (`{ xs }`, `w: m.weights`), which the analysis, without a lib, sees typed `{}`.
   */
  const isNumberArrayField = (e: ts.Expression): boolean => {
    const kindOf = (d: CapturedDeclaration) => capturedKind(d, ctx.checker);
    if (ts.isShorthandPropertyAssignment(e.parent) && e.parent.name === e) return shorthandKind(e.parent, ctx.checker, kindOf) === 'array';
    return isNumberArrayCreation(e, ctx.checker, (x) => isNumberValued(x, ctx.checker, kindOf)) || isNumberArray(e, ctx.checker, kindOf);
  };
  /**
   * The variables of a record with array fields named `name` (scalarise.ts): the record of its
   * numbers, then an array per array field (`m_weights`); `decl` names the record.
   */
  const splitVars = (decl: ts.Node, name: string, split: { shape: RecordShape; arrays: readonly string[] }, isParam: boolean): Var[] => {
    const fields = new Map<string, Var>();
    for (const f of split.arrays) {
      const fresh = freshParamName(`${name}_${f}`);
      const v: Var = { id: nextVar++, name: fresh, sourceName: fresh, kind: 'array', isParam, isConst: true };
      fields.set(f, v);
    }
    const rec = newVar(decl, name, 'array', isParam, !isParam);
    recordShapes.set(rec, split.shape);
    arrayFields.set(rec, fields);
    for (const [field, v] of fields) fieldArrays.set(v, { record: rec, field });
    return [rec, ...fields.values()];
  };
  /** The shape a function returns when it returns a record (its declared or inferred return type). */
  const returnType = ((): ts.Type | undefined => {
    const signature = ctx.checker.getSignatureFromDeclaration(node);
    return signature && ctx.checker.getReturnTypeOfSignature(signature);
  })();
  /** The layout of the record with array fields the function returns, if it returns one (splitReturns). */
  const returnSplit = returnType && splitRecordOf(returnType, ctx.checker, node.type ?? node, (t) => annotatedKind(t, ctx.checker) === 'array', node.type?.getText(sf));
  if (returnSplit) splitReturns.set(node, returnSplit);
  const returnShape = returnType && !returnSplit ? recordShapeOf(returnType, ctx.checker, node.type ?? node, node.type?.getText(sf)) : undefined;
  if (returnShape) recordReturns.set(node, returnShape);
  /** Whether the function returns a matrix (matrixReturns): its local matrix, laid out in one array. */
  const returnsMatrix = !returnSplit && !returnShape && declaresMatrixReturn(node, ctx.checker);
  if (returnsMatrix) matrixReturns.add(node);
  // An instance method's `this`: a record parameter before the declared ones.
  const thisVar = self && newVar(node, selfName ?? freshParamName('self'), 'array', selfName === undefined, selfName !== undefined);
  if (thisVar) recordShapes.set(thisVar, self!);
  if (thisVar && selfName === undefined) params.push(thisVar);
  /** The parameters a version for fewer arguments leaves undefined (omitted.ts), by declaration. */
  const omittedParams = new Map<ts.Declaration, OmittedParameter>();
  /** Whether the body assigns a name a destructuring parameter binds (culori's `if (r === undefined) r = 0`): a local then, not a const. */
  const reassigned = (name: ts.Identifier): boolean => {
    const symbol = ctx.checker.getSymbolAtLocation(name);
    let written = false;
    if (node.body) forEachNode(node.body, (n) => { written ||= ts.isIdentifier(n) && n.text === name.text && isWritten(n) && ctx.checker.getSymbolAtLocation(n) === symbol; });
    return written;
  };
  /** An omitted parameter, or a name unpacked from a record without its field (`absentFrom`, its type): undefined (omitted.ts). */
  const leaveUndefined = (decl: ts.ParameterDeclaration | ts.BindingElement, text: string, absentFrom?: string): void => {
    const o = omittedParameter(node, decl, ctx.checker, name, absentFrom);
    omittedParams.set(decl, o);
    if (o.defaulting) {
      // Given a value by its defaulting statement before any use: a local from there on.
      const kind = isBooleanExpression(o.defaulting.value, ctx.checker, () => undefined) ? 'boolean' : 'number';
      prologue.push({ k: 'let', v: newVar(decl, text, kind, false, false), init: undefined, node: decl, hoisted: true });
    }
  };
  node.parameters.forEach((p, i) => {
    // A function-typed parameter bound at the call site being specialised is no parameter here.
    if (bindings?.has(p)) return;
    if (omitted !== undefined && i >= omitted) {
      if (p.dotDotDotToken || !ts.isIdentifier(p.name)) {
        reject(p, 'DDX1050', `a call of '${name}' omits '${p.name.getText(sf)}', which is a rest or destructured parameter; pass every argument up to it`);
      }
      if (p.initializer) {
        // Its default value (lowered with the others, below).
        newVar(p, p.name.text, 'number', false, false);
        return;
      }
      leaveUndefined(p, p.name.text);
      return;
    }
    if (p.type && ts.isFunctionTypeNode(p.type)) {
      reject(p, 'DDX1030', `parameter '${p.name.getText(sf)}' holds a function: a function taking a function is compiled per call, where the argument is a function known at compile time (a function declared in this project, or an arrow written there); pass one there`);
    }
    if (enclosing && p.initializer) {
      reject(p, 'DDX1030', 'a local function with a default parameter value is not supported yet; pass every argument, or declare the function at module level');
    }
    // `...xs: number[]`: an array parameter; each call passes the array of its trailing arguments (callOf).
    if (p.dotDotDotToken) {
      if (!ts.isIdentifier(p.name) || annotatedKind(p.type, ctx.checker) !== 'array' || isMatrixAnnotation(p.type, ctx.checker)) {
        reject(p, 'DDX1005', `a rest parameter is supported as a named array of numbers (...${ts.isIdentifier(p.name) ? p.name.text : 'xs'}: number[]); declare it so, or pass an array parameter`);
      }
      params.push(newVar(p, p.name.text, 'array', true, false));
      return;
    }
    if (p.initializer && !(ts.isIdentifier(p.name) && (annotatedKind(p.type, ctx.checker) ?? (p.type === undefined ? 'number' : undefined)) === 'number')) {
      reject(p, 'DDX1005', 'only number parameters may have a default value (k = 2); declare array parameters without one');
    }
    // The kind the verb gives an unannotated parameter without a default value.
    const given = (p.type === undefined || p.type.kind === ts.SyntaxKind.AnyKeyword) && !p.initializer ? defaultParamKind?.(i, node.parameters.length) : undefined;
    // The record a verb's point gives a parameter of no type (`p` of `area(p)` at `gradient(area, { x: 2, y: 3 })`; or `p: any`).
    const pointRecord = typeof given === 'object' ? given.record : undefined;
    const defaultKind = p.type === undefined && typeof given !== 'object' ? given : undefined;
    // A matrix of numbers (scalarise.ts) is data laid out in one array of numbers; so is an
    // unannotated parameter of an arrow differentiated at a matrix point (`gradient((W) => …, W0)`).
    if (isMatrixAnnotation(p.type, ctx.checker) || defaultKind === 'matrix') {
      if (!ts.isIdentifier(p.name)) reject(p, 'DDX1023', `a matrix parameter (${p.type?.getText(sf) ?? 'number[][]'}) is named, not destructured; read its rows by index (m[i])`);
      const v = newVar(p, p.name.text, 'array', true, false);
      matrices.add(v);
      params.push(v);
      return;
    }
    // A record with array fields: the record of its numbers and an array per array field.
    const split = p.type && ts.isIdentifier(p.name) && !ts.isFunctionTypeNode(p.type) && annotatedKind(p.type, ctx.checker) === undefined ? splitKind(p) : undefined;
    if (split) {
      if (p.initializer) reject(p, 'DDX1005', 'only number parameters may have a default value (k = 2); declare record parameters without one');
      params.push(...splitVars(p, (p.name as ts.Identifier).text, split, true));
      return;
    }
    // A tuple of numbers, a record or an array of records (scalarise.ts) is an array of numbers.
    const elements = recordArrayShapeOf(p.type, ctx.checker);
    // JavaScript: a record or tuple type JSDoc gives (`@param {{ x: number, y: number }} p`, a @typedef) is the
    // parameter's shape, which its use cannot tell (numbers and arrays are told by use).
    const jsDocShaped = !elements && !p.type && isJavaScript(node) && ts.getJSDocType(p) !== undefined ? shapedKind(p) : undefined;
    const shaped = (pointRecord && { shape: pointRecord }) ?? (!elements && p.type && annotatedKind(p.type, ctx.checker) === undefined && !ts.isFunctionTypeNode(p.type) ? shapedKind(p) : undefined) ?? jsDocShaped;
    const kind = shaped || elements ? 'array' : annotatedKind(p.type, ctx.checker) ?? (p.type === undefined ? (p.initializer ? 'number'
      : defaultKind ?? annotatedKind(contextualParameterType(node, i, ctx.checker), ctx.checker)) : undefined);
    if (kind === undefined) {
      reject(p, 'DDX1005', p.type === undefined
        ? `parameter '${p.name.getText(sf)}' needs a type annotation (number, number[], readonly number[], Float64Array or boolean) so the transform knows its shape`
        : `parameter type '${p.type.getText(sf)}' is not supported; use number, number[], readonly number[], Float64Array or boolean`);
    }
    if (ts.isIdentifier(p.name)) {
      const v = newVar(p, p.name.text, kind, true, false);
      if (shaped?.shape) recordShapes.set(v, shaped.shape);
      if (elements) recordArrayShapes.set(v, elements);
      params.push(v);
      return;
    }
    if (ts.isObjectBindingPattern(p.name) && shaped?.shape) {
      // `({ x, y }: Point) => …`: a record parameter unpacked into number locals.
      const rec = newVar(p, freshParamName('rec'), 'array', true, false);
      recordShapes.set(rec, shaped.shape);
      params.push(rec);
      for (const el of p.name.elements) {
        const field = el.propertyName ?? el.name;
        const place = ts.isIdentifier(field) ? fieldPlace(shaped.shape, [field.text]) : undefined;
        if (ts.isIdentifier(field) && !place && !constantOf(shaped.shape, field.text) && ts.isIdentifier(el.name) && !el.dotDotDotToken && !el.initializer) {
          // culori's `({ r, g, b, alpha })` of a colour without alpha: JavaScript unpacks undefined,
          // which only its tests may read; they fold as an omitted parameter's do (omitted.ts).
          leaveUndefined(el, el.name.text, shaped.shape.typeName);
          continue;
        }
        if (!ts.isIdentifier(el.name) || el.dotDotDotToken || el.initializer || !place || place.shape) {
          reject(el, 'DDX1022', `only number fields unpacked into plain names are supported when destructuring a record parameter, e.g. ({ x, y }: Point) => …`);
        }
        const v = newVar(el, el.name.text, 'number', false, !reassigned(el.name));
        prologue.push({ k: 'let', v, init: { k: 'elem', arr: rec, index: { k: 'num', text: String(place.index), value: place.index, node: el }, node: el }, node: el });
      }
      return;
    }
    if (ts.isArrayBindingPattern(p.name) && kind === 'array') {
      // `([a, b]) => …`: an array parameter unpacked into number locals.
      const arr = newVar(p, freshParamName('xs'), 'array', true, false);
      params.push(arr);
      p.name.elements.forEach((el, k) => {
        if (ts.isOmittedExpression(el)) return;
        if (!ts.isIdentifier(el.name) || el.dotDotDotToken || el.initializer) {
          reject(el, 'DDX1005', 'only plain names are supported when destructuring an array parameter, e.g. ([a, b]) => …');
        }
        const v = newVar(el, el.name.text, 'number', false, !reassigned(el.name));
        const index: Expr = { k: 'num', text: String(k), value: k, node: el };
        prologue.push({ k: 'let', v, init: { k: 'elem', arr, index, node: el }, node: el });
      });
      return;
    }
    reject(p, 'DDX1005', 'object destructuring parameters are not supported; use number, number[] or Float64Array parameters');
  });

  const body: Stmt[] = [...prologue];
  const holder = node.parent;
  const declaredAtModuleLevel = ts.isFunctionDeclaration(node)
    ? ts.isSourceFile(node.parent) && node.name?.text === name
    : ts.isVariableDeclaration(holder) && ts.isSourceFile(holder.parent.parent.parent) && ts.isIdentifier(holder.name) && holder.name.text === name;
  // A local function or a specialisation is called with other arguments than the source's.
  const moduleLevel = declaredAtModuleLevel && enclosing === undefined && !applied && omitted === undefined;
  const captures: Var[] = thisVar && selfName !== undefined ? [thisVar] : [];
  /** The array parameters this function writes (outparams: filled in as writes are lowered). */
  const writes: { index: number; at: ts.Node }[] = [];
  const fn: NumericFunction = {
    id: nextFunctionId++, name, node, fileName: sf.fileName, params, body, returns: returnsBoolean(node, ctx.checker) ? 'boolean' : 'number', captures, moduleLevel, usedNames, constants, writes,
  };
  register(fn);
  ctx.lowered?.(fn);
  lowering.add(fn);
  /** `v`, an array parameter of this function, has its elements written at `at` (an out-parameter). */
  const writeParam = (v: Var, at: ts.Node): void => {
    const index = params.indexOf(v);
    if (index < 0) reject(at, 'DDX1011', `'${v.name}' is not an array of this function; only its own arrays and array parameters can be written`);
    if (!writes.some((w) => w.index === index)) writes.push({ index, at });
  };
  /** The call being lowered as a statement, or as `return`/`const` of the array it writes (may call a function that writes). */
  let effectCall: ts.CallExpression | undefined;
  const asEffect = <T>(call: ts.CallExpression, lower: () => T): T => {
    const outer = effectCall;
    effectCall = call;
    try {
      return lower();
    } finally {
      effectCall = outer;
    }
  };
  if (enclosing) liftedInProgress.add(fn);

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
    // A shorthand property's name (`{ x, y }`) names the variable, not the property it makes.
    if (!names.has(id.text)) names.set(id.text, ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? ctx.checker.getShorthandAssignmentValueSymbol(id.parent) : ctx.checker.getSymbolAtLocation(id));
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

  /** The omitted parameter (of this version) an identifier names, if any. */
  const omittedOf = (id: ts.Identifier): OmittedParameter | undefined => {
    if (omittedParams.size === 0) return undefined;
    const symbol = symbolOf(id);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return decl ? omittedParams.get(decl) : undefined;
  };
  /** Whether an identifier names an omitted parameter that is undefined wherever it is read (no defaulting statement). */
  const isUndefinedHere = (id: ts.Identifier): boolean => omittedOf(id)?.defaulting === undefined && omittedOf(id) !== undefined;
  /** A condition that omitted parameters decide (omitted.ts), or undefined. */
  const foldedByOmitted = (e: ts.Expression): boolean | undefined =>
    omittedParams.size === 0 ? undefined : foldOmittedTest(e, ctx.checker, isUndefinedHere, (id) => omittedOf(id)?.defaulting !== undefined);
  /** Rejects a use of an omitted parameter that nothing folds. */
  const checkNotOmitted = (id: ts.Identifier): void => {
    if (isUndefinedHere(id)) rejectOmittedUse(id, id.text, name, omittedOf(id)!.absentFrom);
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
  const withPrelude = (lower: () => Stmt): Stmt[] => withPreludes(() => [lower()]);
  const withPreludes = (lower: () => Stmt[]): Stmt[] => {
    const outer = prelude;
    const mine: Stmt[] = [];
    prelude = mine;
    try {
      const stmts = lower();
      return [...mine, ...stmts];
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
  /**
   * Names of arrays this function may lengthen (`a.push(…)`, `a[i] = …` past the end), `*` for any
   * (written through a callback's array parameter): see `lengthOf`.
   */
  const grown = new Set<string>();
  const callbackParams = new Set<string>();
  const lengthens = (id: ts.Expression): void => {
    if (ts.isIdentifier(id)) grown.add(callbackParams.has(id.text) ? '*' : id.text);
    // An array field (`m.weights[i] = …`): the array may be named otherwise too.
    else if (ts.isPropertyAccessExpression(id)) grown.add('*');
  };
  /** Whether lowering makes `n` (or what it gives) before its statement, with no assignment. */
  const madeBefore = (n: ts.Node): boolean => isSpreadCall(n) || isArrayLiteralArgument(n) || heldBeforeItsStatement(n, ctx.checker);
  forEachNode(node, (n) => {
    if (ts.isParameter(n) && n.parent !== node && ts.isIdentifier(n.name)) callbackParams.add(n.name.text);
    const target = effectTarget(n);
    const written = target && skipParens(target);
    if (written && ts.isElementAccessExpression(written)) lengthens(skipParens(written.expression));
    const isCall = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression);
    if (isCall && n.expression.name.text === 'push') lengthens(n.expression.expression);
    // An array method's loops go before the statement, as an assignment used as a value does: a
    // loop whose test calls one is lowered as one whose test assigns.
    // So is an array literal passed to a call (made into a local before the statement: literalArgument).
    // So is Math.max(...xs) (a loop folds it: spreadMath), and a call whose value is held in a local (heldCalls.ts).
    if (target === undefined && !madeBefore(n) && !(isCall && arrayMethodNames.has(n.expression.name.text))) return;
    for (let p: ts.Node | undefined = n; p && !effectful.has(p); p = p === node ? undefined : p.parent) effectful.add(p);
  });

  /** A fresh name for a generated local or label, never one the function uses: `base`, else `base2`, `base3`, … */
  const freshName = (base: string): string => {
    let name = base;
    for (let k = 2; usedNames.has(name) || isReservedWord(name); k++) name = `${base}${k}`;
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
    if (prelude === undefined || !effectful.has(later) || earlier.k === 'num') return earlier;
    if (earlier.k === 'var' && earlier.v.kind === 'array') {
      // An array is passed by reference: the one the name holds when JavaScript evaluates it.
      if (writtenBy([later], true).has(earlier.v)) reject(later, 'DDX1014', `'${earlier.v.sourceName}' is given another array here, after it is passed (JavaScript passes the array it held before); assign it before, as its own statement`);
      return earlier;
    }
    const writes = writtenBy([later]);
    let reads = false;
    forEachExpr([{ k: 'return', value: earlier, node: earlier.node }], (x) => {
      if ((x.k === 'var' && writes.has(x.v)) || ((x.k === 'elem' || x.k === 'len' || x.k === 'mathOver') && writes.has(x.arr))) reads = true;
    });
    return reads ? hold(earlier, 'operand') : earlier;
  };

  /**
   * The variables the assignments and increments in `es` write: an element's array, a field's
   * record (`r.y`, `ps[0].y`, `s.pos.x`); `whole`: only those given a new value by name (`a = […]`).
   */
  const writtenBy = (es: readonly ts.Expression[], whole = false): Set<Var> => {
    const writes = new Set<Var>();
    for (const e of es) {
      forEachNode(e, (n) => {
        const target = effectTarget(n);
        let name = target && skipParens(target);
        while (!whole && name && (ts.isElementAccessExpression(name) || ts.isPropertyAccessExpression(name))) name = skipParens(name.expression);
        const v = name && ts.isIdentifier(name) ? varOf(name) : undefined;
        if (v) writes.add(v);
        // A field written through a record of an array of records (`q.y`, q = ps[i]) is an element of the array.
        const view = v && recordViews.get(v);
        if (view) writes.add(view.arr);
      });
    }
    return writes;
  };

  /**
   * Parts of a value evaluated left to right, each lowered to several numbers (the records of an
   * array of records, the fields of a record literal), each `before` the parts after it.
   */
  const inOrder = (parts: readonly ts.Expression[], lowerOne: (e: ts.Expression) => Expr[]): Map<ts.Expression, Expr[]> => {
    const out = new Map<ts.Expression, Expr[]>();
    const copiedLast: Stmt[] = [];
    parts.forEach((e, i) => {
      for (const earlier of out.values()) earlier.forEach((x, j) => (earlier[j] = before(x, e)));
      out.set(e, copiesAfterAssignments(parts, i, () => lowerOne(e), copiedLast));
    });
    prelude?.push(...copiedLast);
    return out;
  };

  /** Operands evaluated left to right (arguments, array elements), each `before` the ones after it. */
  const lowerInOrder = (es: readonly ts.Expression[], lowerOne: (e: ts.Expression, i: number) => Expr = lowerExpr): Expr[] => {
    const out: Expr[] = [];
    const copiedLast: Stmt[] = [];
    es.forEach((e, i) => {
      for (let j = 0; j < out.length; j++) out[j] = before(out[j], e);
      out.push(...copiesAfterAssignments(es, i, () => [lowerOne(e, i)], copiedLast));
    });
    prelude?.push(...copiedLast);
    return out;
  };

  /**
   * `es[i]` lowered (`lower`); when an operand after it assigns, the copies it is lowered to
   * (`copies`) are taken out of the prelude into `copiedLast`, which the caller puts after the operands.
   */
  const copiesAfterAssignments = (es: readonly ts.Expression[], i: number, lower: () => Expr[], copiedLast: Stmt[]): Expr[] => {
    const assignsAfter = prelude !== undefined && es.slice(i + 1).some((later) => effectful.has(later));
    const outer = rowsHeld;
    rowsHeld ||= assignsAfter;
    let lowered: Expr[];
    try {
      lowered = lower();
    } finally {
      rowsHeld = outer;
    }
    for (const x of assignsAfter ? lowered : []) {
      const copy = x.k === 'var' ? copies.get(x.v) : undefined;
      if (!copy) continue;
      // The copy reads the elements after the assignments, as the callee does; a number it reads
      // besides (where a record is in its array: ps[i]) must be the one JavaScript took before them.
      const written = writtenBy(es.slice(i + 1));
      forEachExpr(copy, (y) => {
        if (y.k === 'var' && y.v.kind !== 'array' && !y.v.isConst && written.has(y.v)) {
          reject(es[i]!, 'DDX1022', `'${sourceText(es[i]!)}' is copied for the callee, which reads it after an argument after it that assigns '${y.v.sourceName}'; assign before the call, as its own statement`);
        }
      });
      copiedLast.push(...takeFromPrelude(copy, es[i]!));
    }
    return lowered;
  };

  /**
   * The statements that copy a matrix, or a row of one, passed to a callee (matrixLayoutCopy,
   * rowCopy), by the copy. A reference to the matrix is passed in JavaScript: the callee reads it
   * when it is called, after every argument is evaluated, so an argument after it that assigns an
   * element (`s(M, (M[1][0] = x))`) changes what it reads. lowerInOrder moves such a copy after
   * the arguments (rowsHeld: the row a copy reads is held where JavaScript takes it, `M[i]` before `(i = 2)`).
   */
  const copies = new Map<Var, Stmt[]>();
  let rowsHeld = false;
  /** Records the statements `prelude` gained since `start`, as the copy `v`. */
  const copyMade = (v: Var, start: number): void => void copies.set(v, prelude!.slice(start));
  /** `stmts`, taken out of the prelude (to be put back later); refused when they are not all in it, in order. */
  const takeFromPrelude = (stmts: readonly Stmt[], at: ts.Node): Stmt[] => {
    const start = prelude!.indexOf(stmts[0]!);
    if (start < 0 || stmts.some((s, k) => prelude![start + k] !== s)) {
      return reject(at, 'DDX1023', `'${sourceText(at)}' is copied for the callee before an argument after it that assigns; assign before the call, as its own statement`);
    }
    return prelude!.splice(start, stmts.length);
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
      // `x++` gives the old value converted to a number: NaN, not undefined, past the end of an array.
      const operand: Expr = index ? { k: 'elem', arr: v, index, node: e.operand } : { k: 'var', v, node: e.operand };
      const old = hold(toNumber(operand), 'before');
      const value: Expr = { k: 'bin', op: e.operator === ts.SyntaxKind.PlusPlusToken ? '+' : '-', a: old, b: { k: 'num', text: '1', value: 1, node: e }, node: e };
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

  // ---- the comma operator ------------------------------------------------------------------

  /** Whether evaluating `e` does nothing but give its value (no assignment, no call but Math's): it may be left out. */
  const givesOnlyItsValue = (e: ts.Expression): boolean => {
    let pure = !effectful.has(e);
    forEachNode(e, (n) => {
      if (ts.isCallExpression(n) && !(ts.isPropertyAccessExpression(n.expression) && isGlobalMath(n.expression.expression))) pure = false;
    });
    return pure;
  };

  /**
   * \`(a, b, c)\`: a and b are evaluated for what they do, as statements before the expression
   * (an assignment, an increment, an array method), or left out when they only give a value; the
   * value is c's.
   */
  const lowerComma = (e: ts.BinaryExpression): Expr => lowerExpr(lowerCommaOperands(e));
  /** The left operands of a comma operator (none for anything else) lowered before the expression; gives the last operand. */
  const lowerCommaOperands = (e: ts.Expression): ts.Expression => {
    const parts = flattenComma(e);
    const last = parts.pop()!;
    for (const part of parts) {
      if (givesOnlyItsValue(part)) continue;
      if (prelude === undefined) {
        reject(part, 'DDX1061', `the left of a comma operator that does something ('${sourceText(part)}') is not supported ${conditionalPlaceOf(part, node)}; do it before, as its own statement`);
      }
      prelude.push(...withPrelude(() => lowerExpressionStatement(part, part)));
    }
    return last;
  };

  // ---- branches that assign ---------------------------------------------------------------

  /**
   * Whether `branch`, evaluated conditionally (a branch of ?:, the right of && || ??), assigns or
   * calls an array method, in a place where statements can go before the expression: it is then
   * lowered to an if statement in the prelude, which evaluates exactly what JavaScript evaluates.
   */
  const branchAssigns = (branch: ts.Expression): boolean => prelude !== undefined && effectful.has(branch);

  /** A local `name` of the prelude, declared without a value (each branch assigns it). */
  const branchResult = (at: ts.Node, base: string, kind: 'number' | 'boolean', init?: Expr): Var => {
    const v = newVar(at, freshName(base), kind, false, false);
    prelude!.push({ k: 'let', v, init, node: at });
    return v;
  };
  /** The statements of one branch: its own prelude, then `v = branch`. */
  const branchInto = (v: Var, branch: ts.Expression): Stmt[] =>
    withPrelude(() => ({ k: 'set', v, value: v.kind === 'boolean' ? lowerBooleanValue(branch, 'a branch of this ?:') : lowerExpr(branch), node: branch }));

  /** `test ? a : b` where a branch assigns: `let chosen; if (test) { …; chosen = a } else { …; chosen = b }`. */
  const lowerChoiceThatAssigns = (e: ts.ConditionalExpression, test: Cond, kind: 'number' | 'boolean'): Extract<Expr, { k: 'var' }> => {
    const v = branchResult(e, 'chosen', kind);
    const then = branchInto(v, e.whenTrue);
    const otherwise = branchInto(v, e.whenFalse);
    prelude!.push({ k: 'if', test, then, else: otherwise, node: e });
    return { k: 'var', v, node: e };
  };

  /**
   * `a || b`, `a && b`, `a ?? b` (numbers) where b assigns: `let either = a; if (!either) { …; either = b }`
   * (`if (either)` for &&, `if (either is undefined)` for ??): b is evaluated only where JavaScript evaluates it.
   */
  const lowerFallbackThatAssigns = (e: ts.BinaryExpression): Expr => {
    const op = e.operatorToken.kind;
    const a = lowerExpr(e.left);
    const v = branchResult(e.left, 'either', 'number', a);
    const held: Expr = { k: 'var', v, node: e.left };
    const taken: Cond = op === ts.SyntaxKind.QuestionQuestionToken ? { k: 'defined', a: held, node: e.left } : { k: 'truthy', a: held, node: e.left };
    const test: Cond = op === ts.SyntaxKind.AmpersandAmpersandToken ? taken : { k: 'not', a: taken, node: e.left };
    const then = branchInto(v, e.right);
    prelude!.push({ k: 'if', test, then, else: undefined, node: e });
    return { k: 'var', v, node: e };
  };

  /** A condition `a && b`, `a || b` where b assigns: `let both = a; if (both) { …; both = b }` (`if (!either)` for ||). */
  const lowerLogicThatAssigns = (e: ts.BinaryExpression, a: Cond): Cond => {
    const and = e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
    const v = branchResult(e.left, and ? 'both' : 'either', 'boolean', { k: 'boolean', test: a, node: e.left });
    const flag: Cond = { k: 'flag', v, node: e.left };
    const then = withPrelude(() => ({ k: 'set', v, value: { k: 'boolean', test: lowerCond(e.right), node: e.right }, node: e.right }));
    prelude!.push({ k: 'if', test: and ? flag : { k: 'not', a: flag, node: e.left }, then, else: undefined, node: e });
    return { k: 'flag', v, node: e };
  };

  /**
   * A loop whose test (or for-loop update) assigns: \`while (test) body\` becomes
   * \`for (;;) { prelude; if (!test) break; { body } }\`, which evaluates the same things in the same
   * order (\`continue\` goes on to the test, as before). A do…while's test and a for-loop's update
   * move to the end of the body, which \`continue\` would skip: with a \`continue\`, they are rejected.
   */
  const loopAssigns = (s: ts.Statement): boolean =>
    (ts.isWhileStatement(s) || ts.isDoStatement(s)) ? effectful.has(s.expression)
      : ts.isForStatement(s) && ((s.condition !== undefined && effectful.has(s.condition)) || (s.incrementor !== undefined && flattenComma(s.incrementor).some((u) => assignsInOperands(u, madeBefore))));
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
    const moveUpdates = updates.some((u) => assignsInOperands(u, madeBefore));
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
    const arr = arrayNamedBy(e);
    if (arr?.kind !== 'array') {
      const rowOf = arr && matrixRows.get(arr);
      // The name as written (the row's variable is named `${name}At`).
      const row = sourceText(e);
      if (rowOf) rejectMatrixUse(e, rowOf, `${what} an array of numbers, and '${row}' is a row of it: index it (for (let j = 0; j < ${row}.length; j++)), or copy it (${row}.slice() into a local)`);
      reject(e, 'DDX1017', `${what} an array of numbers named by a parameter, a local array or an array captured by an arrow at the call site; ${arr ? `'${arr.name}' is a number` : 'declare the array as a local first'}`);
    }
    if (matrices.has(arr)) rejectMatrixUse(e, arr, `${what} an array of numbers; read its rows by index (m[i][j]), or iterate over them (for (const row of m))`);
    return arr;
  };

  /**
   * The array an expression names: a parameter, local or capture by its name, or an array field of
   * a record with array fields (`m.weights`, its own array: scalarise.ts); undefined for anything else.
   */
  const arrayNamedBy = (e: ts.Expression): Var | undefined => {
    const inner = skipParens(e);
    if (ts.isIdentifier(inner)) return lookup(inner);
    if (!ts.isPropertyAccessExpression(inner)) return undefined;
    const owner = skipParens(inner.expression);
    // `this.w` in a member function of a local object (members.ts): its record's array field.
    const record = ts.isIdentifier(owner) ? lookup(owner, false) : ts.isCallExpression(owner) ? heldRecords.get(owner) : owner.kind === ts.SyntaxKind.ThisKeyword ? localThisOf(owner) : undefined;
    if (!record && (ts.isIdentifier(owner) || owner.kind === ts.SyntaxKind.ThisKeyword)) return moduleObjectArray(inner);
    return record && arrayFields.get(record)?.get(inner.name.text);
  };

  /** The matrix `e` names: one by its name, or the matrix field of the record a nested verb gives (`r.hessian`, heldRecordOf). */
  const matrixNamedBy = (e: ts.Expression): Var | undefined => {
    const inner = skipParens(e);
    const v = ts.isIdentifier(inner) ? lookup(inner) : ts.isPropertyAccessExpression(inner) ? arrayNamedBy(inner) : undefined;
    return v && matrices.has(v) ? v : undefined;
  };

  /** \`for (const v of xs) body\`: the IR's forOf over a fresh index (normalise.ts makes it a counted for). */
  const lowerForOf = (s: ts.ForOfStatement): Stmt[] => {
    if (s.awaitModifier) reject(s.awaitModifier, 'DDX1002', 'for await…of is not supported in a differentiated function');
    const over = matrixNamedBy(s.expression);
    if (over) return lowerForOfRows(s, over);
    const arr = namedArray(s.expression, 'for…of iterates over');
    const i = newVar(s.expression, freshName('i'), 'number', false, false);
    const index: Extract<Expr, { k: 'var' }> = { k: 'var', v: i, node: s.expression };
    const element: Expr = { k: 'elem', arr, index, node: s.initializer };
    // Over an array of records, the loop variable names the record at i (a view: see recordViews).
    const records = recordArrayShapes.get(arr);
    let bind: Stmt;
    let bound: string | undefined;
    const list = s.initializer;
    if (ts.isVariableDeclarationList(list)) {
      const d = list.declarations[0];
      const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
      if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) reject(list, 'DDX1002', 'var declarations are not supported; use const or let');
      if (!ts.isIdentifier(d.name)) {
        reject(d.name, records ? 'DDX1022' : 'DDX1017', records
          ? `for…of over an array of records binds one name, e.g. for (const p of ${sourceText(s.expression)}); read its fields (p.${records.fields[0].name}, …) in the body`
          : 'the elements of an array of numbers are numbers: for…of binds one name, e.g. for (const v of xs)');
      }
      bound = d.name.text;
      if (records) {
        const view = newVar(d, freshName(`${d.name.text}At`), 'number', false, isConst);
        recordViews.set(view, { arr, shape: records });
        bind = { k: 'let', v: view, init: stridedIndex(index, records, s.initializer), node: d };
      } else {
        if (d.type && annotatedKind(d.type, ctx.checker) !== 'number') reject(d.type, 'DDX1016', `the elements of an array of numbers are numbers, not '${d.type.getText(sf)}'`);
        bind = { k: 'let', v: newVar(d, d.name.text, 'number', false, isConst), init: element, node: d };
      }
    } else {
      if (records) reject(list, 'DDX1022', `for…of over an array of records declares its loop variable: for (const p of ${sourceText(s.expression)})`);
      bind = assign(list, () => element, list);
    }
    // A body block that declares the loop variable's name again gets its own scope.
    const body = lowerBlock(s.statement);
    const redeclares = ts.isBlock(s.statement) && bound !== undefined && s.statement.statements.some((st) =>
      ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => identifiersOf(d.name).has(bound!)));
    return [{ k: 'forOf', index, length: lengthRead(arr, s.expression), bind, body: redeclares ? [{ k: 'block', body, node: s.statement }] : body, node: s }];
  };

  /** \`for (const row of m)\` over a matrix: the loop variable names row i (a number local, see matrixRows). */
  const lowerForOfRows = (s: ts.ForOfStatement, m: Var): Stmt[] => {
    const list = s.initializer;
    const d = ts.isVariableDeclarationList(list) && (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0 ? list.declarations[0] : undefined;
    if (!d || !ts.isIdentifier(d.name) || (d.type && annotatedKind(d.type, ctx.checker) !== 'array')) {
      return rejectMatrixUse(list, m, `for…of over its rows declares one name for the row, e.g. for (const row of ${sourceText(s.expression)}), and reads row[j]`);
    }
    const name = d.name.text;
    if ((list.flags & ts.NodeFlags.Const) === 0 && isAssigned(s, ctx.checker.getSymbolAtLocation(d.name)!, ctx.checker)) {
      rejectMatrixUse(d, m, `the row '${name}' is assigned in the loop; declare it with const`);
    }
    const index = newVar(s.expression, freshName('i'), 'number', false, false);
    const indexRead: Extract<Expr, { k: 'var' }> = { k: 'var', v: index, node: s.expression };
    const row = newVar(d, freshName(`${name}At`), 'number', false, true);
    matrixRows.set(row, m);
    // Where the row starts and ends in the layout, read once per row rather than at each of its
    // elements' reads (GradBench kmeans's reverse-mode Newton step: 6% faster, a scratch edit of
    // the generated code measured under load).
    const rowRead: Expr = { k: 'var', v: row, node: d };
    const bounds = ([1, 2] as const).map((k): Extract<Stmt, { k: 'let' }> => ({
      k: 'let', v: newVar(d.name, freshName(`${name}${k === 1 ? 'Start' : 'End'}`), 'number', false, true), init: rowBound(m, rowRead, k, d), node: d,
    }));
    rowBounds.set(row, [bounds[0].v, bounds[1].v]);
    const body = lowerBlock(s.statement);
    return [{ k: 'forOf', index: indexRead, length: lengthRead(m, s.expression), bind: { k: 'let', v: row, init: indexRead, node: d }, body: [{ k: 'block', body: [...bounds, ...body], node: s.statement }], node: s }];
  };

  /**
   * \`const [a, , b = 1] = xs\`: one local per name, read from the array by index; a default is
   * taken where the element is undefined (past the end), as JavaScript does.
   */
  const lowerDestructuring = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => {
    const init = d.initializer && skipParens(d.initializer);
    if (ts.isArrayBindingPattern(d.name) && init) {
      // `const [h, c] = M` of a matrix: a name per row, as `const h = M[0]`.
      const named = ts.isIdentifier(init) ? lookup(init) : undefined;
      if (named && matrices.has(named)) return destructuredRows(d, named, isConst);
      // `const [h, c] = step(x)` of a callee returning a matrix: as `const m = step(x); const h = m[0]; …`.
      if (isMatrixCall(init)) return withPreludes(() => destructuredRows(d, makeLocalMatrix(d, freshName('rows'), init, true), isConst));
    }
    const returned = ts.isObjectBindingPattern(d.name) && init && ts.isCallExpression(init) ? splitOfValue(init) : undefined;
    if (returned) {
      // `const { weights, bias } = unpack(x)` of a function returning a record with array fields: the record unpacked into a local first.
      return withPreludes(() => {
        const held = lowerSplitRecordDeclaration(d, returned, isConst, init as ts.CallExpression);
        const rec = (held[held.length - 1] as Extract<Stmt, { k: 'let' }>).v;
        return [...held, ...destructuredRecord(d, { v: rec, shape: returned.shape, path: [], strided: false, start: () => undefined }, isConst)];
      });
    }
    if (ts.isObjectBindingPattern(d.name) && init && recordVerbOf(init)) {
      // `const { value, gradient } = valueAndGradient(g, x)`: the record held, then its fields.
      return withPreludes(() => {
        const v = heldRecordOf(init as ts.CallExpression);
        return destructuredRecord(d, { v, shape: recordShapes.get(v)!, path: [], strided: false, start: () => undefined }, isConst);
      });
    }
    const record = ts.isObjectBindingPattern(d.name) && d.initializer ? recordPath(d.initializer) : undefined;
    if (ts.isObjectBindingPattern(d.name) && record) return destructuredRecord(d, record, isConst);
    if (ts.isObjectBindingPattern(d.name) && init && ts.isCallExpression(init)) {
      // `let { r, g, b } = toLinear(rgb)` of a callee returning a record: the record held in a local first, then its fields.
      return withPreludes(() => {
        const v = heldRecordOf(init);
        return destructuredRecord(d, { v, shape: recordShapes.get(v)!, path: [], strided: false, start: () => undefined }, isConst);
      });
    }
    return lowerOtherDestructuring(d, isConst);
  };

  /** The layout of the record with array fields the value `e` has (its type, through the checker); undefined for any other value. */
  const splitOfValue = (e: ts.Expression) => unlessRejected(() => splitRecordOf(ctx.checker.getTypeAtLocation(e), ctx.checker, e, (t) => annotatedKind(t, ctx.checker) === 'array'));

  /** `const { x, y } = p` of a record `record`: a local (or an array's name) per field. */
  const destructuredRecord = (d: ts.VariableDeclaration, record: RecordRead, isConst: boolean): Stmt[] => {
    {
      // `const { x, y } = p`: number locals read from the record's fields; `const { pos: q } = b`: a name for a record field.
      return (d.name as ts.ObjectBindingPattern).elements.flatMap((el): Stmt | Stmt[] => {
        const field = el.propertyName ?? el.name;
        // `const { weights } = m` of a record with array fields: weights names m's array (the same array in JavaScript).
        const array = ts.isIdentifier(field) && !record.strided && record.path.length === 0 ? arrayFields.get(record.v)?.get(field.text) : undefined;
        if (array && ts.isIdentifier(el.name) && !el.dotDotDotToken && !el.initializer) {
          vars.set(el, array);
          return [];
        }
        if (el.dotDotDotToken) {
          reject(el, 'DDX1022', `a rest element (...${sourceText(el.name)}) would copy the other fields of the record (${record.shape.typeName}) into a new object; unpack the fields by name, e.g. const { x, y } = p`);
        }
        const place = ts.isIdentifier(field) ? fieldPlace(record.shape, [...record.path, field.text]) : undefined;
        if (!ts.isIdentifier(el.name) || !place || (el.initializer && place.shape)) {
          reject(el, 'DDX1022', `only fields unpacked into plain names are supported when destructuring a record, e.g. const { x, y = 0 } = p (a default for a number field only; no nested patterns)`);
        }
        if (place.shape) return recordFieldLocal(el, el.name.text, record, { index: place.index, shape: place.shape }, isConst);
        const v = newVar(el, el.name.text, 'number', false, isConst);
        const value: Expr = { k: 'elem', arr: record.v, index: placeIn(record, place.index, el), node: el };
        // `{ w = 1 }`: the default where the field holds undefined (an optional field the record lacks), as JavaScript takes it.
        const fallback = el.initializer;
        const init: Expr = fallback === undefined ? value
          : { k: 'cond', test: { k: 'defined', a: value, node: el }, a: value, b: conditionally(() => lowerExpr(fallback)), node: el };
        return { k: 'let', v, init, node: el };
      });
    }
  };

  const lowerOtherDestructuring = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => {
    if (ts.isObjectBindingPattern(d.name) && d.initializer && globalOf(d.initializer, ctx.checker) !== undefined) {
      // `const { sqrt, exp: e } = Math`: each name stands for the member (aliases.ts); nothing to run.
      for (const el of d.name.elements) {
        if (!ts.isIdentifier(el.name) || destructuredGlobalName(el.name, ctx.checker) === undefined) {
          reject(el, 'DDX1002', `only members of '${d.initializer.getText(sf)}' unpacked into names that are never reassigned are supported, e.g. const { sqrt, exp: e } = Math (no defaults, no rest)`);
        }
      }
      return [];
    }
    if (ts.isObjectBindingPattern(d.name)) {
      const what = d.initializer ? `'${sourceText(d.initializer)}'` : 'it';
      reject(d.name, 'DDX1002', `object destructuring of ${what} is not supported: only a record of numbers (a parameter, a local, a field of one, or the record a differentiated function returns) or a global such as Math is unpacked by name; read what you need from ${what} directly`);
    }
    if (!d.initializer) reject(d, 'DDX1002', 'a destructuring declaration needs an initializer');
    const initializer = d.initializer;
    return withPreludes(() => {
      // `const [gx, gy] = gradient(…)`, `= step(y)`: the new array a call returns, held in a local first.
      const called = ts.isCallExpression(skipParens(initializer)) ? writerResult(initializer) : undefined;
      const arr = called?.made ? holdArray(called.made, initializer).v : namedArray(initializer, 'an array destructuring reads');
      return destructuredElements(d, arr, isConst);
    });
  };

  /** The names of `const [h, , c] = m` of matrix `m`: each names its row (a number local holding the row's index, see matrixRows). */
  const destructuredRows = (d: ts.VariableDeclaration, m: Var, isConst: boolean): Stmt[] => {
    const stmts: Stmt[] = [];
    (d.name as ts.ArrayBindingPattern).elements.forEach((el, k) => {
      if (ts.isOmittedExpression(el)) return;
      const how = `the rows of a matrix (number[][]) are unpacked into one plain name each (const [h, c] = ${sourceText(d.initializer!)}), whose elements are read as h[j]`;
      if (el.dotDotDotToken || el.initializer || !ts.isIdentifier(el.name)) return rejectMatrixUse(el, m, `${how}: no rest, defaults or nested patterns`);
      const name = el.name.text;
      if (!isConst && isAssigned(node, ctx.checker.getSymbolAtLocation(el.name)!, ctx.checker)) {
        rejectMatrixUse(el, m, `'${name}' names one of its rows and is assigned later; declare it with const, or another local for the other row`);
      }
      const row = newVar(el, freshName(`${name}At`), 'number', false, true);
      matrixRows.set(row, m);
      stmts.push({ k: 'let', v: row, init: num(String(k), el), node: el });
    });
    return stmts;
  };

  /** The locals of `const [a, , b = 1] = arr`, each read from `arr` by index. */
  const destructuredElements = (d: ts.VariableDeclaration, arr: Var, isConst: boolean): Stmt[] => {
    const records = recordArrayShapes.get(arr);
    if (records) reject(d.name, 'DDX1022', `'${sourceText(d.initializer!)}' is an array of records (${records.typeName}); read its records by index (const p = ${sourceText(d.initializer!)}[0]) instead of destructuring it`);
    const stmts: Stmt[] = [];
    (d.name as ts.ArrayBindingPattern).elements.forEach((el, k) => {
      if (ts.isOmittedExpression(el)) return;
      if (el.dotDotDotToken) reject(el, 'DDX1017', 'a rest element (...rest) would copy the array; read the elements by index instead');
      if (!ts.isIdentifier(el.name)) reject(el.name, 'DDX1017', 'the elements of an array of numbers are numbers: nested destructuring is not supported');
      const element: Expr = { k: 'elem', arr, index: { k: 'num', text: String(k), value: k, node: el }, node: el };
      const fallback = el.initializer;
      const init: Expr = fallback === undefined ? element
        : { k: 'cond', test: { k: 'defined', a: element, node: el }, a: element, b: conditionally(() => lowerExpr(fallback)), node: el };
      stmts.push({ k: 'let', v: newVar(el, el.name.text, 'number', false, isConst), init, node: el });
    });
    return stmts;
  };

  // ---- array methods with callbacks ---------------------------------------------------------

  /**
   * The array methods lowered into the loops JavaScript runs for them. A callback written inline
   * is inlined into the loop body (its parameters bound to the value, index and array JavaScript
   * passes; a `return` in a block body becomes an assignment and a `break` out of the labelled
   * block around it); a function passed by name is called there. Like JavaScript, the methods read
   * the length once, before the first call, and each element when its call runs.
   */
  const numberMethods = new Set(['reduce', 'reduceRight', 'findIndex', 'indexOf']);
  const booleanMethods = new Set(['some', 'every', 'includes']);
  const arrayResultMethods = new Set(['map', 'filter', 'slice', 'concat', 'Array.from']);
  const statementMethods = new Set(['forEach', 'fill']);
  const supportedMethods = 'map, filter, reduce, reduceRight, forEach, some, every, findIndex, indexOf, includes, fill, slice, concat and Array.from';

  interface ArrayCall { call: ts.CallExpression; method: string; receiver: ts.Expression | undefined }

  /** `recv.method(…)` where `recv` is an array of numbers (a name, a literal, a creation, another method's result), or `Array.from(…)`. */
  const arrayCallOf = (e: ts.Expression): ArrayCall | undefined => {
    const call = skipParens(e);
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    const method = call.expression.name.text;
    const receiver = skipParens(call.expression.expression);
    if (method === 'from' && isGlobal(receiver, 'Array')) return { call, method: 'Array.from', receiver: undefined };
    // `model.energy(r)`: a method the program declares (members.ts, or of a class), never an array's;
    // its object is no value of the call (looking it up would make an arrow capture it).
    const declared = ctx.checker.getSymbolAtLocation(call.expression.name)?.valueDeclaration;
    if (declared && (ts.isMethodDeclaration(declared) || ts.isPropertyAssignment(declared)) && (ts.isObjectLiteralExpression(declared.parent) || ts.isClassLike(declared.parent))) return undefined;
    if (!isArrayValued(receiver)) return undefined;
    const c = { call, method, receiver };
    // An array of records is read by the methods whose callbacks take its records (as views); the
    // others would take its numbers for elements.
    const m = ts.isIdentifier(receiver) ? lookup(receiver) : undefined;
    if (m && matrices.has(m)) rejectMatrixUse(call.expression, m, `${methodName(c)} is not supported on a matrix; write a for loop over its rows (for (const row of ${m.sourceName}))`);
    // A row of a matrix is read by a copy of it (rowCopy): not by the methods that write it.
    const row = matrixRowOf(receiver);
    if (row && (method === 'fill' || method === 'forEach')) rejectMatrixUse(call.expression, row.m, `${methodName(c)} on one of its rows is not supported; write a for loop over the row's elements`);
    const records = ts.isIdentifier(receiver) ? recordArrayShapes.get(lookup(receiver)!) : undefined;
    if (records && !recordMethods.has(method)) {
      reject(call.expression, 'DDX1022', `${methodName(c)} is not supported on an array of records (${records.typeName}[]); ${[...recordMethods].join(', ')} are, with inline callbacks; or write a for loop over its records`);
    }
    return c;
  };
  const recordMethods = new Set(['map', 'forEach', 'reduce', 'reduceRight', 'some', 'every', 'findIndex']);
  /** The records of a method's receiver, when it is an array of records. */
  const recordsOf = (c: ArrayCall): RecordShape | undefined => (c.receiver && ts.isIdentifier(c.receiver) ? recordArrayShapes.get(lookup(c.receiver)!) : undefined);
  const isArrayValued = (r: ts.Expression): boolean => {
    if (matrixRowOf(r)) return true;
    // A record is an array of numbers to the emitters only: `model.energy(p)` calls a method of its class.
    if (ts.isIdentifier(r)) return lookup(r)?.kind === 'array' && !recordShapes.has(lookup(r)!);
    if (ts.isPropertyAccessExpression(r) && arrayNamedBy(r)) return true;
    const inner = arrayCallOf(r);
    if (inner) return arrayResultMethods.has(inner.method);
    return isNumberArrayCreation(r, ctx.checker, () => true) || isCalledNumberArray(r);
  };
  /** A call typed an array of numbers (`chain(x, p)` in `chain(x, p).reduce(…)`): its array is held in a local first (receiverOf). */
  const isCalledNumberArray = (r: ts.Expression): boolean => {
    if (!ts.isCallExpression(r) || ts.isPropertyAccessExpression(r.expression)) return false;
    // (The analysis has no lib: the declared return type says it, else the type's text.)
    const declared = ctx.checker.getResolvedSignature(r)?.getDeclaration();
    if (declared && 'type' in declared && declared.type) return annotatedKind(declared.type as ts.TypeNode, ctx.checker) === 'array';
    return /^(readonly )?number\[\]$/.test(ctx.checker.typeToString(ctx.checker.getTypeAtLocation(r)));
  };
  /** An expression that gives a new array of numbers through an array method (`xs.map(f)`, `Array.from(…)`). */
  const arrayResultOf = (e: ts.Expression): ArrayCall | undefined => {
    const c = arrayCallOf(e);
    return c && arrayResultMethods.has(c.method) ? c : undefined;
  };

  /** The loops of a method go before the statement being lowered: nowhere to put them where it is evaluated conditionally. */
  const loopsGoBefore = (c: ArrayCall): Stmt[] => {
    if (prelude === undefined) {
      reject(c.call, 'DDX1021', `${methodName(c)}(…) is not supported ${conditionalPlaceOf(c.call, node)}; call it before, into a local (const s = ${methodName(c)}(…)), and use the local here`);
    }
    return prelude;
  };
  const methodName = (c: ArrayCall): string => (c.receiver ? `${sourceText(c.receiver)}.${c.method}` : c.method);

  /** A numeral the compiler writes. */
  const num = (text: string, at: ts.Node): Expr => ({ k: 'num', text, value: Number(text), node: at });
  const read = (v: Var, at: ts.Node): Expr => ({ k: 'var', v, node: at });
  const truthy = (a: Expr): Cond => ({ k: 'truthy', a, node: a.node });

  /** The array a method is called on: a name, or a new array (a literal, a creation, another method's result) in a fresh local. */
  const receiverOf = (c: ArrayCall): Var => {
    const r = c.receiver!;
    const row = matrixRowOf(r);
    if (row) return (rowCopy(r, row) as Extract<Expr, { k: 'var' }>).v;
    if (ts.isIdentifier(r)) return lookup(r)!;
    const field = ts.isPropertyAccessExpression(r) ? arrayNamedBy(r) : undefined;
    if (field) return field;
    const made = arrayResultOf(r);
    if (made) return arrayValue(made);
    if (isCalledNumberArray(r)) {
      // `chain(x, p).reduce(…)`: the new array the callee returns (or the one it writes and returns), held first.
      loopsGoBefore(c);
      const called = writerResult(r);
      if (called?.array) {
        prelude!.push({ k: 'effect', call: called.array.call, node: r });
        return called.array.v;
      }
      if (called?.made) return holdArray(called.made, r).v;
      called?.notNumber?.();
    }
    const init = lowerArrayInit(r);
    if (!init) reject(r, 'DDX1021', `${sourceText(r)} is not an array of numbers this method can read`);
    const v = newVar(r, freshName('array'), 'array', false, true);
    loopsGoBefore(c).push({ k: 'let', v, init, node: r });
    return v;
  };

  /** The length a method reads once: `xs.length` itself where the function never lengthens an array of that name. */
  const lengthOf = (arr: Var, c: ArrayCall): Expr => {
    const len: Expr = lengthRead(arr, c.call);
    if (!grown.has(arr.sourceName) && !grown.has('*')) return len;
    const n = newVar(c.call, freshName('n'), 'number', false, true);
    loopsGoBefore(c).push({ k: 'let', v: n, init: len, node: c.call });
    return read(n, c.call);
  };

  /** `for (let i = from; i < to; i++) body(i)`, or with `to` undefined `for (let i = from; i >= 0; i--) body(i)`. */
  const countedLoop = (at: ts.Node, from: Expr, to: Expr | undefined, body: (i: Expr) => Stmt[]): Stmt => {
    const i = newVar(at, freshName('i'), 'number', false, false);
    const index = read(i, at);
    return {
      k: 'for',
      init: [{ k: 'let', v: i, init: from, node: at }],
      test: to === undefined ? { k: 'cmp', op: '>=', a: index, b: num('0', at), node: at } : { k: 'cmp', op: '<', a: index, b: to, node: at },
      update: [{ k: 'set', v: i, value: { k: 'bin', op: to === undefined ? '-' : '+', a: index, b: num('1', at), node: at }, node: at }],
      body: body(index),
      node: at,
    };
  };

  type Callback = { k: 'inline'; fn: ts.ArrowFunction | ts.FunctionExpression } | { k: 'named'; fn: NumericFunction; node: ts.Expression };

  /** The callback argument: an arrow or function expression written there, or a numeric function passed by name. */
  const callbackOf = (c: ArrayCall, arity: readonly ('number' | 'array')[], argIndex = 0): Callback => {
    const what = `the callback of ${methodName(c)}`;
    const arg = c.call.arguments[argIndex];
    if (arg === undefined) reject(c.call, 'DDX1021', `${methodName(c)} needs a callback, e.g. ${methodName(c)}((x) => …)`);
    const extra = c.call.arguments[c.method === 'reduce' || c.method === 'reduceRight' ? 2 : argIndex + 1];
    if (extra) reject(extra, 'DDX1021', `${methodName(c)} is supported without a this argument; read the values the callback needs directly`);
    const f = skipParens(arg);
    if (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) {
      if (f.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) || (ts.isFunctionExpression(f) && f.asteriskToken)) {
        reject(f, 'DDX1021', `${what} must be a plain function; async and generator callbacks are not supported`);
      }
      f.parameters.forEach((p, i) => {
        if (!ts.isIdentifier(p.name) || p.dotDotDotToken || p.initializer || p.questionToken) {
          reject(p, 'DDX1021', `${what} takes plain parameters (value, index, array); destructuring, defaults, optional and rest parameters are not supported`);
        }
        const kind = arity[i] ?? 'number';
        // A record of an array of records (typed by TypeScript) is bound as a view: see invoke.
        const isRecord = recordsOf(c) !== undefined && i === (c.method === 'reduce' || c.method === 'reduceRight' ? 1 : 0);
        if (p.type && !isRecord && annotatedKind(p.type, ctx.checker) !== kind) reject(p.type, 'DDX1021', `parameter ${i + 1} of ${what} is ${kind === 'array' ? 'the array' : 'a number'}, not '${p.type.getText(sf)}'`);
      });
      forEachNode(f.body, (n) => {
        if (ts.isVariableDeclarationList(n) && (n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) {
          reject(n, 'DDX1021', `var is not supported inside ${what}; declare its locals with let or const`);
        }
      });
      return { k: 'inline', fn: f };
    }
    if (ts.isIdentifier(f) && !lookup(f)) {
      const symbol = symbolOf(f);
      if (symbol) return { k: 'named', fn: ctx.calleeFor(f, symbol), node: f };
    }
    reject(f, 'DDX1021', `${what} must be written there (an arrow or a function expression) or be a numeric function of this project passed by name; a callback known only at run time is not supported`);
  };

  /** Where the value a block-bodied callback returns goes, and the label its `return` breaks out of. */
  interface CallbackFrame { label: string; result: Var | undefined; what: string }
  let callbackFrame: CallbackFrame | undefined;

  /** `return v` inside a callback: the value into its result, then out of the callback's block. */
  const lowerCallbackReturn = (s: ts.ReturnStatement, frame: CallbackFrame): Stmt[] => {
    const out: Stmt = { k: 'break', label: frame.label, node: s };
    const { result } = frame;
    const value = s.expression;
    if (result === undefined) {
      if (value) reject(value, 'DDX1021', `${frame.what} returns nothing (forEach ignores the value); write return; alone`);
      return [out];
    }
    if (value === undefined) {
      if (result.kind === 'number') reject(s, 'DDX1013', `${frame.what} must return a number`);
      return [{ k: 'set', v: result, value: { k: 'boolean', test: { k: 'bool', value: false, node: s }, node: s }, node: s }, out];
    }
    return [...withPrelude((): Stmt => ({
      k: 'set', v: result, value: result.kind === 'boolean' ? { k: 'boolean', test: lowerCond(value), node: value } : lowerExpr(value), node: s,
    })), out];
  };

  /**
   * One call of the callback, inside the loop: `args` are what JavaScript passes (numbers, the
   * array as a `var` of it, undefined for nothing); `take` makes the statement that uses the value
   * it returns (a number, or `{ k: 'boolean' }` for a test), or `want` 'none' for forEach.
   */
  const invoke = (c: ArrayCall, cb: Callback, args: readonly (Expr | undefined)[], want: 'number' | 'boolean' | 'none', take: (value: Expr) => Stmt, reads: readonly Var[]): Stmt[] => {
    const what = `the callback of ${methodName(c)}`;
    if (cb.k === 'named') {
      const { fn, node: at } = cb;
      const records = recordsOf(c);
      if (records) reject(at, 'DDX1022', `the callback of ${methodName(c)} takes records (${records.typeName}); write it inline, (p) => ${fn.name}(p), so that each record is passed on`);
      if (want === 'none') reject(at, 'DDX1021', `a function passed by name to ${methodName(c)} has no effect there; write the loop the callback should run as an arrow`);
      const given = args.slice(0, fn.params.length).map((a, i): Expr => {
        const kind = fn.params[i].kind;
        if (a === undefined || (kind === 'array') !== (a.k === 'var' && a.v.kind === 'array') || kind === 'boolean') {
          reject(at, 'DDX1021', `'${fn.name}' takes ${kind === 'boolean' ? 'a boolean' : kind === 'array' ? 'an array' : 'a number'} as parameter ${i + 1}, where ${methodName(c)} passes ${a === undefined ? 'undefined' : a.k === 'var' && a.v.kind === 'array' ? 'the array' : 'a number'}`);
        }
        return a;
      });
      if ((fn.writes ?? []).length > 0) reject(at, 'DDX1056', `'${fn.name}' writes its array parameter '${fn.params[fn.writes![0].index].sourceName}': it cannot be passed to ${methodName(c)}; write the loop, calling it as a statement`);
      const call: Extract<Expr, { k: 'call' }> = { k: 'call', fn, args: completeArguments(fn, given, c.call), node: at };
      if (want === 'boolean') return withPrelude(() => take({ k: 'boolean', test: fn.returns === 'boolean' ? { k: 'predicate', fn, args: call.args, node: at } : truthy(call), node: at }));
      if (fn.returns !== 'number') rejectReturned(c.call, fn);
      return withPrelude(() => take(call));
    }
    const f = cb.fn;
    // The callback's own names must not hide the arrays its loop reads and writes in its scope:
    // its parameters and locals of those names are renamed.
    const outerShadowed = new Set(shadowed);
    for (const a of reads) shadowed.add(a.name);
    return inScopeOf(f, () => {
      const bind: Stmt[] = [];
      f.parameters.forEach((p, i) => {
        const a = args[i];
        const name = (p.name as ts.Identifier).text;
        const records = a?.k === 'elem' ? recordArrayShapes.get(a.arr) : undefined;
        if (a?.k === 'var' && a.v.kind === 'array') vars.set(p, a.v);
        else if (a?.k === 'elem' && records) {
          // A record of an array of records: a view, where the record starts.
          const view = newVar(p, freshName(`${name}At`), 'number', false, true);
          recordViews.set(view, { arr: a.arr, shape: records });
          bind.push({ k: 'let', v: view, init: stridedIndex(a.index, records, p), node: p });
        } else if (a !== undefined) bind.push({ k: 'let', v: newVar(p, name, 'number', false, !isAssigned(f, ctx.checker.getSymbolAtLocation(p.name)!, ctx.checker)), init: a, node: p });
        // Nothing passed: undefined, as in JavaScript (declared only where the body reads it).
        else if (identifiersOf(f.body).has(name)) bind.push({ k: 'let', v: newVar(p, name, 'number', false, false), init: undefined, node: p, hoisted: true });
      });
      try {
        if (!ts.isBlock(f.body)) {
          const body = f.body;
          if (want === 'none') return [...bind, ...withPrelude(() => lowerExpressionStatement(body, body))];
          return [...bind, ...withPrelude(() => take(want === 'boolean' ? { k: 'boolean', test: lowerCond(body), node: body } : lowerExpr(body)))];
        }
        const label = freshName('callback');
        const result = want === 'none' ? undefined : newVar(f.body, freshName(want === 'boolean' ? 'test' : 'result'), want, false, false);
        const outerFrame = callbackFrame;
        callbackFrame = { label, result, what };
        let body: Stmt[];
        try {
          body = [...bind, ...lowerStatements(f.body.statements)];
        } finally {
          callbackFrame = outerFrame;
        }
        if (want === 'number' && completes(body)) reject(f.body.getLastToken(sf) ?? f, 'DDX1013', `${what} may end without returning a value; make every path end with a return`);
        const last = body[body.length - 1];
        if (last?.k === 'break' && last.label === label) body.pop();
        const block: Stmt = breaksTo(body, label) ? { k: 'block', body, node: f.body, label } : { k: 'block', body, node: f.body };
        if (result === undefined) return [block];
        // A test callback that ends without returning returns undefined: false.
        const init: Expr | undefined = want === 'boolean' ? { k: 'boolean', test: { k: 'bool', value: false, node: f }, node: f } : undefined;
        const value: Expr = want === 'boolean' ? { k: 'boolean', test: { k: 'flag', v: result, node: f }, node: f } : read(result, f);
        return [{ k: 'let', v: result, init, node: f }, block, take(value)];
      } finally {
        shadowed.clear();
        for (const n of outerShadowed) shadowed.add(n);
      }
    });
  };

  /** The element `arr[i]` read where the call runs. */
  const elem = (arr: Var, i: Expr): Expr => ({ k: 'elem', arr, index: i, node: i.node });

  /** A start or end argument of slice/fill as an index in [0, n]: negative counts from the end, NaN is 0, fractions truncate. */
  const relativeIndex = (c: ArrayCall, e: Expr | undefined, n: Expr, fallback: Expr): Expr => {
    if (e === undefined) return fallback;
    const at = c.call;
    const whole = (x: Expr): boolean => x.k === 'num' && x.value !== undefined && Number.isInteger(x.value);
    if (whole(e)) return { k: 'math', name: 'min', args: [e, n], node: at };
    if (e.k === 'neg' && whole(e.a)) return { k: 'math', name: 'max', args: [{ k: 'bin', op: '-', a: n, b: e.a, node: at }, num('0', at)], node: at };
    const k = hold({ k: 'cond', test: truthy({ k: 'math', name: 'trunc', args: [e], node: at }), a: { k: 'math', name: 'trunc', args: [e], node: at }, b: num('0', at), node: at }, 'k');
    return hold({
      k: 'cond', test: { k: 'cmp', op: '<', a: k, b: num('0', at), node: at },
      a: { k: 'math', name: 'max', args: [{ k: 'bin', op: '+', a: n, b: k, node: at }, num('0', at)], node: at },
      b: { k: 'math', name: 'min', args: [k, n], node: at }, node: at,
    }, 'index');
  };

  /** A number argument evaluated once, before the loop. */
  const once = (e: Expr): Expr => (e.k === 'num' || e.k === 'var' ? e : hold(e, 'value'));

  /** The array a method makes, into a fresh local (for a chain, an argument, a returned value). */
  const arrayValue = (c: ArrayCall): Var => {
    loopsGoBefore(c);
    const v = newVar(c.call, freshName(c.method === 'Array.from' ? 'array' : `${c.method === 'map' ? 'mapp' : c.method.replace(/e$/, '')}ed`), 'array', false, true);
    fillArray(c, v);
    return v;
  };

  /** `target = recv.map(…)` and the other methods that make an array: `let target = []`, then loops that push onto it. */
  const fillArray = (c: ArrayCall, target: Var): void => {
    const out = loopsGoBefore(c);
    const at = c.call;
    const args = c.call.arguments;
    const push = (value: Expr): Stmt => ({ k: 'push', arr: target, value, node: at });
    const declare = (): void => { out.push({ k: 'let', v: target, init: { k: 'arrayLit', elems: [], node: at }, node: at }); };
    if (c.method === 'Array.from') {
      const source = args[0] && skipParens(args[0]);
      const lengthProp = source && ts.isObjectLiteralExpression(source) && source.properties.length === 1 ? source.properties[0] : undefined;
      const cb = args.length > 1 ? callbackOf(c, ['number', 'number'], 1) : undefined;
      const length = lengthProp && (ts.isPropertyAssignment(lengthProp) ? lengthProp.initializer : ts.isShorthandPropertyAssignment(lengthProp) ? lengthProp.name : undefined);
      if (length && lengthProp.name?.getText(sf) === 'length') {
        if (!cb) reject(at, 'DDX1021', 'Array.from({ length: n }) without a callback makes an array of undefined; pass a callback, Array.from({ length: n }, (_, i) => …), or use new Array(n).fill(0)');
        // ToLength: fractions truncate, NaN and negative lengths give no element.
        const count = hold({ k: 'math', name: 'trunc', args: [lowerExpr(length)], node: at }, 'count');
        declare();
        out.push(countedLoop(at, num('0', at), count, (i) => invoke(c, cb, [undefined, i], 'number', push, [target])));
        return;
      }
      if (!source || !isArrayValued(source)) reject(args[0] ?? at, 'DDX1021', 'Array.from is supported on an array of numbers or on { length: n }');
      const arr = receiverOf({ ...c, receiver: source });
      const n = lengthOf(arr, c);
      declare();
      out.push(countedLoop(at, num('0', at), n, (i) => (cb ? invoke(c, cb, [elem(arr, i), i], 'number', push, [arr, target]) : [push(elem(arr, i))])));
      return;
    }
    if (c.method === 'concat') {
      const arr = receiverOf(c);
      const items = lowerInOrder(args, (a) => {
        const made = arrayResultOf(a);
        if (made) return read(arrayValue(made), a);
        const inner = skipParens(a);
        const v = ts.isIdentifier(inner) ? lookup(inner) : undefined;
        return v?.kind === 'array' ? read(v, a) : once(lowerExpr(a));
      });
      declare();
      for (const item of [read(arr, at), ...items]) {
        const a = item.k === 'var' && item.v.kind === 'array' ? item.v : undefined;
        out.push(a ? countedLoop(at, num('0', at), lengthOf(a, c), (i) => [push(elem(a, i))]) : push(item));
      }
      return;
    }
    if (c.method === 'slice') {
      const arr = receiverOf(c);
      if (args.length > 2) reject(args[2], 'DDX1021', `${methodName(c)} takes a start and an end`);
      const [start, end] = lowerInOrder(args);
      const n = lengthOf(arr, c);
      const from = relativeIndex(c, start, n, num('0', at));
      const to = relativeIndex(c, end, n, n);
      declare();
      out.push(countedLoop(at, from, to, (i) => [push(elem(arr, i))]));
      return;
    }
    const arr = receiverOf(c);
    const cb = callbackOf(c, ['number', 'number', 'array']);
    const n = lengthOf(arr, c);
    declare();
    if (c.method === 'map') {
      out.push(countedLoop(at, num('0', at), n, (i) => invoke(c, cb, [elem(arr, i), i, read(arr, at)], 'number', push, [arr, target])));
      return;
    }
    // filter keeps the value it read before the call (the callback may change its parameter).
    out.push(countedLoop(at, num('0', at), n, (i) => {
      const value = newVar(at, freshName('value'), 'number', false, true);
      const keep = (t: Expr): Stmt => ({ k: 'if', test: condOf(t), then: [push(read(value, at))], else: undefined, node: at });
      return [{ k: 'let', v: value, init: elem(arr, i), node: at }, ...invoke(c, cb, [read(value, at), i, read(arr, at)], 'boolean', keep, [arr])];
    }));
  };

  /** reduce, reduceRight, findIndex, indexOf: a number, computed by loops before the statement. */
  const lowerNumberMethod = (c: ArrayCall): Expr => {
    const out = loopsGoBefore(c);
    const at = c.call;
    const arr = receiverOf(c);
    if (c.method === 'indexOf') {
      const target = valueToFind(c);
      return findFirst(c, arr, (i, hit) => [hit({ k: 'cmp', op: '===', a: elem(arr, i), b: target, node: at })]);
    }
    if (c.method === 'findIndex') {
      const cb = callbackOf(c, ['number', 'number', 'array']);
      return findFirst(c, arr, (i, hit) => invoke(c, cb, [elem(arr, i), i, read(arr, at)], 'boolean', (t) => hit(condOf(t)), [arr]));
    }
    // reduce, reduceRight: (acc, value, index, array); without an initial value the first element
    // (the last for reduceRight) starts, and an empty array throws.
    const cb = callbackOf(c, ['number', 'number', 'number', 'array']);
    const initial = c.call.arguments[1];
    const records = recordsOf(c);
    if (records && !initial) reject(at, 'DDX1022', `${methodName(c)} over an array of records (${records.typeName}) needs an initial value, a number: ${methodName(c)}((sum, p) => sum + …, 0)`);
    const acc = newVar(at, freshName('acc'), 'number', false, false);
    const initValue = initial && lowerExpr(initial);
    const n = lengthOf(arr, c);
    const right = c.method === 'reduceRight';
    const last: Expr = { k: 'bin', op: '-', a: n, b: num('1', at), node: at };
    let from: Expr;
    if (initValue) {
      out.push({ k: 'let', v: acc, init: initValue, node: at });
      from = right ? last : num('0', at);
    } else {
      out.push({ k: 'if', test: { k: 'cmp', op: '===', a: n, b: num('0', at), node: at }, then: [{ k: 'throw', parts: ["new TypeError('Reduce of empty array with no initial value')"], node: at }], else: undefined, node: at });
      out.push({ k: 'let', v: acc, init: elem(arr, right ? last : num('0', at)), node: at });
      from = right ? { k: 'bin', op: '-', a: n, b: num('2', at), node: at } : num('1', at);
    }
    const step = (i: Expr): Stmt[] => invoke(c, cb, [read(acc, at), elem(arr, i), i, read(arr, at)], 'number', (value) => ({ k: 'set', v: acc, value, node: at }), [arr]);
    out.push(countedLoop(at, from, right ? undefined : n, step));
    return read(acc, at);
  };

  /** `let found = -1; for (…) { …; if (test) { found = i; break; } }`: `step(i, hit)` is the loop body, `hit(test)` its if. */
  const findFirst = (c: ArrayCall, arr: Var, step: (i: Expr, hit: (test: Cond) => Stmt) => Stmt[]): Expr => {
    const out = loopsGoBefore(c);
    const at = c.call;
    const found = newVar(at, freshName('found'), 'number', false, false);
    out.push({ k: 'let', v: found, init: { k: 'neg', a: num('1', at), node: at }, node: at });
    out.push(countedLoop(at, num('0', at), lengthOf(arr, c), (i) => step(i, (test) => ({
      k: 'if', test, then: [{ k: 'set', v: found, value: i, node: at }, { k: 'break', node: at }], else: undefined, node: at,
    }))));
    return read(found, at);
  };

  /** The value indexOf and includes look for, evaluated once. */
  const valueToFind = (c: ArrayCall): Expr => {
    if (c.call.arguments.length !== 1) reject(c.call, 'DDX1021', `${methodName(c)} is supported with one argument (the value to find); for a start index, write the loop`);
    return once(lowerExpr(c.call.arguments[0]));
  };

  /** The condition a callback's value gives (a test callback gives a boolean; a number is tested for truth). */
  const condOf = (t: Expr): Cond => (t.k === 'boolean' ? t.test : truthy(t));

  /** some, every, includes: a boolean, computed by a loop before the statement. */
  const lowerBooleanMethod = (c: ArrayCall): Cond => {
    const out = loopsGoBefore(c);
    const at = c.call;
    const arr = receiverOf(c);
    if (c.method === 'includes') {
      // SameValueZero: as ===, but NaN includes NaN (a numeral is never NaN).
      const target = valueToFind(c);
      const isNumeral = target.k === 'num' && target.value !== undefined;
      const index = findFirst(c, arr, (i, hit) => {
        const x = elem(arr, i);
        const same: Cond = { k: 'cmp', op: '===', a: x, b: target, node: at };
        const bothNaN: Cond = { k: 'logic', op: '&&', a: { k: 'cmp', op: '!==', a: target, b: target, node: at }, b: { k: 'cmp', op: '!==', a: x, b: x, node: at }, node: at };
        return [hit(isNumeral ? same : { k: 'logic', op: '||', a: same, b: bothNaN, node: at })];
      });
      return { k: 'cmp', op: '>=', a: index, b: num('0', at), node: at };
    }
    const cb = callbackOf(c, ['number', 'number', 'array']);
    const some = c.method === 'some';
    const flag = newVar(at, freshName(some ? 'found' : 'all'), 'boolean', false, false);
    out.push({ k: 'let', v: flag, init: { k: 'boolean', test: { k: 'bool', value: !some, node: at }, node: at }, node: at });
    const n = lengthOf(arr, c);
    out.push(countedLoop(at, num('0', at), n, (i) => invoke(c, cb, [elem(arr, i), i, read(arr, at)], 'boolean', (t) => {
      const test = condOf(t);
      return {
        k: 'if', test: some ? test : { k: 'not', a: test, node: at },
        then: [{ k: 'set', v: flag, value: { k: 'boolean', test: { k: 'bool', value: some, node: at }, node: at }, node: at }, { k: 'break', node: at }],
        else: undefined, node: at,
      };
    }, [arr])));
    return { k: 'flag', v: flag, node: at };
  };

  /** forEach and fill, as statements: the setup goes before, the loop is the statement. */
  const lowerMethodStatement = (c: ArrayCall): Stmt => {
    loopsGoBefore(c);
    const at = c.call;
    if (!statementMethods.has(c.method)) {
      if (!supportedHere(c)) rejectMethod(c);
      reject(at, 'DDX1021', `the value of ${methodName(c)}(…) is not used; to run a callback for its effects, use forEach`);
    }
    const arr = receiverOf(c);
    if (c.method === 'fill') {
      if (isCaptured(arr)) rejectCapturedWrite(at, arr);
      if (arr.isParam) writeParam(arr, at);
      if (c.call.arguments.length < 1 || c.call.arguments.length > 3) reject(at, 'DDX1021', `${methodName(c)} takes a value, a start and an end`);
      const [value, start, end] = lowerInOrder(c.call.arguments);
      const v = once(value);
      const n = lengthOf(arr, c);
      const from = relativeIndex(c, start, n, num('0', at));
      const to = relativeIndex(c, end, n, n);
      return countedLoop(at, from, to, (i) => [{ k: 'setElem', arr, index: i, value: v, node: at }]);
    }
    const cb = callbackOf(c, ['number', 'number', 'array']);
    const n = lengthOf(arr, c);
    return countedLoop(at, num('0', at), n, (i) => invoke(c, cb, [elem(arr, i), i, read(arr, at)], 'none', () => { throw new Error('unreachable: forEach takes no value'); }, [arr]));
  };

  const supportedHere = (c: ArrayCall): boolean =>
    numberMethods.has(c.method) || booleanMethods.has(c.method) || arrayResultMethods.has(c.method) || statementMethods.has(c.method);
  const rejectMethod = (c: ArrayCall): never => reject(c.call.expression, 'DDX1021',
    `${methodName(c)} is not supported on an array of numbers; the supported methods are ${supportedMethods} (with inline callbacks or functions passed by name); write a for loop instead`);

  /** An array method where a number is needed. */
  const lowerArrayCallValue = (c: ArrayCall): Expr => {
    if (numberMethods.has(c.method)) return lowerNumberMethod(c);
    if (!supportedHere(c)) rejectMethod(c);
    if (booleanMethods.has(c.method)) reject(c.call, 'DDX1016', `${methodName(c)}(…) gives a boolean, which cannot flow into a number; use it as a condition (if, ?:, &&, ||, !) or store it in a boolean local`);
    if (arrayResultMethods.has(c.method)) reject(c.call, 'DDX1017', `${methodName(c)}(…) gives an array; declare it as a local array (const ys = ${methodName(c)}(…)) and read its elements`);
    reject(c.call, 'DDX1021', `${methodName(c)}(…) gives ${c.method === 'fill' ? 'the array it changes' : 'undefined'}; call it as a statement`);
  };

  /**
   * \`a + b - c * d …\`: the left operands are walked with a loop, not recursion (a sum of 20,000
   * terms nests 20,000 deep), and every `partLength` operations the sum so far becomes a part.
   * The part is computed first, as the left operand is evaluated first anyway, so every
   * operation sees the same operands in the same order.
   */
  const partLength = 64;
  /**
   * An operand of an arithmetic or bitwise operator, or an argument of a Math function: where
   * JavaScript converts a value to a number. A boolean there is the number 1 or 0 (culori's
   * `(g < b) * 6`, `Math.sin(a < b)`): piecewise constant, so its derivative is 0. Type assertions
   * (`(x > 1) as unknown as number`, `flag!`) change no value: the boolean is seen through them.
   */
  const lowerOperand = (e: ts.Expression): Expr => {
    const value = unwrapExpression(e);
    return isBooleanValued(value) ? { k: 'cond', test: lowerCond(value), a: num('1', e), b: num('0', e), node: e } : lowerExpr(e);
  };

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
    let acc = lowerOperand(left);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i];
      acc = { k: 'bin', op: arithOps[b.operatorToken.kind]!, a: before(acc, b.right), b: lowerOperand(b.right), node: b };
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
    if (ts.isNumericLiteral(e)) return numeral(e, e.getText(sf));
    if (ts.isIdentifier(e)) return lowerIdentifier(e);
    if (ts.isPrefixUnaryExpression(e)) {
      if (e.operator === ts.SyntaxKind.MinusToken) {
        const a = lowerOperand(e.operand);
        return { k: 'neg', a, node: e };
      }
      if (e.operator === ts.SyntaxKind.PlusToken) return toNumber(lowerOperand(e.operand));
      if (e.operator === ts.SyntaxKind.TildeToken) return { k: 'bitnot', a: lowerOperand(e.operand), node: e };
      if (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken) return lowerEffectValue(e);
      reject(e, 'DDX1016', `operator '${ts.tokenToString(e.operator)}' does not give a number here; only numbers may flow into the derivative`);
    }
    if (ts.isPostfixUnaryExpression(e)) return lowerEffectValue(e);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const arith = arithOps[op];
      if (arith) return lowerArithmetic(e);
      const bitwise = bitwiseOps[op];
      if (bitwise) return { k: 'bitwise', op: bitwise, a: before(lowerOperand(e.left), e.right), b: lowerOperand(e.right), node: e };
      // `eps ?? 1`, `eps || 1` of an omitted parameter (undefined): the right side.
      if ((op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) && ts.isIdentifier(skipParens(e.left)) && isUndefinedHere(skipParens(e.left) as ts.Identifier)) {
        return lowerExpr(e.right);
      }
      if ((op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) && branchAssigns(e.right)) {
        return lowerFallbackThatAssigns(e);
      }
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
      if (op === ts.SyntaxKind.CommaToken) return lowerComma(e);
      if (compareOps[op]) {
        reject(e, 'DDX1016', 'a comparison gives a boolean, which cannot flow into a number; use it as a condition (if, ?:) or store it in a boolean local');
      }
      if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return lowerEffectValue(e);
      reject(e.operatorToken, 'DDX1003', `operator '${e.operatorToken.getText(sf)}' is not supported in a differentiated function (it does not give a number)`);
    }
    if (ts.isConditionalExpression(e)) {
      const taken = foldedByOmitted(e.condition);
      if (taken !== undefined) return lowerExpr(taken ? e.whenTrue : e.whenFalse);
      const arrayBranch = [e.whenTrue, e.whenFalse].map(skipParens).find((b) => ts.isIdentifier(b) && lookup(b)?.kind === 'array');
      if (arrayBranch) {
        reject(e, 'DDX1017', `'?:' choosing between arrays ('${arrayBranch.getText(sf)}') is supported as the initializer of a local, an argument or the returned value; declare it as a local first (const b = c ? a : v) and use the local`);
      }
      const test = lowerCond(e.condition);
      if (branchAssigns(e.whenTrue) || branchAssigns(e.whenFalse)) return lowerChoiceThatAssigns(e, test, 'number');
      return { k: 'cond', test, a: conditionally(() => lowerExpr(e.whenTrue)), b: conditionally(() => lowerExpr(e.whenFalse)), node: e };
    }
    if (ts.isCallExpression(e)) return lowerCall(e);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) holdCalledRecord(e);
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
      if (e.name.text === 'length' && ts.isPropertyAccessExpression(skipParens(e.expression))) {
        const v = arrayNamedBy(e.expression);
        if (v) return lengthRead(v, e);
      }
      const field = recordField(e);
      if (field) return field;
      const matrixRow = e.name.text === 'length' ? matrixRowOf(e.expression) : undefined;
      if (matrixRow) return rowLength(matrixRow.m, readOnce(matrixRow.row(), 'row'), e);
      if (e.name.text === 'length' && ts.isIdentifier(e.expression)) {
        const v = lookup(e.expression);
        if (v?.kind === 'array') return lengthRead(v, e);
      }
      if (touchesBits(e)) reject(e, 'DDX1003', bitsAdvice);
      const data = moduleObjectField(e);
      if (data && 'number' in data) return { ...data.number, node: e };
      const outside = moduleObjectRead(e);
      if (outside) reject(e, 'DDX1003', outside);
      rejectUnreadImport(e.expression);
      reject(e, 'DDX1003', `property access '${e.getText(sf)}' is not supported; only Math and Number constants and the length of an array are`);
    }
    if (ts.isElementAccessExpression(e)) {
      const cell = matrixRead(e);
      if (cell) return cell;
      const element = tupleElement(e);
      if (element) return element;
      // `grad(p)[0]`: the new array the call returns, held in a local first. (A call that writes
      // its argument stays rejected here: run before the statement, it would change what an
      // operand read before it sees.)
      const called = ts.isCallExpression(skipParens(e.expression)) && prelude !== undefined ? writerResult(e.expression) : undefined;
      if (called?.made) return { k: 'elem', arr: holdArray(called.made, e.expression).v, index: lowerExpr(e.argumentExpression), node: e };
      const arr = arrayNamedBy(e.expression);
      rejectBitView(e);
      if (choosesArrays(skipParens(e.expression))) reject(e.expression, 'DDX1017', `'?:' choosing between arrays is supported as the initializer of a local, an argument or the returned value; declare it as a local first (const b = c ? a : v) and read b[i]`);
      if (arr === undefined) {
        const cell = calledMatrixCell(e);
        if (cell) return cell;
      }
      if (arr?.kind !== 'array') {
        rejectUnreadImport(e.expression);
        reject(e, 'DDX1017', notAnArray(e.expression, arr));
      }
      if (matrices.has(arr)) rejectMatrixUse(e, arr, `'${sourceText(e)}' is a row, not a number; read its elements (${sourceText(e)}[j])`);
      const elements = recordArrayShapes.get(arr);
      if (elements) rejectRecordAsNumber(e, elements);
      return { k: 'elem', arr, index: lowerExpr(e.argumentExpression), node: e };
    }
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) {
      reject(e, 'DDX1016', 'only numbers may flow into a number; booleans are allowed in conditions and boolean locals, strings nowhere but typeof tests');
    }
    if (ts.isArrayLiteralExpression(e)) reject(e, 'DDX1017', 'an array literal is only supported as the initializer of a local or as the returned value');
    if (isFunctionExpression(e)) {
      reject(e, 'DDX1030', 'a function value here cannot be known at compile time; declare a local function with const (const f = (t: number) => …) or a function declaration, and call it, or pass it straight to a function that takes a function');
    }
    if (ts.isTypeOfExpression(e)) reject(e, 'DDX1003', `typeof gives a string; compare it with a string in a condition (typeof x === 'number'), which is decided at compile time`);
    if (touchesBits(e)) reject(e, 'DDX1003', bitsAdvice);
    if (ts.isNewExpression(e)) {
      const made = e.expression.getText(sf);
      reject(e, 'DDX1003', `'new ${made}(…)' makes an object of '${made}', which is not compiled (objects and their methods have no derivative the transform can follow); compute with numbers and arrays, or ${registerRule}`);
    }
    reject(e, 'DDX1003', `${syntaxName(e.kind)} is not supported in a differentiated function`);
  };

  /**
   * A value the arrow reads from an enclosing scope: a parameter, const or let of an enclosing
   * function or of this module, typed number or an array of numbers. It is a constant of the
   * derivative (as a closure's value is for the run-time engine); the call site passes it on by the
   * same name, which names the same binding there, after the verb's other arguments: the value a
   * closure reads when the verb calls it, also of a `let` assigned before, between or by those
   * arguments (a matrix laid out once is laid out on first use, emit/backend.ts). The function
   * itself never assigns it (lowerTarget). A captured array is data: read by index or length, or
   * passed to a callee, never written nor returned.
   */
  const captureOf = (decl: ts.Declaration, use: string, hidden = false): Var | undefined => {
    const known = vars.get(decl);
    if (known) return known;
    if (enclosing && !isAncestor(node, decl)) return captureFromEnclosing(decl, use);
    if (!allowCaptures || (!ts.isParameter(decl) && !ts.isVariableDeclaration(decl) && !ts.isBindingElement(decl)) || !ts.isIdentifier(decl.name) || isAncestor(node, decl)) return undefined;
    if (ts.isParameter(decl) && (decl.dotDotDotToken || decl.initializer || decl.questionToken)) return undefined;
    let owner: ts.Node | undefined = decl.parent;
    while (owner && !ts.isFunctionLike(owner) && !ts.isSourceFile(owner)) owner = owner.parent;
    if (!owner || (owner !== sf && !isAncestor(owner, node))) return undefined;
    // A module-level numeric constant is read as its constant (lowerIdentifier), wherever it is read: never also a capture.
    const constantSymbol = owner === sf ? ctx.checker.getSymbolAtLocation(decl.name) : undefined;
    if (constantSymbol && ctx.constantFor(constantSymbol)) return undefined;
    if (ts.isBindingElement(decl)) {
      // A name an array or record destructuring gives (`const [a, t = Math.hypot(...x)] = x`): a number,
      // boolean or array as the lowering of its function gives it, else as capturedKind finds it, passed by its value like a local's.
      const kind = loweredKindOf(decl) ?? capturedKind(decl, ctx.checker);
      if (kind === undefined) return undefined;
      const v = newVar(decl, use, kind, false, true, hidden);
      captures.push(v);
      captureDeclarations.set(v, decl);
      return v;
    }
    // A record with array fields is captured as the array of its numbers and its arrays (scalarise.ts).
    // Annotated with a record type, or a const object literal (its type inferred: `const data = { x: [1, 2, 3] }`).
    const literal = !decl.type && ts.isVariableDeclaration(decl) && (decl.parent.flags & ts.NodeFlags.Const) !== 0 && decl.initializer !== undefined && ts.isObjectLiteralExpression(skipParens(decl.initializer));
    const split = (decl.type ? annotatedKind(decl.type, ctx.checker) === undefined : literal) ? capturedRecord(decl, splitKind) : undefined;
    if (split) {
      const vs = splitVars(decl, use, split, false);
      captures.push(...vs);
      for (const v of vs) captureDeclarations.set(v, decl as ts.ParameterDeclaration | ts.VariableDeclaration);
      return vs[0];
    }
    // A record (an instance of a class of numbers, an object of numbers) is captured as the array of its numbers.
    // A tuple of numbers (`[number, number, number]`, an alias of one, or returned by a helper) is an array of numbers, as locally.
    const tuple = tupleLength(ctx.checker.getTypeAtLocation(decl.name), ctx.checker) !== undefined ? 'array' : undefined;
    const declared = loweredKindOf(decl) ?? capturedKind(decl, ctx.checker) ?? tuple ?? scalarVerbParamKind(decl, ctx) ?? (ts.isVariableDeclaration(decl) && isBooleanLocal(decl) ? 'boolean' : undefined);
    const matrix = declared === undefined && (isMatrixDeclaration(decl, ctx.checker) || isMatrixMade(decl, ctx.checker));
    const records = declared === undefined && !matrix ? recordArrayElementsOf(decl as ts.ParameterDeclaration | ts.VariableDeclaration) : undefined;
    const record = declared === undefined && !records && !matrix ? capturedRecord(decl) : undefined;
    const kind = record || records || matrix ? 'array' : declared;
    if (kind === undefined) return undefined;
    // Named like a global the generated code reads, or hidden where a local function reading it is
    // called (passCaptured), it gets another name here (the call site still passes it by its own name).
    const v = newVar(decl, use, kind, false, true, hidden);
    if (record) recordShapes.set(v, record);
    if (records) recordArrayShapes.set(v, records);
    if (matrix) matrices.add(v);
    captures.push(v);
    captureDeclarations.set(v, decl as ts.ParameterDeclaration | ts.VariableDeclaration);
    return v;
  };

  /**
   * Whether a capture of `decl` read as `use` takes another name here: `use` names a variable this
   * function declares (the arrow's own `x` beside the enclosing `x` a local function it calls
   * reads), while where the function is written, whose call passes the capture by its name, `use`
   * still means `decl`. A name hidden there too keeps it, and passCaptured refuses the call (DDX1030).
   */
  const hiddenHere = (decl: ts.Declaration, use: string): boolean => {
    const symbol = ctx.checker.getSymbolAtLocation((decl as ts.NamedDeclaration).name!);
    if (!symbol || !node.parent || ctx.checker.resolveName(use, node.parent, ts.SymbolFlags.Value, false) !== symbol) return false;
    let found = false;
    forEachNode(node, (n) => {
      if (found || !ts.isIdentifier(n) || n.text !== use) return;
      const other = ctx.checker.getSymbolAtLocation(n);
      const at = other?.valueDeclaration ?? other?.declarations?.[0];
      found = other !== symbol && at !== undefined && isAncestor(node, at);
    });
    return found;
  };

  /** Why a variable of an enclosing scope that the arrow may read is not captured (undefined for any other name). */
  const whyNotCaptured = (decl: ts.Declaration, use: string): string | undefined => {
    if (enclosing || !allowCaptures || !(ts.isParameter(decl) || ts.isVariableDeclaration(decl)) || !ts.isIdentifier(decl.name) || isAncestor(node, decl)) return undefined;
    let owner: ts.Node | undefined = decl.parent;
    while (owner && !ts.isFunctionLike(owner) && !ts.isSourceFile(owner)) owner = owner.parent;
    if (!owner || (owner !== sf && !isAncestor(owner, node))) return undefined;
    const where = owner === sf ? 'at module level' : 'of the enclosing scope';
    const from = decl.type ? `its type '${decl.type.getText(sf)}'` : decl.initializer ? `its initializer '${decl.initializer.getText(sf)}'` : 'its declaration';
    return `'${use}' ${where} is not known to be a number, an array of numbers or a boolean from ${from}; annotate it (const ${use}: number = …) or pass it as a parameter`;
  };

  /**
   * The record shape of the elements of an array of records declared `d`: from its type as written
   * (`Point[]`), else from an initializer that lists object literals ([{ x: 1, y: 2 }, …]).
   */
  const recordArrayElementsOf = (d: ts.ParameterDeclaration | ts.VariableDeclaration): RecordShape | undefined => {
    if (d.type) return recordArrayShapeOf(d.type, ctx.checker);
    const init = d.initializer && skipParens(d.initializer);
    if (!init || !ts.isArrayLiteralExpression(init) || init.elements.length === 0 || !init.elements.every((el) => ts.isObjectLiteralExpression(skipParens(el)))) return undefined;
    return recordShapeOf(ctx.checker.getTypeAtLocation(init.elements[0]), ctx.checker, init.elements[0]);
  };

  /** The record shape of a value an arrow captures, when it is a record of numbers; undefined otherwise (then it is not captured). */
  const capturedRecord = <T = RecordShape>(decl: ts.ParameterDeclaration | ts.VariableDeclaration, shapeOf: (d: ts.ParameterDeclaration | ts.VariableDeclaration) => T | undefined = (d) => recordShapeOf(ctx.checker.getTypeAtLocation(d.name), ctx.checker, d) as T): T | undefined => unlessRejected(() => shapeOf(decl));

  /**
   * A local function reads a variable of an enclosing function: it becomes a trailing parameter,
   * and each call passes the variable's binding at the call (as a closure reads it when called).
   */
  const lifted: { decl: ts.Declaration; v: Var }[] = [];
  const captureFromEnclosing = (decl: ts.Declaration, use: string): Var | undefined => {
    const outer = enclosing!.resolve(decl, use);
    if (!outer) return undefined;
    const view = recordViews.get(outer);
    if (view) {
      const within = recordArrayShapes.has(view.arr) ? 'a record of an array of records' : `a record field of '${view.arr.sourceName}' that this function writes fields of`;
      reject(decl, 'DDX1022', `'${use}' is ${within}, read by a local function; pass it to the function as a parameter (a record), or declare it with its fields copied (const ${use}: ${view.shape.typeName} = { … })`);
    }
    // A module-level object of data (`const data = { k: 2, w: [1, 2] }`) that an arrow at a verb
    // captures: the local function reads its fields as data itself (moduleObjectField), with the
    // values the arrow reads (the object's fields are constant data, or that read refuses them).
    const outerFields = arrayFields.get(outer);
    if (outerFields && isModuleLevelVariable(decl) && ts.isObjectLiteralExpression(skipParens(decl.initializer))) return undefined;
    // A local matrix is passed laid out as a matrix parameter is (a copy at each call, passCaptured).
    const localMatrix = localMatrices.has(outer);
    // A specialisation's parameter holding a capture of its call site may share its name with a
    // variable of the callee's own (`for (const v of xs) s += f(v)` given `(x) => x - v`): it is
    // renamed here, and the call site still passes it by its own name.
    const symbol = ctx.checker.getSymbolAtLocation((decl as ts.NamedDeclaration).name!);
    // So it is where the name means something else where the callee is declared (a module-level
    // binding or an import, also a type-only one: `import { type Real }`), which a call passing the
    // capture by its name there would meet (DDX1030 in passCaptured).
    const seen = ctx.checker.resolveName(use, node, ts.SymbolFlags.Value, false);
    // So is it where a name lowering made before the capture was met holds it (a for…of loop's index `i`
    // in the solver's version, which the capture, a parameter there, would otherwise shadow).
    let clashes = seen !== undefined && seen !== symbol;
    forEachNode(node, (n) => { clashes ||= ts.isIdentifier(n) && n.text === use && ctx.checker.getSymbolAtLocation(n) !== symbol; });
    clashes ||= usedNames.has(use) && !sourceNames.has(use);
    // A row of a matrix (a number local holding its index there) is passed as a copy of the row: an array here.
    const v = newVar(decl, use, matrixRows.has(outer) ? 'array' : outer.kind, true, false, clashes);
    if (outerFields) {
      // A record with array fields (a local object whose methods read it through 'this', a record
      // a local function reads): the array of its numbers, then an array per array field, each a
      // trailing parameter; passCaptured passes the caller's, in the same order.
      recordShapes.set(v, recordShapes.get(outer)!);
      const fields = new Map([...outerFields.keys()].map((f): [string, Var] => {
        const name = freshParamName(`${v.name}_${f}`);
        return [f, { id: nextVar++, name, sourceName: name, kind: 'array', isParam: true, isConst: true }];
      }));
      arrayFields.set(v, fields);
      for (const [field, a] of fields) fieldArrays.set(a, { record: v, field });
      usedNames.add(use);
      lifted.push({ decl, v }, ...[...fields.values()].map((a) => ({ decl, v: a })));
      return v;
    }
    if (matrices.has(outer) || localMatrix) matrices.add(v);
    // A record or an array of records keeps its layout.
    const shape = recordShapes.get(outer), elements = recordArrayShapes.get(outer);
    if (shape) recordShapes.set(v, shape);
    if (elements) recordArrayShapes.set(v, elements);
    usedNames.add(use); // generated names avoid it
    lifted.push({ decl, v });
    return v;
  };

  // ---- matrices (scalarise.ts) -----------------------------------------------------------------

  /** The matrix and row named by `m[i]` (m a matrix) or by a row's name (`const row = m[i]`); undefined for anything else. */
  const matrixRowOf = (e: ts.Expression): { m: Var; row: () => Expr } | undefined => {
    const inner = skipParens(e);
    if (ts.isIdentifier(inner)) {
      const v = lookup(inner);
      const m = v && matrixRows.get(v);
      return m && { m, row: () => ({ k: 'var', v: v!, node: inner }) };
    }
    if (!ts.isElementAccessExpression(inner)) return undefined;
    // `H[i]`, or `r.hessian[i]` of the record a nested valueGradientHessian gives (heldRecordOf).
    const m = matrixNamedBy(inner.expression);
    return m ? { m, row: () => lowerExpr(inner.argumentExpression) } : undefined;
  };

  /** `x`, held in a const first when it is more than a name or a literal (it is read several times). */
  const readOnce = (x: Expr, base: string): Expr => (x.k === 'num' || x.k === 'var' || prelude === undefined ? x : hold(x, base));

  /** The locals holding where a row named by `for (const row of m)` starts and ends (a row's bounds never change). */
  const rowBounds = new Map<Var, readonly [Var, Var]>();

  /** Where row `row` of matrix `m` starts in its layout (`k` = 1), or ends (`k` = 2); for a local matrix, in its row starts. */
  const rowBound = (m: Var, row: Expr, k: 1 | 2, at: ts.Node): Expr => {
    const held = row.k === 'var' ? rowBounds.get(row.v) : undefined;
    if (held) return { k: 'var', v: held[k - 1], node: at };
    const starts = localMatrices.get(m);
    if (starts) return { k: 'elem', arr: starts, index: k === 1 ? row : { k: 'bin', op: '+', a: row, b: num('1', at), node: at }, node: at };
    return { k: 'elem', arr: m, index: { k: 'bin', op: '+', a: row, b: num(String(k), at), node: at }, node: at };
  };

  /** `m[row][j]`: the element at start + j within the row, else at -1 (undefined, as past the end of a row). */
  const matrixElement = (m: Var, row: Expr, j: Expr, at: ts.Node): Expr => {
    const place: Expr = { k: 'bin', op: '+', a: rowBound(m, row, 1, at), b: j, node: at };
    const within: Cond = {
      k: 'logic', op: '&&', node: at,
      a: { k: 'cmp', op: '>=', a: j, b: num('0', at), node: at },
      b: { k: 'cmp', op: '<', a: place, b: rowBound(m, row, 2, at), node: at },
    };
    const index: Expr = { k: 'cond', test: within, a: place, b: { k: 'neg', a: num('1', at), node: at }, node: at };
    // A local matrix's element place is computed once (its value and its tangents read it).
    return { k: 'elem', arr: m, index: localMatrices.has(m) ? readOnce(index, 'at') : index, node: at };
  };

  /** `m[row].length`. */
  const rowLength = (m: Var, row: Expr, at: ts.Node): Expr => ({ k: 'bin', op: '-', a: rowBound(m, row, 2, at), b: rowBound(m, row, 1, at), node: at });

  /** `m[i][j]`, `row[j]`: an element of a matrix; undefined for other element reads. */
  const matrixRead = (e: ts.ElementAccessExpression, r = matrixRowOf(e.expression)): Expr | undefined => {
    if (!r) return undefined;
    const row = readOnce(before(r.row(), e.argumentExpression), 'row');
    return matrixElement(r.m, row, readOnce(lowerExpr(e.argumentExpression), 'col'), e);
  };

  /**
   * A row of a matrix passed to a callee's array parameter: copied into a new local array (the
   * callee reads it; the matrix is data, so the copy holds what the row holds).
   */
  const rowCopy = (a: ts.Expression, r: { m: Var; row: () => Expr }): Expr => {
    if (prelude === undefined) reject(a, 'DDX1023', `'${sourceText(a)}', a row of a matrix, is passed ${conditionalPlaceOf(a, node)}; copy it into a local before (const r = ${sourceText(a)}.slice())`);
    const index = r.row();
    const row = rowsHeld && index.k === 'var' ? hold(index, 'row') : readOnce(index, 'row');
    const v = newVar(a, freshName('row'), 'array', false, false);
    const k = newVar(a, freshName('k'), 'number', false, false);
    const start = prelude.length;
    const kRead: Expr = { k: 'var', v: k, node: a };
    prelude.push({ k: 'let', v, init: { k: 'newArray', length: rowLength(r.m, row, a), fill: num('0', a), typed: false, node: a }, node: a });
    prelude.push({
      k: 'for', node: a,
      init: [{ k: 'let', v: k, init: num('0', a), node: a }],
      test: { k: 'cmp', op: '<', a: kRead, b: { k: 'len', arr: v, node: a }, node: a },
      update: [{ k: 'set', v: k, value: { k: 'bin', op: '+', a: kRead, b: num('1', a), node: a }, node: a }],
      body: [{ k: 'setElem', arr: v, index: kRead, value: { k: 'elem', arr: r.m, index: { k: 'bin', op: '+', a: rowBound(r.m, row, 1, a), b: kRead, node: a }, node: a }, node: a }],
    });
    copyMade(v, start);
    return { k: 'var', v, node: a };
  };

  /** Local matrix `m` passed to a `number[][]` parameter: a copy of it in a matrix parameter's layout (row-offset table in front). */
  const matrixLayoutCopy = (a: ts.Expression, m: Var): Expr => {
    if (prelude === undefined) reject(a, 'DDX1023', `the local matrix '${m.sourceName}' is passed ${conditionalPlaceOf(a, node)}; call the function before, into a local, and use the local`);
    const starts = localMatrices.get(m)!;
    const layout = newVar(a, freshName(`${m.sourceName}Layout`), 'array', false, true);
    const start = prelude.length;
    const rows = hold(lengthRead(m, a), 'rows');
    const push = (value: Expr): Stmt => ({ k: 'push', arr: layout, value, node: a });
    prelude.push({ k: 'let', v: layout, init: { k: 'arrayLit', elems: [rows], node: a }, node: a });
    const shift: Expr = { k: 'bin', op: '+', a: rows, b: num('2', a), node: a };
    prelude.push(countedLoop(a, num('0', a), { k: 'len', arr: starts, node: a }, (i) => [push({ k: 'bin', op: '+', a: elem(starts, i), b: shift, node: a })]));
    prelude.push(countedLoop(a, num('0', a), { k: 'len', arr: m, node: a }, (i) => [push(elem(m, i))]));
    copyMade(layout, start);
    return { k: 'var', v: layout, node: a };
  };

  /** A matrix (or a row of one) where it is not read as the data it is. */
  const rejectMatrixUse = (e: ts.Node, m: Var, how: string): never =>
    reject(e, 'DDX1023', localMatrices.has(m) ? `'${m.sourceName}' is a local matrix (number[][]): ${how}` : `'${m.sourceName}' is a matrix (number[][]), read only as data: ${how}`);

  // ---- local matrices (scalarise.ts: localMatrices) --------------------------------------------

  const localMatrixForms = '[[a, b], [c, d]], Array.from({ length: n }, (_, i) => row), new Array(n).fill(0).map((_, i) => row), or [] grown by m.push(row)';

  /**
   * The callback that makes the rows of `Array.from({ length: n }, cb)` or `new Array(n).fill(c).map(cb)`
   * (`made`: the filled array, whose elements the callback gets first) and the number of rows;
   * undefined for another initializer.
   */
  const matrixMakerOf = (init: ts.Expression): { count: ts.Expression | undefined; made: ts.Expression | undefined; cb: ts.ArrowFunction | ts.FunctionExpression } | undefined => {
    if (!ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression)) return undefined;
    const method = init.expression.name.text;
    const receiver = skipParens(init.expression.expression);
    const cbArg = init.arguments[method === 'from' ? 1 : 0];
    const cb = cbArg && unwrapExpression(cbArg);
    if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) || init.arguments.length !== (method === 'from' ? 2 : 1)) return undefined;
    const returned = ts.isBlock(cb.body) ? cb.body.statements.at(-1) : cb.body;
    const rowExpr = returned && (ts.isReturnStatement(returned) ? returned.expression : ts.isExpression(returned) ? returned : undefined);
    if (!rowExpr || !makesRow(rowExpr)) return undefined;
    if (method === 'from' && isGlobal(receiver, 'Array')) {
      const source = skipParens(init.arguments[0]);
      const prop = ts.isObjectLiteralExpression(source) && source.properties.length === 1 ? source.properties[0] : undefined;
      const length = prop && prop.name?.getText(sf) === 'length' ? (ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined) : undefined;
      return length && { count: length, made: undefined, cb };
    }
    if (method === 'map' && lowerArrayInitForm(receiver)) return { count: undefined, made: receiver, cb };
    return undefined;
  };
  /** Whether `e` makes an array (of numbers, as a row): a literal, a creation, an array method that makes one, a call typed an array. */
  const makesRow = (e: ts.Expression): boolean => {
    const inner = unwrapExpression(e);
    if (ts.isArrayLiteralExpression(inner) || lowerArrayInitForm(inner)) return true;
    if (ts.isIdentifier(inner)) return isArrayTyped(inner);
    if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && (arrayResultMethods.has(inner.expression.name.text) || inner.expression.name.text === 'from')) return true;
    return ts.isCallExpression(inner) && ctx.checker.isArrayType(ctx.checker.getTypeAtLocation(inner));
  };
  /** A local declared an array of numbers, by its annotation or by an initializer that makes one. */
  const isArrayTyped = (id: ts.Identifier): boolean => {
    const decl = symbolOf(id)?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl)) return false;
    if (decl.type) return annotatedKind(decl.type, ctx.checker) === 'array';
    return decl.initializer !== undefined && !ts.isIdentifier(unwrapExpression(decl.initializer)) && makesRow(decl.initializer);
  };
  /** `new Array(n).fill(c)`, `Array(n).fill(c)` or `new Float64Array(n)` as written (not lowered). */
  const lowerArrayInitForm = (e: ts.Expression): boolean => {
    const inner = skipParens(e);
    if (ts.isNewExpression(inner)) return isGlobal(inner.expression, 'Float64Array');
    if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression) || inner.expression.name.text !== 'fill') return false;
    const made = inner.expression.expression;
    return (ts.isNewExpression(made) || ts.isCallExpression(made)) && isGlobal(made.expression, 'Array');
  };

  /** Whether the declaration makes a local matrix: annotated `number[][]` (not an alias of another), a literal of rows, or one of the forms that make rows. */
  const isLocalMatrixDeclaration = (d: ts.VariableDeclaration): boolean => {
    const init = d.initializer && unwrapExpression(d.initializer);
    if (init && (ts.isIdentifier(init) || matrixRowOf(init))) return false;
    if (d.type) return isMatrixAnnotation(d.type, ctx.checker);
    if (!init) return false;
    if (isMatrixDeclaration(d, ctx.checker)) return true;
    if (isMatrixCall(init)) return true;
    if (ts.isArrayLiteralExpression(init)) {
      const type = ctx.checker.getTypeAtLocation(d.name);
      const row = ctx.checker.isArrayType(type) ? ctx.checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
      return init.elements.length > 0 && row !== undefined && ctx.checker.isArrayType(row) && (ctx.checker.getTypeArguments(row as ts.TypeReference)[0].flags & ts.TypeFlags.NumberLike) !== 0;
    }
    return matrixMakerOf(init) !== undefined;
  };

  /**
   * Whether `init` is a call giving a matrix: a callee returning one (`outer(x)`, matrixReturns), or
   * a nested verb's (`hessian(g, x)`, `jacobian(g, x)`: nested.ts).
   */
  const isMatrixCall = (init: ts.Expression): boolean => {
    if (!ts.isCallExpression(init)) return false;
    const callee = !matrixMakerOf(init) ? calleeDeclaration(init, ctx.checker) : undefined;
    if (callee && declaresMatrixReturn(callee, ctx.checker)) return true;
    return ['hessian', 'jacobian'].includes(ctx.verbOf(init.expression) ?? '');
  };

  /** The local matrix `e` names (a local matrix itself, not a matrix parameter), or undefined. */
  const localMatrixNamedBy = (e: ts.Expression): Var | undefined => {
    const inner = skipParens(e);
    const v = ts.isIdentifier(inner) ? lookup(inner) : undefined;
    return v && localMatrices.has(v) ? v : undefined;
  };

  /**
   * `const m = …` of a local matrix (scalarise.ts, localMatrices): its elements' array and its row
   * starts, empty, then each row appended in turn.
   */
  const lowerLocalMatrix = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => withPreludes(() => {
    makeLocalMatrix(d, (d.name as ts.Identifier).text, d.initializer && unwrapExpression(d.initializer), isConst);
    return [];
  });

  /**
   * The local matrix `init` makes, named `name` (declared by `d`; or the matrix a function returns,
   * `return [[a, b], [c, d]]`, `d` that expression), built in the prelude.
   */
  const makeLocalMatrix = (d: ts.Node, name: string, init: ts.Expression | undefined, isConst: boolean): Var => {
    const maker = init && !ts.isArrayLiteralExpression(init) ? matrixMakerOf(init) : undefined;
    // `const M = outer(x)`: the layout the callee returns (matrixReturns), unpacked below.
    const layout = init && !maker && ts.isCallExpression(init) ? matrixResult(init) : undefined;
    if (!init || (!ts.isArrayLiteralExpression(init) && !maker && !layout)) {
      reject(d, 'DDX1023', `'${name}' is a local matrix (number[][]), made by ${localMatrixForms}; ${init ? `'${sourceText(init)}' is none of them` : 'give it its rows where it is declared'}`);
    }
    if (!isConst && ts.isVariableDeclaration(d) && isAssigned(node, ctx.checker.getSymbolAtLocation(d.name)!, ctx.checker)) {
      reject(d, 'DDX1023', `'${name}' is a local matrix (number[][]) assigned another later; declare it with const and write its elements (${name}[i][j] = …), or declare another matrix`);
    }
    if (layout) return matrixOfLayout(d, name, layout.v, init!, isConst);
    const m = emptyLocalMatrix(d, name, isConst);
    if (ts.isArrayLiteralExpression(init)) {
      for (const row of init.elements) {
        if (ts.isSpreadElement(row) || ts.isOmittedExpression(row)) reject(row, 'DDX1023', `'${name}' is a local matrix listed row by row: spreads and holes are not supported; push each row (${name}.push(row))`);
        appendRow(m, row);
      }
      return m;
    }
    const { count, made, cb } = maker!;
    // The number of rows: Array.from's length (ToLength truncates), or the filled array's.
    const filled = made && arrayBound(made, `the array mapped to the rows of '${name}'`);
    const n = filled ? { k: 'len', arr: filled, node: made! } as Expr : hold({ k: 'math', name: 'trunc', args: [lowerExpr(count!)], node: count! }, 'count');
    prelude!.push(countedLoop(init, num('0', init), n, (i) => withPreludes(() => inScopeOf(cb, () => {
      const values = [filled ? elem(filled, i) : undefined, i];
      if (cb.parameters.length > 2) reject(cb.parameters[2], 'DDX1023', `the callback making the rows of '${name}' takes a value and an index: (_, i) => row`);
      cb.parameters.forEach((p, k) => {
        if (!ts.isIdentifier(p.name) || p.initializer || p.dotDotDotToken) reject(p, 'DDX1023', `the callback making the rows of '${name}' names its parameters: (_, i) => row`);
        const value = values[k];
        const used = identifiersOf(cb.body).has(p.name.text);
        if (used) prelude!.push({ k: 'let', v: newVar(p, p.name.text, 'number', false, true), init: value, node: p, ...(value === undefined ? { hoisted: true as const } : {}) });
      });
      if (!ts.isBlock(cb.body)) {
        appendRow(m, cb.body);
        return [];
      }
      const statements = cb.body.statements;
      const last = statements[statements.length - 1] as ts.ReturnStatement;
      forEachNode(cb.body, (n) => {
        if (ts.isReturnStatement(n) && n !== last) reject(n, 'DDX1023', `the callback making the rows of '${name}' returns its row once, at its end`);
      });
      prelude!.push(...lowerStatements(statements.slice(0, -1)));
      appendRow(m, last.expression!);
      return [];
    }))));
    return m;
  };

  /** A new local matrix `name` (declared by `d`) with no rows, made in the prelude. */
  const emptyLocalMatrix = (d: ts.Node, name: string, isConst: boolean): Var => {
    const m = newVar(d, name, 'array', false, isConst);
    const starts = newVar(ts.isVariableDeclaration(d) ? d.name : d, freshName(`${name}Rows`), 'array', false, true);
    matrices.add(m);
    localMatrices.set(m, starts);
    prelude!.push({ k: 'let', v: m, init: { k: 'arrayLit', elems: [], node: d }, node: d });
    prelude!.push({ k: 'let', v: starts, init: { k: 'arrayLit', elems: [num('0', d)], node: d }, node: d });
    return m;
  };

  /**
   * The local matrix `name` unpacked in the prelude from `layout`, a matrix laid out as a matrix
   * parameter is (scalarise.ts: matrixReturns), which `at` gives.
   */
  const matrixOfLayout = (d: ts.Node, name: string, layout: Var, at: ts.Node, isConst: boolean): Var => {
    const m = emptyLocalMatrix(d, name, isConst);
    const starts = localMatrices.get(m)!;
    // [rows, start_0, …, start_rows, elements…]: the row starts less rows + 2, then the elements.
    // Its row table is integers, read by `| 0` (bitwise: no tangent, as for an index).
    const integer = (e: Expr): Expr => ({ k: 'bitwise', op: '|', a: e, b: num('0', at), node: at });
    const rows = hold(integer(elem(layout, num('0', at))), 'rows');
    const shift = hold({ k: 'bin', op: '+', a: rows, b: num('2', at), node: at }, 'shift');
    prelude!.push(countedLoop(at, num('2', at), shift, (i) => [{ k: 'push', arr: starts, value: { k: 'bin', op: '-', a: integer(elem(layout, i)), b: shift, node: at }, node: at }]));
    const count: Expr = { k: 'bin', op: '-', a: { k: 'len', arr: layout, node: at }, b: shift, node: at };
    prelude!.push(countedLoop(at, num('0', at), count, (i) => [{ k: 'push', arr: m, value: elem(layout, { k: 'bin', op: '+', a: i, b: shift, node: at }), node: at }]));
    return m;
  };

  /**
   * Appends row `e` (a new array of numbers) to local matrix `m` in the prelude: its elements, then
   * its end among the row starts. A row named by a local or a parameter is the same array in
   * JavaScript (a later write through either would show in both): a copy is asked for.
   */
  const appendRow = (m: Var, e: ts.Expression): void => {
    const starts = localMatrices.get(m)!;
    const inner = unwrapExpression(e);
    const pushOnto = (value: Expr, at: ts.Node): Stmt => ({ k: 'push', arr: m, value, node: at });
    if (ts.isArrayLiteralExpression(inner)) {
      const elems = lowerInOrder(inner.elements, (el) => {
        if (ts.isSpreadElement(el) || ts.isOmittedExpression(el)) reject(el, 'DDX1023', `a row of the local matrix '${m.sourceName}' lists its numbers: spreads and holes are not supported`);
        return lowerExpr(el);
      });
      prelude!.push(...elems.map((value) => pushOnto(value, inner)));
    } else if (lowerArrayInitForm(inner) && !ts.isNewExpression(inner)) {
      // `new Array(k).fill(c)`: c, k times (no array made for the row).
      const made = lowerArrayInit(inner) as Extract<ArrayMade, { k: 'newArray' }>;
      const count = readOnce(made.length, 'count');
      const fill = readOnce(made.fill, 'fill');
      prelude!.push(countedLoop(e, num('0', e), count, () => [pushOnto(fill, e)]));
    } else if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'slice' && inner.arguments.length === 0 && matrixRowOf(inner.expression.expression)) {
      // `A[i].slice()`: the elements of a row of a matrix, read in place.
      const r = matrixRowOf(inner.expression.expression)!;
      const row = readOnce(r.row(), 'row');
      const start = readOnce(rowBound(r.m, row, 1, e), 'start');
      prelude!.push(countedLoop(e, num('0', e), rowLength(r.m, row, e), (k) => [pushOnto({ k: 'elem', arr: r.m, index: { k: 'bin', op: '+', a: start, b: k, node: e }, node: e }, e)]));
    } else if (ts.isIdentifier(inner) && lastUseOfLocalArray(inner)) {
      // A local array of its block never read after it is pushed: the same row as a copy of it.
      const row = lookup(inner)!;
      prelude!.push(countedLoop(e, num('0', e), { k: 'len', arr: row, node: e }, (i) => [pushOnto(elem(row, i), e)]));
    } else {
      if (arrayNamedBy(inner) || matrixRowOf(inner)) {
        reject(e, 'DDX1023', `a row of the local matrix '${m.sourceName}' is a new array: '${sourceText(e)}' names an array that later writes would share; push a copy (${sourceText(e)}.slice())`);
      }
      const fresh = nextVar;
      const row = arrayBound(inner, `a row of the local matrix '${m.sourceName}' is`);
      if (row.id < fresh || matrices.has(row)) reject(e, 'DDX1023', `a row of the local matrix '${m.sourceName}' is a new array of numbers; '${sourceText(e)}' is not one`);
      prelude!.push(countedLoop(e, num('0', e), { k: 'len', arr: row, node: e }, (i) => [pushOnto(elem(row, i), e)]));
    }
    prelude!.push({ k: 'push', arr: starts, value: { k: 'len', arr: m, node: e }, node: e });
  };

  /**
   * Whether `id` names a local array (of numbers) of the block it is declared in, and the statement
   * reading it here is its last use: directly in that block (not in a loop within it, which would
   * push the same array again) and no reference to it after, nor in a function. Such an array is
   * never read or written again, so a copy of it is the same row (each run of the block makes a
   * new one).
   */
  const lastUseOfLocalArray = (id: ts.Identifier): boolean => {
    const v = lookup(id);
    if (v?.kind !== 'array' || v.isParam || isCaptured(v) || matrices.has(v) || recordShapes.has(v) || recordArrayShapes.has(v) || lifted.some((c) => c.v === v)) return false;
    const symbol = ctx.checker.getSymbolAtLocation(id);
    const decl = symbol?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isVariableDeclarationList(decl.parent) || (decl.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) return false;
    const block = decl.parent.parent.parent;
    if (!ts.isVariableStatement(decl.parent.parent) || !ts.isBlock(block)) return false;
    let statement: ts.Node = id;
    while (!ts.isExpressionStatement(statement) && !ts.isReturnStatement(statement)) {
      if (statement === block || ts.isFunctionLike(statement)) return false;
      statement = statement.parent;
    }
    for (let p = statement.parent; p !== block; p = p.parent) if (p === node || ts.isIterationStatement(p, false) || ts.isFunctionLike(p)) return false;
    let last = true;
    forEachNode(block, (n) => {
      if (!ts.isIdentifier(n) || n.text !== id.text || ctx.checker.getSymbolAtLocation(n) !== symbol) return;
      if (n.end > statement.end) last = false;
      for (let p = n.parent; p !== block; p = p.parent) if (ts.isFunctionLike(p)) last = false;
    });
    return last;
  };

  /** `m[i][j]` or `row[j]` of a local matrix written: the element's place, after a guard that throws where the write would lengthen the row. */
  const localMatrixTarget = (t: ts.ElementAccessExpression, r: { m: Var; row: () => Expr }): { v: Var; index: Expr } => {
    if (prelude === undefined) reject(t, 'DDX1023', `an element of the local matrix '${r.m.sourceName}' is assigned ${conditionalPlaceOf(t, node)}; assign it in a statement of its own`);
    const row = readOnce(before(r.row(), t.argumentExpression), 'row');
    const col = readOnce(lowerExpr(t.argumentExpression), 'col');
    const place = hold({ k: 'bin', op: '+', a: rowBound(r.m, row, 1, t), b: col, node: t }, 'place');
    const within: Cond = {
      k: 'logic', op: '&&', node: t,
      a: { k: 'cmp', op: '>=', a: col, b: num('0', t), node: t },
      b: { k: 'cmp', op: '<', a: place, b: rowBound(r.m, row, 2, t), node: t },
    };
    const message = JSON.stringify(`ddx: '${sourceText(t)}' is outside its row of the local matrix '${r.m.sourceName}' (its rows keep the length they were made with)`);
    prelude!.push({ k: 'if', test: { k: 'not', a: within, node: t }, then: [{ k: 'throw', parts: [`new RangeError(${message})`], node: t }], else: undefined, node: t });
    return { v: r.m, index: place };
  };

  // ---- records (scalarise.ts) ------------------------------------------------------------------

  /** `i·stride`: where record `index` of an array of records of `shape` starts. */
  const stridedIndex = (index: Expr, shape: RecordShape, at: ts.Node): Expr => {
    const stride = strideOf(shape);
    return stride === 1 ? index : { k: 'bin', op: '*', a: index, b: num(String(stride), at), node: at };
  };

  /**
   * `f(x).y`, `valueAndGradient(g, x).value`, `unpack(x).weights[i]`: a field of the record a call
   * returns, read where the call is made. The call's record is held in a local before the
   * statement, as `const r = f(x)` would hold it (its arrays unpacked, unpackSplitResult), and
   * recordPath and arrayNamedBy read that local for the call. Nothing for any other read.
   */
  const heldRecords = new Map<ts.CallExpression, Var>();
  const holdCalledRecord = (e: ts.PropertyAccessExpression | ts.ElementAccessExpression): void => {
    let root: ts.Expression = skipParens(e.expression);
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipParens(root.expression);
    if (!ts.isCallExpression(root) || heldRecords.has(root) || arrayCallOf(root)) return;
    if (recordVerbOf(root)) {
      heldRecordOf(root);
      return;
    }
    const split = splitOfValue(root);
    if (split || recordOfValue(root)) heldRecordOf(root, split);
  };

  /**
   * The verb of a call whose result is a record whatever the checker knows of its type:
   * `valueAndGradient`, `valueAndDerivative(s)`, `valueGradientHessian`, `valueAndJacobian` always,
   * `gradient` and `hvp` at a record point (a record of the point's shape).
   */
  const recordVerbOf = (e: ts.Expression): VerbName | undefined => {
    const call = skipParens(e);
    const verb = ts.isCallExpression(call) ? ctx.verbOf(call.expression) : undefined;
    if (verb === 'valueAndGradient' || verb === 'valueAndDerivative' || verb === 'valueAndDerivatives' || verb === 'valueGradientHessian' || verb === 'valueAndJacobian') return verb;
    const point = (call as ts.CallExpression).arguments?.[1];
    return (verb === 'gradient' || verb === 'hvp') && point && recordOfValue(point) ? verb : undefined;
  };

  /** The record shape of the value `e` has (its type, through the checker); undefined for any other value. */
  const recordOfValue = (e: ts.Expression): RecordShape | undefined => unlessRejected(() => recordShapeOf(ctx.checker.getTypeAtLocation(e), ctx.checker, e));

  /**
   * The local holding the record `call` returns (`split`: a record with array fields, as its type
   * says), made once, before the statement; `declared`, the name of the local declared with it.
   */
  const heldRecordOf = (call: ts.CallExpression, split?: { shape: RecordShape; arrays: readonly string[] }, declared?: ts.VariableDeclaration): Var => {
    const held = heldRecords.get(call);
    if (held) return held;
    if (prelude === undefined) reject(call, 'DDX1055', `the record '${sourceText(call)}' returns is read ${conditionalPlaceOf(call, node)}; hold it in a local before (const r = ${sourceText(call)}) and read the local`);
    const name = declared ? (declared.name as ts.Identifier).text : freshName(sourceText(call.expression).replace(/\W/g, '_'));
    const made = split ? undefined : writerResult(call)?.made;
    const packed = split ?? (made && splitReturns.get(made.fn.node));
    let v: Var;
    if (packed) {
      const parts = unpackSplitResult(call, packed, name, made);
      // valueGradientHessian's hessian, valueAndJacobian's jacobian: a local matrix unpacked from its layout.
      const matrix = 'matrix' in packed ? packed.matrix as string : undefined;
      const fields = parts.arrays.map((a, i) => (packed.arrays[i] === matrix ? matrixOfLayout(call, freshName(`${name}_${matrix}`), a, call, true) : a));
      v = newVar(declared ?? call, name, 'array', false, true);
      recordShapes.set(v, packed.shape);
      arrayFields.set(v, new Map(packed.arrays.map((f, i) => [f, fields[i]])));
      prelude!.push({ k: 'let', v, init: { k: 'arrayLit', elems: parts.numbers, node: call }, node: call });
    } else {
      if (!made || !recordReturns.get(made.fn.node)) return reject(call, 'DDX1022', `'${sourceText(call)}' is read as a record, but what it returns is not compiled as one; hold it in a local first (const r = ${sourceText(call)})`);
      if (declared) {
        const st = heldArray(made, declared, name, true, call) as Extract<Stmt, { k: 'let' }>;
        prelude!.push(st);
        v = st.v;
      } else {
        v = holdArray(made, call).v;
      }
    }
    heldRecords.set(call, v);
    return v;
  };

  /** The verbs whose record `const r = verb(g, x)` holds as the record held for the call. */
  const heldVerbs: ReadonlySet<VerbName> = new Set<VerbName>(['valueAndGradient', 'valueGradientHessian', 'valueAndJacobian']);

  /** `const r = valueAndGradient(g, x)`: r names the record held for the call (heldRecordOf). */
  const lowerHeldRecordDeclaration = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => {
    const name = (d.name as ts.Identifier).text;
    if (!isConst && isAssigned(node, ctx.checker.getSymbolAtLocation(d.name)!, ctx.checker)) {
      reject(d, 'DDX1022', `'${name}' holds the record ${recordVerbOf(d.initializer!)} returns and is assigned later; declare it with const, and another local for the other record`);
    }
    return withPreludes(() => {
      heldRecordOf(skipParens(d.initializer!) as ts.CallExpression, undefined, d);
      return [];
    });
  };

  /** A record read: its array `v`, shape, the path read (`p.pos.x` is ['pos', 'x'] of p), and where the record starts in `v`. */
  interface RecordRead {
    readonly v: Var;
    readonly shape: RecordShape;
    readonly path: string[];
    /** Whether the record is an element of an array of records (not the whole of `v`). */
    readonly strided: boolean;
    /** Where the record starts in `v` (lowered once, when first asked): 0, or i·stride for `pts[i]`. */
    start(): Expr | undefined;
  }

  /**
   * A record variable, an element of an array of records (`pts[i]`) or a name for one, and the
   * path read of it: `p.pos.x` is ['pos', 'x'] of p; undefined for anything else.
   */
  const recordPath = (e: ts.Expression): RecordRead | undefined => {
    const path: string[] = [];
    let root = skipParens(e);
    while (ts.isPropertyAccessExpression(root)) {
      path.unshift(root.name.text);
      root = skipParens(root.expression);
    }
    const element = root;
    if (ts.isElementAccessExpression(element) && ts.isIdentifier(skipParens(element.expression))) {
      const arr = lookup(skipParens(element.expression) as ts.Identifier);
      const shape = arr && recordArrayShapes.get(arr);
      if (!shape) return undefined;
      let start: Expr | undefined;
      return { v: arr!, shape, path, strided: true, start: () => (start ??= stridedIndex(lowerExpr(element.argumentExpression), shape, element)) };
    }
    const v = ts.isIdentifier(root) ? lookup(root) : root.kind === ts.SyntaxKind.ThisKeyword ? thisOf(root) : ts.isCallExpression(root) ? heldRecords.get(root) : undefined;
    const view = v && recordViews.get(v);
    if (view) return { v: view.arr, shape: view.shape, path, strided: true, start: () => read(v!, root) };
    const shape = v && recordShapes.get(v);
    return shape && { v: v!, shape, path, strided: false, start: () => undefined };
  };

  /**
   * `this` in a method, or in a local arrow of one (lowered on its own, closures.ts): the method's
   * instance, which the arrow then reads from the enclosing method like any of its variables.
   */
  const thisOf = (at: ts.Node): Var | undefined => {
    if (thisVar) return thisVar;
    let p: ts.Node | undefined = at.parent;
    while (p && !(ts.isFunctionLike(p) && !ts.isArrowFunction(p)) && !ts.isClassLike(p)) p = p.parent;
    const local = p && localThisOf(at);
    if (local) return local;
    if (!p || !ts.isMethodDeclaration(p) || !ts.isClassLike(p.parent) || isStatic(p) || !enclosing) return undefined;
    return vars.get(p) ?? captureOf(p, freshName('self'));
  };

  /** `this` in a member function of a local object (members.ts): the record its const holds, read from the enclosing function; else undefined. */
  const localThisOf = (at: ts.Node): Var | undefined => {
    const literal = thisOwner(at);
    const local = literal && ts.isObjectLiteralExpression(literal) ? localObjectOf(literal, ctx.checker) : undefined;
    return local && !local.why ? lookup(local.holder.name) : undefined;
  };

  /** The index of the number at `place` of a record read: `place`, or start + place. */
  const placeIn = (r: RecordRead, place: number, at: ts.Node): Expr => {
    const start = r.start();
    if (start === undefined) return num(String(place), at);
    return place === 0 ? start : { k: 'bin', op: '+', a: start, b: num(String(place), at), node: at };
  };

  /** `xs.length`; for an array of records, the number of its records (the array's length over the stride). */
  const lengthRead = (v: Var, at: ts.Node): Expr => {
    // A local matrix's number of rows is one less than the number of its row starts; a matrix
    // parameter's is the first number of its layout.
    const starts = localMatrices.get(v);
    if (starts) return { k: 'bin', op: '-', a: { k: 'len', arr: starts, node: at }, b: num('1', at), node: at };
    if (matrices.has(v)) return { k: 'elem', arr: v, index: num('0', at), node: at };
    const elements = recordArrayShapes.get(v);
    const len: Expr = { k: 'len', arr: v, node: at };
    return elements ? { k: 'bin', op: '/', a: len, b: num(String(strideOf(elements)), at), node: at } : len;
  };

  /** A record of an array of records used where a number (or an array of numbers) is expected. */
  const rejectRecordAsNumber = (e: ts.Expression, shape: RecordShape): never =>
    reject(e, 'DDX1022', shape.tuple
      ? `'${sourceText(e)}' is a tuple (${shape.typeName}), not a number; read its elements (${sourceText(e)}[0], …)`
      : `'${sourceText(e)}' is a record (${shape.typeName}), not a number; read its fields (${sourceText(e)}.${shape.fields[0].name}, …)`);

  /**
   * `vs[i][2]`, `v[2]` (v = vs[i]): an element of a tuple of an array of tuples (`Vec3[]`), at its
   * place in the strided array; undefined for other element reads. The index must be a literal
   * within the tuple: another would read a neighbouring tuple's numbers where JavaScript reads undefined.
   */
  const tupleElement = (e: ts.ElementAccessExpression): Extract<Expr, { k: 'elem' }> | undefined => {
    const r = recordPath(e.expression);
    if (!r?.shape.tuple || r.path.length > 0) return undefined;
    const k = skipParens(e.argumentExpression);
    const place = ts.isNumericLiteral(k) && /^\d+$/.test(k.text) ? Number(k.text) : undefined;
    if (place === undefined || place >= r.shape.fields.length) {
      reject(e.argumentExpression, 'DDX1022', `a tuple of an array of tuples (${r.shape.typeName}) is read by a literal index from 0 to ${r.shape.fields.length - 1} (${sourceText(e.expression)}[0]); copy it into a local array to index it otherwise`);
    }
    return { k: 'elem', arr: r.v, index: placeIn(r, place, e), node: e };
  };

  /** `p.x`, `s.pos.y`, `pts[i].x`: the element of the record's array at the field's place. */
  const recordField = (e: ts.PropertyAccessExpression): Extract<Expr, { k: 'elem' }> | undefined => {
    const r = recordPath(e);
    if (!r) return undefined;
    const place = fieldPlace(r.shape, r.path);
    if (!r.strided && arrayFields.get(r.v)?.has(r.path[0])) {
      reject(e, 'DDX1017', `'${sourceText(e)}' is an array of numbers (an array field of '${r.shape.typeName}'), not a number; read its elements (${sourceText(e)}[i]) or its length`);
    }
    if (!place) {
      const owner = r.path.length === 1 ? r.shape : fieldPlace(r.shape, r.path.slice(0, -1))?.shape;
      const tag = owner && constantOf(owner, r.path[r.path.length - 1]);
      if (tag) reject(e, 'DDX1022', `'${sourceText(e)}' is the constant field '${tag.name}' (${JSON.stringify(tag.value)}) of '${owner.typeName}': the transform carries it through records unchanged but compiled code does not read or write it; test it outside the function differentiated, or pass what it decides as a parameter`);
      const assigned = ts.isBinaryExpression(e.parent) && e.parent.left === e && e.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      // culori's `if (M - m !== 0) res.h = …`: a field added to the record after it is made, on some paths only.
      if (assigned) reject(e, 'DDX1022', `'${sourceText(e)} = …' adds the field '${r.path[r.path.length - 1]}' to a record of type '${r.shape.typeName}', which does not have it; a record the transform differentiates through has the number fields of its type from where it is made, on every path: give '${r.path[r.path.length - 1]}' a value where the record is made, or return it separately`);
      // culori's toLinear = (rgb) => rgb.r * …, given a record without 'r': name the function and its parameter.
      const given = r.v.isParam && !r.strided ? `'${name}' reads '${sourceText(e)}' of its parameter '${r.v.sourceName}', given a '${r.shape.typeName}' here; ` : '';
      reject(e, 'DDX1022', `${given}'${r.path.join('.')}' is not a number field of '${r.shape.typeName}'; a record the transform differentiates through is read by its number fields`);
    }
    if (place.shape) reject(e, 'DDX1022', `'${sourceText(e)}' is a record (${place.shape.typeName}), not a number; read its fields (${sourceText(e)}.${place.shape.fields[0].name}, …)`);
    return { k: 'elem', arr: r.v, index: placeIn(r, place.index, e), node: e };
  };

  /**
   * Whether `prop` is a member function of a local object (members.ts), which is no number of its
   * record: it is lifted as a local function where it is called. Rejects (DDX1022) one of an object
   * that leaves where it is made, saying where.
   */
  const isLocalMember = (prop: ts.ObjectLiteralElementLike): boolean => {
    const member = localMemberOf(prop, ctx.checker);
    if (member?.object.why) reject(prop, 'DDX1022', member.object.why);
    return member !== undefined;
  };

  /**
   * The numbers of a record value of `shape`, in its layout: an object literal (its values
   * evaluated in the order written), a record variable or a record field of one (read).
   */
  const recordElems = (e: ts.Expression, shape: RecordShape, what: string): Expr[] => {
    const inner = skipParens(e);
    if (shape.tuple) {
      // A tuple of an array of tuples: an array literal of its numbers, an array of numbers (typed as the tuple), or a tuple read.
      const n = shape.fields.length;
      if (ts.isArrayLiteralExpression(inner)) {
        if (inner.elements.length !== n || inner.elements.some((el) => ts.isSpreadElement(el) || ts.isOmittedExpression(el))) {
          reject(inner, 'DDX1022', `${what} is a tuple of ${n} numbers (${shape.typeName}); list them one by one`);
        }
        return lowerInOrder([...inner.elements]);
      }
      const v = ts.isIdentifier(inner) ? lookup(inner) : undefined;
      if (v?.kind === 'array' && !recordShapes.has(v) && !recordArrayShapes.has(v) && !matrices.has(v)) return shape.fields.map((_, k): Expr => ({ k: 'elem', arr: v, index: num(String(k), e), node: e }));
    }
    const constructed = ts.isNewExpression(inner) ? constructorFields(inner) : undefined;
    if (ts.isObjectLiteralExpression(inner) || constructed) {
      const values = new Map<string, ts.Expression>();
      if (constructed) constructed.forEach((field, k) => values.set(field, (inner as ts.NewExpression).arguments![k]));
      for (const prop of ts.isObjectLiteralExpression(inner) ? inner.properties : []) {
        if (isLocalMember(prop)) continue;
        if (ts.isPropertyAssignment(prop) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) values.set(prop.name.text, prop.initializer);
        else if (ts.isShorthandPropertyAssignment(prop)) values.set(prop.name.text, prop.name);
        else reject(prop, 'DDX1022', ts.isMethodDeclaration(prop) && ts.isIdentifier(prop.name) ? memberOfRecordWhy(prop.name.text, what) : `${what} is built by an object literal of named fields (x: …, y) only; write each field of '${shape.typeName}' out`);
      }
      // An optional field left out is undefined, as JavaScript reads it (scalarise.ts, RecordField).
      const leaves = shape.fields.map((f) => values.get(f.name) ?? (f.optional ? undefined : reject(inner, 'DDX1022', `${what} lacks field '${f.name}' of '${shape.typeName}'`)));
      constantFieldsOf(inner, values, shape, what);
      // Evaluated in the order written (a nested record's numbers where it is written), placed in the layout's order.
      const lowered = inOrder([...values.values()], (x) => {
        const f = shape.fields[leaves.indexOf(x)];
        return f?.shape ? recordElems(x, f.shape, `field '${f.name}' of ${what}`) : [lowerExpr(x)];
      });
      return leaves.flatMap((x): Expr[] => (x === undefined ? [{ k: 'num', text: 'undefined', node: inner }] : lowered.get(x)!));
    }
    // The record a callee returns (`return fromLinear(toLinear(rgb))`): held in a local where JavaScript calls it, then read.
    if (ts.isCallExpression(inner) && prelude !== undefined && !heldRecords.has(inner)) heldRecordOf(inner);
    const r = recordPath(inner);
    const place = r && fieldPlace(r.shape, r.path);
    if (!r || !place?.shape) reject(e, 'DDX1022', `${what} must be an object literal or a record variable (of type '${shape.typeName}') here; '${sourceText(e)}' is neither`);
    if (!sameLayout(place.shape, shape)) {
      reject(e, 'DDX1022', `'${sourceText(e)}' is a '${place.shape.typeName}', whose fields differ from those of '${shape.typeName}' that ${what} has; build a '${shape.typeName}' from its fields ({ ${shape.fields.map((f) => f.name).join(', ')} })`);
    }
    return leafPaths(shape).map((_, k): Expr => ({ k: 'elem', arr: r.v, index: placeIn(r, place.index + k, e), node: e }));
  };

  /**
   * The constant fields (RecordShape.constants) of an object literal of `shape`: each must be written
   * as the literal its shape holds (a record is never retagged, nor tagged by a value computed at run
   * time); they are taken out of `values`, as nothing is evaluated for them.
   */
  const constantFieldsOf = (inner: ts.Expression, values: Map<string, ts.Expression>, shape: RecordShape, what: string): void => {
    for (const c of shape.constants ?? []) {
      const x = values.get(c.name);
      if (!x || literalConstant(skipParens(x)) !== c.value) {
        reject(x ?? inner, 'DDX1022', `${what} is a '${shape.typeName}', whose field '${c.name}' is the constant ${JSON.stringify(c.value)}; write it as that literal (${c.name}: ${JSON.stringify(c.value)}), as the transform carries it as a constant of the record's type`);
      }
      values.delete(c.name);
    }
  };

  /**
   * `new Spring(k, rest)` of a class whose fields are all parameter properties of its constructor
   * (`constructor(readonly k: number, readonly rest: number) {}`, an empty body, no base class):
   * the names of the fields the arguments give, in order — the instance is the record of them.
   * Undefined for any other class or call (then `new` is rejected where it is lowered, DDX1003).
   */
  const constructorFields = (e: ts.NewExpression): string[] | undefined => {
    let symbol = ctx.checker.getSymbolAtLocation(e.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
    const decl = symbol?.declarations?.find(ts.isClassDeclaration);
    if (!decl || decl.heritageClauses?.length) return undefined;
    const ctors = decl.members.filter(ts.isConstructorDeclaration);
    const ctor = ctors.find((c) => c.body !== undefined);
    if (!ctor || ctors.length !== 1 || ctor.body!.statements.length > 0) return undefined;
    if (decl.members.some((m) => !ts.isConstructorDeclaration(m) && !ts.isMethodDeclaration(m))) return undefined;
    const fields = ctor.parameters.map((p) => (ts.isParameterPropertyDeclaration(p, ctor) && ts.isIdentifier(p.name) && !p.initializer && !p.questionToken ? p.name.text : undefined));
    if (fields.some((f) => f === undefined) || e.arguments?.length !== fields.length || e.arguments.some(ts.isSpreadElement)) return undefined;
    return fields as string[];
  };

  /**
   * A record value passed on (to a parameter of `shape`): the record variable itself when it is one
   * of that layout; a call's record (`norm(mid(a, b))`) held in a local first; else a new local
   * holding its numbers.
   */
  const recordArgument = (e: ts.Expression, shape: RecordShape, what: string): Expr => {
    const r = recordPath(e);
    if (r && !r.strided && r.path.length === 0 && sameLayout(r.shape, shape)) return { k: 'var', v: r.v, node: e };
    const inner = skipParens(e);
    const made = ts.isCallExpression(inner) ? writerResult(inner)?.made : undefined;
    const returned = made && recordReturns.get(made.fn.node);
    if (made && returned && sameLayout(returned, shape)) return holdArray(made, inner);
    if (made) {
      reject(e, 'DDX1022', returned
        ? `'${made.fn.name}' returns a '${returned.typeName}', whose fields differ from those of '${shape.typeName}' that ${what} has; build a '${shape.typeName}' from its fields ({ ${shape.fields.map((f) => f.name).join(', ')} })`
        : `${what} is a record (${shape.typeName}); '${made.fn.name}' returns ${returnedText(made.fn, 'an array of numbers')}`);
    }
    if (prelude === undefined) reject(e, 'DDX1022', `${what} is built ${conditionalPlaceOf(e, node)}; build it before, into a local (const r: ${shape.typeName} = …), and pass the local`);
    const v = newVar(e, freshName('rec'), 'array', false, true);
    recordShapes.set(v, shape);
    const start = prelude.length;
    prelude.push({ k: 'let', v, init: { k: 'arrayLit', elems: recordElems(e, shape, what), node: e }, node: e });
    // A record literal is a new object, made where JavaScript makes it; another record is copied (copies).
    if (!ts.isObjectLiteralExpression(skipParens(e))) copyMade(v, start);
    return { k: 'var', v, node: e };
  };

  /**
   * A record with array fields passed to the parameter `p` (its numbers; `fields`, its arrays): a
   * record variable of the same layout passes its numbers and arrays; an object literal, a new
   * local of its numbers (made before the statement) and each array field's array as an array argument.
   */
  const splitRecordArgument = (e: ts.Expression, p: Var, fields: ReadonlyMap<string, Var>, target: NumericFunction, what: string): Expr[] => {
    const shape = recordShapes.get(p)!;
    const inner = skipParens(e);
    const given = ts.isIdentifier(inner) ? lookup(inner) : undefined;
    const givenFields = given && arrayFields.get(given);
    const fieldNames = [...fields.keys()];
    const layout = `{ ${[...shape.fields.map((f) => f.name), ...fieldNames].join(', ')} }`;
    if (givenFields) {
      if (!sameLayout(recordShapes.get(given!)!, shape) || givenFields.size !== fields.size || fieldNames.some((f) => !givenFields.has(f))) {
        reject(e, 'DDX1022', `'${sourceText(e)}' is a '${recordShapes.get(given!)!.typeName}', whose fields differ from those of '${shape.typeName}' that ${what} has; build a '${shape.typeName}' from its fields (${layout})`);
      }
      return [{ k: 'var', v: given!, node: e }, ...fieldNames.map((f): Expr => ({ k: 'var', v: givenFields.get(f)!, node: e }))];
    }
    const returned = ts.isCallExpression(inner) ? inner : undefined;
    if (!ts.isObjectLiteralExpression(inner) && !returned) {
      reject(e, 'DDX1022', `${what} is a record with array fields (${shape.typeName}): pass a record parameter, local or capture of that type by name, an object literal of its fields (${layout}), or a call returning one`);
    }
    if (prelude === undefined) reject(e, 'DDX1022', `${what} is built ${conditionalPlaceOf(e, node)}; build it before, into a local, and pass the local`);
    if (returned) {
      // `predict(unpack(x), t)`: the record the call returns, unpacked into a local first.
      const parts = unpackSplitResult(returned, { shape, arrays: fieldNames }, freshName('rec'));
      const rec = newVar(e, freshName('rec'), 'array', false, true);
      recordShapes.set(rec, shape);
      prelude!.push({ k: 'let', v: rec, init: { k: 'arrayLit', elems: parts.numbers, node: e }, node: e });
      return [{ k: 'var', v: rec, node: e }, ...parts.arrays.map((v): Expr => ({ k: 'var', v, node: e }))];
    }
    const values = splitLiteralFields(inner as ts.ObjectLiteralExpression, shape, fieldNames, what);
    // Evaluated in the order written: numbers (or nested records of numbers), and arrays passed on.
    const lowered = inOrder([...values.values()], (x) => {
      const name = [...values.keys()][[...values.values()].indexOf(x)];
      const array = fields.get(name);
      if (array) return [arrayArgument(x, array, target, `field '${name}' of ${what}`)];
      const f = shape.fields.find((y) => y.name === name);
      if (!f) reject(x, 'DDX1022', `'${name}' is not a field of '${shape.typeName}'`);
      return f.shape ? recordElems(x, f.shape, `field '${name}' of ${what}`) : [lowerExpr(x)];
    });
    const rec = newVar(e, freshName('rec'), 'array', false, true);
    recordShapes.set(rec, shape);
    prelude!.push({ k: 'let', v: rec, init: { k: 'arrayLit', elems: shape.fields.flatMap((f) => lowered.get(values.get(f.name)!)!), node: e }, node: e });
    return [{ k: 'var', v: rec, node: e }, ...fieldNames.map((f) => lowered.get(values.get(f)!)![0])];
  };

  /** The value of each field of an object literal of a record with array fields (its numbers' `shape`, its `arrays`), by name; `what` the record in messages. */
  const splitLiteralFields = (inner: ts.ObjectLiteralExpression, shape: RecordShape, arrays: readonly string[], what: string): Map<string, ts.Expression> => {
    const values = new Map<string, ts.Expression>();
    for (const prop of inner.properties) {
      if (isLocalMember(prop)) continue;
      if (ts.isPropertyAssignment(prop) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) values.set(prop.name.text, prop.initializer);
      else if (ts.isShorthandPropertyAssignment(prop)) values.set(prop.name.text, prop.name);
      else reject(prop, 'DDX1022', ts.isMethodDeclaration(prop) && ts.isIdentifier(prop.name) ? memberOfRecordWhy(prop.name.text, what) : `${what} is built by an object literal of named fields (x: …, weights) only; write each field of '${shape.typeName}' out`);
    }
    for (const f of [...shape.fields.map((x) => x.name), ...arrays]) if (!values.has(f)) reject(inner, 'DDX1022', `${what} lacks field '${f}' of '${shape.typeName}'`);
    constantFieldsOf(inner, values, shape, what);
    return values;
  };

  /**
   * An array of records passed on (to a parameter of arrays of records of `shape`): an array of
   * records of the same layout, by name; or an array literal of records (`loss([{ x: 1, y: 2 }], w)`),
   * a new local array of their numbers made before the statement, as `const ps: P[] = [...]` would
   * be (a callee never writes the fields of its array parameter, DDX1011, so the copy is the array).
   */
  const recordArrayArgument = (e: ts.Expression, shape: RecordShape, what: string): Expr => {
    const inner = skipParens(e);
    if (ts.isArrayLiteralExpression(inner)) {
      if (prelude === undefined) reject(e, 'DDX1022', `${what} is an array of records built ${conditionalPlaceOf(e, node)}; build it before, into a local (const ps: ${shape.typeName}[] = […]), and pass the local`);
      const elems = recordArrayLiteral(inner, shape, what);
      const v = newVar(e, freshName('records'), 'array', false, true);
      recordArrayShapes.set(v, shape);
      prelude.push({ k: 'let', v, init: { k: 'arrayLit', elems, node: inner }, node: e });
      return { k: 'var', v, node: e };
    }
    const v = ts.isIdentifier(inner) ? lookup(inner) : undefined;
    const given = v && recordArrayShapes.get(v);
    if (!given || !sameLayout(given, shape)) {
      reject(e, 'DDX1022', given
        ? `'${sourceText(e)}' is an array of '${given.typeName}', whose fields differ from those of '${shape.typeName}' that ${what} has; build an array of '${shape.typeName}' first`
        : `${what} is an array of records (${shape.typeName}[]): pass a parameter, a local or a captured array of them by name, or an array literal of records`);
    }
    return { k: 'var', v: v!, node: e };
  };

  /**
   * A module-level constant array the function reads (moduleArrays.ts): a local array of the
   * function, created with the table's literal before the body (constant data of the derivative).
   */
  const tables: Stmt[] = [];
  const moduleArrayRead = (id: ts.Identifier): Var | undefined => {
    const symbol = symbolOf(id);
    const table = symbol && ctx.moduleArrayFor(symbol, id);
    if (!table) return undefined;
    return vars.get(table.node) ?? moduleLocal(table);
  };

  /**
   * The local a module-level array of numbers is copied into before the body (renamed where the
   * function declares its name itself).
   */
  const moduleLocal = (m: ModuleArray, shape?: RecordShape): Var => {
    let shadowed = false;
    forEachNode(node, (n) => { shadowed ||= (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isFunctionDeclaration(n)) && n.name?.getText(sf) === m.name; });
    // An object's field (`data_x`) takes a name the function does not read either.
    const v = newVar(m.node, shadowed || !ts.isVariableDeclaration(m.node) ? freshName(m.name) : m.name, 'array', false, true);
    if (shape) recordShapes.set(v, shape);
    tables.push({ k: 'let', v, init: { k: 'arrayLit', elems: [...m.elems], node: m.node.initializer! }, node: m.node, ...(shape ? {} : { table: true as const }) });
    if (m.rowStarts) {
      // A matrix: a local matrix's layout (its elements, and where its rows start), both constant.
      const starts = newVar(m.node.name, freshName(`${v.name}Rows`), 'array', false, true);
      matrices.add(v);
      localMatrices.set(v, starts);
      tables.push({ k: 'let', v: starts, init: { k: 'arrayLit', elems: [...m.rowStarts], node: m.node.initializer! }, node: m.node, table: true });
    }
    return v;
  };

  /**
   * A field of a module-level object of data (`data.x`, `data.n` of `const data = { x: [1, 2, 3], n: 3 }`,
   * moduleArrays.ts) read by name: an array field is a table (a local copy before the body), a number
   * field its value. Undefined when `e` is no such field.
   */
  const moduleObjectField = (e: ts.PropertyAccessExpression): ModuleObjectField | undefined => {
    // (`data?.x` is optional chaining, which differentiated code does not take: DDX1003 as elsewhere.)
    if (e.questionDotToken) return undefined;
    const root = skipParens(e.expression);
    const symbol = ts.isIdentifier(root) ? symbolOf(root) : thisObjectOf(root);
    return symbol && ctx.moduleObjectFieldFor?.(symbol, e.name.text, e);
  };
  /**
   * `this` in a method of a module-level const object literal (`this.k` in `const model = { k: 2,
   * energy(r) { … } }`), or in a static method of a module-level class: that object (class), as
   * members.ts compiles such a method only where it is called on it; undefined for any other expression.
   */
  const thisObjectOf = (e: ts.Expression): ts.Symbol | undefined => {
    const holder = e.kind === ts.SyntaxKind.ThisKeyword ? thisHolderName(e) : undefined;
    return holder && ctx.checker.getSymbolAtLocation(holder);
  };
  const moduleObjectArray = (e: ts.PropertyAccessExpression): Var | undefined => {
    const field = moduleObjectField(e);
    return field && 'array' in field ? vars.get(field.array.node) ?? moduleLocal(field.array) : undefined;
  };

  /**
   * A module-level constant instance of a class of readonly numbers (`M.energy(x)`, `M.k`): like
   * a table, a local record of the function holding its numbers, created before the body.
   */
  const moduleInstanceRead = (id: ts.Identifier): Var | undefined => {
    const symbol = symbolOf(id);
    const instance = symbol && ctx.moduleInstanceFor?.(symbol);
    if (!instance) return undefined;
    return vars.get(instance.node) ?? moduleLocal(instance, instance.shape);
  };

  /** The variable an identifier names: a parameter or local, a value the arrow captures, or a module-level constant array. */
  const lookup = (id: ts.Identifier, tables = true): Var | undefined => {
    checkNotOmitted(id);
    const v = varOf(id);
    if (v) return v;
    const symbol = symbolOf(id);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return (capturing && decl ? captureOf(decl, id.text) : undefined) ?? (tables ? moduleArrayRead(id) ?? moduleInstanceRead(id) : undefined);
  };

  // ---- factories ------------------------------------------------------------------------------

  /** The parameters of the function this (applied) factory returns, made on its first return. */
  let resultParams: Var[] | undefined;
  /** `return g` in a factory lowered applied: `return g(result parameters)`. */
  const lowerResultCall = (e: ts.Expression): Expr => {
    const target = lowerBound(knownFunction(e, `the function '${name}' returns`));
    const declared = target.params.slice(0, target.params.length - (target.captured?.length ?? 0));
    if (!resultParams) {
      resultParams = declared.map((p) => newVar(e, freshName(p.sourceName), p.kind, true, false));
      params.push(...resultParams);
      resultParamsOf.set(fn, resultParams.length);
    } else if (resultParams.length !== declared.length || declared.some((p, i) => p.kind !== resultParams![i].kind)) {
      reject(e, 'DDX1030', `'${name}' returns functions that take different parameters; return functions of the same parameters`);
    }
    if (target.returns !== 'number') reject(e, 'DDX1010', `the function '${name}' returns must return a number`);
    if ((target.writes ?? []).length > 0) rejectWriterCall(e as ts.CallExpression, target);
    if (liftedInProgress.has(target)) reject(e, 'DDX1030', `the function '${name}' returns calls '${name}' again; declare it at module level`);
    const args = resultParams.map((v): Expr => (v.kind === 'boolean' ? { k: 'boolean', test: { k: 'flag', v, node: e }, node: e } : { k: 'var', v, node: e }));
    return { k: 'call', fn: target, args: [...args, ...passCaptured(target, e)], node: e };
  };

  /** The factory an expression names (a function that returns functions), with the scope it is declared in. */
  const factoryOf = (callee: ts.Expression): Bound | undefined => {
    const inner = skipParens(callee);
    if (isFunctionExpression(inner)) return isFactory(inner) ? { node: inner, name: inner.name?.text ?? 'factory', scope: here } : undefined;
    if (!ts.isIdentifier(inner)) return undefined;
    const symbol = symbolOf(inner);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    const local = localFunctionOf(decl);
    if (local) {
      const owner = liftScopeOf(local.owner);
      return owner && isFactory(local.node) ? { node: local.node, name: local.name, scope: owner } : undefined;
    }
    const found = symbol && ctx.functionFor(symbol);
    return found && isFactory(found.node) ? { node: found.node, name: found.name, scope: undefined } : undefined;
  };
  /**
   * The scope a local function of `owner` is lifted in: the lowering of `owner` this one is inside,
   * else the arrow at a verb's call site this one is (or is lowered inside: a local function it
   * calls, which calls another or itself), which captures what they read, else a plain call
   * compiled for the arrow it passes (callSiteScopeFor); undefined when none reaches `owner`.
   */
  const liftScopeOf = (owner: FunctionLike): Scope | undefined => scopeFor(here, owner) ?? capturingScopeFor(here) ?? callSiteScopeFor(here, owner);
  const isFactory = (f: FunctionLike): boolean => returnedFunctions(f, ctx.checker) !== undefined;

  /** A factory lowered applied (once per scope it is declared in). */
  const lowerApplied = (b: Bound): NumericFunction => {
    const cache = b.scope ? b.scope.applied : appliedAtModuleLevel;
    const known = cache.get(b.node);
    if (known) return known;
    return lowerFunction(b.node, b.name, ctx, (f) => cache.set(b.node, f), ctx.javaScriptParamKind(b.node), false, { enclosing: b.scope, applied: true });
  };

  /**
   * \`const f = make(a, b)\` in this function: the arguments are evaluated here, once, into locals
   * (as JavaScript evaluates them when it makes f); each call \`f(x)\` is \`make(a, b)(x)\`
   * on those locals.
   */
  const instances = new Map<ts.Declaration, { target: NumericFunction; args: Expr[] }>();
  const localInstance = (d: ts.VariableDeclaration): Bound | undefined => {
    const init = skipParens(d.initializer!);
    return ts.isCallExpression(init) ? factoryOf(init.expression) : undefined;
  };
  const holdInstance = (d: ts.VariableDeclaration): Stmt[] => {
    const call = skipParens(d.initializer!) as ts.CallExpression;
    const target = lowerApplied(localInstance(d)!);
    const factoryParams = target.params.length - (resultParamsOf.get(target) ?? 0) - (target.captured?.length ?? 0);
    if (call.arguments.length !== factoryParams) reject(call, 'DDX1006', `the factory '${target.name}' takes ${factoryParams} argument(s), got ${call.arguments.length}`);
    const stmts: Stmt[] = [];
    const args = call.arguments.map((a, i): Expr => {
      const p = target.params[i];
      if (p.kind === 'array') {
        const v = ts.isIdentifier(a) ? lookup(a) : undefined;
        if (v?.kind !== 'array') reject(a, 'DDX1017', `argument ${i + 1} of '${target.name}' must be an array passed by name`);
        return { k: 'var', v, node: a };
      }
      // Each argument is held in a const, in order, where JavaScript evaluates it.
      const v = newVar(a, freshName(p.sourceName), p.kind, false, true);
      stmts.push(...withPrelude(() => ({ k: 'let', v, init: p.kind === 'boolean' ? lowerBooleanValue(a, `argument ${i + 1} of '${target.name}'`) : lowerExpr(a), node: a })));
      return p.kind === 'boolean' ? { k: 'boolean', test: { k: 'flag', v, node: a }, node: a } : { k: 'var', v, node: a };
    });
    instances.set(d, { target, args });
    return stmts;
  };

  /**
   * A call of a function made by a factory: a local \`const f = make(a)\` of this function, or a
   * module-level \`const ease = make(1.5)\` / IIFE whose arguments are numeric constants.
   */
  const instanceOf = (decl: ts.Declaration, symbol: ts.Symbol): { target: NumericFunction; prefix: readonly Expr[] } | undefined => {
    const local = instances.get(decl);
    if (local) return { target: local.target, prefix: local.args };
    // Made at module level, here or in another module (imported, or bound again under another name).
    const made = ctx.instanceFor(symbol);
    if (!made) return undefined;
    const target = lowerApplied({ node: made.factory.node, name: made.factory.name, scope: undefined });
    const factoryParams = target.params.length - (resultParamsOf.get(target) ?? 0);
    if (made.args.length !== factoryParams) reject(made.args[0] ?? made.factory.node, 'DDX1006', `the factory '${target.name}' takes ${factoryParams} argument(s), got ${made.args.length}`);
    const prefix = made.args.map((a) => lowerConstantArgument(a, ctx, (c) => constants.set(c.name, c)) ?? reject(a, 'DDX1030', `the function '${made.name}' is made by a factory whose arguments must be numeric constants (literals, Math constants, module-level constants and arithmetic) for the transform to compile it; '${a.getText()}' is not`));
    return { target, prefix };
  };

  /** This function as the functions declared in it see it. */
  const here: Scope = { node, outer: enclosing, bindings, locals: new Map(), applied: new Map(), resolve: (decl, use) => captureOf(decl, use, hiddenHere(decl, use)), captures: allowCaptures };

  const isCaptured = (v: Var | undefined): boolean => v !== undefined && (captures.includes(v) || lifted.some((c) => c.v === v));

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
      return `'${arr}' cannot be captured: an arrow at the call site reads only arrays of its enclosing scope that are typed number[], readonly number[], Float64Array or ArrayLike<number> (or created as a literal of numbers); annotate it, or pass a copy as a parameter`;
    }
    if (decl && ts.isVariableDeclaration(decl) && decl.getSourceFile() === sf && !isAncestor(node, decl)) {
      // An arrow or unnamed function expression has only a generated name: say where it is instead.
      if (ts.isArrowFunction(node) || (ts.isFunctionExpression(node) && !node.name)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        return `'${arr}' is declared outside the function at line ${line}, which can read only its own parameters' and locals' arrays here`;
      }
      return `'${arr}' is declared outside '${name}', which reads only its own arrays; add an array parameter and pass '${arr}' from an arrow written at the call site, e.g. (x) => ${name}(x, ${arr})`;
    }
    const row = ts.isElementAccessExpression(id) ? skipParens(id.expression) : undefined;
    const matrixDecl = row && ts.isIdentifier(row) ? symbolOf(row)?.valueDeclaration : undefined;
    if (matrixDecl && (ts.isVariableDeclaration(matrixDecl) || ts.isParameter(matrixDecl)) && !isAncestor(node, matrixDecl) && !isMatrixDeclaration(matrixDecl, ctx.checker)) {
      // `(x) => M[i][0] * x` given to a solver: its version is passed a matrix the call's scope declares as one.
      const m = (row as ts.Identifier).text;
      return `'${arr}' is a row of '${m}', which the transform cannot tell is a matrix from its declaration (an arrow given to a function that takes functions is compiled into a version of it, passed a matrix of the enclosing scope declared number[][] or written as a literal of rows); annotate it (const ${m}: number[][] = …), or hold what the arrow reads in a local annotated number before the call (const m: number = ${arr}[j]) and read that`;
    }
    return 'only elements of array parameters, local arrays and arrays captured by an arrow at the call site can be read, as name[index]';
  };

  /**
   * Why `data.x` cannot be read when `data` is a module-level object of its module or another
   * (`const data = { x: [1, 2, 3] }`): the function reads only what it is given. Undefined when
   * the root of the access is anything else.
   */
  const moduleObjectRead = (e: ts.PropertyAccessExpression): string | undefined => {
    let root: ts.Expression = skipParens(e.expression);
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipParens(root.expression);
    if (!ts.isIdentifier(root) || lookup(root, false)) return undefined;
    const decl = symbolOf(root)?.valueDeclaration;
    if (!isModuleLevelVariable(decl)) return undefined;
    const where = `${decl.getSourceFile() === sf ? 'line ' : `${decl.getSourceFile().fileName.split('/').pop()}:`}${decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1}`;
    const text = e.getText(sf);
    return `'${text}' reads a member of '${root.text}', an object declared at module level (${where}), which a differentiated function cannot read: it reads its parameters, locals, module-level numeric constants and constant arrays. Pass '${text}' as a parameter, from an arrow written at the call site (e.g. (w) => ${name}(w, ${text})), or pass '${root.text}' as a record parameter (annotated with its interface)`;
  };

  /**
   * Whether `e` names the global `name` (no declaration of this program: the analysis has no lib),
   * or a module-level alias of it (`var Number = require('@stdlib/number-ctor')`).
   */
  const isGlobal = (e: ts.Expression, name: string): boolean =>
    ts.isIdentifier(e) && (symbolOf(e) === undefined ? e.text === name : globalOf(e, ctx.checker) === name);
  const isGlobalMath = (e: ts.Expression): boolean => isGlobal(e, 'Math');

  /** The test a call of `Number.isFinite`, `isNaN`, … or `Object.is` makes, or undefined for any other call. */
  const testOf = (e: ts.CallExpression): NumberTest | 'Object.is' | undefined => globalTestOf(e, ctx.checker);

  /** `Number.isFinite(a)`, `Object.is(a, b)`, …: a test of primal values. */
  const lowerTest = (e: ts.CallExpression, test: NumberTest | 'Object.is'): Cond => {
    const arity = test === 'Object.is' ? 2 : 1;
    if (e.arguments.length !== arity || e.arguments.some(ts.isSpreadElement)) reject(e, 'DDX1003', `${test} takes ${arity} argument(s) here, got ${e.arguments.length}`);
    const [a, b] = lowerInOrder(e.arguments);
    return test === 'Object.is' ? { k: 'same', a, b, node: e } : { k: 'test', test, a, node: e };
  };

  /** A value imported from a module the transform cannot read: say so, before any message about what the value is. */
  const rejectUnreadImport = (e: ts.Expression): void => {
    const unread = ts.isIdentifier(e) ? ctx.unreadImport?.(e) : undefined;
    if (unread) reject(e, unread.code, unread.message);
  };

  const numberRead = (v: Var, e: ts.Identifier): Expr => {
    const rowOf = matrixRows.get(v);
    if (rowOf) rejectMatrixUse(e, rowOf, `'${e.text}' is one of its rows, not a number; read its elements (${e.text}[j])`);
    const view = recordViews.get(v);
    if (view) rejectRecordAsNumber(e, view.shape);
    // Records, arrays of records and matrices are arrays once scalarised: name what the source wrote.
    const shape = recordShapes.get(v), records = recordArrayShapes.get(v);
    if (shape) rejectRecordAsNumber(e, shape);
    if (records) reject(e, 'DDX1022', `'${e.text}' is an array of records (${records.typeName}[]), not a number; read a field of one of its records (${e.text}[i]${records.tuple ? '[0]' : `.${records.fields[0].name}`})`);
    if (matrices.has(v)) rejectMatrixUse(e, v, `not a number; read its elements (${e.text}[i][j])`);
    if (v.kind === 'array') {
      const tuple = tupleLength(ctx.checker.getTypeAtLocation(e), ctx.checker) !== undefined;
      reject(e, 'DDX1017', `${tuple ? 'tuple' : 'array'} '${e.text}' is used as a number; read an element with ${e.text}[${tuple ? '0' : 'i'}]`);
    }
    if (v.kind === 'boolean') reject(e, 'DDX1016', `'${v.sourceName}' is a boolean, which cannot flow into a number; use it as a condition (if, ?:, &&, ||, !)`);
    return { k: 'var', v, node: e };
  };

  const lowerIdentifier = (e: ts.Identifier): Expr => {
    checkNotOmitted(e);
    const v = varOf(e);
    if (v) return numberRead(v, e);
    const symbol = symbolOf(e);
    if (symbol === undefined) {
      if (e.text === 'Infinity' || e.text === 'NaN') return { k: 'num', text: e.text, node: e };
      reject(e, 'DDX1007', `'${e.text}' is not a parameter, a local or a Math member; differentiated functions may only read their parameters, locals, Math and module-level numeric constants`);
    }
    const unpacked = destructuredConstant(e, ctx.checker);
    if (unpacked) return unpacked;
    const constant = ctx.constantFor(symbol);
    if (constant) {
      constants.set(constant.name, constant);
      return { k: 'num', text: constant.name, node: e };
    }
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    const captured = decl && captureOf(decl, e.text);
    if (captured) return numberRead(captured, e);
    if (ctx.checker.getTypeAtLocation(e).getCallSignatures().length > 0) {
      reject(e, 'DDX1030', `'${e.text}' is a function: a differentiated function may call it (${e.text}(…)) or pass it to a function that takes a function, but not keep it as a value`);
    }
    const uncaptured = decl && whyNotCaptured(decl, e.text);
    if (uncaptured) reject(e, 'DDX1007', uncaptured);
    // A module-level variable its module assigns: a function compiled by name would read a value that changes.
    const write = isModuleLevelVariable(decl) ? assignmentOf(decl.getSourceFile(), symbol, ctx.checker) : undefined;
    if (write) {
      const line = write.getSourceFile().getLineAndCharacterOfPosition(write.getStart()).line + 1;
      reject(e, 'DDX1007', `'${e.text}' is a module-level variable assigned at line ${line} ('${write.getText()}'), so it is not a constant the compiled function can hold; pass it as a parameter, from an arrow written at the call site, which reads its value when the verb calls it (e.g. (t) => ${name}(t, ${e.text}))`);
    }
    rejectUnreadImport(e);
    reject(e, 'DDX1007', `'${e.text}' is not a parameter, a local, Math or a module-level numeric constant; pass it as a parameter (an arrow written at the call site may also read numbers and arrays of numbers of its enclosing scope, as they are when the verb calls it)`);
  };

  /**
   * The array of numbers `Math.f(...list)` spreads: one named (a parameter, a local, a record's
   * array field), else a copy of a matrix's row (`m[i]`, a row's name: rowCopy) or the new array an
   * array method makes (`xs.map(…)`), in a local before the statement.
   */
  const spreadArray = (list: ts.Expression, name: string): Var => {
    const named = arrayNamedBy(list);
    if (named?.kind === 'array' && !matrices.has(named) && !recordArrayShapes.has(named)) return named;
    const row = matrixRowOf(list);
    const made = row ? undefined : arrayResultOf(list);
    if ((row || made) && prelude === undefined) reject(list, 'DDX1003', `Math.${name}(...${sourceText(list)}) spreads ${row ? 'a row of a matrix' : 'a new array'}, which is copied into a local before the statement, and it is evaluated ${conditionalPlaceOf(list, node)}; copy it into a local first`);
    if (row) return (rowCopy(list, row) as Extract<Expr, { k: 'var' }>).v;
    if (made) return arrayValue(made);
    return reject(list, 'DDX1003', `Math.${name}(...xs) spreads an array of numbers (a parameter, a local, a row of a matrix, an array method's new array); '${sourceText(list)}' is not one`);
  };

  /**
   * `Math.max(...xs)`, `Math.min(...xs)` of an array of numbers: folded over the elements by a loop
   * before the statement, `m = i === 0 ? +xs[i] : Math.max(m, xs[i])` from m = -Infinity (Infinity
   * for min; the first element converted as Math.max converts it: NaN where it is undefined, read
   * past the end). The same value as JavaScript's (-Infinity for no elements, NaN if one is), and at a
   * tie the derivative of the first element that attains it, the convention of the max/min rows.
   * `Math.hypot(...xs)` is one function of all the elements (ir.ts, `mathOver`): a fold of
   * two-argument hypots would give another second derivative where leading elements are 0.
   */
  const spreadMath = (e: ts.CallExpression): Expr | undefined => {
    // (A spread of an array literal lists its elements as the arguments: listedArguments.)
    const spread = e.arguments.length === 1 && ts.isSpreadElement(e.arguments[0]) && !ts.isArrayLiteralExpression(skipParens(e.arguments[0].expression)) ? e.arguments[0] : undefined;
    const global = spread && (ts.isPropertyAccessExpression(e.expression) || ts.isIdentifier(e.expression)) ? globalNameOf(e.expression, ctx.checker) : undefined;
    if (!spread || (global !== 'Math.max' && global !== 'Math.min' && global !== 'Math.hypot')) return undefined;
    const name = global.slice('Math.'.length);
    const list = skipParens(spread.expression);
    const arr = spreadArray(list, name);
    // `Math.hypot(...g)`: one function of all the elements (ir.ts, mathOver), read where it is evaluated.
    if (name === 'hypot') return { k: 'mathOver', name, arr, node: e };
    // Folded by a loop before the statement: where JavaScript evaluates it only sometimes and no statement can go first, not.
    if (prelude === undefined) reject(e, 'DDX1003', `Math.${name}(...${sourceText(list)}) is folded by a loop before its statement, and it is evaluated ${conditionalPlaceOf(e, node)}; assign it to a local first`);
    const m = newVar(e, freshName(name === 'max' ? 'largest' : 'smallest'), 'number', false, false);
    const i = newVar(e, freshName('i'), 'number', false, false);
    const at = (): Expr => ({ k: 'var', v: i, node: e });
    const element: Expr = { k: 'elem', arr, index: at(), node: e };
    const folded: Expr = { k: 'math', name, args: [{ k: 'var', v: m, node: e }, element], node: e };
    const infinity: Expr = { k: 'num', text: 'Infinity', node: e };
    prelude.push({ k: 'let', v: m, init: name === 'max' ? { k: 'neg', a: infinity, node: e } : infinity, node: e });
    prelude.push({
      k: 'for', node: e,
      init: [{ k: 'let', v: i, init: num('0', e), node: e }],
      test: { k: 'cmp', op: '<', a: at(), b: { k: 'len', arr, node: e }, node: e },
      update: [{ k: 'set', v: i, value: { k: 'bin', op: '+', a: at(), b: num('1', e), node: e }, node: e, form: { k: 'step', op: '++', prefix: false } }],
      body: [{ k: 'set', v: m, value: { k: 'cond', test: { k: 'cmp', op: '===', a: at(), b: num('0', e), node: e }, a: toNumber(element), b: folded, node: e }, node: e }],
    });
    return { k: 'var', v: m, node: e };
  };

  /** A call; `returns`: what the callee must return here (a boolean one is called in conditions). */
  const lowerCall = (e: ts.CallExpression, returns: 'number' | 'boolean' = 'number'): Expr => {
    const arrayCall = arrayCallOf(e);
    if (arrayCall) return lowerArrayCallValue(arrayCall);
    const callee = e.expression;
    const spread = spreadMath(e);
    if (spread) return spread;
    // A Math function's arguments with spreads of array literals listed in place: Math.max(...[a, b], c) is Math.max(a, b, c).
    const global = ts.isPropertyAccessExpression(callee) || ts.isIdentifier(callee) ? globalNameOf(callee, ctx.checker) : undefined;
    const listed = global?.startsWith('Math.') ? listedArguments(e.arguments) : undefined;
    // A spread into a function's rest parameter (`sum(...xs)`) is that parameter's array (restArguments).
    const declared = e.arguments.some(ts.isSpreadElement) && !global ? ctx.checker.getResolvedSignature(e)?.declaration : undefined;
    const intoRest = declared !== undefined && ts.isFunctionLike(declared) && declared.parameters.at(-1)?.dotDotDotToken !== undefined;
    if (e.arguments.some(ts.isSpreadElement) && listed === undefined && !intoRest) {
      reject(e, 'DDX1003', 'spread arguments are not supported; pass the arguments one by one (Math.hypot(...xs), Math.max(...xs) and Math.min(...xs) of an array of numbers, the spread their only argument, and spreads of array literals without spreads or holes of their own in a Math function\'s arguments are compiled)');
    }
    const test = testOf(e);
    if (test) reject(e, 'DDX1016', `${test} gives a boolean, which cannot flow into a differentiated value; use it as a condition (if, ?:, &&, ||, !)`);
    if (touchesBits(e)) reject(e, 'DDX1003', bitsAdvice);
    // `Number('0/0')` (a way to write NaN): a string literal converted at compile time, as JavaScript converts it.
    if (isGlobal(callee, 'Number') && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0])) {
      const value = Number(e.arguments[0].text);
      // (NaN and ∞ are the globals.)
      const magnitude: Expr = { k: 'num', text: String(Math.abs(value)), ...(Number.isFinite(value) ? { value: Math.abs(value) } : {}), node: e };
      return value < 0 || Object.is(value, -0) ? { k: 'neg', a: magnitude, node: e } : magnitude;
    }
    if (isGlobal(callee, 'Number')) {
      // `Number(x)` of a number is `+x`: x itself, NaN where x is undefined (read past the end of an array).
      if (e.arguments.length !== 1) reject(e, 'DDX1060', `Number(…) converts one value; it is given ${e.arguments.length} here: write the number itself`);
      return toNumber(lowerExpr(e.arguments[0]));
    }
    // Math.f(x), or an alias of a Math function (`var floor = require('@stdlib/math-base-special-floor')`, whose module is `Math.floor`).
    if (global?.startsWith('Math.')) {
      const name = global.slice('Math.'.length);
      if (!unaryMath.has(name) && !naryMath.has(name) && !primalOnlyMath.has(name)) {
        reject(callee, 'DDX1004', name === 'random'
          ? 'Math.random has no derivative and makes the function non-deterministic; pass random numbers in as parameters'
          : `Math.${name} is not a Math function the transform knows`);
      }
      const args = lowerInOrder(listed ?? e.arguments, lowerOperand);
      const arity = unaryMath.has(name) ? 1 : name === 'pow' || name === 'atan2' ? 2 : primalOnlyMath.get(name) ?? -1;
      if (arity !== -1 && args.length !== arity) reject(e, 'DDX1003', `Math.${name} takes ${arity} argument(s) here, got ${args.length}`);
      return { k: 'math', name, args, node: e };
    }
    if (ts.isIdentifier(callee)) checkNotOmitted(callee);
    // `make(a)(x)`: the factory applied, its arguments first (JavaScript evaluates them first).
    const made = skipParens(callee);
    const factory = ts.isCallExpression(made) ? factoryOf(made.expression) : undefined;
    if (factory) return callOf(e, lowerApplied(factory), [...(made as ts.CallExpression).arguments, ...e.arguments], returns);
    // `((t) => t * t + x)(2 * x)`: a function written where it is called, lowered as a local function of the one it is in.
    const written = unwrapExpression(callee);
    const writtenIn = isFunctionExpression(written) ? ownerOf(written) : undefined;
    if (isFunctionExpression(written) && writtenIn && !written.parameters.some(takesFunction)) {
      const scope = liftScopeOf(writtenIn);
      if (scope) return callOf(e, lowerBound({ node: written, name: freshName('applied'), scope }), e.arguments, returns);
    }
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const symbol = !ts.isIdentifier(nameNode) ? undefined : nameNode === callee ? symbolOf(nameNode) : ctx.checker.getSymbolAtLocation(nameNode);
    if (symbol === undefined) {
      const added = ts.isPropertyAccessExpression(callee) ? memberAddedAtRunTime(callee, ctx.checker) : undefined;
      if (added) {
        reject(callee, 'DDX1006', `cannot resolve '${callee.getText(sf)}' to a function: '${added.object}' (${added.where}) is an object whose member '${added.member}' is added at run time (assigned under a computed name, in a loop, or by a function), so which function is called is known only when the program runs. Call the function by the name it is declared under, or ${registerRule}`);
      }
      reject(callee, 'DDX1006', `cannot resolve '${callee.getText(sf)}' to a function of this project; call Math functions or plain numeric functions declared in this module or imported from another module of the project`);
    }
    const verb = ctx.verbOf(callee);
    if (verb) return lowerNestedVerb(e, verb);
    const rule = ctx.ruleFor(symbol);
    if (rule) return lowerRuleCall(e, rule, returns);
    const special = ctx.specialFor(symbol);
    if (special) return lowerSpecialCall(e, special, returns);
    const method = ts.isPropertyAccessExpression(callee) ? methodCall(callee, symbol) : undefined;
    if (method) return callOf(e, method.target, e.arguments, returns, [method.self]);
    const { target, sourceArgs, prefix } = calleeOf(e, nameNode, symbol);
    return callOf(e, target, sourceArgs, returns, prefix);
  };

  /**
   * `model.energy(r)`, `this.k2(x)`: an instance method of a class of numbers (its fields a record,
   * scalarise.ts) called on a record variable — the method lowered with the instance as its first argument.
   */
  const methodCall = (callee: ts.PropertyAccessExpression, symbol: ts.Symbol): { target: NumericFunction; self: Expr } | undefined => {
    const decl = symbol.valueDeclaration;
    if (!decl || !ts.isMethodDeclaration(decl) || !decl.body || !ts.isClassLike(decl.parent)) return undefined;
    if (recordPath(callee.expression) === undefined) return undefined;
    if (isStatic(decl)) return undefined;
    const classSymbol = decl.parent.name && ctx.checker.getSymbolAtLocation(decl.parent.name);
    const shape = classSymbol && recordShapeOf(ctx.checker.getDeclaredTypeOfSymbol(classSymbol), ctx.checker, callee);
    if (!shape) return undefined;
    const self = recordArgument(callee.expression, shape, `the instance '${sourceText(callee.expression)}'`);
    return { target: ctx.methodFor(decl, shape), self };
  };

  /**
   * How many arguments a call passes, when its trailing ones are undefined (`undefined`, `void 0`,
   * an omitted parameter passed on): a function of the project called so is compiled in a version
   * for that many arguments (omitted.ts). Undefined when the last argument is a value.
   */
  const passedCount = (args: readonly ts.Expression[]): number | undefined => {
    let given = args.length;
    while (given > 0) {
      const a = skipParens(args[given - 1]);
      if (!nullishLiteral(a, ctx.checker) && !(ts.isIdentifier(a) && isUndefinedHere(a))) break;
      given--;
    }
    return given < args.length ? given : undefined;
  };

  /** An array passed to `target`'s array parameter `p` (`what`: the argument, for messages). */
  const arrayArgument = (a: ts.Expression, p: Var, target: NumericFunction, what: string): Expr => {
    const made = arrayResultOf(a);
    if (made) return { k: 'var', v: arrayValue(made), node: a };
    const literal = skipParens(a);
    if (ts.isArrayLiteralExpression(literal)) return { k: 'var', v: literalArgument(literal, p, target), node: a };
    // `field(k2, axpy(t, y, k1, h / 2))`: the inner call runs first, and its array is passed.
    const result = ts.isCallExpression(literal) && prelude !== undefined ? writerResult(literal) : undefined;
    const written = result?.array;
    if (written) {
      prelude!.push({ k: 'effect', call: written.call, node: literal });
      return { k: 'var', v: written.v, node: a };
    }
    // `norm(grad(p))`: the new array the inner call returns, held in a local first.
    if (result?.made) return { ...holdArray(result.made, literal), node: a };
    // `norm(c ? a : w)`: the array of the branch taken.
    if (choosesArrays(literal) && prelude !== undefined) return { k: 'var', v: chosenArray(literal, literal, freshName('chosen')), node: a };
    const v = arrayNamedBy(a);
    if (v?.kind !== 'array') reject(a, 'DDX1017', `${what} must be an array parameter, a local array or an array captured by an arrow at the call site, passed by name`);
    if (matrices.has(v)) rejectMatrixUse(a, v, `${what} is an array of numbers; pass one of its rows (${v.sourceName}[i])`);
    const given = recordArrayShapes.get(v);
    if (given) reject(a, 'DDX1022', `'${v.sourceName}' is an array of records (${given.typeName}), where ${what} is an array of numbers; pass the numbers it needs (${v.sourceName}.map((p) => p.${given.fields[0].name}) into a local first)`);
    return { k: 'var', v, node: a };
  };

  /** The call of `target` with `sourceArgs` (those of its own parameters, in order), then the enclosing variables it reads. */
  const callOf = (e: ts.CallExpression, target: NumericFunction, sourceArgs: readonly ts.Expression[], returns: 'number' | 'boolean', prefix: readonly Expr[] = []): Expr => {
    const effect = effectCall === e;
    if (lowering.has(target)) calledWhileLowered.add(target);
    // JavaScript makes a new array of the trailing arguments at each call; the IR passes the caller's.
    const restWritten = restParameterOf(target) && (target.writes ?? []).find((w) => w.index === target.params.length - 1 - (target.captured?.length ?? 0));
    if (restWritten) reject(restWritten.at, 'DDX1057', `'${target.name}' writes the elements of its rest parameter '${restParameterOf(target)!.name.getText()}', which is not supported; copy it into a local array first (const ys = ${restParameterOf(target)!.name.getText()}.slice()) and write that`);
    if ((target.writes ?? []).length > 0 && !effect) rejectWriterCall(e, target);
    // A call run as a statement may return anything (its caller reads what it needs: outparams).
    if (!effect && target.returns !== returns) rejectReturned(e, target);
    const lifting = liftedInProgress.has(target);
    if (lifting && target !== fn) reject(e, 'DDX1030', `local functions that call each other ('${fn.name}' and '${target.name}') are not supported; declare them at module level, or pass what they read as parameters`);
    const declared = target.params.slice(prefix.length, target.params.length - (target.captured?.length ?? 0));
    // A record with array fields is one argument and several parameters (its numbers, then its arrays).
    const split = declared.some((p) => arrayFields.has(p));
    const sourceParams = split ? declared.filter((p) => !fieldArrays.has(p)) : declared;
    if (split && sourceArgs.length !== sourceParams.length) reject(e, 'DDX1006', `'${target.name}' takes ${sourceParams.length} argument(s), got ${sourceArgs.length}`);
    const lowerArgument = (a: ts.Expression, i: number): Expr => {
      const p = sourceParams[i];
      if (p?.kind === 'boolean') return lowerBooleanValue(a, `argument ${i + 1} of '${target.name}'`);
      const shape = p && recordShapes.get(p);
      if (shape) return recordArgument(a, shape, `argument ${i + 1} of '${target.name}'`);
      const records = p && recordArrayShapes.get(p);
      if (records) return recordArrayArgument(a, records, `argument ${i + 1} of '${target.name}'`);
      if (p && matrices.has(p)) {
        const m = ts.isIdentifier(skipParens(a)) ? lookup(skipParens(a) as ts.Identifier) : matrixNamedBy(a);
        if (m && localMatrices.has(m)) return matrixLayoutCopy(a, m);
        // `solve(hessian(g, x), b)`, `trace(outer(x))`: the new matrix's layout, held.
        const made = !m && ts.isCallExpression(skipParens(a)) ? matrixResult(skipParens(a) as ts.CallExpression) : undefined;
        if (made) return made;
        // `loss(W, b, [[1, 2], [3, 4]])`, `f(Array.from(…))`: a new local matrix, passed as one.
        const written = unwrapExpression(a);
        if (!m && (ts.isArrayLiteralExpression(written) || matrixMakerOf(written))) {
          if (prelude === undefined) reject(a, 'DDX1023', `argument ${i + 1} of '${target.name}', a new matrix, is passed ${conditionalPlaceOf(a, node)}; make it in a local before (const m = ${sourceText(a)})`);
          return matrixLayoutCopy(a, makeLocalMatrix(a, freshName('matrix'), written, true));
        }
        if (!m || !matrices.has(m)) {
          const declared = ts.isIdentifier(skipParens(a)) ? ctx.checker.getSymbolAtLocation(skipParens(a))?.valueDeclaration : undefined;
          const untyped = declared && ts.isParameter(declared) && !declared.type ? declared.name.getText(sf) : undefined;
          reject(a, 'DDX1023', untyped
            ? `argument ${i + 1} of '${target.name}' is a matrix (number[][]), and '${untyped}' is a parameter without a type annotation whose type the transform cannot tell; annotate it (${untyped}: number[][])`
            : `argument ${i + 1} of '${target.name}' is a matrix (number[][]): pass a matrix parameter, one captured from the enclosing scope, or a local matrix, by name, or a literal of rows ([[a, b], [c, d]])`);
        }
        return { k: 'var', v: m, node: a } as Expr;
      }
      const row = p?.kind === 'array' ? matrixRowOf(a) : undefined;
      if (row) {
        const at = target.params.indexOf(p!);
        if ((target.writes ?? []).some((w) => w.index === at)) rejectMatrixUse(a, row.m, `'${target.name}' writes the elements of its argument ${i + 1}, a row of it here; pass a copy (${sourceText(a)}.slice())`);
        return rowCopy(a, row);
      }
      if (p?.kind === 'array') {
        // A tuple of an array of tuples (`vs[i]`, a view): its numbers, copied into a local array.
        const tuple = recordPath(a);
        if (tuple?.shape.tuple && tuple.path.length === 0) {
          if (prelude === undefined) reject(a, 'DDX1022', `'${sourceText(a)}' is passed ${conditionalPlaceOf(a, node)}; copy it into a local before (const w = [${sourceText(a)}[0], …])`);
          const v = newVar(a, freshName('tuple'), 'array', false, true);
          const start = prelude.length;
          prelude.push({ k: 'let', v, init: { k: 'arrayLit', elems: recordElems(a, tuple.shape, `argument ${i + 1} of '${target.name}'`), node: a }, node: a });
          copyMade(v, start);
          return { k: 'var', v, node: a } as Expr;
        }
        return arrayArgument(a, p, target, `argument ${i + 1} of '${target.name}'`);
      }
      // `f(x, undefined, 4)`: the number parameter is undefined there, as in JavaScript (its default, or its tests).
      if (nullishLiteral(a, ctx.checker) === 'undefined') return { k: 'num', text: 'undefined', node: a } as Expr;
      return lowerExpr(a);
    };
    const args = [...prefix];
    const rest = restParameterOf(target);
    const spread = sourceArgs.slice(0, rest ? sourceParams.length - 1 : undefined).find(ts.isSpreadElement);
    if (spread) reject(spread, 'DDX1003', `pass the arguments of '${target.name}'${rest ? ' before its rest parameter' : ''} one by one, not spread from an array (a spread goes to a rest parameter, ...xs: number[])`);
    if (rest) args.push(...restArguments(e, target, sourceArgs, sourceParams, lowerArgument));
    else if (!split) args.push(...lowerInOrder(sourceArgs, lowerArgument));
    else {
      const lowered = inOrder(sourceArgs, (a) => {
        const i = sourceArgs.indexOf(a), p = sourceParams[i];
        const fields = arrayFields.get(p);
        return fields ? splitRecordArgument(a, p, fields, target, `argument ${i + 1} of '${target.name}'`) : [lowerArgument(a, i)];
      });
      args.push(...sourceArgs.flatMap((a) => lowered.get(a)!));
    }
    declared.unshift(...target.params.slice(0, prefix.length));
    const required = target.defaults ? requiredCount(target) : declared.length;
    if (target.defaults && args.length <= declared.length && args.length >= required) {
      // A default also stands for an argument that is undefined (an element read past the end).
      args.splice(0, args.length, ...defaultArguments(target, args, true));
      for (const d of target.defaults) if (d) forEachExpr([{ k: 'return', value: d, node: d.node }], (x) => { if (x.k === 'num' && target.constants.has(x.text)) constants.set(x.text, target.constants.get(x.text)!); });
    }
    if (args.length !== declared.length) {
      reject(e, 'DDX1006', `'${target.name}' takes ${required === declared.length ? declared.length : `${required} to ${declared.length}`} argument(s), got ${prefix.length + sourceArgs.length}`);
    }
    const call: Extract<Expr, { k: 'call' }> = { k: 'call', fn: target, args, node: e };
    checkWrittenArguments(call, sourceArgs, prefix.length);
    // Calling itself, a local function passes what it reads once that is known (at its end).
    if (lifting) selfCalls.push(call);
    else args.push(...passCaptured(target, e));
    return call;
  };

  /**
   * The arguments of a call of `target`, whose last parameter is a rest parameter (`...xs: number[]`):
   * those of the parameters before it, then the array JavaScript makes of the trailing ones — a new
   * local array of them, made before the statement (their values in order), or the array spread as
   * the only trailing argument (`f(a, ...v)`), passed as it is (callOf refuses a callee that writes
   * its rest parameter, where JavaScript's copy would differ).
   */
  const restArguments = (e: ts.CallExpression, target: NumericFunction, sourceArgs: readonly ts.Expression[], sourceParams: readonly Var[], lowerArgument: (a: ts.Expression, i: number) => Expr): Expr[] => {
    const fixed = sourceParams.length - 1;
    const restVar = sourceParams[fixed];
    if (sourceArgs.length < fixed) reject(e, 'DDX1006', `'${target.name}' takes ${fixed} argument(s) before its rest parameter '${restVar.sourceName}', got ${sourceArgs.length}; pass each of them`);
    const trailing = sourceArgs.slice(fixed);
    const only = trailing.length === 1 && ts.isSpreadElement(trailing[0]) && !ts.isArrayLiteralExpression(skipParens(trailing[0].expression)) ? trailing[0] : undefined;
    if (only) {
      const lowered = lowerInOrder([...sourceArgs.slice(0, fixed), only.expression], (a, i) => (i < fixed ? lowerArgument(a, i) : arrayArgument(a, restVar, target, `the array spread into '${target.name}'`)));
      return lowered;
    }
    const listed = listedArguments(trailing);
    if (listed === undefined) {
      reject(e, 'DDX1003', `the arguments of '${target.name}' after its fixed ones (its rest parameter '${restVar.sourceName}') are numbers listed one by one, or one array spread on its own (${target.name}(${sourceArgs.slice(0, fixed).map(() => '…, ').join('')}...xs))`);
    }
    if (prelude === undefined) {
      reject(e, 'DDX1055', `the call of '${target.name}' makes the array of its rest parameter '${restVar.sourceName}' ${conditionalPlaceOf(e, node)}; make it a local array before (const ${restVar.sourceName} = [...]) and spread it: ${target.name}(...${restVar.sourceName})`);
    }
    const lowered = lowerInOrder([...sourceArgs.slice(0, fixed), ...listed], (a, i) => (i < fixed ? lowerArgument(a, i) : lowerExpr(a)));
    const v = newVar(e, freshName(restVar.sourceName), 'array', false, true);
    prelude!.push({ k: 'let', v, init: { k: 'arrayLit', elems: lowered.slice(fixed), node: e }, node: e });
    return [...lowered.slice(0, fixed), { k: 'var', v, node: e }];
  };

  /**
   * An array literal passed to an array parameter (`dot(a, [0, 0, 1])`): a new local array, made
   * before the statement where JavaScript makes it (its elements in order), passed by name.
   */
  const literalArgument = (literal: ts.ArrayLiteralExpression, p: Var, target: NumericFunction): Var => {
    if (prelude === undefined) {
      reject(literal, 'DDX1055', `an array literal passed to '${target.name}' is not supported ${conditionalPlaceOf(literal, node)}; make it a local array before (const ${p.sourceName} = [...]) and pass the local`);
    }
    const init = lowerArrayInit(literal) as Extract<ArrayInit, { k: 'arrayLit' }>;
    const v = newVar(literal, freshName(p.sourceName), 'array', false, true);
    prelude!.push({ k: 'let', v, init, node: literal });
    return v;
  };

  /**
   * The arrays passed to the parameters `call`'s callee writes: each must be an array of this
   * function (a local, or a parameter, which this function then writes in turn), never data it
   * reads from outside, and passed to no other array parameter of the call (aliasing).
   */
  const checkWrittenArguments = (call: Extract<Expr, { k: 'call' }>, sourceArgs: readonly ts.Expression[], prefixLength: number): void => {
    for (const w of call.fn.writes ?? []) {
      const arg = call.args[w.index];
      const at = sourceArgs[w.index - prefixLength] ?? call.node;
      if (arg?.k !== 'var' || arg.v.kind !== 'array') continue;
      if (isCaptured(arg.v)) rejectCapturedWrite(at, arg.v);
      if (arg.v.isParam) writeParam(arg.v, at);
      call.args.forEach((other, j) => {
        if (j !== w.index && other.k === 'var' && other.v === arg.v) {
          reject(sourceArgs[j - prefixLength] ?? call.node, 'DDX1057', `'${arg.v.sourceName}' is passed to '${call.fn.name}' twice, and '${call.fn.name}' writes its parameter '${call.fn.params[w.index].sourceName}' while it may read the other: the derivative code would read elements already overwritten; pass a copy (a new local array) as one of them`);
        }
      });
    }
  };

  /** Why a call of a function that writes its array argument cannot stand where it is. */
  const rejectWriterCall = (e: ts.CallExpression, target: NumericFunction): never => {
    const out = target.params[target.writes![0].index].sourceName;
    return reject(e, 'DDX1056', `'${target.name}' writes its array parameter '${out}': such a call is compiled as a statement (${target.name}(…);)${target.returnsParam !== undefined ? `, or as \`return ${target.name}(…)\` or \`const r = ${target.name}(…)\` of the array it returns` : ''}; call it as its own statement, then read the array it wrote`);
  };

  /** Calls of this (local) function by itself, whose captured arguments are added at the end. */
  const selfCalls: Extract<Expr, { k: 'call' }>[] = [];

  /** The arguments that pass the enclosing variables `target` reads: their bindings here, which must be visible by their names. */
  const passCaptured = (target: NumericFunction, at: ts.Expression): Expr[] => (target.captured ?? []).map((decl, i, all) => {
    const name = ((decl as ts.NamedDeclaration).name as ts.Identifier).text;
    // Passed by its name: here the name must mean that variable, or nothing of the source (a
    // specialisation receives it as a parameter of its own). Where another variable hides it (the
    // arrow's own `x` beside the enclosing `x` a local function reads), a capture this call makes
    // takes another name.
    const visible = ctx.checker.resolveName(name, at, ts.SymbolFlags.Value, false);
    const hidden = visible !== undefined && visible !== ctx.checker.getSymbolAtLocation((decl as ts.NamedDeclaration).name!);
    const v = captureOf(decl, name, hidden && hiddenHere(decl, name));
    // A captured record with array fields is its numbers, then its arrays (captureFromEnclosing): the declaration repeated per array.
    const field = all.indexOf(decl) < i && v ? [...(arrayFields.get(v)?.values() ?? [])][i - all.indexOf(decl) - 1] : undefined;
    if (field) return { k: 'var', v: field, node: at };
    if (!v || (hidden && v.name === name)) {
      reject(at, 'DDX1030', `'${target.name}' reads '${name}' of its enclosing function, but here '${name}' names another variable; rename one of them`);
    }
    return capturedArgument(v, at);
  });

  /**
   * The first name in `f` (the function given to a nested verb) that denotes `decl`, else the first
   * in the module: a local function `f` calls reads it (`const g = (t) => t * OB.k; derivative((u) =>
   * g(u) * u, x)`). Undefined where there is none.
   */
  const firstUseIn = (f: ts.Expression, decl: ts.Declaration): ts.Identifier | undefined => {
    // Only a name spelt as the declaration's goes to the checker.
    const name = (decl as ts.NamedDeclaration).name;
    const text = name && ts.isIdentifier(name) ? name.text : undefined;
    let use: ts.Identifier | undefined;
    forEachNode(f, (n) => {
      if (!use && ts.isIdentifier(n) && n.text === text && symbolOf(n)?.valueDeclaration === decl) use = n;
    });
    if (use) return use;
    // Resolved by the checker itself: symbolOf's cache holds the names of the statement being lowered.
    forEachNode(sf, (n) => {
      if (!use && ts.isIdentifier(n) && n.text === text && ctx.checker.getSymbolAtLocation(n)?.valueDeclaration === decl) use = n;
    });
    return use;
  };

  /**
   * A module-level table or instance that the function given to a nested verb reads (`T` in
   * `derivative((u) => T[1] * u, x)`): the arrow, lowered apart, captures it; this function passes
   * the local it reads the same table into. Undefined for anything else.
   */
  const moduleDataReadBy = (f: ts.Expression, decl: ts.Declaration): Var | undefined => {
    const use = firstUseIn(f, decl);
    return use && inScopeOf(use, () => moduleArrayRead(use) ?? moduleInstanceRead(use));
  };

  /** A module-level numeric constant (`const C = 0.75 * 2`) that the function given to a nested verb captures: its value, as this function reads it. */
  const moduleConstantCapture = (decl: ts.Declaration, at: ts.Expression): Expr | undefined => {
    const symbol = ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) ? ctx.checker.getSymbolAtLocation(decl.name) : undefined;
    const constant = symbol && ctx.constantFor(symbol);
    if (!constant) return undefined;
    constants.set(constant.name, constant);
    return { k: 'num', text: constant.name, node: at };
  };

  /**
   * A module-level object of data (`const OB = { k: 2, w: [1, 2] }`) that the function given to a
   * nested verb reads (`OB.k`): the arrow, lowered apart, captures it as a record (its numbers, and
   * an array per array field); this function passes the same, read from the object's fields as its
   * own reads of `OB.k` are. Undefined where `decl` is no such object or a field is neither.
   */
  const moduleObjectCapture = (f: ts.Expression, decl: ts.Declaration, c: Var, arrayField: string | undefined): Expr | undefined => {
    const use = firstUseIn(f, decl);
    const symbol = use && ctx.checker.getSymbolAtLocation(use);
    if (!use || !symbol || !ctx.moduleObjectFieldFor) return undefined;
    const fieldOf = (name: string): ModuleObjectField | undefined => ctx.moduleObjectFieldFor!(symbol, name, use);
    if (arrayField !== undefined) {
      const read = fieldOf(arrayField);
      return read && 'array' in read ? { k: 'var', v: vars.get(read.array.node) ?? moduleLocal(read.array), node: f } : undefined;
    }
    const shape = recordShapes.get(c);
    if (!shape || prelude === undefined || shape.fields.some((x) => x.shape || x.optional)) return undefined;
    const elems: Expr[] = [];
    for (const x of shape.fields) {
      const read = fieldOf(x.name);
      if (!read || !('number' in read)) return undefined;
      elems.push({ ...read.number, node: f });
    }
    const v = newVar(f, freshName('rec'), 'array', false, true);
    recordShapes.set(v, shape);
    prelude.push({ k: 'let', v, init: { k: 'arrayLit', elems, node: f }, node: f });
    return { k: 'var', v, node: f };
  };

  /**
   * Variable `v` of this function passed to a capture of a callee: a local matrix as a copy laid out
   * as a matrix parameter is, a row of a matrix (a number local holding its index here) as a copy of
   * the row (the array it is in JavaScript; the callee reads it, never writes it), as they hold at the call.
   */
  const capturedArgument = (v: Var, at: ts.Expression): Expr => {
    if (localMatrices.has(v)) return matrixLayoutCopy(at, v);
    const rowOf = matrixRows.get(v);
    if (rowOf) return rowCopy(at, { m: rowOf, row: () => ({ k: 'var', v, node: at }) });
    return v.kind === 'boolean' ? { k: 'boolean', test: { k: 'flag', v, node: at }, node: at } : { k: 'var', v, node: at };
  };

  /**
   * The function a call calls, with the source arguments of its parameters: a local function
   * (lifted), a function-typed parameter bound at this specialisation's call site, a function that
   * takes functions (specialised for the functions passed here), or a function of the project.
   */
  const calleeOf = (e: ts.CallExpression, nameNode: ts.Node, symbol: ts.Symbol): { target: NumericFunction; sourceArgs: readonly ts.Expression[]; prefix?: readonly Expr[] } => {
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    const bound = decl && boundFunction(decl);
    if (bound) return { target: lowerBound(bound), sourceArgs: e.arguments };
    // A named function expression called where it is written, calling itself by its name
    // (`(function fact(n) { … fact(n - 1) … })(3)`): the local function that call lowered.
    if (decl && ts.isFunctionExpression(decl)) {
      for (let s: Scope | undefined = here; s; s = s.outer) {
        const applied = s.locals.get(decl);
        if (applied) return { target: applied, sourceArgs: e.arguments };
      }
    }
    const instance = decl && instanceOf(decl, symbol);
    if (instance) return { ...instance, sourceArgs: e.arguments };
    const member = localMemberOf(decl, ctx.checker);
    if (member) return { target: lowerLocalMember(e, member), sourceArgs: e.arguments };
    const local = localFunctionOf(decl);
    const found = local ?? ctx.functionFor(symbol);
    if (found && found.node.parameters.some(takesFunction)) return specialise(e, found);
    if (local) {
      // From an arrow at a verb's call site, a local function of the enclosing function reads
      // through the arrow's captures (constants of the derivative).
      const owner = liftScopeOf(local.owner);
      if (!owner) {
        reject(e, 'DDX1030', `'${local.name}' is a local function of ${functionNameOf(local.owner)}, called by a function compiled apart from it (an arrow given to a function that takes functions, as a solver's f, is compiled into a version of that function, which does not reach the locals of ${functionNameOf(local.owner)}); declare '${local.name}' at module level, or write its body in the arrow`);
      }
      return { target: lowerBound({ node: local.node, name: local.name, scope: owner }), sourceArgs: e.arguments };
    }
    // Passing fewer arguments than declared (or undefined ones last): the version for them.
    const given = passedCount(e.arguments) ?? e.arguments.length;
    const target = ctx.calleeFor(nameNode, symbol, given, (i) => (i < given ? argumentRecord(e.arguments[i]) : undefined));
    return { target, sourceArgs: restParameterOf(target) ? e.arguments : e.arguments.slice(0, given) };
  };

  /**
   * The record argument `a` is, for a callee's parameter of no type read as a record: a record
   * variable or a record field of one, the record a call returns (held in a local before the
   * statement, which passing it then reads), else the record its type is; undefined for anything else.
   */
  const argumentRecord = (a: ts.Expression): RecordShape | undefined => {
    const inner = skipParens(a);
    if (ts.isCallExpression(inner) && !heldRecords.has(inner) && !arrayCallOf(inner) && !ctx.verbOf(inner.expression) && prelude !== undefined) {
      const made = writerResult(inner)?.made;
      if (!made || !recordReturns.get(made.fn.node)) return undefined;
      heldRecords.set(inner, holdArray(made, inner).v);
    }
    const r = recordPath(inner);
    if (r) return r.path.length === 0 ? r.shape : fieldPlace(r.shape, r.path)?.shape;
    return recordOfValue(inner);
  };

  /**
   * A member function of a local object (members.ts) called on it (`m.e(x)`, `this.e(x)` in
   * another of its methods): lifted as a local function of the function the object is made in.
   */
  const lowerLocalMember = (e: ts.CallExpression, member: NonNullable<ReturnType<typeof localMemberOf>>): NumericFunction => {
    const { holder, literal, why } = member.object;
    if (why) reject(e, 'DDX1022', why);
    const receiver = skipParens((e.expression as ts.PropertyAccessExpression).expression);
    const own = receiver.kind === ts.SyntaxKind.ThisKeyword ? thisOwner(receiver) === literal : ts.isIdentifier(receiver) && symbolOf(receiver) === ctx.checker.getSymbolAtLocation(holder.name);
    if (!own) reject(e, 'DDX1022', `'${sourceText(e.expression)}' is the member function of the object '${holder.name.text}' declared in a function, and '${sourceText(receiver)}' is not known to be that object; call it on '${holder.name.text}'`);
    const owner = ownerOf(holder);
    const scope = owner && liftScopeOf(owner);
    if (!scope) reject(e, 'DDX1030', `'${holder.name.text}.${(e.expression as ts.PropertyAccessExpression).name.text}' is a member function of an object made in ${owner ? functionNameOf(owner) : 'another function'}, called by a function compiled apart from it; call it in the function that makes '${holder.name.text}'`);
    return lowerBound({ node: member.node as ts.Node as FunctionLike, name: member.name, scope: scope! });
  };

  /** How a message names function `f`: `'name'`, or where an unnamed one is. */
  const functionNameOf = (f: FunctionLike): string => {
    const named = (f as { name?: ts.Node }).name ?? (ts.isVariableDeclaration(f.parent) ? f.parent.name : undefined);
    return named && ts.isIdentifier(named) ? `'${named.text}'` : `the function at line ${f.getSourceFile().getLineAndCharacterOfPosition(f.getStart()).line + 1}`;
  };

  /** The function a parameter of this specialisation (or of one enclosing it) is bound to. */
  const boundFunction = (decl: ts.Declaration): Bound | undefined => {
    for (let s: Scope | undefined = here; s; s = s.outer) {
      const b = s.bindings?.get(decl);
      if (b) return b;
    }
    return undefined;
  };

  /** Whether a function written here calls a function-typed parameter bound in this specialisation (or one enclosing it). */
  const callsBoundFunction = (f: FunctionLike): boolean => {
    let calls = false;
    forEachNode(f, (n) => {
      if (calls || !ts.isIdentifier(n)) return;
      const symbol = ctx.checker.getSymbolAtLocation(n);
      const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      calls = decl !== undefined && ts.isParameter(decl) && boundFunction(decl) !== undefined;
    });
    return calls;
  };

  /**
   * A known function, lowered: lifted out of its scope (once per scope), or a function of the
   * project. `fallback`: the kind of a parameter neither annotated nor typed by the context (an
   * arrow at a scalar verb's call takes a number).
   */
  const lowerBound = (b: Bound, fallback?: 'number'): NumericFunction => {
    if (!b.scope) return b.lowered!();
    const known = b.scope.locals.get(b.node);
    if (known) return known;
    // An unannotated parameter TypeScript types number (from the context) is a number.
    const javaScript = ctx.javaScriptParamKind(b.node);
    const numberKind = (i: number): 'number' | 'array' | undefined => javaScript?.(i) ?? ((ctx.checker.getTypeAtLocation(b.node.parameters[i]).flags & ts.TypeFlags.NumberLike) !== 0 ? 'number' : b.node.parameters[i].type === undefined ? fallback : undefined);
    return lowerFunction(b.node, b.name, ctx, (f) => b.scope!.locals.set(b.node, f), numberKind, false, { enclosing: b.scope });
  };

  /** Whether a parameter holds a function (annotated with a function type). */
  const takesFunction = (p: ts.ParameterDeclaration): boolean => p.type !== undefined && ts.isFunctionTypeNode(p.type);

  /**
   * `sumOf(sq, xs)` where `sumOf` takes a function: a version of `sumOf` for the functions passed
   * here, which must be known at compile time (an arrow written here, a local function, a function
   * of the project, or a function this specialisation was given).
   */
  const specialise = (e: ts.CallExpression, callee: { node: FunctionLike; name: string }): { target: NumericFunction; sourceArgs: readonly ts.Expression[] } => {
    const given = new Map<ts.Declaration, Bound>();
    const sourceArgs: ts.Expression[] = [];
    callee.node.parameters.forEach((p, i) => {
      const a = e.arguments[i];
      if (!takesFunction(p)) { if (a) sourceArgs.push(a); return; }
      if (!a) reject(e, 'DDX1030', `'${callee.name}' needs its function argument '${p.name.getText(sf)}'`);
      given.set(p, knownFunction(a, `argument ${i + 1} of '${callee.name}'`));
    });
    sourceArgs.push(...e.arguments.slice(callee.node.parameters.length));
    const key = [...given.values()].map((b) => `${nodeIdOf(b.node)}@${b.scope ? scopeIdOf(b.scope) : ''}`).join(',') + `|${scopeIdOf(here)}`;
    let versions = specialisations.get(callee.node);
    if (!versions) specialisations.set(callee.node, (versions = new Map()));
    const target = versions.get(key) ?? lowerFunction(callee.node, callee.name, ctx, (f) => versions!.set(key, f), undefined, false, { enclosing: here, bindings: given });
    return { target, sourceArgs };
  };

  /** The function `a` denotes at compile time, or a rejection naming `what` needs one. */
  const knownFunction = (a: ts.Expression, what: string): Bound => {
    const inner = skipParens(a);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
      return { node: inner, name: inner.name?.text ?? 'arrow', scope: here };
    }
    const id = ts.isIdentifier(inner) ? inner : undefined;
    const symbol = id && symbolOf(id);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    const bound = decl && boundFunction(decl);
    if (bound) return bound;
    const local = localFunctionOf(decl);
    if (local) {
      const owner = liftScopeOf(local.owner);
      if (owner) return { node: local.node, name: local.name, scope: owner };
    }
    const found = symbol && ctx.functionFor(symbol);
    if (found && id && !found.node.parameters.some(takesFunction)) return { node: found.node, name: found.name, scope: undefined, lowered: () => ctx.calleeFor(id, symbol!) };
    const memberWhy = memberValueWhy(inner, ctx.checker);
    // A member given as a function value (`Math.sin`, `stats.sq`) is known, but is none of the
    // functions a solver's version is made for: an arrow calling it is one.
    if (!memberWhy && ts.isPropertyAccessExpression(inner)) {
      reject(a, 'DDX1030', `${what} is the member '${sourceText(a)}', and a solver's version is made for a function declared in this project, a local function or an arrow written here: pass an arrow that calls it, (t) => ${sourceText(a)}(t)`);
    }
    return reject(a, 'DDX1030', `${what} must be a function known at compile time: a function declared in this project, a local function, or an arrow written here; ${memberWhy ?? `'${sourceText(a)}' is chosen at run time`}`);
  };

  /**
   * A verb called inside a differentiated function: a call of a function built from g's derivative
   * code (tangent.ts, nested.ts), which passes the values g's arrow captures by their current value
   * (the verb calls g right away). `derivative`, `secondDerivative` and `jvp` of a number give a
   * number; `gradient`, `hvp`, `jvp` of an array and the `valueAnd…` forms of one number give a new
   * array (a record for those of a record point, and for the `valueAnd…` forms; valueAndGradient's
   * at an array point a record with an array field), which the caller holds as a local
   * (`const g = gradient(f, x)`, `gradient(f, x)[0]`, `valueAndGradient(f, x).gradient[1]`).
   */
  const lowerNestedVerb = (e: ts.CallExpression, verb: VerbName): Expr => {
    if (!nestedVerbs.has(verb)) {
      // vjp and valueAndVjp: one backward sweep, which the forward-mode code of a nested verb has not.
      reject(e.expression, 'DDX1006', `a nested ${verb} inside a differentiated function is not compiled: it is a reverse-mode sweep, and nested verbs are built from forward-mode code; use jvp(f, x, v) per direction or jacobian(f, x) there, compute it outside the function, or write both functions over ddx values (Real, @ddx/dual operations) so the run-time engine nests them`);
    }
    const points = verbs[verb].points;
    if (e.arguments.length !== 1 + points) reject(e, 'DDX1009', `inside a differentiated function, ${verb} takes f and ${points === 1 ? 'x' : 'x and v'} (the curried ${verb}(f) and options are not compiled there)`);
    // \`derivative(f, x)\` where f is a function-typed parameter of this specialisation: the
    // function its call site passes, lifted with the enclosing values it reads (their current
    // values are passed on, as for a call of f).
    const f = skipParens(e.arguments[0]);
    const symbol = ts.isIdentifier(f) ? symbolOf(f) : undefined;
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    // An arrow written here that calls a function this specialisation was given (\`(v) => f(v) * 2\`
    // in \`descend(f, x0)\`): lifted in this scope, so that it calls the bound function.
    const wraps = !decl && isFunctionExpression(f) && callsBoundFunction(f) ? { node: f, name: f.name?.text ?? 'arrow', scope: here } : undefined;
    const bound = (decl && boundFunction(decl)) ?? wraps;
    const g = bound ? (wraps ? entryOf(lowerBound(bound, verbs[verb].input === 'scalar' ? 'number' : undefined)) : lowerBound(bound)) : ctx.nestedFunction(e.arguments[0], verb);
    const own = g.params.length - (g.captured?.length ?? 0);
    // What the function reads of this one, read after the verb's points are evaluated (a point may
    // assign what it reads: derivative((u) => M[1][0] * u, (M[1][0] = 0.001)) reads 0.001, as the verb
    // calls the function after its arguments): lowered on the call's first use, once.
    let capturedOnce: Expr[] | undefined;
    const captured = (): Expr[] => (capturedOnce ??= capturedArguments());
    const capturedArguments = (): Expr[] => bound ? passCaptured(g, e.arguments[0]) : g.captures.map((c): Expr => {
      const decl = captureDeclarations.get(c);
      const shape = recordShapes.get(c);
      if (!decl && shape && ts.isPropertyAccessExpression(f)) {
        // A method taken from an instance (`gradient(model.run, x)`, ProgramContext.nestedFunction): the instance, a record here.
        return recordArgument(f.expression, shape, `the instance '${sourceText(f.expression)}'`);
      }
      if (!decl) throw new Error(`internal: capture '${c.name}' of '${g.name}' has no declaration`);
      const held = vars.get(decl) ?? captureOf(decl, (decl.name as ts.Identifier).text) ?? moduleDataReadBy(e.arguments[0], decl);
      // An array field of a captured record with array fields: that field's array here.
      const field = fieldArrays.get(c);
      if (!held) {
        const data = moduleConstantCapture(decl, e.arguments[0]) ?? moduleObjectCapture(e.arguments[0], decl, c, field?.field);
        if (data) return data;
      }
      const v = field && held ? arrayFields.get(held)?.get(field.field) : held;
      if (!v) reject(e.arguments[0], 'DDX1007', `'${c.sourceName}', which the function passed to ${verb} reads, is not a number or array this function can pass on`);
      // The function was lowered once (its captures typed by the first lowering of this one, loweredKindOf):
      // a value of another kind here is refused, never passed as the kind it is not.
      if (v.kind !== c.kind && !matrixRows.has(v) && !localMatrices.has(v)) {
        reject(e.arguments[0], 'DDX1007', `'${c.sourceName}', which the function passed to ${verb} reads, is ${v.kind === 'array' ? 'an array' : `a ${v.kind}`} here but ${c.kind === 'array' ? 'an array' : `a ${c.kind}`} where that function was compiled; pass it as a parameter`);
      }
      return capturedArgument(v, e.arguments[0]);
    });
    const call = (fn: NumericFunction, args: Expr[], shape?: RecordShape): Expr => {
      if (shape) recordReturns.set(fn.node, shape);
      return { k: 'call', fn, args: [...args, ...captured()], node: e };
    };
    if (verbs[verb].input === 'scalar') {
      // As the verb's own call site says it (checkShape): one diagnostic for both (transform.ts, oncePerPlace).
      if (g.returns === 'array') reject(e.arguments[0], 'DDX1010', numberOutputAdvice(verb, g));
      if (g.returns !== 'number') reject(e.arguments[0], 'DDX1010', `${verb} needs f to return a number, but '${g.name}' returns ${g.returns === 'boolean' ? 'a boolean, which has no derivative' : 'nothing'}`);
      const first = derivativeFunction(g, e);
      const x = lowerExpr(e.arguments[1]);
      if (verb === 'derivative') return call(first, [x]);
      if (verb === 'secondDerivative') return call(derivativeFunction(first, e), [x]);
      const order = verb === 'valueAndDerivative' ? 1 : 2;
      return call(valueAndDerivativeFunction(g, order, e), [x], valueAndDerivativeShapes[order]);
    }
    const input = g.params[0];
    if (matrices.has(input)) rejectMatrixUse(e.arguments[0], input, `a nested ${verb} differentiates with respect to its input, and a matrix is only read as data; take the point as one array of numbers`);
    if (own !== 1 || input.kind !== 'array') {
      reject(e.arguments[0], 'DDX1005', `a nested ${verb} needs f(x: number[]) (or a record or tuple x); '${g.name}' takes (${g.params.slice(0, own).map(describedParam).join(', ')}): take the point as one array`);
    }
    if (matrixReturns.has(g.node)) reject(e.arguments[0], 'DDX1023', matrixOutputAdvice(verb, g.name));
    const jacobian = verb === 'jacobian' || verb === 'valueAndJacobian';
    if (jacobian && g.returns !== 'array') reject(e.arguments[0], 'DDX1010', `${verb} needs f to return an array, but '${g.name}' returns ${g.returns === 'number' ? 'a number; use gradient for scalar outputs' : g.returns === 'boolean' ? 'a boolean' : 'nothing'}`);
    if (!jacobian && verb !== 'jvp' && g.returns === 'array') reject(e.arguments[0], 'DDX1010', numberOutputAdvice(verb, g));
    if (!jacobian && g.returns !== 'number' && g.returns !== 'array') {
      reject(e.arguments[0], 'DDX1010', `${verb} needs f to return a number${verb === 'jvp' ? ' or an array' : ''}, but '${g.name}' returns ${g.returns === 'boolean' ? 'a boolean' : 'nothing'}`);
    }
    const shape = recordShapes.get(input);
    const point = (a: ts.Expression, name: string): Expr => (shape ? recordArgument(a, shape, `the ${name} of ${verb}`) : arrayArgument(a, input, g, `the ${name} of ${verb}`));
    const [x, v] = lowerInOrder(e.arguments.slice(1), (a, i) => point(a, i === 0 ? 'point' : 'direction'));
    if (verb === 'gradient') return call(gradientFunction(g, e), [x], shape);
    if (verb === 'valueAndGradient') {
      // A record: at a record point, of numbers; at an array point, with the gradient an array field.
      const fn = valueAndGradientFunction(g, shape !== undefined, e);
      if (shape) return call(fn, [x], valueAndGradientShape(shape));
      splitReturns.set(fn.node, valueAndGradientSplit);
      return call(fn, [x]);
    }
    if (verb === 'valueGradientHessian' || verb === 'valueAndJacobian') {
      // A record with array fields, the last a matrix in its layout, which the caller holds (heldRecordOf).
      if (shape) reject(e.arguments[1], 'DDX1006', `a nested ${verb} at a record point is not compiled (its gradient would be a record, its matrix in the order of the record's numbers); take the point as an array of numbers, or call ${verb === 'valueAndJacobian' ? 'g(p) and jacobian(g, p)' : 'g(p), gradient(g, p) and hessian(g, p)'} separately`);
      const fn = valueAndMatrixFunction(g, verb, e);
      splitReturns.set(fn.node, valueAndMatrixSplits[verb]);
      return call(fn, [x]);
    }
    if (verb === 'hessian' || verb === 'jacobian') {
      // A matrix in its layout (matrixReturns), which the caller holds as a local matrix.
      const fn = verb === 'hessian' ? hessianFunction(g, e) : jacobianFunction(g, e);
      matrixReturns.add(fn.node);
      return call(fn, [x]);
    }
    if (verb === 'hvp') return call(hvpFunction(g, e), [x, v], shape);
    return jvpCall(g, x, v, captured(), e);
  };

  /** A call of a function made by defineFunction: one number in, one number out. */
  const lowerRuleCall = (e: ts.CallExpression, rule: CustomRule, returns: 'number' | 'boolean'): Expr => {
    if (returns === 'boolean') reject(e, 'DDX1016', `'${rule.name}' returns a number, not a boolean; compare it (${rule.name}(…) > 0) to use it as a condition`);
    if (e.arguments.length !== 1) reject(e, 'DDX1006', `'${rule.name}' is made by defineFunction and takes 1 argument, got ${e.arguments.length}`);
    return { k: 'custom', rule, args: [lowerExpr(e.arguments[0])], node: e };
  };

  /** A call of a special function of a package with a built-in rule: its arguments, numbers. */
  const lowerSpecialCall = (e: ts.CallExpression, fn: SpecialFunction, returns: 'number' | 'boolean'): Expr => {
    const called = e.expression.getText(sf);
    if (returns === 'boolean') reject(e, 'DDX1016', `'${called}' returns a number, not a boolean; compare it (${called}(…) > 0) to use it as a condition`);
    const arity = specialRules[fn.name].arity;
    if (e.arguments.length !== arity) reject(e, 'DDX1006', `'${called}' is ${fn.name} of '${fn.module}', differentiated by its built-in rule, and takes ${arity} argument(s) here, got ${e.arguments.length}`);
    // The generated code imports the package itself, by this specifier: from a module of the
    // project, where the project's dependencies resolve (a package's own dependency may not).
    if (/[\\/]node_modules[\\/]/.test(fn.importer)) {
      reject(e, 'DDX1020', `'${called}' is ${fn.name} of '${fn.module}', imported by a package: the generated code would import '${fn.module}' itself, which the project may not resolve (a dependency of a dependency); add '${fn.module}' to the project's dependencies and call it from a module of the project`);
    }
    return { k: 'special', fn, args: lowerInOrder(e.arguments), node: e };
  };

  /** The arguments of a call of `target` that passes `given`: the omitted ones are its defaults (whose module constants this function then reads). */
  const completeArguments = (target: NumericFunction, given: Expr[], e: ts.CallExpression): Expr[] => {
    const args = [...given];
    const required = requiredCount(target);
    if (args.length < target.params.length && args.length >= required) {
      args.push(...defaultArguments(target, args).slice(args.length));
      for (const d of target.defaults!) if (d) forEachExpr([{ k: 'return', value: d, node: d.node }], (x) => { if (x.k === 'num' && target.constants.has(x.text)) constants.set(x.text, target.constants.get(x.text)!); });
    }
    if (args.length !== target.params.length) {
      reject(e, 'DDX1006', `'${target.name}' takes ${required === target.params.length ? target.params.length : `${required} to ${target.params.length}`} argument(s), got ${given.length}`);
    }
    return args;
  };

  /** Whether a condition has an assignment or increment on the right of `&&` or `||` (at any depth of them). */
  const assignsAfterShortCircuit = (e: ts.Expression): boolean => {
    const inner = skipParens(e);
    if (!ts.isBinaryExpression(inner)) return false;
    const op = inner.operatorToken.kind;
    if (op !== ts.SyntaxKind.AmpersandAmpersandToken && op !== ts.SyntaxKind.BarBarToken) return false;
    return effectful.has(inner.right) || assignsAfterShortCircuit(inner.left);
  };

  /**
   * Statements that leave the value of condition `e` in the boolean `v` (declared by the first when
   * `declare`): `a && b` as `v = a; if (v) v = b;`, `a || b` as `v = a; if (!v) v = b;`, so that the
   * assignments in `b` (in its own prelude) run only where JavaScript evaluates `b`.
   */
  const evaluateInto = (e: ts.Expression, v: Var, declare: boolean): Stmt[] => {
    const inner = skipParens(e);
    if (ts.isBinaryExpression(inner) && assignsAfterShortCircuit(inner)) {
      const and = inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
      const first = evaluateInto(inner.left, v, declare);
      const held: Cond = { k: 'flag', v, node: inner.left };
      return [...first, { k: 'if', test: and ? held : { k: 'not', a: held, node: inner.left }, then: evaluateInto(inner.right, v, false), else: undefined, node: inner }];
    }
    return withPrelude((): Stmt => {
      const value: Expr = { k: 'boolean', test: lowerCond(inner), node: inner };
      return declare ? { k: 'let', v, init: value, node: inner } : { k: 'set', v, value, node: inner };
    });
  };

  /**
   * `a === undefined`, `a == null`, `a !== void 0`, …: a number is never null, so these test
   * whether `a` is undefined (an element read past the end, a var not yet assigned, such a value
   * passed on), as `a ?? b` does; `a === null` is false, `a !== null` true.
   */
  const lowerNullishTest = (e: ts.Expression): Cond | undefined => {
    const test = nullishTest(e, ctx.checker);
    if (!test) return undefined;
    const loose = test.op === ts.SyntaxKind.EqualsEqualsToken || test.op === ts.SyntaxKind.ExclamationEqualsToken;
    const negated = test.op === ts.SyntaxKind.ExclamationEqualsEqualsToken || test.op === ts.SyntaxKind.ExclamationEqualsToken;
    if (test.literal === 'null' && !loose) {
      const operand = skipParens(test.operand);
      if (!ts.isIdentifier(operand) && !ts.isElementAccessExpression(operand)) reject(e, 'DDX1003', `'${sourceText(e)}' is always ${negated} for a number; test a name or an element, or write ${negated}`);
      lowerExpr(operand);
      return { k: 'bool', value: negated, node: e };
    }
    const defined: Cond = { k: 'defined', a: lowerExpr(test.operand), node: test.operand };
    return negated ? defined : { k: 'not', a: defined, node: e };
  };

  const lowerCond = (e: ts.Expression): Cond => {
    if (ts.isParenthesizedExpression(e)) return lowerCond(e.expression);
    const folded = foldedByOmitted(e);
    if (folded !== undefined) return { k: 'bool', value: folded, node: e };
    const nullish = lowerNullishTest(e);
    if (nullish) return nullish;
    const arrayCall = ts.isCallExpression(e) ? arrayCallOf(e) : undefined;
    if (arrayCall && booleanMethods.has(arrayCall.method)) return lowerBooleanMethod(arrayCall);
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
        if (branchAssigns(e.right)) return lowerLogicThatAssigns(e, a);
        return { k: 'logic', op: op === ts.SyntaxKind.AmpersandAmpersandToken ? '&&' : '||', a, b: conditionally(() => lowerCond(e.right)), node: e };
      }
    }
    return { k: 'truthy', a: lowerExpr(e), node: e };
  };

  // ---- booleans ----------------------------------------------------------------------------

  /**
   * Whether `e` gives a boolean (a parameter or local by its kind; a `let`/`const` of this function
   * not lowered yet, as a hoisted `var`'s initializer reads it, by the kind its declaration will give
   * it). `assumed`: the `var` whose kind is being decided, taken to be a boolean (`b = b && t`).
   */
  const isBooleanValued = (e: ts.Expression, assumed?: ts.Symbol): boolean => isBooleanExpression(e, ctx.checker, (id) => {
    const v = varOf(id);
    if (v) return v.kind;
    const symbol = ctx.checker.getSymbolAtLocation(id);
    if (symbol !== undefined && symbol === assumed) return 'boolean';
    const decl = symbol?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || decidingKinds.has(decl)) return undefined;
    // A local of an enclosing function that this one captures (never reassigned, or it is not
    // captured) has the kind its declaration gives it there (`const b = Number.isInteger(x)`, or a
    // `var`, read by an arrow: the checker, with no lib, cannot type it).
    if (isAncestor(node, decl) ? (decl.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0 : !capturing) return undefined;
    decidingKinds.add(decl);
    try {
      return isBooleanLocal(decl) ? 'boolean' : undefined;
    } finally {
      decidingKinds.delete(decl);
    }
  });
  const decidingKinds = new Set<ts.VariableDeclaration>();

  /** A local declared `boolean`, or unannotated with a boolean initializer (`let done = false`, `const neg = x < 0`). */
  const isBooleanLocal = (d: ts.VariableDeclaration): boolean =>
    d.type ? annotatedKind(d.type, ctx.checker) === 'boolean' : d.initializer !== undefined && isBooleanValued(d.initializer);

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
    target.returns === 'array' ? `'${target.name}' returns an array where a number is needed; hold it in a local (const r = ${target.name}(…)) and read its elements`
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
      const v = varOf(e) ?? (capturing && isBooleanValued(e) ? lookup(e) : undefined);
      return v?.kind === 'boolean' ? { k: 'flag', v, node: e } : undefined;
    }
    if (ts.isCallExpression(e) && !testOf(e) && isBooleanValued(e)) {
      const call = lowerCall(e, 'boolean') as Extract<Expr, { k: 'call' }>;
      return { k: 'predicate', fn: call.fn, args: call.args, node: e };
    }
    if (ts.isConditionalExpression(e) && isBooleanValued(e)) {
      const test = lowerCond(e.condition);
      if (branchAssigns(e.whenTrue) || branchAssigns(e.whenFalse)) return { k: 'flag', v: lowerChoiceThatAssigns(e, test, 'boolean').v, node: e };
      return { k: 'choose', test, a: conditionally(() => lowerCond(e.whenTrue)), b: conditionally(() => lowerCond(e.whenFalse)), node: e };
    }
    if (!ts.isBinaryExpression(e)) return undefined;
    const op = compareOps[e.operatorToken.kind];
    if (op !== '===' && op !== '!==' && op !== '==' && op !== '!=') return undefined;
    const typeofTest = lowerTypeofTest(e, op === '===' || op === '==');
    if (typeofTest) return typeofTest;
    if (!isBooleanValued(e.left) && !isBooleanValued(e.right)) return undefined;
    // The left is evaluated first: where the right assigns (moved to the prelude), the left is
    // held in a boolean const before it, as a number operand is (`before`).
    const left = lowerCond(e.left);
    let a: Cond = left;
    if (prelude !== undefined && effectful.has(e.right)) {
      const v = newVar(e.left, freshName('held'), 'boolean', false, true);
      prelude.push({ k: 'let', v, init: { k: 'boolean', test: left, node: e.left }, node: e.left });
      a = { k: 'flag', v, node: e.left };
    }
    return { k: 'iff', op, a, b: lowerCond(e.right), node: e };
  };

  /**
   * `typeof a === 'number'` (or !==, ==, != with any string): the type of a name is known at
   * compile time from its declaration, so the test folds to true or false. An element of a number
   * array, and a number local or parameter, is a number or undefined (read past the end, or not
   * yet assigned): that is tested at run time.
   */
  const lowerTypeofTest = (e: ts.BinaryExpression, equal: boolean): Cond | undefined => {
    const left = skipParens(e.left), right = skipParens(e.right);
    const [of, text] = ts.isTypeOfExpression(left) ? [left, right] : ts.isTypeOfExpression(right) ? [right, left] : [];
    if (!of || !text) return undefined;
    if (!ts.isStringLiteralLike(text)) reject(e, 'DDX1003', `typeof is supported compared with a string only, as in typeof x === 'number'`);
    const operand = skipParens(of.expression);
    // A local of an enclosing function read by a closure is known by the kind it has there (a
    // destructured or for…of local, which the checker, with no lib, cannot type).
    const known = ts.isIdentifier(operand) ? varOf(operand) ?? (capturing ? lookup(operand) : undefined) : undefined;
    // A number local or parameter may hold undefined too (a var not yet assigned, an element read
    // past the end and passed on): tested at run time, as an element is.
    const numberVar = known?.kind === 'number' && !recordViews.has(known);
    // A record's number field is an element of its array (read past a short array's end, undefined
    // too); an array field or a nested record is an object, as its type says.
    const r = ts.isPropertyAccessExpression(operand) ? recordPath(operand) : undefined;
    const field = r !== undefined && !(!r.strided && arrayFields.get(r.v)?.has(r.path[0])) && fieldPlace(r.shape, r.path)?.shape === undefined;
    if (ts.isElementAccessExpression(operand) || numberVar || field) {
      const defined: Cond = { k: 'defined', a: lowerExpr(operand), node: operand };
      const test: Cond = text.text === 'number' ? defined : text.text === 'undefined' ? { k: 'not', a: defined, node: e } : { k: 'bool', value: false, node: e };
      return equal ? test : { k: 'not', a: test, node: e };
    }
    const type = known ? (known.kind === 'array' ? 'object' : known.kind) : typeofName(operand);
    if (type === undefined) reject(of, 'DDX1003', `typeof '${sourceText(operand)}' is decided at compile time from its type, which must be number, boolean or an array of numbers here`);
    return { k: 'bool', value: (type === text.text) === equal, node: e };
  };

  /**
   * What `typeof` gives for `e`, from its type; undefined when the type does not fix it. A name or
   * field the checker narrowed to never (read after `if (typeof this.k === 'number') return …`,
   * code the checker takes as dead) has the type it is declared with.
   */
  const typeofName = (e: ts.Expression): string | undefined => {
    let type = ctx.checker.getTypeAtLocation(e);
    if (type.flags & ts.TypeFlags.Never) {
      const symbol = ctx.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(e) ? e.name : e);
      if (symbol) type = ctx.checker.getTypeOfSymbol(symbol);
    }
    if (isBooleanType(type)) return 'boolean';
    // A union whose members all give one name (`0 | 1`, a field a switch's cases narrowed): that name.
    const names = new Set((type.isUnion() ? type.types : [type]).map(typeofType));
    return names.size === 1 ? [...names][0] : undefined;
  };
  /** What `typeof` gives for a value of a type that is not a union. */
  const typeofType = (type: ts.Type): string | undefined => {
    if (type.flags & ts.TypeFlags.NumberLike) return 'number';
    if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
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
    // nothing of it may move before the statement (an assignment in it is rejected there); what
    // lowering makes first for it goes inside the if.
    const value = (): Expr => lowerBooleanValue(e.right, `'${v.sourceName}'`);
    if (op === ts.SyntaxKind.EqualsToken) return { k: 'set', v, value: value(), node };
    const then = prelude !== undefined && containsNode(e.right, madeBefore) ? withPrelude(() => ({ k: 'set', v, value: value(), node }))
      : [{ k: 'set', v, value: conditionally(value), node } as Stmt];
    const flag: Cond = { k: 'flag', v, node: e.left };
    return { k: 'if', test: op === ts.SyntaxKind.AmpersandAmpersandEqualsToken ? flag : { k: 'not', a: flag, node: e.left }, then, else: undefined, node };
  };

  // ---- arrays ------------------------------------------------------------------------------

  /** `[…]`, `new Array(n).fill(c)`, `Array(n).fill(c)`, `new Float64Array(n)`; undefined otherwise. */
  const lowerArrayInit = (e: ts.Expression): ArrayMade | undefined => {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return lowerArrayInit(e.expression);
    if (ts.isArrayLiteralExpression(e)) {
      return { k: 'arrayLit', elems: lowerInOrder(e.elements, (el) => {
        if (ts.isSpreadElement(el) || ts.isOmittedExpression(el)) reject(el, 'DDX1017', 'spreads and holes are not supported in array literals');
        return lowerExpr(el);
      }), node: e };
    }
    // The globals, not a parameter or function of the program named Array (which the plain program calls).
    if (ts.isNewExpression(e) && isGlobal(e.expression, 'Float64Array') && e.arguments?.length === 1) {
      return { k: 'newArray', length: lowerExpr(e.arguments[0]), fill: { k: 'num', text: '0', value: 0, node: e }, typed: true, node: e };
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'fill' && e.arguments.length === 1) {
      const inner = e.expression.expression;
      if ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && isGlobal(inner.expression, 'Array') && inner.arguments?.length === 1) {
        return { k: 'newArray', length: before(lowerExpr(inner.arguments[0]), e.arguments[0]), fill: lowerExpr(e.arguments[0]), typed: false, node: e };
      }
      if (ts.isNewExpression(inner) || ts.isCallExpression(inner)) rejectHiddenArrayGlobal(inner.expression, 'Array', sourceText(e));
    }
    if (ts.isNewExpression(e)) rejectHiddenArrayGlobal(e.expression, 'Float64Array', sourceText(e));
    return undefined;
  };

  /**
   * `new Array(n).fill(c)`, `Array(n).fill(c)`, `new Float64Array(n)` where the program declares the
   * name (a parameter `Array`): the plain program calls its own binding there, never the global.
   */
  const rejectHiddenArrayGlobal = (callee: ts.Expression, global: 'Array' | 'Float64Array', made: string): void => {
    if (!ts.isIdentifier(callee) || callee.text !== global || isGlobal(callee, global)) return;
    const decl = symbolOf(callee)?.valueDeclaration;
    const line = decl ? ` (line ${decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1} of ${decl.getSourceFile().fileName.split('/').pop()})` : '';
    reject(callee, 'DDX1003', `'${global}' in '${made}' is a name this program declares${line}, not the global ${global}, which is the only one the transform makes arrays with here; rename that binding if the global is meant, or make the array another way (a literal, or the binding's result in a local, then filled by a loop)`);
  };

  // ---- statements --------------------------------------------------------------------------

  const lowerBlock = (s: ts.Statement): Stmt[] => (ts.isBlock(s) ? lowerStatements(s.statements) : lowerStmt(s));

  /** Branches kept by omitted parameters (omitted.ts) after which control never goes on: what follows them is dead code. */
  const endsControl = new WeakSet<Stmt>();
  /** A list of statements, up to a branch omitted parameters decide that never goes on (the rest is never run, nor compiled). */
  const lowerStatements = (list: readonly ts.Statement[]): Stmt[] => {
    const out: Stmt[] = [];
    for (const st of list) {
      const lowered = lowerStmt(st);
      out.push(...lowered);
      if (lowered.some((x) => endsControl.has(x))) break;
    }
    return out;
  };

  const lowerTarget = (t: ts.Expression): { v: Var; index?: Expr } => {
    if (ts.isParenthesizedExpression(t)) return lowerTarget(t.expression);
    // A local matrix's elements are written in place; a matrix parameter's are never written.
    const target = ts.isElementAccessExpression(t) ? skipParens(t.expression) : undefined;
    const cell = target && matrixRowOf(target);
    if (cell && localMatrices.has(cell.m)) return localMatrixTarget(t as ts.ElementAccessExpression, cell);
    const written = target && (cell?.m ?? (ts.isIdentifier(target) ? lookup(target) : undefined));
    if (written && localMatrices.has(written)) rejectMatrixUse(t, written, `a row of a local matrix keeps the array it was made with; write its elements (${sourceText(t)}[j] = …)`);
    if (written && target && (matrices.has(written) || matrixRowOf(target))) rejectMatrixUse(t, written, 'its elements are never assigned; copy what changes into a local array of numbers');
    const rowOf = ts.isIdentifier(t) ? matrixRows.get(lookup(t)!) : undefined;
    if (rowOf) rejectMatrixUse(t, rowOf, `'${(t as ts.Identifier).text}' names one of its rows and cannot be assigned; declare another const for another row`);
    if (ts.isIdentifier(t)) {
      const v = lookup(t);
      if (v && lifted.some((c) => c.v === v)) {
        reject(t, 'DDX1011', `'${t.text}' belongs to the enclosing function: a local function may read it, but assigning it from inside is not supported; return the new value and assign it there`);
      }
      if (v && isCaptured(v)) {
        reject(t, 'DDX1011', `'${t.text}' belongs to the enclosing scope: the function reads its value when called, but assigning it from inside is not compiled; assign a local copy (let ${t.text}Here = ${t.text}), or return the new value and assign it outside`);
      }
      if (!v) reject(t, 'DDX1011', `'${t.text}' is not a local of this function; only parameters and locals can be assigned`);
      if (v.kind === 'array') rejectReassigned(t, v);
      return { v };
    }
    const field = ts.isPropertyAccessExpression(t) ? recordField(t) : undefined;
    if (field) {
      const v = field.arr;
      if (isCaptured(v)) rejectCapturedWrite(t, v);
      const records = recordArrayShapes.get(v);
      if (v.isParam && records) reject(t, 'DDX1011', `'${v.name}' is a parameter: assigning fields of its records would change the caller's array; copy the record into a local first (const q: ${records.typeName} = { … })`);
      if (v === thisVar) reject(t, 'DDX1011', `'${sourceText(t)}' assigns a field of 'this', which would change the instance the method is called on; compute with a local instead, or return the new value`);
      if (v.isParam) reject(t, 'DDX1011', `'${v.name}' is a parameter: assigning its fields would change the caller's record; copy it into a local record first (const q: ${recordShapes.get(v)!.typeName} = { … })`);
      return { v, index: field.index };
    }
    const element = ts.isElementAccessExpression(t) ? tupleElement(t) : undefined;
    if (element) {
      const v = element.arr;
      if (isCaptured(v)) rejectCapturedWrite(t, v);
      if (v.isParam) reject(t, 'DDX1011', `'${v.name}' is a parameter: assigning elements of its tuples would change the caller's array; copy the tuple into a local first (const w: ${recordArrayShapes.get(v)!.typeName} = [ … ])`);
      return { v, index: element.index };
    }
    const fieldOf = ts.isElementAccessExpression(t) && ts.isPropertyAccessExpression(skipParens(t.expression)) ? arrayNamedBy(t.expression) : undefined;
    if (fieldOf && ts.isElementAccessExpression(t)) {
      // `m.weights[i] = …`: an element of the array the field holds (a local record's; see lowerSplitRecordDeclaration).
      const access = skipParens(t.expression) as ts.PropertyAccessExpression;
      const record = sourceText(access.expression);
      const copy = `build a local record with a copy first (${access.name.text}: ${sourceText(access)}.slice())`;
      if (fieldArrays.has(fieldOf)) {
        reject(t, 'DDX1011', fieldOf.isParam ? `'${record}' is a parameter: assigning elements of its array fields would change the caller's arrays; ${copy}`
          : `'${record}' is captured from the enclosing scope: a differentiated function must not change its arrays; ${copy}`);
      }
      if (isCaptured(fieldOf)) rejectCapturedWrite(t, fieldOf);
      if (fieldOf.isParam) writeParam(fieldOf, t);
      return { v: fieldOf, index: lowerExpr(t.argumentExpression) };
    }
    if (ts.isElementAccessExpression(t) && ts.isIdentifier(t.expression)) {
      const v = lookup(t.expression);
      rejectBitView(t);
      if (v?.kind !== 'array') reject(t, 'DDX1011', 'only elements of local arrays can be assigned');
      if (isCaptured(v)) rejectCapturedWrite(t, v);
      // An out-parameter: the caller sees the write (a verb's function may not write its input: program.ts).
      if (v.isParam) writeParam(v, t);
      return { v, index: lowerExpr(t.argumentExpression) };
    }
    reject(t, 'DDX1011', 'only locals and elements of local arrays can be assigned');
  };

  /**
   * `sincos(x, sc, 1, 0)` as a statement, `sc` a module-level array: a call made for what it writes
   * there (an output workspace, as @stdlib's sincos, toWords.assign and normalize take): DDX1041.
   */
  const rejectModuleArrayWrite = (e: ts.CallExpression): void => {
    for (const [i, a] of e.arguments.entries()) {
      // (A module-level array the callee only reads is a constant table, or DDX1051 names why not.)
      if (!ts.isIdentifier(a) || lookup(a, false) || onlyReadsArgument(e, i, ctx.checker)) continue;
      const symbol = symbolOf(a);
      const decl = symbol?.valueDeclaration;
      if (!isModuleLevelVariable(decl) || ctx.constantFor(symbol!) || isFunctionExpression(skipParens(decl.initializer))) continue;
      const array = ts.isArrayLiteralExpression(skipParens(decl.initializer)) || isTypedArrayCreation(decl.initializer) ? 'array' : 'value';
      reject(e, 'DDX1041', `'${sourceText(e.expression)}(…)' is called for what it writes into '${a.text}', a module-level ${array}; a differentiated function cannot follow values through module-level arrays (what the call writes there, and its derivative, would be lost). ${ruleAdvice(`the function you differentiate through that reaches '${name}'`)}`);
    }
  };

  /** `VIEW[i]`, read or written, where VIEW is a module-level typed array viewing the bits of a double: DDX1040. */
  const rejectBitView = (e: ts.ElementAccessExpression): void => {
    const decl = ts.isIdentifier(e.expression) ? symbolOf(e.expression)?.valueDeclaration : undefined;
    if (!isModuleLevelVariable(decl) || !isBitView(decl)) return;
    const type = (decl.initializer as ts.NewExpression).expression.getText();
    reject(e, 'DDX1040', `'${name}' reads or writes the bits of a double through '${decl.name.text}', a module-level ${type} sharing its buffer with another typed array (a bit view, as getHighWord, setLowWord and toWords use); the bits of a number have no derivative the transform can follow. ${ruleAdvice(`the function you differentiate through that reaches '${name}'`)}`);
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
    if (ts.isCallExpression(e)) rejectModuleArrayWrite(e);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken && prelude !== undefined) {
      // \`a = 1, b = 2;\`: each part a statement, in order.
      const parts = flattenComma(e);
      const last = parts.pop()!;
      for (const part of parts) if (!givesOnlyItsValue(part)) prelude.push(...withPrelude(() => lowerExpressionStatement(part, part)));
      return lowerExpressionStatement(last, last);
    }
    const flagAssignment = lowerBooleanAssignment(e, node);
    if (flagAssignment) return flagAssignment;
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const left = skipParens(e.left);
      if (op === ts.SyntaxKind.EqualsToken && ts.isIdentifier(left) && lookup(left)?.kind === 'array') return lowerArrayAssignment(left, e.right, node);
      if (op === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(left)) return lowerParallelAssignment(left, e.right, node);
      if (op === ts.SyntaxKind.EqualsToken) return assign(e.left, () => lowerExpr(e.right), node, e.right);
      const logical = logicalAssignOps[op];
      if (logical) {
        // `a ??= b` assigns where a is nullish, `a ||= b` where it is falsy, `a &&= b` where truthy.
        let test: Cond | undefined;
        let first: Stmt[] = [];
        const set = assign(e.left, (current) => {
          const truthy: Cond = { k: 'truthy', a: current, node: e.left };
          test = logical === '&&=' ? truthy
            : { k: 'not', a: logical === '||=' ? truthy : { k: 'defined', a: current, node: e.left }, node: e.left };
          // b is evaluated only where the test holds: nothing of it may move before the statement.
          // What it makes first (the fold of a Math.max(...xs), an array literal argument, a call's
          // record held in a local, and what else it does first) goes inside the if.
          if (prelude === undefined || !containsNode(e.right, madeBefore)) return conditionally(() => lowerExpr(e.right));
          let b: Expr | undefined;
          first = withPreludes(() => ((b = lowerExpr(e.right)), []));
          return b!;
        }, node, e.right);
        return { k: 'if', test: test!, then: [...first, set], else: undefined, node };
      }
      const arith = compoundOps[op];
      if (arith) return withForm(assign(e.left, (current) => ({ k: 'bin', op: arith, a: before(current, e.right), b: lowerExpr(e.right), node: e }), node, e.right), { k: 'compound', op: arith });
      const bitwise = compoundBitwiseOps[op];
      if (bitwise) return withForm(assign(e.left, (current) => ({ k: 'bitwise', op: bitwise, a: before(current, e.right), b: lowerExpr(e.right), node: e }), node, e.right), { k: 'compound', op: bitwise });
    }
    if ((ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) &&
        (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) {
      const plus = e.operator === ts.SyntaxKind.PlusPlusToken;
      const set = assign(e.operand, (current) => ({ k: 'bin', op: plus ? '+' : '-', a: current, b: { k: 'num', text: '1', value: 1, node: e }, node: e }), node);
      return withForm(set, { k: 'step', op: plus ? '++' : '--', prefix: ts.isPrefixUnaryExpression(e) });
    }
    const arrayCall = ts.isCallExpression(e) && !(ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'push') ? arrayCallOf(e) : undefined;
    if (arrayCall) return lowerMethodStatement(arrayCall);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'push') {
      // `m.push(row)` appends rows to a local matrix; a row's length never changes.
      const grownMatrix = localMatrixNamedBy(e.expression.expression);
      if (grownMatrix) {
        if (prelude === undefined || e.arguments.length === 0) reject(e, 'DDX1023', `'${sourceText(e)}' appends rows to the local matrix '${grownMatrix.sourceName}' in a statement of its own, one row or more`);
        for (const row of e.arguments) appendRow(grownMatrix, row);
        return prelude!.pop()!;
      }
      const rowOf = matrixRowOf(e.expression.expression);
      if (rowOf) rejectMatrixUse(e, rowOf.m, `'${sourceText(e)}' would lengthen one of its rows; make the row with its length (new Array(k).fill(0)) and write its elements`);
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'push' &&
        ts.isIdentifier(e.expression.expression) && e.arguments.length === 1) {
      const v = lookup(e.expression.expression);
      if (isCaptured(v)) rejectCapturedWrite(e, v!);
      const records = v && recordArrayShapes.get(v);
      if (records && !v.isParam) {
        // A record pushed: its numbers, in turn.
        checkUnshared(e.arguments[0], `'${v.sourceName}'`, records);
        const elems = recordElems(e.arguments[0], records, `the record pushed onto '${v.sourceName}'`);
        return { k: 'block', body: elems.map((value): Stmt => ({ k: 'push', arr: v, value, node })), node };
      }
      if (v?.kind === 'array' && !v.isParam) return { k: 'push', arr: v, value: lowerExpr(e.arguments[0]), node };
    }
    if (touchesBits(e)) reject(e, 'DDX1002', bitsAdvice);
    if (ts.isCallExpression(e) && !(ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'push')) {
      // `add(out, a, b);`: a function that writes its array arguments, run for its writes.
      const call = asEffect(e, () => lowerCall(e));
      if (call.k === 'call' && (call.fn.writes ?? []).length > 0) return { k: 'effect', call, node };
    }
    reject(e, 'DDX1002', 'this expression statement is not supported; statements may assign (=, +=, …), increment (++, --), push onto a local array or call a function that writes its array argument');
  };

  /**
   * \`polyIn.exponent = custom\`, \`elasticOut.period = function (p) { … }\` in a factory (d3-ease): a
   * function, by name or written there, attached to a local function as a property. Evaluating it
   * changes no number (a property of a function is never read as one: reading it is rejected), so
   * it is left out.
   */
  const attachesToLocalFunction = (e: ts.Expression): boolean => {
    if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(e.left)) return false;
    const owner = e.left.expression;
    const decl = ts.isIdentifier(owner) ? symbolOf(owner)?.valueDeclaration : undefined;
    const value = skipParens(e.right);
    return decl !== undefined && localFunctionOf(decl)?.owner === node && (isFunctionExpression(value) || (ts.isIdentifier(value) && isFunctionTyped(ctx.checker, value)));
  };

  const lowerStmt = (s: ts.Statement): Stmt[] => inScopeOf(s, () => lowerStatement(s));
  const lowerStatement = (s: ts.Statement): Stmt[] => {
    if (ts.isVariableStatement(s)) return lowerDeclarations(s.declarationList);
    if (ts.isExpressionStatement(s) && attachesToLocalFunction(s.expression)) return [];
    // `a = 1, b = 2;`: each part a statement, in order.
    if (ts.isExpressionStatement(s)) return flattenComma(s.expression).flatMap((part) => withPrelude(() => lowerExpressionStatement(part, part === s.expression ? s : part)));
    if (ts.isReturnStatement(s)) {
      if (callbackFrame) return lowerCallbackReturn(s, callbackFrame);
      if (!s.expression) reject(s, 'DDX1013', 'a differentiated function must return a number (or an array of numbers)');
      const value = s.expression;
      return withPrelude(() => ({ k: 'return', value: lowerReturnValue(value), node: s }));
    }
    if (ts.isIfStatement(s)) {
      // The blocks' statements put their parts in their own preludes.
      const { thenStatement, elseStatement } = s;
      const defaulting = [...omittedParams.values()].find((o) => o.defaulting?.statement === s)?.defaulting;
      if (defaulting) return withPrelude(() => lowerExpressionStatement(defaulting.assignment.expression, defaulting.assignment));
      // Decided by omitted parameters: only the branch JavaScript takes (the other is never compiled).
      const taken = foldedByOmitted(s.expression);
      if (taken !== undefined) {
        const branch = taken ? thenStatement : elseStatement;
        if (!branch) return [];
        const kept: Stmt = { k: 'block', body: lowerBlock(branch), node: branch };
        if (!completes(kept.body)) endsControl.add(kept);
        return [kept];
      }
      if (assignsAfterShortCircuit(s.expression)) {
        // `if (v != null && (v = +v) >= v)`: the test into a boolean local first, its right side
        // evaluated only where JavaScript evaluates it.
        const held = newVar(s.expression, freshName('test'), 'boolean', false, false);
        const setup = evaluateInto(s.expression, held, true);
        return [...setup, ...withPrelude(() => ({ k: 'if', test: { k: 'flag', v: held, node: s.expression }, then: lowerBlock(thenStatement), else: elseStatement ? lowerBlock(elseStatement) : undefined, node: s }))];
      }
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
    if (ts.isBlock(s)) return [{ k: 'block', body: lowerStatements(s.statements), node: s }];
    if (ts.isEmptyStatement(s)) return [];
    if (ts.isSwitchStatement(s)) return lowerSwitch(s);
    if (ts.isLabeledStatement(s)) return lowerLabelled(s);
    if (ts.isThrowStatement(s)) return [lowerThrow(s)];
    // A local function is lowered where it is called (closures.ts).
    if (ts.isFunctionDeclaration(s) && s.body) return [];
    if (ts.isTryStatement(s)) {
      if (!s.catchClause) return lowerTryFinally(s);
      reject(s, 'DDX1002', `try/catch${s.finallyBlock ? '/finally' : ''} is not supported in a differentiated function: a catch may hide an error or a NaN path the derivative would not follow; test the input instead (if (!(x >= 0)) return 0;), or catch outside the differentiated function`);
    }
    reject(s, 'DDX1002', `${syntaxName(s.kind)} is not supported in a differentiated function`);
  };

  /**
   * `try { … } finally { … }`: the two blocks in turn. Where the try block completes, JavaScript
   * runs the finally block next, as written. Where it throws (an input guard, a callee's), the
   * exception leaves the derivative (compiled code catches nothing), so the finally block, which
   * JavaScript runs on the way out, may change nothing that outlives this function and may not
   * throw itself: it assigns only this function's own variables and calls only Math functions. A
   * return or a jump out of either block (the finally block runs in between) is refused, naming it.
   */
  const lowerTryFinally = (s: ts.TryStatement): Stmt[] => {
    const finallyBlock = s.finallyBlock!;
    const advice = "the finally block is skipped where the try block throws (the exception leaves the derivative), so it may assign only this function's own variables and call only Math functions; move it after the try statement";
    const within = (n: ts.Node, block: ts.Node): boolean => {
      for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === block) return true;
      return false;
    };
    // This function's own variable (declared in it, not in an enclosing function); `orParam`: a parameter too.
    const ownVariable = (id: ts.Identifier, orParam: boolean): boolean => {
      const decl = symbolOf(id)?.valueDeclaration;
      if (!decl || !(ts.isVariableDeclaration(decl) || (orParam && ts.isParameter(decl)))) return false;
      let owner: ts.Node = decl.parent;
      while (!ts.isFunctionLike(owner) && !ts.isSourceFile(owner)) owner = owner.parent;
      return owner === node;
    };
    const rootOf = (t: ts.Expression): ts.Expression => {
      let r = skipParens(t);
      while (ts.isPropertyAccessExpression(r) || ts.isElementAccessExpression(r)) r = skipParens(r.expression);
      return r;
    };
    const visit = (n: ts.Node, block: ts.Block, which: string): void => {
      if (ts.isFunctionLike(n)) return; // a local function's own returns and jumps
      if (ts.isReturnStatement(n)) {
        reject(n, 'DDX1002', `a return inside ${which} of try/finally is not supported (JavaScript runs the finally block after the returned value is computed); assign the value to a local and return it after the try statement`);
      }
      if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) {
        const k = ts.isBreakStatement(n) ? 'break' : 'continue';
        const targets = (t: ts.Node): boolean => (n.label ? ts.isLabeledStatement(t) && t.label.text === n.label.text
          : ts.isIterationStatement(t, false) || (k === 'break' && ts.isSwitchStatement(t)));
        let target: ts.Node = n.parent;
        while (target !== node && !targets(target) && !ts.isFunctionLike(target)) target = target.parent;
        if (!within(target, block)) {
          reject(n, 'DDX1002', `'${k}${n.label ? ` ${n.label.text}` : ''}' leaves ${which} of try/finally, which is not supported (the finally block would run before the jump); set a flag and ${k} after the try statement`);
        }
      }
      if (block === finallyBlock) {
        if (ts.isThrowStatement(n)) reject(n, 'DDX1002', `a throw in the finally block of try/finally is not supported (it would replace an exception of the try block); ${advice}`);
        const written = ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment ? n.left
          : (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) ? n.operand
            : undefined;
        if (written) {
          const root = rootOf(written);
          const whole = root === skipParens(written);
          if (!ts.isIdentifier(root) || !ownVariable(root, whole)) {
            reject(written, 'DDX1002', `the finally block of try/finally writes '${sourceText(written)}', ${whole ? 'a variable of an enclosing scope' : 'an element or field of an array or record this function did not make'}: ${advice}`);
          }
        }
      }
      n.forEachChild((c) => visit(c, block, which));
    };
    visit(s.tryBlock, s.tryBlock, 'the try block');
    visit(finallyBlock, finallyBlock, 'the finally block');
    const tried = lowerStmt(s.tryBlock), last = lowerStmt(finallyBlock);
    // What may throw, as lowered (a Math function never does; a callee, a rule's body or a guard the compiler adds may).
    const throws = (at: ts.Node, what: string): never => reject(at, 'DDX1002', `${what} in the finally block of try/finally is not supported: ${advice}`);
    forEachExpr(last, (x) => {
      if (x.k === 'call' || x.k === 'custom' || x.k === 'special') throws(x.node, `the call '${sourceText(x.node as ts.Expression)}'`);
    }, (st) => {
      if (st.k === 'throw') throws(st.node, `'${sourceText(st.node as ts.Expression)}', which may throw,`);
      if (st.k === 'let' && st.init?.k === 'newArray') throws(st.node, `making an array ('${sourceText(st.node as ts.Expression)}')`);
    }, (c) => {
      if (c.k === 'predicate') throws(c.node, `the call '${sourceText(c.node as ts.Expression)}'`);
    });
    return [...tried, ...last];
  };

  const flattenComma = (e: ts.Expression): ts.Expression[] =>
    ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken ? [...flattenComma(e.left), ...flattenComma(e.right)] : [e];

  const lowerDeclarations = (list: ts.VariableDeclarationList): Stmt[] => {
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) return lowerVarDeclarations(list);
    return list.declarations.flatMap((d) => (!ts.isIdentifier(d.name) ? lowerDestructuring(d, isConst)
      : d.initializer && isConst && isFunctionExpression(unwrapExpression(d.initializer)) ? [] // a local function: lowered where it is called
      : d.initializer && isConst && localInstance(d) ? holdInstance(d)
      : d.initializer && matrixRowOf(d.initializer) ? lowerRowDeclaration(d, isConst)
      : isLocalMatrixDeclaration(d) ? lowerLocalMatrix(d, isConst)
      : recordArrayElementsOf(d) ? lowerRecordArrayDeclaration(d, isConst)
      : !d.type && d.initializer && heldVerbs.has(recordVerbOf(d.initializer)!) ? lowerHeldRecordDeclaration(d, isConst)
      : splitLocalOf(d) ? lowerSplitRecordDeclaration(d, splitLocalOf(d)!, isConst)
      : isRecordDeclaration(d) ? lowerRecordDeclaration(d, isConst)
      : lowerBoundDeclaration(d, isConst) ?? (arrayAlias(d, isConst) ? []
      : lowerDeclaration(d, isConst))));
  };

  /** `const row = m[i]`: a name for row i of a matrix (a number local holding i, see matrixRows). */
  const lowerRowDeclaration = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => withPrelude((): Stmt => {
    const r = matrixRowOf(d.initializer!)!;
    const name = (d.name as ts.Identifier).text;
    if (!isConst && isAssigned(node, ctx.checker.getSymbolAtLocation(d.name)!, ctx.checker)) {
      rejectMatrixUse(d, r.m, `'${name}' names one of its rows and is assigned later; declare it with const, or another local for the other row`);
    }
    if (d.type && annotatedKind(d.type, ctx.checker) !== 'array') reject(d.type, 'DDX1016', `a row of a matrix is an array of numbers, not '${d.type.getText(sf)}'`);
    const row = newVar(d, freshName(`${name}At`), 'number', false, true);
    matrixRows.set(row, r.m);
    return { k: 'let', v: row, init: r.row(), node: d };
  });

  /**
   * `const ys = xs` of an array of numbers or a tuple in scope (`const t2 = t`): in JavaScript the
   * same array, so ys names xs (a write through either shows in the other). A `let` too, when it
   * is never assigned another array.
   */
  const arrayAlias = (d: ts.VariableDeclaration, isConst: boolean): boolean => {
    const init = d.initializer && skipParens(d.initializer);
    const v = init && arrayNamedBy(init);
    if (v?.kind !== 'array' || recordShapes.has(v) || recordArrayShapes.has(v)) return false;
    // Another annotation than an array or a tuple is rejected by lowerDeclaration, with its message.
    if (d.type && annotatedKind(d.type, ctx.checker) !== 'array' && shapedKind(d) === undefined) return false;
    const name = (d.name as ts.Identifier).text;
    if (!isConst && isAssigned(node, ctx.checker.getSymbolAtLocation(d.name)!, ctx.checker)) {
      reject(d, 'DDX1017', `'${name}' names the array '${sourceText(init!)}' (the same array in JavaScript) and is assigned another later; declare another local for the other array`);
    }
    vars.set(d, v);
    return true;
  };

  /**
   * The first write of a field of a record (`q.x = …`, `ps[i].x += …`) or of an element of a tuple
   * or an array (`w[0] = …`, `vs[i][0] = …`) in this function, if any.
   */
  let fieldWrite: ts.Node | null | undefined;
  const firstFieldWrite = (): ts.Node | null => {
    if (fieldWrite !== undefined) return fieldWrite;
    fieldWrite = null;
    const isField = (t: ts.Expression): boolean => {
      const inner = skipParens(t);
      return ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner);
    };
    if (node.body) forEachNode(node.body, (n) => {
      if (fieldWrite) return;
      const written = ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment ? n.left
        : (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) ? n.operand
          : undefined;
      if (written && isField(written)) fieldWrite = written;
    });
    return fieldWrite;
  };

  /**
   * A record placed in an array of records that is not a literal (`[p, …]`, `ps.push(q)`): in
   * JavaScript the array holds that record itself, so a write through either shows in the other;
   * the strided array holds a copy of its numbers. So this function may write no field anywhere.
   */
  const checkUnshared = (el: ts.Expression, what: string, shape: RecordShape): void => {
    const inner = skipParens(el);
    if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) return;
    const write = firstFieldWrite();
    if (write) {
      const fresh = shape.tuple ? `[${sourceText(el)}[0], …]` : `{ ${shape.fields[0].name}: ${sourceText(el)}.${shape.fields[0].name}, … }`;
      reject(el, 'DDX1022', `${what} holds '${sourceText(el)}' itself in JavaScript (not a copy of its numbers), and this function writes '${sourceText(write as ts.Expression)}': write no fields, or place a new record, ${fresh}`);
    }
  };

  /**
   * `const pts: Point[] = [{ x: 1, y: 2 }, q, …]` or `= []`: a local array of records, strided (the
   * numbers of each record in turn); records are added with push.
   */
  const lowerRecordArrayDeclaration = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => {
    if (!ts.isIdentifier(d.name)) reject(d.name, 'DDX1002', 'destructuring declarations are not supported here; declare one name at a time');
    const shape = recordArrayElementsOf(d)!;
    const init = d.initializer && skipParens(d.initializer);
    if (!init || !ts.isArrayLiteralExpression(init)) {
      reject(d, 'DDX1022', `a local array of records (${shape.typeName}[]) is created with an array literal of records ([{ … }, …] or []), and grows with push`);
    }
    return withPrelude((): Stmt => {
      const elems = recordArrayLiteral(init, shape, `'${d.name.getText(sf)}'`);
      const v = newVar(d, (d.name as ts.Identifier).text, 'array', false, isConst);
      recordArrayShapes.set(v, shape);
      return { k: 'let', v, init: { k: 'arrayLit', elems, node: init }, node: d };
    });
  };

  /** The numbers of an array literal of records of `shape` (`what` names the array), record after record. */
  const recordArrayLiteral = (init: ts.ArrayLiteralExpression, shape: RecordShape, what: string): Expr[] => {
    // The records evaluated in the order written (an assignment in one comes after the records before it).
    const records = inOrder(init.elements, (el) => {
      const k = init.elements.indexOf(el);
      if (ts.isSpreadElement(el) || ts.isOmittedExpression(el)) reject(el, 'DDX1022', `the records of ${what} are listed one by one; spreading and holes are not supported`);
      checkUnshared(el, what, shape);
      return recordElems(el, shape, `record ${k} of ${what}`);
    });
    return [...records.values()].flat();
  };

  /** A local record: annotated with a record type, or initialised by an object literal or a record read. */
  const isRecordDeclaration = (d: ts.VariableDeclaration): boolean => {
    const init = d.initializer && skipParens(d.initializer);
    if (!init || !(ts.isObjectLiteralExpression(init) || (ts.isNewExpression(init) && constructorFields(init)) || recordPath(init) !== undefined || (d.type && annotatedKind(d.type, ctx.checker) === undefined))) return false;
    const read = recordPath(init);
    if (read?.path.length === 0 && (!d.type || (read.shape.tuple && read.strided))) return true;
    return shapedKind(d)?.shape !== undefined;
  };

  /**
   * A name for a record field of a record (`const s = p.pos`, `const { pos: s } = p`), in
   * JavaScript the same object as the field: where this function writes fields (through either
   * name), a view of it (where it starts in the record's array, see recordViews); else a local
   * array of a copy of its numbers, the same values (which a local function may also read).
   */
  const recordFieldLocal = (decl: ts.Node, name: string, r: RecordRead, place: { index: number; shape: RecordShape }, isConst: boolean): Stmt => {
    if (firstFieldWrite()) {
      const view = newVar(decl, freshName(`${name}At`), 'number', false, isConst);
      recordViews.set(view, { arr: r.v, shape: place.shape });
      return { k: 'let', v: view, init: placeIn(r, place.index, decl), node: decl };
    }
    const v = newVar(decl, name, 'array', false, isConst);
    recordShapes.set(v, place.shape);
    const elems = leafPaths(place.shape).map((_, k): Expr => ({ k: 'elem', arr: r.v, index: placeIn(r, place.index + k, decl), node: decl }));
    return { k: 'let', v, init: { k: 'arrayLit', elems, node: decl }, node: decl };
  };

  /**
   * `const q: Point = { x: …, y: … }`: a local array of the record's numbers. `const q = p` names
   * the same record (as in JavaScript): q is p; `const s = p.pos` names its field (recordFieldLocal).
   */
  const lowerRecordDeclaration = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => {
    if (!ts.isIdentifier(d.name)) reject(d.name, 'DDX1002', 'destructuring declarations are not supported here; declare one name at a time');
    const same = recordPath(d.initializer!);
    const shape = (same?.shape.tuple ? undefined : shapedKind(d)?.shape) ?? same!.shape;
    const field = same && same.path.length > 0 ? fieldPlace(same.shape, same.path) : undefined;
    if (same && field?.shape && sameLayout(field.shape, shape)) {
      return withPrelude(() => recordFieldLocal(d, (d.name as ts.Identifier).text, same, { index: field.index, shape }, isConst));
    }
    if (same && same.path.length === 0 && sameLayout(same.shape, shape)) {
      if (!same.strided) {
        vars.set(d, same.v);
        return [];
      }
      // `const p = pts[i]`: p names the record there (a view), held as where it starts.
      return withPrelude((): Stmt => {
        const v = newVar(d, freshName(`${(d.name as ts.Identifier).text}At`), 'number', false, isConst);
        recordViews.set(v, { arr: same.v, shape });
        return { k: 'let', v, init: same.start()!, node: d };
      });
    }
    return withPrelude((): Stmt => {
      const v = newVar(d, (d.name as ts.Identifier).text, 'array', false, isConst);
      recordShapes.set(v, shape);
      return { k: 'let', v, init: { k: 'arrayLit', elems: recordElems(d.initializer!, shape, `'${v.sourceName}'`), node: d.initializer! }, node: d };
    });
  };

  /** The layout of a local declared a record with array fields (`const m: Model = …`, scalarise.ts); undefined for any other local. */
  const splitLocalOf = (d: ts.VariableDeclaration) =>
    !d.initializer || !ts.isIdentifier(d.name) ? undefined
    : !d.type ? (ts.isCallExpression(skipParens(d.initializer)) ? splitOfValue(d.initializer) : ts.isObjectLiteralExpression(skipParens(d.initializer)) ? splitKind(d) : undefined)
    : annotatedKind(d.type, ctx.checker) === undefined && !ts.isFunctionTypeNode(d.type) ? splitKind(d) : undefined;

  /**
   * `const m: Model = { weights: …, bias: … }`, a record with array fields (scalarise.ts): a local
   * record of its numbers and an array per array field, evaluated in the order written. A field
   * given an array by name (`weights: w`, `weights: n.weights`) is that array, as in JavaScript,
   * where m.weights and w are one array (a write through either shows in the other); any other
   * array (a literal, `x.slice(…)`, `new Array(n).fill(0)`, a callee's new array) is a new local
   * array. `const n: Model = m` names m itself.
   */
  const lowerSplitRecordDeclaration = (d: ts.VariableDeclaration, split: { shape: RecordShape; arrays: readonly string[] }, isConst: boolean, destructured?: ts.CallExpression): Stmt[] => {
    const name = destructured ? freshName(sourceText(destructured.expression).replace(/\W/g, '_')) : (d.name as ts.Identifier).text, shape = split.shape;
    const layout = `{ ${[...shape.fields.map((f) => f.name), ...split.arrays].join(', ')} }`;
    if (!destructured && !isConst && isAssigned(node, ctx.checker.getSymbolAtLocation(d.name)!, ctx.checker)) {
      reject(d, 'DDX1022', `'${name}' is a record with array fields (${shape.typeName}) and is assigned later; declare it with const, and another local for the other record`);
    }
    const inner = skipParens(d.initializer!);
    const given = ts.isIdentifier(inner) ? lookup(inner) : undefined;
    const givenFields = given && arrayFields.get(given);
    if (givenFields) {
      if (!sameLayout(recordShapes.get(given!)!, shape) || givenFields.size !== split.arrays.length || split.arrays.some((f) => !givenFields.has(f))) {
        reject(d.initializer!, 'DDX1022', `'${sourceText(inner)}' is a '${recordShapes.get(given!)!.typeName}', whose fields differ from those of '${shape.typeName}'; build a '${shape.typeName}' from its fields (${layout})`);
      }
      vars.set(d, given!);
      return [];
    }
    const made = ts.isCallExpression(inner) ? inner : undefined;
    if (!ts.isObjectLiteralExpression(inner) && !made) {
      reject(d.initializer!, 'DDX1022', `'${name}' is a record with array fields (${shape.typeName}): build it with an object literal of its fields (${layout}), name another record of that type, or call a function returning one`);
    }
    return withPrelude((): Stmt => {
      const { numbers, arrays } = made ? unpackSplitResult(made, split, name) : splitLiteral(inner as ts.ObjectLiteralExpression, split, name);
      const rec = newVar(destructured ?? d, name, 'array', false, isConst);
      recordShapes.set(rec, shape);
      arrayFields.set(rec, new Map(split.arrays.map((f, i) => [f, arrays[i]])));
      return { k: 'let', v: rec, init: { k: 'arrayLit', elems: numbers, node: inner }, node: d };
    });
  };

  /**
   * The parts of an object literal of a record with array fields named `name` in messages, in the
   * order written (statements go to the prelude): the numbers of the record, and the array of each
   * array field (fieldArray).
   */
  const splitLiteral = (inner: ts.ObjectLiteralExpression, split: { shape: RecordShape; arrays: readonly string[] }, name: string): { numbers: Expr[]; arrays: Var[] } => {
    const shape = split.shape;
    const values = splitLiteralFields(inner, shape, split.arrays, `'${name}'`);
    const names = [...values.keys()], parts = [...values.values()];
    const lowered = inOrder(parts, (x) => {
      const field = names[parts.indexOf(x)];
      if (split.arrays.includes(field)) return [{ k: 'var', v: fieldArray(x, `${name}_${field}`, `field '${field}' of '${name}'`), node: x }];
      const f = shape.fields.find((y) => y.name === field);
      if (!f) reject(x, 'DDX1022', `'${field}' is not a field of '${shape.typeName}'`);
      return f.shape ? recordElems(x, f.shape, `field '${field}' of '${name}'`) : [lowerExpr(x)];
    });
    return {
      numbers: shape.fields.flatMap((f) => lowered.get(values.get(f.name)!)!),
      arrays: split.arrays.map((f) => (lowered.get(values.get(f)!)![0] as Extract<Expr, { k: 'var' }>).v),
    };
  };

  /** `for (let t = 0; t < count; t++) to[toAt + t] = from[fromAt + t]`. */
  const copyLoop = (at: ts.Node, to: Var, toAt: Expr, from: Var, fromAt: Expr, count: Expr): Stmt =>
    countedLoop(at, num('0', at), count, (t) => [{
      k: 'setElem', arr: to, index: { k: 'bin', op: '+', a: toAt, b: t, node: at },
      value: { k: 'elem', arr: from, index: { k: 'bin', op: '+', a: fromAt, b: t, node: at }, node: at }, node: at,
    }]);

  /** A number local of the prelude holding `init`. */
  const heldNumber = (at: ts.Node, base: string, init: Expr): Expr => {
    const v = newVar(at, freshName(base), 'number', false, true);
    prelude!.push({ k: 'let', v, init, node: at });
    return read(v, at);
  };

  /**
   * `return { weights: …, bias: … }` of a function returning a record with array fields: the one
   * array of splitReturns' layout, made before the return (its numbers, the lengths of its
   * arrays, their elements). Each array must be the function's own new array.
   */
  const packSplitReturn = (e: ts.Expression, split: { shape: RecordShape; arrays: readonly string[] }): Expr => {
    const inner = skipParens(e);
    const what = `the record '${name}' returns`;
    const given = ts.isIdentifier(inner) ? lookup(inner) : undefined;
    const givenFields = given && arrayFields.get(given);
    let parts: { numbers: Expr[]; arrays: Var[] };
    if (givenFields && sameLayout(recordShapes.get(given!)!, split.shape) && givenFields.size === split.arrays.length && split.arrays.every((f) => givenFields.has(f))) {
      parts = { numbers: leafPaths(split.shape).map((_, q) => ({ k: 'elem', arr: given!, index: num(String(q), e), node: e })), arrays: split.arrays.map((f) => givenFields.get(f)!) };
    } else if (ts.isObjectLiteralExpression(inner)) {
      parts = splitLiteral(inner, split, name);
    } else {
      return reject(e, 'DDX1022', `${what} is a record with array fields (${split.shape.typeName}): return an object literal of its fields ({ ${[...split.shape.fields.map((f) => f.name), ...split.arrays].join(', ')} }) or a local record of that type`);
    }
    parts.arrays.forEach((a, i) => {
      const field = split.arrays[i];
      if (a.isParam || isCaptured(a)) reject(e, 'DDX1022', `field '${field}' of ${what} is '${a.sourceName}', an array the caller has already: in JavaScript the record would hold that same array, which the transform does not follow; return a copy (${field}: ${a.sourceName}.slice())`);
      if (parts.arrays.indexOf(a) !== i) reject(e, 'DDX1022', `fields '${split.arrays[parts.arrays.indexOf(a)]}' and '${field}' of ${what} are the same array, which the transform does not follow; return a copy in one of them (.slice())`);
    });
    const k = parts.numbers.length, j = parts.arrays.length;
    const lengths = parts.arrays.map((a) => heldNumber(e, 'n', { k: 'len', arr: a, node: e }));
    const total = lengths.reduce((sum: Expr, n): Expr => ({ k: 'bin', op: '+', a: sum, b: n, node: e }), num(String(k + j), e));
    const out = newVar(e, freshName('packed'), 'array', false, true);
    prelude!.push({ k: 'let', v: out, init: { k: 'newArray', length: total, fill: num('0', e), typed: false, node: e }, node: e });
    [...parts.numbers, ...lengths].forEach((value, q) => prelude!.push({ k: 'setElem', arr: out, index: num(String(q), e), value, node: e }));
    let at: Expr = num(String(k + j), e);
    parts.arrays.forEach((a, i) => {
      if (i > 0) at = heldNumber(e, 'at', { k: 'bin', op: '+', a: at, b: lengths[i - 1], node: e });
      prelude!.push(copyLoop(e, out, at, a, num('0', e), lengths[i]));
    });
    return read(out, e);
  };

  /**
   * `const m: Model = unpack(x)` of a function returning a record with array fields (splitReturns):
   * its array held, then a local record of its numbers and a new array per array field.
   */
  const unpackSplitResult = (call: ts.CallExpression, split: { shape: RecordShape; arrays: readonly string[] }, name: string, lowered?: Extract<Expr, { k: 'call' }>): { numbers: Expr[]; arrays: Var[] } => {
    const result = lowered ? { made: lowered } : writerResult(call);
    const returned = result?.made && splitReturns.get(result.made.fn.node);
    if (!returned || !sameLayout(returned.shape, split.shape) || returned.arrays.join() !== split.arrays.join()) {
      reject(call, 'DDX1022', `'${name}' is a record with array fields (${split.shape.typeName}); '${sourceText(call.expression)}(…)' does not return one of the same fields`);
    }
    const packed = holdArray(result!.made!, call).v;
    const k = leafPaths(split.shape).length, j = split.arrays.length;
    const numbers = Array.from({ length: k }, (_, q): Expr => ({ k: 'elem', arr: packed, index: num(String(q), call), node: call }));
    const lengths = split.arrays.map((_, i) => heldNumber(call, 'n', { k: 'elem', arr: packed, index: num(String(k + i), call), node: call }));
    let at: Expr = num(String(k + j), call);
    const arrays = split.arrays.map((f, i) => {
      if (i > 0) at = heldNumber(call, 'at', { k: 'bin', op: '+', a: at, b: lengths[i - 1], node: call });
      const v = newVar(call, freshName(`${name}_${f}`), 'array', false, true);
      prelude!.push({ k: 'let', v, init: { k: 'newArray', length: lengths[i], fill: num('0', call), typed: false, node: call }, node: call });
      prelude!.push(copyLoop(call, v, num('0', call), packed, at, lengths[i]));
      return v;
    });
    return { numbers, arrays };
  };

  /**
   * The array an array field of a local record holds (`weights: …`, lowerSplitRecordDeclaration):
   * an array of numbers named (itself, not a copy), else a new local array made before the statement.
   */
  const fieldArray = (e: ts.Expression, base: string, what: string): Var => {
    const made = arrayResultOf(e);
    if (made) return arrayValue(made);
    const init = lowerArrayInit(e);
    if (init) {
      const v = newVar(e, freshName(base), 'array', false, true);
      prelude!.push({ k: 'let', v, init, node: e });
      return v;
    }
    const result = ts.isCallExpression(skipParens(e)) ? writerResult(e) : undefined;
    if (result?.array) {
      prelude!.push({ k: 'effect', call: result.array.call, node: e });
      return result.array.v;
    }
    if (result?.made) return holdArray(result.made, e).v;
    const v = arrayNamedBy(e);
    if (v?.kind !== 'array' || recordShapes.has(v) || recordArrayShapes.has(v)) {
      reject(e, 'DDX1022', `${what} is an array of numbers: name one (a parameter, a local, a field m.weights), or make one ([…], xs.slice(…), new Array(n).fill(0))`);
    }
    if (matrices.has(v)) rejectMatrixUse(e, v, `${what} is an array of numbers; pass one of its rows (${v.sourceName}[i])`);
    return v;
  };

  const lowerDeclaration = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] => withPrelude((): Stmt => {
      if (!ts.isIdentifier(d.name)) reject(d.name, 'DDX1002', 'destructuring declarations are not supported here; declare one name at a time');
      const made = d.initializer && arrayResultOf(d.initializer);
      if (made) {
        if (d.type && annotatedKind(d.type, ctx.checker) !== 'array') reject(d.type, 'DDX1016', `${methodName(made)}(…) gives an array of numbers, not '${d.type.getText(sf)}'`);
        fillArray(made, newVar(d, d.name.text, 'array', false, isConst));
        // The loops filling it go last: the statement lowered is the last of them.
        return prelude!.pop()!;
      }
      const array = d.initializer ? lowerArrayInit(d.initializer) : undefined;
      const tuple = d.type !== undefined && annotatedKind(d.type, ctx.checker) === undefined && shapedKind(d) !== undefined;
      const called = d.initializer && !array && !isBooleanLocal(d) ? writerResult(d.initializer) : undefined;
      // `const g = grad(p)`: the new array the callee returns.
      if (called?.made) return heldArray(called.made, d, d.name.text, isConst, d.initializer!);
      if (called?.array) {
        // `const r = add(out, a, b)`: r names the array the call wrote and returns.
        vars.set(d, called.array.v);
        return { k: 'effect', call: called.array.call, node: d };
      }
      if (called && annotatedKind(d.type, ctx.checker) === 'array') reject(d, 'DDX1017', 'a local array must be created with [..], new Array(n).fill(c) or new Float64Array(n)');
      called?.notNumber?.();
      const kind = array || tuple || annotatedKind(d.type, ctx.checker) === 'array' ? 'array' : isBooleanLocal(d) ? 'boolean' : 'number';
      if (d.type && annotatedKind(d.type, ctx.checker) === undefined && !tuple) reject(d.type, 'DDX1016', `locals must be numbers, arrays of numbers or booleans, not '${d.type.getText(sf)}'`);
      if (kind === 'array' && !array) reject(d, 'DDX1017', 'a local array must be created with [..], new Array(n).fill(c) or new Float64Array(n)');
      const init = array ?? called?.value ?? (d.initializer ? (kind === 'boolean' ? lowerBooleanValue(d.initializer, `'${d.name.text}'`) : lowerExpr(d.initializer)) : undefined);
      const v = newVar(d, d.name.text, kind, false, isConst);
      return { k: 'let', v, init, node: d };
    });

  const lowerReturnValue = (e: ts.Expression): Expr | ArrayMade => {
    if (applied) return lowerResultCall(lowerCommaOperands(skipParens(e)));
    if (fn.returns === 'boolean') return lowerBooleanValue(e, `the value '${name}' returns`);
    if (returnSplit) return packSplitReturn(e, returnSplit);
    if (returnShape) {
      const r = recordPath(e);
      if (r && !r.strided && r.path.length === 0 && sameLayout(r.shape, returnShape) && !isCaptured(r.v)) return { k: 'var', v: r.v, node: e };
      return { k: 'arrayLit', elems: recordElems(e, returnShape, `the record '${name}' returns`), node: e };
    }
    if (returnsMatrix) return packMatrixReturn(e);
    const array = lowerArrayInit(e);
    if (array) return array;
    const inner0 = skipParens(e);
    // `return c ? a : v` between arrays: the array of the branch taken.
    if (choosesArrays(inner0) && prelude !== undefined) return { k: 'var', v: chosenArray(inner0, inner0, freshName('chosen')), node: e };
    const made = arrayResultOf(e);
    if (made) return { k: 'var', v: arrayValue(made), node: e };
    const inner = skipParens(e);
    if (ts.isIdentifier(inner)) {
      const v = lookup(inner);
      if (v && matrices.has(v)) rejectMatrixUse(inner, v, 'it cannot be returned; return a new array of numbers');
      if (v?.kind === 'array' && isCaptured(v)) reject(inner, 'DDX1017', `'${v.name}' is captured from the enclosing scope and cannot be returned; return a new array`);
      if (v?.kind === 'array') return { k: 'var', v, node: inner } as Expr;
    }
    const called = writerResult(e);
    if (called?.array) {
      // `return add(out, a, b)`: the call, then the array it wrote and returns.
      prelude!.push({ k: 'effect', call: called.array.call, node: e });
      return { k: 'var', v: called.array.v, node: e };
    }
    if (called?.made) return holdArray(called.made, e);
    called?.notNumber?.();
    return called?.value ?? lowerExpr(e);
  };

  /**
   * `return m` of a function returning a matrix (matrixReturns): its local matrix laid out as a
   * matrix parameter is, or the layout a callee returning a matrix gives (`return outer(a)`).
   */
  const packMatrixReturn = (e: ts.Expression): Expr => {
    const inner = skipParens(e);
    const local = localMatrixNamedBy(inner);
    if (local) return matrixLayoutCopy(inner, local);
    const v = ts.isIdentifier(inner) ? lookup(inner) : undefined;
    if (v && matrices.has(v)) rejectMatrixUse(inner, v, `it is the caller's matrix and cannot be returned; return a local matrix made from it (const c = ${v.sourceName}.map((row) => row.slice()) is not compiled: build it with Array.from, or push copies of its rows)`);
    const called = !v && ts.isCallExpression(inner) ? matrixResult(inner) : undefined;
    if (called) return called;
    // `return [[a, b], [c, d]]`, `return Array.from({ length: n }, (_, i) => row)`: a local matrix made here.
    const made = unwrapExpression(inner);
    if (prelude !== undefined && (ts.isArrayLiteralExpression(made) || matrixMakerOf(made))) return matrixLayoutCopy(inner, makeLocalMatrix(made, freshName('rows'), made, true));
    return reject(e, 'DDX1023', `'${name}' returns a matrix (number[][]): return a local matrix by its name (const m = ${localMatrixForms}; …; return m)`);
  };

  /**
   * `outer(x)[i][j]`: an element of the matrix a callee returns (matrixReturns), the call held in a
   * local array in its layout first, as `const m = outer(x)` is. Undefined where `e` reads no row of
   * a call; a call of anything else, or in a place where it cannot be held first, says so.
   */
  const calledMatrixCell = (e: ts.ElementAccessExpression): Expr | undefined => {
    const rowRead = skipParens(e.expression);
    if (!ts.isElementAccessExpression(rowRead)) return undefined;
    const call = skipParens(rowRead.expression);
    if (!ts.isCallExpression(call)) return undefined;
    const held = prelude === undefined ? undefined : matrixResult(call);
    if (held) return matrixRead(e, { m: held.v, row: () => lowerExpr(rowRead.argumentExpression) });
    const where = prelude === undefined ? ` ${conditionalPlaceOf(call, node)}` : '';
    return reject(e, 'DDX1017', `'${sourceText(e)}' reads an element of what '${sourceText(call)}' returns${where}, which is compiled only for a function returning a matrix (number[][]) in a place where the call can be made first; hold the result in a local first (const m = ${sourceText(call)}) and read m[i][j]`);
  };

  /** A call giving a matrix in its layout (a callee returning a matrix, matrixReturns), held in a local array; undefined for another call. */
  const matrixResult = (call: ts.CallExpression): Extract<Expr, { k: 'var' }> | undefined => {
    const called = writerResult(call);
    return called?.made && matrixReturns.has(called.made.fn.node) ? holdArray(called.made, call) : undefined;
  };

  /**
   * `e`, when it is a call of a numeric function: with `array`, a call of a function that writes
   * its array argument and returns it (gl-matrix's \`return out\`), run as a statement (`call`),
   * whose value is the array passed there; else the call's `value`, a number. Undefined for
   * anything else (lowered as an expression).
   */
  const writerResult = (e: ts.Expression): { array?: { call: Extract<Expr, { k: 'call' }>; v: Var }; made?: Extract<Expr, { k: 'call' }>; value?: Expr; notNumber?: () => never } | undefined => {
    const inner = skipParens(e);
    // Not an array method, nor an array made by `new Array(n).fill(c)`.
    if (!ts.isCallExpression(inner) || arrayCallOf(inner) || prelude === undefined) return undefined;
    if (ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'fill') return undefined;
    const value = asEffect(inner, () => lowerCall(inner));
    if (value.k !== 'call') return { value };
    if ((value.fn.writes ?? []).length === 0) {
      if (value.fn.returns === 'array') return { value, made: checkReturnsNew(value, inner), notNumber: () => rejectReturned(inner, value.fn) };
      if (value.fn.returns !== 'number') return { value, notNumber: () => rejectReturned(inner, value.fn) };
      return { value };
    }
    const k = value.fn.returnsParam;
    if (k === undefined) return rejectWriterCall(inner, value.fn);
    return { array: { call: value, v: (value.args[k] as Extract<Expr, { k: 'var' }>).v } };
  };

  /**
   * A call of a callee returning an array or a record, whose array the caller then holds as its
   * own: the callee must return an array it made, not one of its parameters (the caller would
   * write the caller's array through it, which the derivative code would not see).
   */
  const checkReturnsNew = (call: Extract<Expr, { k: 'call' }>, at: ts.Node): Extract<Expr, { k: 'call' }> => {
    const outside = boundToOutside(call.fn);
    forEachExpr(call.fn.body, () => {}, (s) => {
      if (s.k !== 'return' || s.value.k !== 'var') return;
      // A local may be bound to a parameter (`let y = y0; … y = step(y)`).
      const param = s.value.v.isParam ? s.value.v : outside.get(s.value.v);
      if (param?.isParam) {
        reject(at, 'DDX1010', `'${call.fn.name}' returns its parameter '${param.sourceName}'${param === s.value.v ? '' : ` (through '${s.value.v.sourceName}')`}, not a new array: the caller's array would be the one it passed; return a copy ([...${param.sourceName}] as a local array built element by element), or use the argument itself`);
      }
    });
    return call;
  };

  /** `const r = f(…)` of a callee returning a new array (or record): a local array holding it (recordShapes: its layout). */
  const heldArray = (call: Extract<Expr, { k: 'call' }>, decl: ts.Node, name: string, isConst: boolean, at: ts.Expression): Stmt => {
    const v = newVar(decl, name, 'array', false, isConst);
    const shape = recordReturns.get(call.fn.node);
    if (shape) recordShapes.set(v, shape);
    return { k: 'let', v, init: { k: 'arrayCall', call, node: at }, node: decl };
  };

  /** A callee's new array used as a value (returned, passed on): held in a local first, before the statement. */
  const holdArray = (call: Extract<Expr, { k: 'call' }>, at: ts.Expression): Extract<Expr, { k: 'var' }> => {
    if (prelude === undefined) reject(at, 'DDX1055', `the array '${call.fn.name}' returns is not supported ${conditionalPlaceOf(at, node)}; hold it in a local before (const r = ${call.fn.name}(…)) and use the local`);
    const held = heldArray(call, at, freshName(call.fn.name), true, at) as Extract<Stmt, { k: 'let' }>;
    prelude!.push(held);
    return { k: 'var', v: held.v, node: at };
  };

  // ---- arrays as values: reassigned locals, ?: between arrays --------------------------------

  /**
   * The array `e` gives, as a variable a local array is bound to: an array named (`z`, the same
   * array, as in JavaScript), or a new one (a literal, a creation, an array method's result, a
   * callee's array) held in a fresh local before the statement; `c ? a : b` between arrays
   * chooses one of them in an if/else (chosenArray). `what` says what needs the array.
   */
  const arrayBound = (e: ts.Expression, what: string): Var => {
    const inner = skipParens(e);
    if (prelude === undefined) reject(e, 'DDX1055', `${what} an array, which is not supported ${conditionalPlaceOf(e, node)}; assign it in a statement of its own`);
    if (ts.isConditionalExpression(inner)) return chosenArray(inner, inner, freshName('chosen'));
    const made = lowerArrayInit(e);
    if (made) {
      const v = newVar(e, freshName('array'), 'array', false, true);
      prelude!.push({ k: 'let', v, init: made, node: e });
      return v;
    }
    const method = arrayResultOf(e);
    if (method) return arrayValue(method);
    const called = ts.isCallExpression(inner) ? writerResult(inner) : undefined;
    if (called?.array) {
      // `y = add(out, a, b)`: the call, then y names the array it wrote and returns.
      prelude!.push({ k: 'effect', call: called.array.call, node: inner });
      return called.array.v;
    }
    if (called?.made) return holdArray(called.made, inner).v;
    const v = namedArray(e, what);
    if (recordShapes.has(v) || recordArrayShapes.has(v)) reject(e, 'DDX1017', `${what} an array of numbers; '${v.sourceName}' holds records (their fields are assigned one by one)`);
    return v;
  };

  /** Whether `e` is `c ? a : b` with a branch that gives an array. */
  const choosesArrays = (e: ts.Expression): e is ts.ConditionalExpression => ts.isConditionalExpression(e) &&
    [e.whenTrue, e.whenFalse].map(skipParens).some((b) => ts.isArrayLiteralExpression(b) || choosesArrays(b) || isArrayValued(b) ||
      (ts.isCallExpression(b) && ctx.checker.isArrayType(ctx.checker.getTypeAtLocation(b))));

  /**
   * `c ? a : b` between arrays: `let name; if (c) name = a; else name = b`, a local bound to the
   * array of the branch taken (made only there), as JavaScript's value is that array itself.
   */
  const chosenArray = (e: ts.ConditionalExpression, decl: ts.Node, name: string): Var => {
    const taken = foldedByOmitted(e.condition);
    if (taken !== undefined) {
      const v = arrayBound(taken ? e.whenTrue : e.whenFalse, 'this ?: gives');
      vars.set(decl, v);
      return v;
    }
    const test = lowerCond(e.condition);
    const v = newVar(decl, name, 'array', false, false);
    prelude!.push({ k: 'let', v, init: undefined, node: decl });
    const branch = (b: ts.Expression): Stmt[] => withPrelude(() => ({ k: 'set', v, value: { k: 'var', v: arrayBound(b, 'a branch of this ?: gives'), node: b }, node: b }));
    const then = branch(e.whenTrue);
    prelude!.push({ k: 'if', test, then, else: branch(e.whenFalse), node: e });
    return v;
  };

  /**
   * `[a, b] = [b, a]`, `[x, y] = [y, x + y]` as a statement: as JavaScript does it, every value of
   * the array literal first, in order (each held in a temporary: a number, or a binding of the
   * array it gives), then each target in turn (a number local, an element, or a local array,
   * rebound as by `y = e`).
   */
  const lowerParallelAssignment = (targets: ts.ArrayLiteralExpression, right: ts.Expression, at: ts.Node): Stmt => {
    const values = skipParens(right);
    if (!ts.isArrayLiteralExpression(values) || values.elements.length !== targets.elements.length ||
        [...targets.elements, ...values.elements].some((el) => ts.isSpreadElement(el) || ts.isOmittedExpression(el) || (ts.isBinaryExpression(el) && el.operatorToken.kind === ts.SyntaxKind.EqualsToken && targets.elements.includes(el)))) {
      reject(targets, 'DDX1011', 'a destructuring assignment is compiled from an array literal of as many values, without holes, spreads or defaults ([a, b] = [b, a]); assign the targets one by one otherwise');
    }
    if (prelude === undefined) reject(targets, 'DDX1011', `a destructuring assignment is not supported ${conditionalPlaceOf(targets, node)}; write it as a statement of its own`);
    const arrayTarget = (t: ts.Expression): ts.Identifier | undefined => {
      const inner = skipParens(t);
      return ts.isIdentifier(inner) && lookup(inner)?.kind === 'array' ? inner : undefined;
    };
    const held = values.elements.map((value, i): Var => {
      const target = targets.elements[i];
      const inner = skipParens(target);
      if (ts.isIdentifier(inner) && lookup(inner)?.kind === 'boolean') reject(target, 'DDX1011', `'${inner.text}' is a boolean: a destructuring assignment is compiled for numbers and arrays; assign it in a statement of its own`);
      if (arrayTarget(target)) {
        const src = arrayBound(value, `'${sourceText(target)}' is assigned`);
        const v = newVar(value, freshName('held'), 'array', false, false);
        prelude!.push({ k: 'let', v, init: undefined, node: value }, { k: 'set', v, value: { k: 'var', v: src, node: value }, node: value });
        return v;
      }
      const v = newVar(value, freshName('held'), 'number', false, true);
      prelude!.push({ k: 'let', v, init: lowerExpr(value), node: value });
      return v;
    });
    const last = targets.elements.length - 1;
    const assignTarget = (t: ts.Expression, i: number): Stmt => {
      const name = arrayTarget(t);
      return name ? lowerArrayAssignment(name, values.elements[i], at, held[i]) : assign(t, () => ({ k: 'var', v: held[i], node: values.elements[i] }), at);
    };
    targets.elements.forEach((t, i) => { if (i < last) prelude!.push(...withPrelude(() => assignTarget(t, i))); });
    return assignTarget(targets.elements[last], last);
  };

  /** `t = …` of an array that cannot be bound to another (DDX1017), named as declared: a record, an array of records, a matrix, a parameter. */
  const rejectReassigned = (t: ts.Identifier, v: Var): never => {
    const shape = recordShapes.get(v), records = recordArrayShapes.get(v);
    if (shape) {
      const what = `'${t.text}' is a ${shape.tuple ? 'tuple' : 'record'}${v.isParam ? ' parameter' : ''} (${shape.typeName}), which cannot be reassigned`;
      return reject(t, 'DDX1017', v.isParam ? `${what}; declare a local ${shape.tuple ? 'tuple' : 'record'} (const q: ${shape.typeName} = …) and assign its ${shape.tuple ? 'elements' : 'fields'}` : `${what}; assign its ${shape.tuple ? 'elements' : 'fields'}`);
    }
    if (records) return reject(t, 'DDX1017', `'${t.text}' is an array of records (${records.typeName}[]), which cannot be reassigned; assign fields of its records (${t.text}[i]${records.tuple ? '[0]' : `.${records.fields[0].name}`} = …)`);
    if (matrices.has(v)) return reject(t, 'DDX1017', `'${t.text}' is a matrix (number[][]), which cannot be reassigned; read its elements (${t.text}[i][j])`);
    return reject(t, 'DDX1017', v.isParam ? `array parameter '${v.sourceName}' cannot be reassigned; declare a local array (let y = ${v.sourceName}) and reassign that` : `array '${t.text}' cannot be reassigned; assign its elements`);
  };

  /**
   * `y = e` of a local array y: y is bound to the array e gives (a rebinding, as in JavaScript;
   * activity.ts makes both sides active together), or to `bound`, the array held for it. A for…of
   * over y keeps iterating the array it started with in JavaScript, so y may not be reassigned in its body.
   */
  const lowerArrayAssignment = (t: ts.Identifier, value: ts.Expression, at: ts.Node, bound?: Var): Stmt => {
    const v = lookup(t)!;
    if (isCaptured(v) || lifted.some((c) => c.v === v)) lowerTarget(t);
    if (v.isParam || recordShapes.has(v) || recordArrayShapes.has(v) || matrices.has(v)) rejectReassigned(t, v);
    const symbol = ctx.checker.getSymbolAtLocation(t);
    for (let p: ts.Node = t.parent; p !== node; p = p.parent) {
      if (ts.isForOfStatement(p) && ts.isIdentifier(skipParens(p.expression)) && ctx.checker.getSymbolAtLocation(skipParens(p.expression)) === symbol && p.statement.pos <= t.pos) {
        reject(t, 'DDX1017', `'${v.sourceName}' is reassigned inside a for…of over it (which goes on over the array it started with); iterate over a const copy (const old = ${v.sourceName}; for (const v of old))`);
      }
    }
    const src = bound ?? arrayBound(value, `'${v.sourceName} = …' assigns`);
    return { k: 'set', v, value: { k: 'var', v: src, node: value }, node: at };
  };

  /**
   * `let y = x` of an array y reassigned later, or `const z = y` of a y reassigned later: a local
   * of its own bound to the same array (not a second name for y's variable); `const b = c ? a : v`
   * between arrays. Undefined for any other declaration.
   */
  const lowerBoundDeclaration = (d: ts.VariableDeclaration, isConst: boolean): Stmt[] | undefined => {
    const init = d.initializer && skipParens(d.initializer);
    if (!init || !ts.isIdentifier(d.name)) return undefined;
    const name = d.name.text;
    if (choosesArrays(init)) {
      if (d.type && annotatedKind(d.type, ctx.checker) !== 'array') return undefined;
      return withPreludes(() => { chosenArray(init, d, name); return []; });
    }
    const src = ts.isIdentifier(init) ? lookup(init) : undefined;
    if (src?.kind !== 'array' || recordShapes.has(src) || recordArrayShapes.has(src) || matrices.has(src) || isCaptured(src)) return undefined;
    if (d.type && annotatedKind(d.type, ctx.checker) !== 'array') return undefined;
    const reassigned = (id: ts.Identifier): boolean => isAssigned(node, ctx.checker.getSymbolAtLocation(id)!, ctx.checker);
    if (!(!isConst && reassigned(d.name)) && !(!src.isParam && reassigned(init as ts.Identifier))) return undefined;
    const v = newVar(d, name, 'array', false, false);
    return [{ k: 'let', v, init: undefined, node: d }, { k: 'set', v, value: { k: 'var', v: src, node: init }, node: d }];
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
      const creates = (d: ts.VariableDeclaration): boolean => annotatedKind(d.type, ctx.checker) === 'array' ||
        (d.initializer !== undefined && (ts.isArrayLiteralExpression(skipParens(d.initializer)) || isNumberArrayCreation(d.initializer, ctx.checker, () => true)));
      if (decls.some(creates)) {
        checkVarArray(symbol, decls, name);
        continue;
      }
      for (const d of decls) {
        if (d.type && annotatedKind(d.type, ctx.checker) === undefined) reject(d.type, 'DDX1016', `locals must be numbers, arrays of numbers or booleans, not '${d.type.getText(sf)}'`);
        hoistedDecls.add(d);
      }
      // `var x` redeclaring parameter x is that parameter.
      const declaration = symbol.valueDeclaration ?? decls[0];
      if (vars.has(declaration)) continue;
      const v = newVar(declaration, name, isBooleanVar(symbol, decls) ? 'boolean' : 'number', false, false);
      hoisted.push({ k: 'let', v, init: undefined, node: decls[0], hoisted: true });
    }
    return hoisted;
  };

  /**
   * A `var` that holds only booleans: declared `boolean` or with boolean initializers (or none), and
   * given booleans by every assignment (`var sign; if (x < 0) { sign = true; } else { sign = false; }`),
   * with at least one boolean given.
   */
  const isBooleanVar = (symbol: ts.Symbol, decls: readonly ts.VariableDeclaration[]): boolean => {
    let given = false;
    for (const d of decls) {
      if (d.type ? annotatedKind(d.type, ctx.checker) !== 'boolean' : d.initializer !== undefined && !isBooleanValued(d.initializer, symbol)) return false;
      given ||= d.type !== undefined || d.initializer !== undefined;
    }
    let booleans = true;
    forEachNode(node.body!, (n) => {
      if (!booleans || !ts.isIdentifier(n) || !isWritten(n) || ctx.checker.getSymbolAtLocation(n) !== symbol) return;
      const write = n.parent;
      const op = ts.isBinaryExpression(write) && write.left === n ? write.operatorToken.kind : undefined;
      const plain = op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.AmpersandAmpersandEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken;
      if (!plain || !isBooleanValued((write as ts.BinaryExpression).right, symbol)) booleans = false;
      given = true;
    });
    return booleans && given;
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
    // `var { sqrt, exp: e } = Math`: names of the members, nothing to run (lowerDestructuring).
    if (ts.isObjectBindingPattern(d.name) && d.initializer && globalOf(d.initializer, ctx.checker) !== undefined) return lowerDestructuring(d, false);
    if (!hoistedDecls.has(d)) return lowerDeclaration(d, false);
    const init = d.initializer;
    if (init !== undefined && varOf(d.name as ts.Identifier)?.kind === 'boolean') {
      return withPrelude(() => assign(d.name as ts.Identifier, () => lowerBooleanValue(init, `'${(d.name as ts.Identifier).text}'`), d));
    }
    return init === undefined ? [] : withPrelude(() => assign(d.name as ts.Identifier, () => lowerExpr(init), d));
  });

  /** Labels given to the blocks that switch statements become (the target of a `break` in a case). */
  const switchLabels = new Map<ts.SwitchStatement, string>();

  const lowerJump = (s: ts.BreakStatement | ts.ContinueStatement): Stmt => {
    const k = ts.isBreakStatement(s) ? 'break' : 'continue';
    // A jump never leaves a callback (JavaScript rejects it; inlined, it would leave the method's loop).
    const targets = (n: ts.Node): boolean => (s.label ? ts.isLabeledStatement(n) && n.label.text === s.label.text
      : ts.isIterationStatement(n, false) || (k === 'break' && ts.isSwitchStatement(n)));
    let target: ts.Node = s.parent;
    while (target !== node && !targets(target) && !ts.isFunctionLike(target)) target = target.parent;
    if (target !== node && ts.isFunctionLike(target)) {
      reject(s, 'DDX1021', `${k} cannot leave the callback of an array method; end this call with return (forEach goes on with the next element), or write a for loop`);
    }
    if (s.label) return { k, label: s.label.text, node: s };
    // An unlabelled break leaves the innermost loop or switch; a switch is a labelled block here.
    target = s.parent;
    while (target !== node && !ts.isIterationStatement(target, false) && !ts.isSwitchStatement(target)) target = target.parent;
    const label = k === 'break' && ts.isSwitchStatement(target) ? switchLabels.get(target) : undefined;
    return label === undefined ? { k, node: s } : { k, label, node: s };
  };

  /** `label: loop` labels the loop; a label on another statement labels a block around it. */
  const lowerLabelled = (s: ts.LabeledStatement): Stmt[] => {
    const label = s.label.text;
    const inner = lowerStmt(s.statement);
    const loop = inner.length === 1 ? inner[0] : undefined;
    if (loop?.k === 'for' || loop?.k === 'forOf' || loop?.k === 'while' || loop?.k === 'do') {
      if (loop.label !== undefined) reject(s, 'DDX1002', `a loop with two labels ('${label}', '${loop.label}') is not supported; keep one`);
      return [{ ...loop, label }];
    }
    return [{ k: 'block', body: inner, node: s, label }];
  };

  /**
   * `switch`: the IR's switch (normalise.ts makes it ifs). The discriminant is read once; a
   * `break` of the switch is a `break` of a fresh label.
   */
  const lowerSwitch = (s: ts.SwitchStatement): Stmt[] => {
    const label = freshName('cases');
    switchLabels.set(s, label);
    rejectCrossCaseLets(s.caseBlock.clauses);
    const out: Stmt[] = [];
    const discriminant = skipParens(s.expression);
    let key: Expr;
    const held = (value: () => Expr, at: ts.Node): Expr => {
      const v = newVar(s, freshName('key'), 'number', false, true);
      out.push(...withPrelude(() => ({ k: 'let', v, init: value(), node: at })));
      return { k: 'var', v, node: at };
    };
    const named = ts.isNumericLiteral(discriminant) || (ts.isIdentifier(discriminant) && varOf(discriminant)?.kind === 'number');
    if (named) key = lowerExpr(discriminant);
    else key = held(() => lowerExpr(s.expression), s.expression);
    // A case's test is evaluated only where no earlier case matched: the statements it needs first
    // (the fold of Math.max(...xs), an assignment used as a value) are kept with it (`before`).
    const before = new Map<ts.CaseOrDefaultClause, Stmt[]>();
    const testOf = (c: ts.CaseClause): Expr => {
      const outer = prelude;
      const mine: Stmt[] = [];
      prelude = mine;
      try {
        return lowerExpr(c.expression);
      } finally {
        prelude = outer;
        if (mine.length > 0) before.set(c, mine);
      }
    };
    const clauses = s.caseBlock.clauses.map((c) => ({ test: ts.isCaseClause(c) ? testOf(c) : undefined, body: c.statements.flatMap(lowerStmt), node: c }));
    if (before.size === 0) return [...out, { k: 'switch', key, clauses, label, node: s }];
    // Then the clause to enter is found first, each test after its statements, where JavaScript
    // evaluates them (in order, skipping default), and the switch is on its index.
    // (The statements may assign the variable switched on, which JavaScript read before them.)
    if (named && key.k === 'var') {
      const read = key;
      key = held(() => read, s.expression);
    }
    const entry = newVar(s, freshName('entry'), 'number', false, false);
    const index = (i: number, at: ts.Node): Expr => ({ k: 'num', text: String(i), value: i, node: at });
    let select: Stmt[] = [];
    for (let i = clauses.length - 1; i >= 0; i--) {
      const { test, node: c } = clauses[i];
      if (test === undefined) continue;
      const found: Stmt = { k: 'set', v: entry, value: index(i, c), node: c };
      select = [...before.get(c) ?? [], { k: 'if', test: { k: 'cmp', op: '===', a: key, b: test, node: (c as ts.CaseClause).expression }, then: [found], else: select.length > 0 ? select : undefined, node: c }];
    }
    const entered: Expr = { k: 'var', v: entry, node: s.expression };
    const byIndex = clauses.map((c, i) => ({ ...c, test: c.test && index(i, c.node) }));
    return [...out, { k: 'let', v: entry, init: index(clauses.length, s), node: s }, ...select, { k: 'switch', key: entered, clauses: byIndex, label, node: s }];
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
      // A matrix's elements and a row's name are not one array element or number of the layout.
      const matrix = v && (matrixRows.get(v) ?? (matrices.has(v) && !(ts.isPropertyAccessExpression(parent) && parent.name.text === 'length') ? v : undefined));
      if (matrix) reject(n, 'DDX1002', `a thrown value reads ${matrix === v ? 'an element' : `'${n.text}', a row,`} of the matrix '${matrix.sourceName}'; read the number it needs into a const before the throw (const v = ${matrix.sourceName}[i][j]) and throw with that`);
      if (v?.kind === 'number') return hole(n, { k: 'var', v, node: n }, shorthand);
      if (v?.kind === 'array' && ts.isPropertyAccessExpression(parent) && parent.expression === n && parent.name.text === 'length') return hole(parent, lengthRead(v, parent));
      if (v?.kind === 'array' && ts.isElementAccessExpression(parent) && parent.expression === n) return hole(parent, { k: 'elem', arr: v, index: lowerExpr(parent.argumentExpression), node: parent });
      if (!v && ctx.constantFor(symbol)) return hole(n, lowerIdentifier(n), shorthand);
      reject(n, 'DDX1002', `a thrown value may read globals (Error, RangeError, String, …), literals and this function's numbers, elements and lengths; '${n.text}' is none of them`);
    });
    parts.push(sf.text.slice(from, e.end));
    return { k: 'throw', parts, node: s };
  };

  /**
   * The default value of `p`, which a call omitting its argument evaluates (normalise.ts fills it in,
   * over the arguments before it). One that needs statements before it (the loop folding
   * `Math.max(...xs)`) is desugared into a function of the parameters before `p` whose body is those
   * statements and returns the value, and the default is a call of it: JavaScript evaluates a default
   * in the callee's scope, where the earlier parameters are in scope, only when the argument is missing.
   */
  const defaultOf = (p: ts.ParameterDeclaration & { initializer: ts.Expression }): Expr => {
    // One that writes (`k = x++`, `s = xs.push(1)`) would write the function's own variables: lowered where no statement can go first, which says why not.
    if (writesAnything(p.initializer)) return conditionally(() => lowerExpr(p.initializer));
    let value: Expr | undefined;
    const before = withPreludes(() => {
      value = lowerExpr(p.initializer);
      return [];
    });
    if (before.length === 0) return value!;
    const earlier = params.slice(0, params.indexOf(vars.get(p)!));
    const helper: NumericFunction = {
      id: nextFunctionId++, name: `${name}_${p.name.getText(sf)}Default`, node: p, fileName: sf.fileName, params: earlier,
      body: [...before, { k: 'return', value: value!, node: p.initializer }], returns: 'number', captures: [], moduleLevel: false, usedNames, constants,
    };
    if (ctx.normalises !== false) normalise(helper);
    return { k: 'call', fn: helper, args: earlier.map((v): Expr => ({ k: 'var', v, node: p.initializer })), node: p.initializer };
  };

  // Default values, lowered before the body (a recursive call may omit them). Each is evaluated only
  // where a call omits its argument.
  const passed = node.parameters.slice(0, omitted ?? node.parameters.length);
  if (passed.some((p) => p.initializer)) {
    (fn as { defaults?: (Expr | undefined)[] }).defaults = passed.map((p) => p.initializer && inScopeOf(p, () => defaultOf(p as ts.ParameterDeclaration & { initializer: ts.Expression })));
  }
  // In a version for omitted arguments, an omitted parameter with a default is a local of that value.
  for (const p of node.parameters.slice(passed.length)) {
    const v = vars.get(p);
    if (p.initializer && v) body.push({ k: 'let', v, init: inScopeOf(p, () => conditionally(() => lowerExpr(p.initializer!))), node: p });
  }
  if (ts.isBlock(node.body!)) {
    body.push(...hoistVars(node.body));
    body.push(...lowerStatements(node.body.statements));
    // A function without a return that writes its array parameters returns nothing (outparams).
    const returnsNothing = writes.length > 0 && !hasReturn(body) && fn.returns !== 'boolean';
    if (returnsNothing) (fn as { returns: NumericFunction['returns'] }).returns = 'void';
    else if (!endsWithReturn(body)) {
      // JavaScript (a package's code, `if (count) return sum / count;`) returns undefined there,
      // and so does the derivative code (its derivative is 0, a constant's). TypeScript's checker
      // already rejects a number function that can end so: here it is a mistake.
      // (normalise.ts ends that path with \`return undefined\`.)
      const end = node.body.getLastToken(sf) ?? node;
      if (!isJavaScript(node)) reject(end, 'DDX1013', 'the function may end without returning a value; make every path end with a return');
    }
  } else {
    // An expression body is a return statement (its parts, and the loops of array methods, go before it).
    body.push(...withPrelude(() => ({ k: 'return', value: lowerReturnValue(node.body as ts.Expression), node: node.body! })));
  }
  body.unshift(...tables);
  // The normalise pass (normalise.ts), on the whole body: `before = x ?? NaN` of an `x++` becomes `before = x` where x is always a number.
  if (ctx.normalises !== false) normalise(fn);
  const returnKinds = new Set<'number' | 'array'>();
  // (A call giving an array is one too: a nested verb's, returned through a cast, `hessian(g, y) as unknown as number`.)
  forEachReturn(body, (r) => returnKinds.add(r.value.k === 'arrayLit' || r.value.k === 'newArray' || (r.value.k === 'var' && r.value.v.kind === 'array') || (r.value.k === 'call' && r.value.fn.returns === 'array') ? 'array' : 'number'));
  if (returnKinds.size > 1) reject(node, 'DDX1010', 'the function returns a number on some paths and an array on others; return one shape');
  if (fn.returns !== 'boolean' && fn.returns !== 'void') (fn as { returns: 'number' | 'array' }).returns = returnKinds.has('array') ? 'array' : 'number';
  // An array of records returned (declared so, or every return a local array of records): its records' shape.
  if (fn.returns === 'array' && !recordReturns.has(node) && !splitReturns.has(node) && !matrixReturns.has(node)) {
    const shapes: (RecordShape | undefined)[] = [];
    forEachReturn(body, (r) => shapes.push(r.value.k === 'var' ? recordArrayShapes.get(r.value.v) : undefined));
    let declared: RecordShape | undefined;
    try {
      declared = recordArrayShapeOf(node.type, ctx.checker);
    } catch (e) {
      if (!(e instanceof Rejection)) throw e; // a type that cannot be laid out names no records here
    }
    const records = declared ?? (shapes.every((r) => r !== undefined && sameLayout(r, shapes[0]!)) ? shapes[0] : undefined);
    if (records) recordArrayReturns.set(node, records);
  }
  // The last rewrite of the normalise pass, which needs the function's kind: one exit.
  if (ctx.normalises !== false) singleExit(fn);
  lowering.delete(fn);
  if (writes.length > 0) {
    if (calledWhileLowered.has(fn)) reject(writes[0].at, 'DDX1056', `'${name}' writes its array parameter '${params[writes[0].index].sourceName}' and is called while it is compiled (recursion): a recursive function that writes its array arguments is not supported yet; write the recursion as a loop`);
    (fn as { returnsParam?: number }).returnsParam = returnedParam(fn);
  }
  if (enclosing) {
    // The enclosing variables read become trailing parameters; calls of itself pass them on.
    params.push(...lifted.map((c) => c.v));
    (fn as { captured?: readonly ts.Declaration[] }).captured = lifted.map((c) => c.decl);
    for (const call of selfCalls) call.args.push(...lifted.map(({ v }): Expr => (v.kind === 'boolean' ? { k: 'boolean', test: { k: 'flag', v, node: call.node }, node: call.node } : { k: 'var', v, node: call.node })));
    liftedInProgress.delete(fn);
  }
  return fn;
}

/**
 * The variables each declaration was given where its function was lowered (issue 14): a plain
 * call's version of a solver (lowerCallSpecialisation) and an arrow a verb's call passes type what
 * they capture from the lowering of the function they are in, where there is one (also while it is
 * being lowered: a variable's kind is fixed where it is declared), not from the initializer's syntax.
 * Not of JavaScript, whose functions are lowered per call with the kinds their arguments have.
 */
const loweredVars = new WeakMap<ts.Node, Var[]>();

function noteLoweredVar(decl: ts.Node, v: Var): void {
  if (!(ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isBindingElement(decl)) || !ts.isIdentifier(decl.name) || isJavaScript(decl)) return;
  const known = loweredVars.get(decl);
  if (known) known.push(v);
  else loweredVars.set(decl, [v]);
}

/**
 * The kind `decl` had where its function was lowered (noteLoweredVar); undefined where it was not
 * lowered, where lowerings gave it two kinds, or where it is laid out (a matrix or a row of one, a
 * record, a view of a record in an array of records), not held as the call site holds it.
 */
function loweredKindOf(decl: ts.Node): Var['kind'] | undefined {
  const vs = loweredVars.get(decl) ?? [];
  const laidOut = (v: Var): boolean => matrices.has(v) || localMatrices.has(v) || matrixRows.has(v) || recordShapes.has(v) || recordArrayShapes.has(v) || recordViews.has(v) || arrayFields.has(v) || fieldArrays.has(v);
  return vs.length > 0 && vs.every((v) => v.kind === vs[0].kind && !laidOut(v)) ? vs[0].kind : undefined;
}

/** A `set` of a variable, marked with how it was written (`i++`, `i += 2`): anything else as it is. */
function withForm(s: Stmt, form: UpdateForm): Stmt {
  if (s.k === 'set') (s as { form?: UpdateForm }).form = form;
  return s;
}

/** Functions being lowered, and those of them called meanwhile (recursion: what they write is not known yet). */
const lowering = new Set<NumericFunction>();
const calledWhileLowered = new WeakSet<NumericFunction>();

/**
 * A plain call (in code no verb differentiates) of a function that differentiates a function it
 * is given, `newton(g, x0)` with `derivative(f, x)` inside: the version of `callee` for the
 * functions the call passes (`given`, by the callee's parameter), its verb calls compiled
 * (closures.ts). A function written at the call site (or local to the function the call is in)
 * may read values of the call's scope: they become the version's last parameters (`captured`),
 * which the call passes by name (program.ts checks the names mean the same there).
 */
export function lowerCallSpecialisation(
  callee: { node: FunctionLike; name: string },
  given: ReadonlyMap<ts.Declaration, { node: FunctionLike; name: string; lowered?: () => NumericFunction }>,
  call: ts.CallExpression,
  ctx: LowerContext,
): NumericFunction {
  const site: Scope = {
    node: call,
    outer: undefined,
    locals: new Map(),
    applied: new Map(),
    resolve: (decl, use) => {
      if (!(ts.isParameter(decl) || ts.isVariableDeclaration(decl) || ts.isBindingElement(decl)) || !ts.isIdentifier(decl.name) || (ts.isParameter(decl) && decl.dotDotDotToken)) return undefined;
      const typed = (ctx.checker.getTypeAtLocation(decl.name).flags & ts.TypeFlags.NumberLike) !== 0 ? 'number' : undefined;
      const kind = loweredKindOf(decl) ?? capturedKind(decl, ctx.checker) ?? scalarVerbParamKind(decl, ctx) ?? typed;
      if (kind) return { id: -1, name: use, sourceName: use, kind, isParam: true, isConst: true };
      // A matrix (number[][]) is passed laid out (transform.ts, rewriteSpecialised).
      if (ts.isBindingElement(decl) || !(isMatrixDeclaration(decl, ctx.checker) || isMatrixMade(decl, ctx.checker))) return undefined;
      const m: Var = { id: -1, name: use, sourceName: use, kind: 'array', isParam: true, isConst: true };
      matrices.add(m);
      return m;
    },
  };
  const bindings = new Map<ts.Declaration, Bound>();
  for (const [param, f] of given) bindings.set(param, f.lowered ? { ...f, scope: undefined } : { ...f, scope: site });
  const name = `${callee.name}_${[...given.values()].map((f) => f.name).join('_')}`;
  return lowerFunction(callee.node, name, ctx, () => {}, undefined, false, { enclosing: site, bindings });
}

/** A factory declared at module level (or an IIFE's function), lowered applied (once). */
export function appliedFactory(node: FunctionLike, name: string, ctx: LowerContext): NumericFunction {
  return appliedAtModuleLevel.get(node) ?? lowerFunction(node, name, ctx, (f) => appliedAtModuleLevel.set(node, f), ctx.javaScriptParamKind(node), false, { applied: true });
}

/**
 * What a verb differentiates when a factory makes the function: the returned function's
 * parameters are the inputs. The factory's arguments are `fixed` constants (a module-level
 * \`const ease = make(1.5)\`), or, without them, trailing captures the call site passes.
 */
export function madeEntry(applied: NumericFunction, name: string, fixed?: readonly Expr[], fixedConstants?: ReadonlyMap<string, ModuleConstant>): NumericFunction {
  const k = applied.params.length - resultParamsOf.get(applied)!;
  const inputs = applied.params.slice(k);
  if (!fixed) return { ...applied, id: nextFunctionId++, name, params: inputs, captures: applied.params.slice(0, k), moduleLevel: false };
  const args = [...fixed, ...inputs.map((v): Expr => ({ k: 'var', v, node: applied.node }))];
  const body: Stmt[] = [{ k: 'return', value: { k: 'call', fn: applied, args, node: applied.node }, node: applied.node }];
  const constants = new Map([...applied.constants, ...(fixedConstants ?? [])]);
  return { ...applied, id: nextFunctionId++, name, params: inputs, captures: [], body, moduleLevel: false, constants };
}

/** A factory lowered applied: how many of its parameters are those of the function it returns. */
export const resultParamsOf = new WeakMap<NumericFunction, number>();
/** Factories declared at module level, lowered applied. */
const appliedAtModuleLevel = new WeakMap<ts.Node, NumericFunction>();
/** Local functions being lowered (a call of one of them from itself waits for what it captures). */
const liftedInProgress = new Set<NumericFunction>();
/** Versions of functions that take functions, per declaration, by the functions bound and the call site's scope. */
const specialisations = new WeakMap<ts.Node, Map<string, NumericFunction>>();
const nodeIds = new WeakMap<object, number>();
let nextNodeId = 0;
/** A number that names a node or scope in a cache key. */
const nodeIdOf = (n: object): number => {
  let id = nodeIds.get(n);
  if (id === undefined) nodeIds.set(n, (id = nextNodeId++));
  return id;
};
const scopeIdOf = nodeIdOf;

/** The array methods lowering knows (by name: whether the receiver is an array is checked there). */
const arrayMethodNames = new Set(['map', 'filter', 'reduce', 'reduceRight', 'forEach', 'some', 'every', 'findIndex', 'indexOf', 'includes', 'fill', 'slice', 'concat', 'from']);

/**
 * What a verb differentiates when `fn` has default parameters: `fn` of its leading parameters
 * without defaults — the inputs — with the others at their defaults (as the run-time engine,
 * which calls f with the inputs only). A function without defaults is its own entry.
 */
const entries = new WeakMap<NumericFunction, NumericFunction>();
/**
 * A special function passed by name (`derivative(erf, x)`, `gradient(beta, [a, b])` — its
 * arguments are the coordinates): the function x ↦ erf(x), or (x, y) ↦ beta(x, y), whose call is
 * differentiated by its built-in rule.
 */
export function specialEntry(fn: SpecialFunction, at: ts.Expression): NumericFunction {
  const params = ['x', 'y'].slice(0, specialRules[fn.name].arity)
    .map((name, id): Var => ({ id, name, sourceName: name, kind: 'number', isParam: true, isConst: false }));
  const call: Expr = { k: 'special', fn, args: params.map((v): Expr => ({ k: 'var', v, node: at })), node: at };
  return {
    id: newFunctionId(), name: fn.name, node: at, fileName: at.getSourceFile().fileName, params,
    body: [{ k: 'return', value: call, node: at }], returns: 'number', captures: [], moduleLevel: false,
    usedNames: new Set(params.map((p) => p.name)), constants: new Map(),
  };
}

export function entryOf(fn: NumericFunction): NumericFunction {
  // A verb (and the run-time engine) calls f with its inputs only: an optional parameter would be
  // undefined there, which only a call that omits it compiles (omitted.ts).
  const optional = ts.isFunctionLike(fn.node) ? (fn.node as ts.SignatureDeclaration).parameters.find((p) => p.questionToken) : undefined;
  if (optional) {
    const name = optional.name.getText();
    reject(optional, 'DDX1005', `optional parameter '${name}' of a function a verb differentiates has no default: the verb passes the inputs only; give it a default (${name}: number = …), or differentiate an arrow that calls the function without it, (x) => ${fn.name}(x)`);
  }
  if (!fn.defaults) return fn;
  const known = entries.get(fn);
  if (known) return known;
  const inputs = fn.params.slice(0, requiredCount(fn));
  if (fn.captures.length > 0) reject(fn.node, 'DDX1005', `'${fn.name}' reads values of its enclosing scope and has default parameters; pass the default values as arguments instead`);
  const call: Expr = { k: 'call', fn, args: withDefaults(fn, inputs.map((v) => ({ k: 'var', v, node: fn.node }))), node: fn.node };
  const entry: NumericFunction = { ...fn, id: nextFunctionId++, params: inputs, body: [{ k: 'return', value: call, node: fn.node }], moduleLevel: false, defaults: undefined, result: undefined };
  entries.set(fn, entry);
  return entry;
}


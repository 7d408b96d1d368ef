/**
 * Module-level constant arrays: coefficient tables such as
 * `var p = [0.99999999999980993, 676.5203681218851, …]` read by a function of the same module
 * (`x += p[i] / (z + i)`, `for (const c of P)`, `P.reduce(…)`), in the project or in a package's published JavaScript. Such an array
 * is constant data: a function that reads it is lowered with a local copy of the literal
 * (lower.ts), which the derivative code creates as the plain program reads the module's array.
 *
 * An array is such data only when it cannot change while the program runs: declared once at
 * module level with a literal of numeric constants, never reassigned, and everywhere in its module
 * (and, when exported, in every module of the program) only read: by index, `.length`, `for…of` or a method that does not write it (`reduce`, `map`, …),
 * or passed to a function that only reads that parameter so (`polevl(x, P, 4)`; the callee then
 * reads the caller's copy). Anything else (an element written, the array passed to a function
 * that may write it, pushed to, returned, an array computed at run time) is rejected (DDX1051):
 * the copy could differ from what the plain program reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { reject } from '../diagnostics.js';
import type { Expr } from './ir.js';
import { forEachNode } from './walk.js';
import { annotatedKind } from './lower.js';
import { globalNameOf, globalOf, isWritten } from './aliases.js';
import { hasModifier, isStatic, memberFunction } from './members.js';

export interface ModuleArray {
  readonly name: string;
  readonly fileName: string;
  /** The elements, lowered as constants (literals, Math, module constants declared before); a matrix's row after row. */
  readonly elems: readonly Expr[];
  /** A matrix (`const A = [[0, 0], [0.5, 0]]`): where each row starts in `elems`, then where the last ends. */
  readonly rowStarts?: readonly Expr[];
  /** The array's declaration, or the field of a module-level object of data (a class's static field) that holds it. */
  readonly node: ts.VariableDeclaration | ts.PropertyAssignment | ts.PropertyDeclaration;
}

/** The module-level variable a declaration is (`var`, `let` or `const` at the top of a module), or undefined. */
function moduleLevelVariable(decl: ts.Declaration): ts.VariableDeclaration | undefined {
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
  const statement = decl.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) ? decl : undefined;
}

/** Whether the module exports the variable (then any module of the program may write its elements). */
function isExported(decl: ts.VariableDeclaration | ts.ClassDeclaration, checker: ts.TypeChecker): boolean {
  const symbol = decl.name && checker.getSymbolAtLocation(decl.name);
  const moduleSymbol = checker.getSymbolAtLocation(decl.getSourceFile());
  if (!symbol || !moduleSymbol) return false;
  return checker.getExportsOfModule(moduleSymbol).some((e) => e === symbol || ((e.flags & ts.SymbolFlags.Alias) !== 0 && checker.getAliasedSymbol(e) === symbol));
}

/** Whether the array cannot be written through its type: `readonly number[]`, `ReadonlyArray<number>`, `[…] as const`. */
function isReadonly(decl: ts.VariableDeclaration): boolean {
  const t = decl.type;
  if (t && ((ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) || (ts.isTypeReferenceNode(t) && t.typeName.getText() === 'ReadonlyArray'))) return true;
  const init = decl.initializer;
  return init !== undefined && ts.isAsExpression(init) && ts.isTypeReferenceNode(init.type) && init.type.typeName.getText() === 'const';
}

/**
 * An array made at run time: annotated as an array of numbers, or `new Array(n)`, `Array.from(…)`,
 * `….fill(…)`, `….map(…)`. (Typed arrays at module level are mostly bit views, which lower/bits.ts names.)
 */
function isArrayMadeAtRunTime(decl: ts.VariableDeclaration, init: ts.Expression, checker: ts.TypeChecker): boolean {
  if (annotatedKind(decl.type, checker) === 'array') return true;
  if (ts.isNewExpression(init)) return globalOf(init.expression, checker) === 'Array';
  return ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) &&
    (['fill', 'map'].includes(init.expression.name.text) || (init.expression.name.text === 'from' && globalOf(init.expression.expression, checker) === 'Array'));
}

/**
 * Array methods that do not write their array, with the position of the callback's parameter that
 * receives the array (0: no callback), through which a callback could write it.
 */
const readingMethods = new Map([
  ['map', 3], ['filter', 3], ['forEach', 3], ['some', 3], ['every', 3], ['findIndex', 3], ['reduce', 4], ['reduceRight', 4],
  ['indexOf', 0], ['includes', 0], ['slice', 0], ['concat', 0],
]);

/** `a.reduce((s, x) => …, 0)`: a method that reads `a`, called with a callback written there that does not take the array. */
function readsOnly(member: ts.PropertyAccessExpression): boolean {
  const position = readingMethods.get(member.name.text);
  const call = member.parent;
  if (position === undefined || !ts.isCallExpression(call) || call.expression !== member) return false;
  if (position === 0) return true;
  const callback = call.arguments[0];
  return callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && callback.parameters.length < position;
}

/** The file name of a node's module, for messages. */
const baseName = (n: ts.Node): string | undefined => n.getSourceFile().fileName.split(/[\\/]/).pop();

/** The variable an identifier refers to (in `{ a }`, the variable `a`, not the property). */
const symbolOf = (id: ts.Identifier, checker: ts.TypeChecker): ts.Symbol | undefined =>
  ts.isShorthandPropertyAssignment(id.parent) ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);

/**
 * The function a call calls, when the checker resolves it (through imports) to a function of the
 * program with a body that cannot be replaced: a function declaration, a `const` bound to an
 * arrow or function expression, or a member proved never replaced (members.ts: `H.poly(x, P)`).
 */
function calledFunction(call: ts.CallExpression, checker: ts.TypeChecker): ts.FunctionLikeDeclaration | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  let symbol = checker.getSymbolAtLocation(callee);
  if (symbol && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol);
  for (const d of symbol?.declarations ?? []) {
    if (ts.isFunctionDeclaration(d) && d.body) return d;
    if (ts.isVariableDeclaration(d) && (ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const) !== 0 && d.initializer) {
      let init = d.initializer;
      while (ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
    const member = memberFunction(d, checker, ts.isPropertyAccessExpression(callee) ? callee.expression : undefined);
    if (member && 'found' in member) return member.found.node;
  }
  return undefined;
}

/**
 * Why the function `call` calls may do more than read the array passed as its argument `index`
 * (`polevl(x, P, 4)`, Cephes' style of passing a coefficient table to an evaluation helper), or
 * undefined when it only reads it: the parameter is used in the callee's body only as the table
 * may be used (by index, `length`, …; passed on to a callee that only reads it in turn). `seen`
 * holds the parameters already being checked (a recursion reads as its other uses do).
 */
function calleeUse(call: ts.CallExpression, index: number, checker: ts.TypeChecker, seen: Set<ts.Declaration>, useOf: UseCheck = otherUse): string | undefined {
  const fn = calledFunction(call, checker);
  const callee = call.expression.getText();
  if (!fn?.body) return `passed to a call ('${call.getText()}') of '${callee}', which the transform cannot see as a function declared in the program`;
  const rest = fn.parameters.findIndex((q) => q.dotDotDotToken !== undefined);
  const param = fn.parameters[index];
  if (!param || (rest >= 0 && rest <= index)) return `passed to a call ('${call.getText()}') where '${callee}' takes it in a rest parameter or through 'arguments'`;
  if (!ts.isIdentifier(param.name)) return `passed to a call ('${call.getText()}') where '${callee}' destructures it`;
  if (seen.has(param)) return undefined;
  seen.add(param);
  const name = param.name.text;
  const symbol = checker.getSymbolAtLocation(param.name);
  const sf = fn.getSourceFile();
  let why: string | undefined;
  // The whole function: a later parameter's default may read it too (`d = c`).
  forEachNode(fn, (n) => {
    if (why || !ts.isIdentifier(n) || n === param.name) return;
    if (n.text === 'arguments' && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) why = `passed to a call ('${call.getText()}') where '${callee}' reads 'arguments'`;
    else if (n.text === name && symbolOf(n, checker) === symbol) {
      const use = useOf(n, checker, seen);
      if (use) why = `passed to a call ('${call.getText()}') that does not only read it (its parameter '${n.text}' is ${use} at ${baseName(fn)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1})`;
    }
  });
  return why;
}

/** Whether the function `call` calls only reads its argument `index` (a table passed there is constant data). */
export function onlyReadsArgument(call: ts.CallExpression, index: number, checker: ts.TypeChecker): boolean {
  return calleeUse(call, index, checker, new Set()) === undefined;
}

/**
 * Whether an occurrence of a name is in a type query (`typeof P`, `typeof model.k`, through its
 * qualified names): the type of the value, which the program never reads at run time.
 */
function isTypeQueried(id: ts.Node): boolean {
  let n = id;
  while (ts.isQualifiedName(n.parent) && n.parent.left === n) n = n.parent;
  return ts.isTypeQueryNode(n.parent);
}

/** How a use of a value is used: undefined when it only reads it, else a phrase naming the use. */
type UseCheck = (use: ts.Expression, checker: ts.TypeChecker, seen: Set<ts.Declaration>) => string | undefined;

/**
 * How an occurrence of the array's name (or of a parameter it is passed to, or of an object's field
 * holding it) is used: undefined when it only reads (`a[i]` not written, `a.length`, an argument of
 * a callee that only reads it), else a phrase naming the use.
 */
function otherUse(id: ts.Expression, checker: ts.TypeChecker, seen: Set<ts.Declaration>): string | undefined {
  if (isTypeQueried(id)) return undefined;
  let n: ts.Node = id;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === n) return p.name.text === 'length' || readsOnly(p) ? undefined : `'${p.getText()}'`;
  if (ts.isForOfStatement(p) && p.expression === n) return undefined;
  // `typeof P` gives 'object', reading nothing of it.
  if (ts.isTypeOfExpression(p)) return undefined;
  if (ts.isElementAccessExpression(p) && p.expression === n) return elementWrite(p);
  if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return 'reassigned';
  // `const [a, , b = c] = P`: its elements copied into new variables.
  if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isArrayBindingPattern(p.name)) return undefined;
  // `const x = data.x`: another name of the same array, whose uses are its uses.
  if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name) && (ts.getCombinedNodeFlags(p) & ts.NodeFlags.Const) !== 0) return aliasUse(p as ts.VariableDeclaration & { name: ts.Identifier }, otherUse, checker, seen);
  if (ts.isCallExpression(p) && p.expression !== n) return calleeUse(p, p.arguments.indexOf(n as ts.Expression), checker, seen);
  // Spread into a Math function (`Math.max(...P)`, `Math.hypot(...P)`), its elements are read; into
  // another call, it is passed at the spread's position (a rest parameter there is refused).
  if (ts.isSpreadElement(p) && ts.isCallExpression(p.parent)) {
    const callee = p.parent.expression;
    const global = ts.isPropertyAccessExpression(callee) || ts.isIdentifier(callee) ? globalNameOf(callee, checker) : undefined;
    return global?.startsWith('Math.') ? undefined : calleeUse(p.parent, p.parent.arguments.indexOf(p), checker, seen);
  }
  if (ts.isCallExpression(p)) return `passed to a call ('${p.getText()}')`;
  if (ts.isReturnStatement(p)) return 'returned';
  if (ts.isShorthandPropertyAssignment(p)) return `stored in an object ('${p.parent.getText()}')`;
  return `used as a value ('${p.getText()}')`;
}

/** `a[i]` written (`a[i] = …`, `a[i]++`, a destructuring target, `delete a[i]`): the phrase naming the write, else undefined. */
function elementWrite(element: ts.ElementAccessExpression): string | undefined {
  let e: ts.Node = element;
  while (ts.isParenthesizedExpression(e.parent)) e = e.parent;
  const q = e.parent;
  const written = (ts.isBinaryExpression(q) && q.left === e && q.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && q.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
    ((ts.isPrefixUnaryExpression(q) || ts.isPostfixUnaryExpression(q)) && (q.operator === ts.SyntaxKind.PlusPlusToken || q.operator === ts.SyntaxKind.MinusMinusToken)) ||
    ((ts.isArrayLiteralExpression(q) || ts.isObjectLiteralExpression(q.parent)) && isDestructuringTarget(e)) || ts.isDeleteExpression(q) ||
    ((ts.isForOfStatement(q) || ts.isForInStatement(q)) && q.initializer === e);
  return written ? `an element written ('${q.getText()}')` : undefined;
}

/**
 * How an occurrence of a matrix's name (a module-level table of rows, or a parameter it is passed
 * to) is used: its rows are tables in turn (`A[i][j]`, `A[i].length`, `const row = A[i]`, `A[i]`
 * passed to a callee that only reads it), the matrix read by `A.length`, `for (const row of A)` (row
 * only read) or passed to a callee that only reads it so. Anything else (a row assigned, pushed to,
 * iterated by a method whose callback could write it) is a use that may write it.
 */
function matrixUse(id: ts.Expression, checker: ts.TypeChecker, seen: Set<ts.Declaration>): string | undefined {
  if (isTypeQueried(id)) return undefined;
  let n: ts.Node = id;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isElementAccessExpression(p) && p.expression === n) return elementWrite(p) ?? otherUse(p, checker, seen);
  if (ts.isPropertyAccessExpression(p) && p.expression === n && p.name.text === 'length') return undefined;
  if (ts.isTypeOfExpression(p)) return undefined;
  if (ts.isForOfStatement(p) && p.expression === n) {
    const row = ts.isVariableDeclarationList(p.initializer) && p.initializer.declarations.length === 1 ? p.initializer.declarations[0] : undefined;
    if (row && ts.isIdentifier(row.name) && (p.initializer.flags & ts.NodeFlags.Const) !== 0) return aliasUse(row as ts.VariableDeclaration & { name: ts.Identifier }, otherUse, checker, seen);
    return `its rows iterated by '${p.initializer.getText()}' (read them through a const: for (const row of …))`;
  }
  if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name) && (ts.getCombinedNodeFlags(p) & ts.NodeFlags.Const) !== 0) return aliasUse(p as ts.VariableDeclaration & { name: ts.Identifier }, matrixUse, checker, seen);
  if (ts.isCallExpression(p) && p.expression !== n) return calleeUse(p, p.arguments.indexOf(n as ts.Expression), checker, seen, matrixUse);
  if (ts.isReturnStatement(p)) return 'returned';
  return `used as a value ('${p.getText()}')`;
}

/**
 * Whether `e`, an element of an array or object literal, is assigned by it: the literal is (inside)
 * the target of a destructuring assignment (`[P[0], a] = …`, `({ x: P[1] } = r)`, `for ([P[0]] of …)`),
 * not a value (`f([P[0], a])`, `{ x: P[1] }`).
 */
function isDestructuringTarget(e: ts.Node): boolean {
  let n = e;
  for (;;) {
    const p = n.parent;
    if (ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p) || ts.isPropertyAssignment(p) || ts.isSpreadElement(p) ||
        ts.isSpreadAssignment(p) || ts.isParenthesizedExpression(p)) {
      n = p;
      continue;
    }
    // A default in the pattern (`[P[0] = 1] = …`) assigns its left side.
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (p.left === n) return true;
      if (ts.isArrayLiteralExpression(p.parent) || ts.isPropertyAssignment(p.parent)) return false;
    }
    return (ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer === n;
  }
}

/** How the uses of the const `alias` (in its module) use the value it names, checked by `useOf`; undefined when they only read it. */
function aliasUse(alias: ts.VariableDeclaration & { name: ts.Identifier }, useOf: UseCheck, checker: ts.TypeChecker, seen: Set<ts.Declaration>): string | undefined {
  if (seen.has(alias)) return undefined;
  seen.add(alias);
  if (isExported(alias, checker) && !isReadonly(alias)) return `exported as '${alias.name.text}'`;
  const symbol = checker.getSymbolAtLocation(alias.name);
  const sf = alias.getSourceFile();
  let why: string | undefined;
  forEachNode(sf, (n) => {
    if (why || !ts.isIdentifier(n) || n === alias.name || n.text !== alias.name.text || symbolOf(n, checker) !== symbol) return;
    const use = useOf(n, checker, seen);
    if (use) why = `${use} at line ${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}, through the const '${alias.name.text}' declared`;
  });
  return why;
}

/** Rejects reading the module-level array `v` at `use`: it is not constant data, for the reason `why`. */
function rejectTable(use: ts.Node, v: ts.VariableDeclaration, why: string): never {
  const name = (v.name as ts.Identifier).text;
  return reject(use, 'DDX1051', `'${name}' (declared at module level in ${baseName(v)}) is ${why}; a differentiated function reads a module-level array only when it is constant data: a literal of numeric constants, never written, nor passed on but to a function that only reads it. Pass the array as a parameter instead (an arrow at the call site can pass it: (x) => f(x, ${name}))`);
}

/**
 * A use of an exported (readonly) table in another module than its own, which moduleArrayOf does
 * not scan: there too it may only be read (`polevl(x, T, 4)` passes it to a function that only
 * reads it), else DDX1051 at `use`.
 */
export function checkUseElsewhere(table: ModuleArray, use: ts.Node, checker: ts.TypeChecker): void {
  if (!ts.isIdentifier(use) || !ts.isVariableDeclaration(table.node) || use.getSourceFile() === table.node.getSourceFile()) return;
  const why = (table.rowStarts ? matrixUse : otherUse)(use, checker, new Set());
  if (why) rejectTable(use, table.node, `${why} at line ${use.getSourceFile().getLineAndCharacterOfPosition(use.getStart()).line + 1} of ${baseName(use)}`);
}

/**
 * The constant array a symbol's declaration is, or undefined when the declaration is not a
 * module-level variable holding an array of numbers (another diagnostic applies). A module-level
 * array of numbers that is not constant data is rejected at `use` (DDX1051), naming why.
 * `constant` lowers an element (lower/constants.ts's `lowerConstant`, with the module's constants).
 */
export function moduleArrayOf(
  decl: ts.Declaration | undefined,
  use: ts.Node,
  checker: ts.TypeChecker,
  constant: (e: ts.Expression, before: ts.VariableDeclaration) => Expr | undefined,
): ModuleArray | undefined {
  const v = decl && moduleLevelVariable(decl);
  if (!v) return undefined;
  const name = (v.name as ts.Identifier).text;
  let init = v.initializer;
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
  const fail = (why: string): never => rejectTable(use, v, why);
  if (!init || !ts.isArrayLiteralExpression(init)) {
    if (init && isArrayMadeAtRunTime(v, init, checker)) fail('an array made at run time');
    return undefined;
  }
  // A matrix is its rows' elements one after another, with where each row starts (a local matrix's layout, scalarise.ts).
  const rows = init.elements.length > 0 && init.elements.every((row) => ts.isArrayLiteralExpression(unwrapValue(row)));
  const elems: Expr[] = [];
  const rowStarts: Expr[] = [{ k: 'num', text: '0', value: 0, node: init }];
  for (const row of rows ? init.elements.map((r) => unwrapValue(r) as ts.ArrayLiteralExpression) : [init]) {
    for (const el of row.elements) {
      const value = ts.isSpreadElement(el) || ts.isOmittedExpression(el) ? undefined : constant(el, v);
      if (!value) {
        if (!ts.isSpreadElement(el) && !ts.isOmittedExpression(el) && (checker.getTypeAtLocation(el).flags & ts.TypeFlags.NumberLike) === 0) return undefined;
        return fail(`an array whose element '${el.getText()}' is not a numeric constant (literals, Math and module-level numeric constants)`);
      }
      elems.push(value);
    }
    rowStarts.push({ k: 'num', text: String(elems.length), value: elems.length, node: row });
  }
  const symbol = checker.getSymbolAtLocation(v.name);
  if (isExported(v, checker) && !isReadonly(v)) fail('exported, so any module may write its elements; declare it readonly (readonly number[], or [...] as const), or do not export it');
  const sf = v.getSourceFile();
  forEachNode(sf, (n) => {
    if (!ts.isIdentifier(n) || n === v.name || n.text !== name || symbolOf(n, checker) !== symbol) return;
    const why = (rows ? matrixUse : otherUse)(n, checker, new Set());
    if (why) fail(`${why} at line ${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
  });
  return { name, fileName: v.getSourceFile().fileName, elems, node: v, ...(rows ? { rowStarts } : {}) };
}

/** A field of a module-level object of data, as a function reading it holds it: an array (a table's local copy) or a number. */
export type ModuleObjectField = { readonly array: ModuleArray } | { readonly number: Expr };

const unwrapValue = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? unwrapValue(e.expression) : e;

/** The uses of a function's own `this` (not a nested function's or class's; an arrow's is its own). */
function thisUses(f: ts.Node): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.ThisKeyword) found.push(n as ts.Expression);
    else if (!ts.isFunctionDeclaration(n) && !ts.isFunctionExpression(n) && !ts.isClassLike(n)) n.forEachChild(visit);
  };
  f.forEachChild(visit);
  return found;
}

/** An object whose fields may be constant data: a module-level const object literal, or a module-level class's statics. */
interface DataObject {
  readonly decl: ts.VariableDeclaration | ts.ClassDeclaration;
  readonly name: ts.Identifier;
  /** Its members: the literal's properties, or the class's static members. */
  readonly members: readonly (ts.ObjectLiteralElementLike | ts.ClassElement)[];
  /** Why an importing module could write the field `held`, or undefined. */
  readonly exportWhy: (held: ts.Node, checker: ts.TypeChecker) => string | undefined;
}

/** `const data = { … }` at module level. */
function objectOfData(decl: ts.Declaration): DataObject | undefined {
  const v = moduleLevelVariable(decl);
  if (!v || (v.parent.flags & ts.NodeFlags.Const) === 0 || !v.initializer) return undefined;
  const literal = unwrapValue(v.initializer);
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  return {
    decl: v, name: v.name as ts.Identifier, members: literal.properties,
    exportWhy: (_, checker) => {
      if (!isExported(v, checker) || isReadonly(v)) return undefined;
      const hidden = packageWriterWhy(v);
      if (hidden === undefined) return undefined;
      return hidden === null
        ? 'it is exported, so any module may write its fields; declare it `as const`, or do not export it'
        : `it is exported by a module of a package, and ${hidden}, so a module the transform does not compile may write its fields`;
    },
  };
}

/** Per module: why a module of its package may write the exported object (by name), or undefined when none can (packageWriterWhy). */
const packageWriters = new WeakMap<ts.SourceFile, Map<string, string | undefined>>();

/**
 * For the exported module-level object `v` of a package's JavaScript (in node_modules): undefined
 * when no module but those of its package can import its module and none of those writes it —
 * the package's `exports` map exposes neither the module nor a pattern or folder that could hold
 * it, and every other module of the package that names the module imports the object by name and
 * only reads its fields by name (culori's `D65` in constants.js, read as `D65.X`). Then the object
 * is constant data like an unexported one. Else why not (a phrase), or null outside a package.
 */
function packageWriterWhy(v: ts.VariableDeclaration): string | null | undefined {
  const sf = v.getSourceFile();
  const file = path.resolve(sf.fileName);
  if (!/[\\/]node_modules[\\/]/.test(file)) return null;
  const name = (v.name as ts.Identifier).text;
  let known = packageWriters.get(sf);
  if (!known) packageWriters.set(sf, (known = new Map()));
  if (!known.has(name)) known.set(name, readersOnlyWhy(file, name));
  return known.get(name);
}

/** The body of packageWriterWhy, over the package on disk. */
function readersOnlyWhy(file: string, name: string): string | undefined {
  let root = path.dirname(file);
  while (!(fs.existsSync(path.join(root, 'package.json')) && /^node_modules$|^@/.test(path.basename(path.dirname(root))))) {
    const up = path.dirname(root);
    if (up === root) return 'its package.json is not found';
    root = up;
  }
  let manifest: { exports?: unknown };
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports?: unknown };
  } catch {
    return 'its package.json cannot be read';
  }
  if (manifest.exports === undefined) return "its package has no exports map (any module may import it by path)";
  const targets: string[] = [];
  const collect = (e: unknown): void => {
    if (typeof e === 'string') targets.push(e);
    else if (e && typeof e === 'object') Object.values(e).forEach(collect);
  };
  collect(manifest.exports);
  const exposing = targets.find((t) => t.includes('*') || t.endsWith('/') || path.resolve(root, t) === file);
  if (exposing !== undefined) return `its package's exports map may expose its module ('${exposing}')`;
  const stem = path.basename(file).replace(/\.[cm]?js$/, '');
  const resolvesHere = (from: string, spec: string): boolean => spec.startsWith('.') && [spec, `${spec}.js`].some((s) => path.resolve(path.dirname(from), s) === file);
  const scan = (dir: string): string | undefined => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const at = path.join(dir, item.name);
      if (item.isDirectory()) {
        const why = item.name === 'node_modules' ? undefined : scan(at);
        if (why) return why;
      } else if (/\.[cm]?js$/.test(item.name) && at !== file) {
        const text = fs.readFileSync(at, 'utf8');
        const why = text.includes(stem) ? importerWhy(at, text, name, resolvesHere) : undefined;
        if (why) return `${path.relative(root, at)} ${why}`;
      }
    }
    return undefined;
  };
  return scan(root);
}

/** How the package module `at` (its `text`) may write the object `name` of the module `resolvesHere` names; undefined when it only reads its fields by name. */
function importerWhy(at: string, text: string, name: string, resolvesHere: (from: string, spec: string) => boolean): string | undefined {
  const sf = ts.createSourceFile(at, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const locals: string[] = [];
  let why: string | undefined;
  forEachNode(sf, (n) => {
    if (why || !ts.isStringLiteralLike(n) || !resolvesHere(at, n.text)) return;
    const p = n.parent;
    const bindings = ts.isImportDeclaration(p) ? p.importClause?.namedBindings : undefined;
    if (ts.isImportDeclaration(p) && !p.importClause?.name && (!bindings || ts.isNamedImports(bindings))) {
      for (const el of bindings?.elements ?? []) if ((el.propertyName ?? el.name).text === name) locals.push(el.name.text);
    } else why = `names its module otherwise than by importing names ('${p.getText()}')`;
  });
  if (why) return why;
  forEachNode(sf, (n) => {
    if (why || !ts.isIdentifier(n) || !locals.includes(n.text) || ts.isImportSpecifier(n.parent)) return;
    const p = n.parent;
    const read = ts.isPropertyAccessExpression(p) && p.expression === n && !isWritten(p) && !ts.isDeleteExpression(p.parent);
    if (!read) why = `uses '${name}' otherwise than by reading a field ('${(ts.isPropertyAccessExpression(p) ? p.parent : p).getText()}')`;
  });
  return why;
}

/** `class S { static k = 2; … }` at module level, undecorated. */
function classOfData(decl: ts.Declaration): DataObject | undefined {
  if (!ts.isClassDeclaration(decl) || !decl.name || !ts.isSourceFile(decl.parent) || ts.getDecorators(decl)?.length) return undefined;
  return {
    decl, name: decl.name, members: decl.members.filter((m) => ts.isClassStaticBlockDeclaration(m) || isStatic(m)),
    exportWhy: (held, checker) => isExported(decl, checker) && !hasModifier(held, ts.SyntaxKind.ReadonlyKeyword)
      ? 'it is exported, so any module may write its static fields; declare the field `static readonly`, or do not export the class' : undefined,
  };
}

/**
 * The field `field` of a module-level object of data (`const data = { x: [1, 2, 3], y: [2, 4, 6], n: 3 }`)
 * that a function of the program reads by name (`data.x[i]`, `const x = data.x`, `data.n`); undefined
 * when `decl` is not a module-level `const` holding an object literal, or has no such field. A
 * static field of a module-level class (`S.k`, `this.k` in a static method of `class S { static k = 2; … }`)
 * is read the same way, the class being the object.
 *
 * Such an object is constant data on a table's terms: its literal names each field once (no spread
 * or computed name; an object with an accessor is not data at all), the field read holds a numeric
 * constant or a literal of them, and everywhere in its module (also as `this` in its methods, which
 * is the object where they are compiled: members.ts) the object is used only by reading a field by name (a field never assigned nor deleted, an array
 * field only read as a table is, also through a `const` naming it) or passed to a function that only
 * reads it so; exported only `as const` (no TypeScript importer can write it). A class may also be
 * constructed, extended and named as a type; exported, the static field read must be `readonly`; no
 * `.constructor` in its module may reach it from an instance. The function then
 * reads a local copy of the array's literal, or the number itself. An object of that shape used
 * otherwise is rejected at `use` (DDX1051), naming the use: the copy could differ from what the
 * plain program reads.
 */
export function moduleObjectFieldOf(
  decl: ts.Declaration | undefined,
  field: string,
  use: ts.Node,
  checker: ts.TypeChecker,
  constant: (e: ts.Expression, before: ts.Node) => Expr | undefined,
): ModuleObjectField | undefined {
  const object = decl && (objectOfData(decl) ?? classOfData(decl));
  if (!object) return undefined;
  const v = object.decl;
  const name = object.name.text;
  const sf = v.getSourceFile();
  const fail = (why: string): never => reject(use, 'DDX1051', `'${name}' (declared at module level in ${baseName(v)}) is not constant data: ${why}. A differentiated function reads a field of a module-level object (a static field of a class) only when the object is: a const of named fields (a class of static fields), the field read a numeric constant or a literal of them, the object read only by field and never written. Pass what it reads as a parameter instead (an arrow at the call site can pass it: (x) => f(x, ${name}.${field}))`);
  const members = new Map<string, ts.Node>();
  /** `this` in the object's methods (the class's static members), with the member it is read in: another name of the object. */
  const selfUses: [ts.Expression, string][] = [];
  for (const p of object.members) {
    // An accessor computes what it gives: not data (DDX1003 at the read, as any other object's member).
    if (ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p)) return undefined;
    if (ts.isClassStaticBlockDeclaration(p)) {
      selfUses.push(...thisUses(p.body).map((t): [ts.Expression, string] => [t, 'static {…}']));
      continue;
    }
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) ? p.name.text : undefined;
    if (key === undefined || ts.isSpreadAssignment(p) || members.has(key)) {
      return fail(`its ${ts.isClassDeclaration(object.decl) ? 'class' : 'literal'} has ${ts.isSpreadAssignment(p) ? 'a spread' : key === undefined ? 'a computed name' : `a second '${key}'`} ('${p.getText()}'), so what its fields hold is known only at run time`);
    }
    const value = ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) ? p.initializer && unwrapValue(p.initializer) : p;
    // A static field's initialiser runs with the class as `this`, as its methods do.
    if (value && (ts.isMethodDeclaration(value) || ts.isFunctionExpression(value) || ts.isPropertyDeclaration(p))) {
      selfUses.push(...(ts.isPropertyDeclaration(p) ? thisUses(p) : thisUses(value)).map((t): [ts.Expression, string] => [t, key]));
    }
    members.set(key, p);
  }
  const held = members.get(field);
  if (!held) return undefined;
  const exportWhy = object.exportWhy(held, checker);
  if (exportWhy) fail(exportWhy);
  const value = (ts.isPropertyAssignment(held) || ts.isPropertyDeclaration(held)) && held.initializer ? unwrapValue(held.initializer) : undefined;
  let read: ModuleObjectField | undefined;
  if (value && ts.isArrayLiteralExpression(value) && (ts.isPropertyAssignment(held) || ts.isPropertyDeclaration(held))) {
    const elems: Expr[] = [];
    for (const el of value.elements) {
      const e = ts.isSpreadElement(el) || ts.isOmittedExpression(el) ? undefined : constant(el, v);
      if (!e) return fail(`its field '${field}' holds '${el.getText()}', which is not a numeric constant (literals, Math and module-level numeric constants)`);
      elems.push(e);
    }
    read = { array: { name: `${name}_${field}`, fileName: sf.fileName, elems, node: held } };
  } else {
    const number = value && constant(value, v);
    if (!number) return fail(`its field '${field}' is not a numeric constant nor a literal of them ('${held.getText()}')`);
    read = { number };
  }
  // Every use of the object in its module: a field read by name, and the field's value only read.
  const tables = new Set([...members].filter(([, p]) => (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer && ts.isArrayLiteralExpression(unwrapValue(p.initializer))).map(([k]) => k));
  const objectUse: UseCheck = (n, c, seen) => {
    let at: ts.Node = n;
    while (ts.isParenthesizedExpression(at.parent)) at = at.parent;
    const p = at.parent;
    if (ts.isPropertyAccessExpression(p) && p.expression === at) {
      let whole: ts.Node = p;
      while (ts.isParenthesizedExpression(whole.parent)) whole = whole.parent;
      if (isWritten(p) || ts.isDeleteExpression(whole.parent)) return `its field '${p.name.text}' written ('${whole.parent.getText()}')`;
      return tables.has(p.name.text) ? otherUse(p, c, seen) : undefined;
    }
    if (isTypeQueried(n)) return undefined;
    // A class constructed (its statics untouched), extended (a subclass's static writes are its own) or named as a type.
    if (ts.isClassDeclaration(object.decl) && ((ts.isNewExpression(p) && p.expression === at) || ts.isExpressionWithTypeArguments(p) || ts.isTypeReferenceNode(p) ||
        (ts.isBinaryExpression(p) && p.right === at && p.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword))) return undefined;
    if (ts.isCallExpression(p) && p.expression !== at) return calleeUse(p, p.arguments.indexOf(at as ts.Expression), c, seen, objectUse);
    if (ts.isVariableDeclaration(p) && p.initializer === at && ts.isIdentifier(p.name) && (ts.getCombinedNodeFlags(p) & ts.NodeFlags.Const) !== 0) return aliasUse(p as ts.VariableDeclaration & { name: ts.Identifier }, objectUse, c, seen);
    return `used as a value ('${p.getText()}')`;
  };
  const symbol = checker.getSymbolAtLocation(object.name);
  forEachNode(sf, (n) => {
    // `inst.constructor.k = 3`: an instance reaches its class, which the transform does not follow.
    if (ts.isClassDeclaration(object.decl) && ts.isPropertyAccessExpression(n) && n.name.text === 'constructor') {
      fail(`'${n.getText()}' at line ${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} may reach the class from an instance and write its static fields`);
    }
    if (!ts.isIdentifier(n) || n === object.name || n.text !== name || symbolOf(n, checker) !== symbol) return;
    const why = objectUse(n, checker, new Set());
    if (why) fail(`${why} at line ${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
  });
  for (const [self, key] of selfUses) {
    const why = objectUse(self, checker, new Set());
    if (why) fail(`${why} at line ${sf.getLineAndCharacterOfPosition(self.getStart()).line + 1}, through 'this' in its member '${key}'`);
  }
  return read;
}

/**
 * Functions held as members: a method or function-valued property of a module-level `const`
 * object literal (`const stats = { sq: (x: number) => x * x, erf(x: number) { … } }`), and a
 * static method of a class (`class U { static cube(x: number) { … } }`). Called or passed by
 * member (`stats.sq(x)`, `derivative(U.cube, 2)`), such a member is the function it is declared
 * as only while nothing replaces it, so it is compiled only with that proof: every use of the
 * object (or class) in its module, and of a const that copies it (`const m = stats`, another name
 * of it), reads a member by name (or, of a class, constructs it or names its type), no member read is a write of this member (`stats.sq = g`, `delete U.cube`, also
 * through `this`, which its methods may use only to read a member by name), and the object is not
 * exported, where an importing module could write it, unless `as const` makes the member read-only
 * to every TypeScript importer. Anything else is refused with the reason: a silently replaced
 * member would be a wrong derivative.
 *
 * A method of an object literal that reads `this` (`energy(r) { return this.k * r * r; }`) is
 * compiled only where `this` is known to be its object: called on it (`model.energy(r)`, also
 * through a const alias, or `this.energy(r)` in another method of it) or given to a verb (`derivative(model.energy, r)`,
 * compiled as bound, as a class's method taken from an instance is). `this.k` is then a read of
 * the object's field, which must be constant data (moduleArrays.ts). Passed anywhere else, as plain
 * JavaScript would call it with `this` undefined, it is refused. A static method reading `this`
 * (`static e(r) { return this.k * r; }`) is the same with the class as its object: compiled where
 * it is called on the class (`S.e(r)`, `this.e(r)` in another static method of it) or given to a
 * verb, `this.k` a read of a static field of constant data.
 */
import { ts } from 'ts-morph';
import { isWritten } from './aliases.js';
import { forEachNode } from './walk.js';

/** A member function the transform may compile: its declaration and a name for its compiled version. */
export interface MemberFunction {
  node: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;
  name: string;
}

const skipWrappers = (n: ts.Node): ts.Node => {
  let p = n.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) p = p.parent;
  return p;
};

/**
 * The function a member declaration (an object literal's property or method, a class's static
 * method) declares, when it is proved never replaced; `why` (naming the member) when it is a
 * member function that is not; undefined for any other declaration. `receiver`: the object the
 * member is read from where it is called (`model` of `model.energy(r)`) or given to a verb; a
 * method reading `this` is compiled only there, when that is its own object.
 */
export function memberFunction(decl: ts.Node, checker: ts.TypeChecker, receiver?: ts.Expression): { found: MemberFunction } | { why: string } | undefined {
  if (!(ts.isPropertyAssignment(decl) || ts.isMethodDeclaration(decl)) || !ts.isIdentifier(decl.name)) return undefined;
  const member = decl.name.text;
  const value = ts.isPropertyAssignment(decl) ? skipExpressionWrappers(decl.initializer) : decl;
  if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value) && !ts.isMethodDeclaration(value)) return undefined;
  if (!value.body) return undefined;
  let owner: { name: ts.Identifier; scope: ts.Node; exported: boolean; readOnly: boolean };
  let what: string;
  if (ts.isObjectLiteralExpression(decl.parent)) {
    const literal = decl.parent;
    const holder = moduleConstOf(literal);
    what = `'${member}' of the object literal`;
    const local = holder ? undefined : localObjectOf(literal, checker);
    if (local) {
      const called = `${local.holder.name.text}.${member}`;
      return { why: `'${called}' is a member function of an object made in a function, compiled where it is called on its object (${called}(…)) in that function; give the verb an arrow that calls it, (x) => ${called}(x)` };
    }
    if (!holder) {
      return { why: `${what} is compiled only when the object is a module-level const (const stats = { … } at the top level of a module), so that nothing else can hold or replace it` };
    }
    what = `'${holder.name.text}.${member}'`;
    if (literal.properties.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && !ts.isIdentifier(p.name) && !ts.isStringLiteral(p.name) && !ts.isNumericLiteral(p.name)) ||
        (p !== decl && p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === member))) {
      return { why: `${what} is in an object literal with a spread, a computed name or a second '${member}', so which function it holds is known only at run time` };
    }
    const statement = holder.parent.parent as ts.VariableStatement;
    const exported = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    const init = holder.initializer!;
    const readOnly = ts.isAsExpression(init) && ts.isTypeReferenceNode(init.type) && init.type.typeName.getText() === 'const';
    owner = { name: holder.name, scope: literal, exported, readOnly };
  } else if (ts.isMethodDeclaration(decl) && ts.isClassDeclaration(decl.parent) && decl.parent.name && isStatic(decl)) {
    const cls = decl.parent;
    what = `the static method '${cls.name!.text}.${member}'`;
    if (ts.getDecorators(cls)?.length || ts.getDecorators(decl)?.length) return { why: `${what} is decorated, and a decorator may replace it` };
    const exported = ts.getModifiers(cls)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    owner = { name: cls.name!, scope: cls, exported, readOnly: false };
  } else {
    return undefined;
  }
  if (usesThis(value)) {
    const why = ts.isArrowFunction(value) ? `which in an arrow is the 'this' of the module, not the object; write it as a method (${member}(…) { … })`
      : whyNotOwnThis(receiver, owner.name, member, owner.scope as ts.ObjectLiteralExpression | ts.ClassDeclaration, checker);
    if (why) return { why: `${what} reads 'this', ${why}` };
  }
  const why = whyReplaceable(owner, member, checker);
  if (why) return { why: `${what} cannot be proved to hold the function it is declared as: ${why}` };
  return { found: { node: value, name: `${owner.name.text}_${member}` } };
}

function skipExpressionWrappers(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/**
 * Why `this` in the method `member` of the object literal `literal` (held by the const `holder`), or
 * in the static method of the class `literal` (named `holder`), may not be that object where the
 * method is read from `receiver`; undefined when it is: `receiver` names the const or the class
 * (also through imports), or is `this` in another method of the same literal (static one of the class).
 */
function whyNotOwnThis(receiver: ts.Expression | undefined, holder: ts.Identifier, member: string, literal: ts.ObjectLiteralExpression | ts.ClassDeclaration, checker: ts.TypeChecker): string | undefined {
  const call = `call it on its ${ts.isClassDeclaration(literal) ? 'class' : 'object'} (${holder.text}.${member}(…); to pass it as a function, the arrow (x) => ${holder.text}.${member}(x)) or give ${holder.text}.${member} to a verb`;
  if (receiver === undefined) return `which is its object only where it is called on it; JavaScript calls it with 'this' undefined when it is passed as a function value: ${call}`;
  const r = skipExpressionWrappers(receiver);
  if (r.kind === ts.SyntaxKind.ThisKeyword) {
    if (thisOwner(r) === literal) return undefined;
  } else if (ts.isIdentifier(r)) {
    const s = objectNamed(r, checker);
    if (s !== undefined && s === checker.getSymbolAtLocation(holder)) return undefined;
  }
  return `and here it is read from '${receiver.getText()}', which the transform cannot prove is '${holder.text}': ${call}`;
}

/** A const another name of an object is (`m` of `const m = model`), with the declaration of the name it copies. */
function constAliasOf(d: ts.Declaration | undefined): (ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Identifier }) | undefined {
  if (!d || !ts.isVariableDeclaration(d) || !ts.isIdentifier(d.name) || !d.initializer || (ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const) === 0) return undefined;
  return ts.isIdentifier(skipExpressionWrappers(d.initializer)) ? d as ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Identifier } : undefined;
}

/** The symbol a name of an object stands for: through imports and const aliases (`const m = model`), the object's own. */
function objectNamed(id: ts.Identifier, checker: ts.TypeChecker): ts.Symbol | undefined {
  let s = checker.getSymbolAtLocation(id);
  for (let seen = new Set<ts.Symbol>(); s && !seen.has(s); ) {
    seen.add(s);
    if (s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
    const alias = constAliasOf(s.valueDeclaration);
    if (!alias) return s;
    s = checker.getSymbolAtLocation(skipExpressionWrappers(alias.initializer));
  }
  return s;
}

/**
 * The object `this` is: the object literal whose method (or function-valued property) it is the
 * `this` of, or the class declaration in whose static member (method, field initialiser, static
 * block) it is; undefined otherwise. Through arrows, which take the `this` of where they are written.
 */
export function thisOwner(thisKeyword: ts.Node): ts.ObjectLiteralExpression | ts.ClassDeclaration | undefined {
  let f: ts.Node | undefined = thisKeyword.parent;
  while (f && !(ts.isFunctionLike(f) && !ts.isArrowFunction(f)) && !ts.isClassLike(f) && !ts.isSourceFile(f) &&
      !(ts.isPropertyDeclaration(f) && ts.isClassLike(f.parent)) && !ts.isClassStaticBlockDeclaration(f)) f = f.parent;
  if (!f) return undefined;
  if (ts.isMethodDeclaration(f) && ts.isObjectLiteralExpression(f.parent)) return f.parent;
  if ((ts.isMethodDeclaration(f) || ts.isPropertyDeclaration(f) || ts.isClassStaticBlockDeclaration(f)) && ts.isClassDeclaration(f.parent) &&
      (ts.isClassStaticBlockDeclaration(f) || isStatic(f))) return f.parent;
  if (!ts.isFunctionExpression(f)) return undefined;
  const p = skipWrappers(f);
  return ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.parent) ? p.parent : undefined;
}

/** Whether a declaration carries the modifier `kind` (`static`, `readonly`, …). */
export const hasModifier = (node: ts.Node, kind: ts.ModifierSyntaxKind): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);

/** Whether a class member is declared `static`. */
export const isStatic = (member: ts.Node): boolean => hasModifier(member, ts.SyntaxKind.StaticKeyword);

/**
 * The name of the object `this` is, where it is a module-level one: the const holding the object
 * literal (`model` for `this.k` in `const model = { k: 2, energy(r) { … this.k … } }`) or the class
 * of a static member (`S` for `this.k` in `class S { static e(r) { … this.k … } }`); else undefined.
 */
export function thisHolderName(thisKeyword: ts.Node): ts.Identifier | undefined {
  const owner = thisOwner(thisKeyword);
  if (owner && ts.isClassDeclaration(owner)) return owner.name && ts.isSourceFile(owner.parent) ? owner.name : undefined;
  return owner && moduleConstOf(owner)?.name;
}

/** The module-level const an object literal initialises (`stats` of `const stats = { … }` at the top level), or undefined. */
function moduleConstOf(literal: ts.ObjectLiteralExpression): (ts.VariableDeclaration & { name: ts.Identifier }) | undefined {
  const holder = skipWrappers(literal);
  return ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && (holder.parent.flags & ts.NodeFlags.Const) !== 0 &&
    ts.isVariableStatement(holder.parent.parent) && ts.isSourceFile(holder.parent.parent.parent) ? holder as ts.VariableDeclaration & { name: ts.Identifier } : undefined;
}

/**
 * Why the member `e` reads (`model.energy`) cannot be passed on as a function value, where it is a
 * member function that is not compiled so (a method reading `this`, a replaceable member); else undefined.
 */
export function memberValueWhy(e: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const decl = ts.isPropertyAccessExpression(e) ? checker.getSymbolAtLocation(e.name)?.valueDeclaration : undefined;
  const member = decl && memberFunction(decl, checker);
  return member && 'why' in member ? member.why : undefined;
}

/** Whether a function reads `this` (its own, not a nested function's or class's). */
function usesThis(f: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (n.kind === ts.SyntaxKind.ThisKeyword) found = true;
    else if (!ts.isFunctionDeclaration(n) && !ts.isFunctionExpression(n) && !ts.isClassLike(n)) n.forEachChild(visit);
  };
  f.forEachChild(visit);
  return found;
}

const lineOf = (n: ts.Node): number => n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1;

/** Why the member `member` of the object or class `owner` names could be replaced, or undefined when it cannot. */
function whyReplaceable(owner: { name: ts.Identifier; scope: ts.Node; exported: boolean; readOnly: boolean }, member: string, checker: ts.TypeChecker): string | undefined {
  const symbol = checker.getSymbolAtLocation(owner.name);
  if (!symbol) return `the transform cannot resolve '${owner.name.text}'`;
  if (owner.exported && !owner.readOnly) {
    return `'${owner.name.text}' is exported, and a module importing it could assign its member; keep it in this module, declare '${member}' as a function of its own, or (an object literal) make it read-only with 'as const'`;
  }
  // Its names: its own and those of the consts that copy it (`const m = model`).
  const names = new Set([owner.name.text]);
  forEachNode(owner.name.getSourceFile(), (n) => {
    const alias = constAliasOf(n as ts.Declaration);
    if (alias && objectNamed(alias.name, checker) === symbol) names.add(alias.name.text);
  });
  let why: string | undefined;
  forEachNode(owner.name.getSourceFile(), (n) => {
    if (why) return;
    // `this.member = …` inside the object or class.
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && n.name.text === member &&
        isMemberWritten(n) && isInside(n, owner.scope)) {
      why = `'this.${member}' is written at line ${lineOf(n)}`;
      return;
    }
    // `register(this)`, `return this` in a method of the object (a static member of the class): it escapes, and its member could be replaced there.
    if (n.kind === ts.SyntaxKind.ThisKeyword && thisOwner(n) === owner.scope) {
      let at: ts.Node = n;
      while (ts.isParenthesizedExpression(at.parent)) at = at.parent;
      // (`new this(…)` in a static method constructs an instance: the class's members stay as they are.)
      if (!(ts.isPropertyAccessExpression(at.parent) && at.parent.expression === at) && !(ts.isNewExpression(at.parent) && at.parent.expression === at)) why = `'this' is used as a value ('${at.parent.getText()}') at line ${lineOf(n)}, where its member could be replaced`;
      return;
    }
    if (!ts.isIdentifier(n) || n === owner.name || !names.has(n.text) || (ts.isVariableDeclaration(n.parent) && n.parent.name === n)) return;
    const s = objectNamed(n, checker);
    if (s !== symbol && !(ts.isShorthandPropertyAssignment(n.parent) && checker.getShorthandAssignmentValueSymbol(n.parent) === symbol)) return;
    const p = n.parent;
    // `const m = model`: another name of it, whose uses are checked as its own (an exported one may be written by an importer).
    const alias = constAliasOf(skipWrappers(n) as ts.Declaration);
    if (alias) {
      if (!owner.readOnly && ts.getModifiers(alias.parent.parent as ts.VariableStatement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) why = `'${owner.name.text}' is exported as '${alias.name.text}' at line ${lineOf(alias)}, and a module importing it could assign its member`;
      return;
    }
    if (ts.isPropertyAccessExpression(p) && p.expression === n) {
      if (p.name.text === member && isMemberWritten(p)) why = `'${p.getText()}' is written at line ${lineOf(p)}`;
      return;
    }
    if (ts.isExportSpecifier(p) || ts.isExportAssignment(p)) {
      if (!owner.readOnly) why = `'${owner.name.text}' is exported at line ${lineOf(p)}, and a module importing it could assign its member`;
      return;
    }
    if (ts.isTypeReferenceNode(p) || ts.isTypeQueryNode(p) || ts.isExpressionWithTypeArguments(p) || ts.isQualifiedName(p)) return;
    if (ts.isNewExpression(p) && p.expression === n) return;
    if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) return;
    why = `'${n.text}'${n.text === owner.name.text ? '' : ` (another name of '${owner.name.text}')`} is used at line ${lineOf(n)} as a value (not by reading a member by name), where its member could be replaced`;
  });
  return why;
}

function isInside(n: ts.Node, scope: ts.Node): boolean {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === scope) return true;
  return false;
}

/** Whether a member access is assigned, incremented or deleted. */
function isMemberWritten(access: ts.PropertyAccessExpression): boolean {
  let p = access.parent;
  while (ts.isParenthesizedExpression(p)) p = p.parent;
  return ts.isDeleteExpression(p) || isWritten(access);
}

/**
 * An object literal with member functions held by a local const of a function (`m` of `function
 * loss(x) { const m = { k: x, e(v) { return this.k * v * v; } }; return m.e(x); }`): a record of
 * its number fields (scalarise.ts), each member function a local function of that function
 * (closures.ts), `this` in it the record. That holds only while the object stays where it is
 * made: every use of the const (and of `this` in its methods) reads a field, not writing it, or
 * calls a member function; `why` says where it does not.
 */
export interface LocalObject {
  holder: ts.VariableDeclaration & { name: ts.Identifier };
  literal: ts.ObjectLiteralExpression;
  /** Why the object cannot be compiled so, or undefined. */
  why: string | undefined;
}

/** The member functions of an object literal (methods and function-valued properties), by name. */
function memberFunctionsOf(literal: ts.ObjectLiteralExpression): Map<string, ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression> {
  const found = new Map<string, ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression>();
  for (const p of literal.properties) {
    if (!p.name || !ts.isIdentifier(p.name)) continue;
    const value = ts.isPropertyAssignment(p) ? skipExpressionWrappers(p.initializer) : p;
    if (ts.isMethodDeclaration(value) || ts.isArrowFunction(value) || ts.isFunctionExpression(value)) found.set(p.name.text, value);
  }
  return found;
}

/** The local object an object literal with member functions is (see LocalObject), or undefined. */
export function localObjectOf(literal: ts.ObjectLiteralExpression, checker: ts.TypeChecker): LocalObject | undefined {
  const members = memberFunctionsOf(literal);
  if (members.size === 0) return undefined;
  const holder = skipWrappers(literal);
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || moduleConstOf(literal)) return undefined;
  let scope: ts.Node | undefined = holder.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope || ts.isSourceFile(scope)) return undefined;
  const name = holder.name.text;
  const local = { holder: holder as LocalObject['holder'], literal };
  const where = `the object literal '${name}' with member functions (${[...members.keys()].join(', ')}), declared in a function, is compiled as its numbers with its member functions called on it`;
  if ((holder.parent.flags & ts.NodeFlags.Const) === 0) return { ...local, why: `${where} only when it is held by a const; declare it const ${name} = { … }` };
  const names = new Set<string>();
  for (const p of literal.properties) {
    const plain = (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p)) && ts.isIdentifier(p.name) && !names.has(p.name.text);
    if (!plain) return { ...local, why: `${where} only when it lists named fields and methods (no spread, getter, computed or repeated name: '${p.getText()}')` };
    names.add((p.name as ts.Identifier).text);
  }
  for (const [member, f] of members) {
    if (ts.isArrowFunction(f) && usesThis(f)) return { ...local, why: `'${name}.${member}' reads 'this', which in an arrow is the 'this' of the enclosing function, not the object; write it as a method (${member}(…) { … })` };
  }
  /** Why a use of the object (`at`: the const by name, or `this` in its methods) does not only read a field or call a member function. */
  const useWhy = (at: ts.Node, what: string): string | undefined => {
    let use: ts.Node = at;
    while (ts.isParenthesizedExpression(use.parent) || ts.isNonNullExpression(use.parent)) use = use.parent;
    const read = use.parent;
    // `const { k, w } = m`: reads its fields (a member function unpacked would lose its 'this').
    if (ts.isVariableDeclaration(read) && read.initializer === use && ts.isObjectBindingPattern(read.name)) {
      const unpacked = read.name.elements.find((el) => members.has((el.propertyName ?? el.name).getText()));
      return unpacked && `${where} only when its member functions are called on it, and '${unpacked.getText()}' is unpacked from '${what}' at line ${lineOf(at)}, where JavaScript would call it with 'this' undefined: call it (${name}.${(unpacked.propertyName ?? unpacked.name).getText()}(…))`;
    }
    if (!ts.isPropertyAccessExpression(read) || read.expression !== use) return `${where} only when it stays there, and '${what}' is used as a value ('${read.getText()}') at line ${lineOf(at)}: read its fields and call its methods there (pass ${name}.k, not ${name})`;
    if (read.questionDotToken) return `${where}, read without '?.' ('${read.getText()}' at line ${lineOf(at)})`;
    if (members.has(read.name.text)) {
      let called: ts.Node = read;
      while (ts.isParenthesizedExpression(called.parent)) called = called.parent;
      if (!ts.isCallExpression(called.parent) || called.parent.expression !== called) return `${where} only when its member functions are called on it, and '${read.getText()}' is used as a value at line ${lineOf(at)}, where JavaScript would call it with another 'this': call it (${read.getText()}(…)), or pass an arrow (x) => ${read.getText()}(x)`;
      return undefined;
    }
    if (isMemberWritten(read)) return `${where} only when it is not written, and '${read.getText()}' is written at line ${lineOf(at)}: hold the new value in a local of its own`;
    return undefined;
  };
  const symbol = checker.getSymbolAtLocation(holder.name);
  let why: string | undefined;
  forEachNode(scope, (n) => {
    if (why) return;
    if (n.kind === ts.SyntaxKind.ThisKeyword && thisOwner(n) === literal) why = useWhy(n, 'this');
    else if (ts.isIdentifier(n) && n !== holder.name && n.text === name && !ts.isTypeQueryNode(n.parent) && checker.getSymbolAtLocation(n) === symbol) {
      why = ts.isShorthandPropertyAssignment(n.parent) ? `${where} only when it stays there, and it is put into another object ('${n.parent.parent.getText()}') at line ${lineOf(n)}` : useWhy(n, name);
    }
  });
  return { ...local, why };
}

/**
 * The member function `decl` declares when it is one of a local object (localObjectOf): its node,
 * a name for its lifted version, the object and the function it is local to; undefined otherwise.
 */
export function localMemberOf(decl: ts.Node | undefined, checker: ts.TypeChecker): { node: ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression; name: string; object: LocalObject } | undefined {
  if (!decl || !(ts.isPropertyAssignment(decl) || ts.isMethodDeclaration(decl)) || !ts.isIdentifier(decl.name) || !ts.isObjectLiteralExpression(decl.parent)) return undefined;
  const node = memberFunctionsOf(decl.parent).get(decl.name.text);
  const object = node && localObjectOf(decl.parent, checker);
  return object && node && { node, name: `${object.holder.name.text}_${decl.name.text}`, object };
}

/**
 * Functions held as members: a method or function-valued property of a module-level `const`
 * object literal (`const stats = { sq: (x: number) => x * x, erf(x: number) { … } }`), and a
 * static method of a class (`class U { static cube(x: number) { … } }`). Called or passed by
 * member (`stats.sq(x)`, `derivative(U.cube, 2)`), such a member is the function it is declared
 * as only while nothing replaces it, so it is compiled only with that proof: every use of the
 * object (or class) in its module reads a member by name (or, of a class, constructs it or names
 * its type), no member read is a write of this member (`stats.sq = g`, `delete U.cube`, also
 * through `this`), and the object is not exported, where an importing module could write it, unless
 * `as const` makes the member read-only to every TypeScript importer. Anything else is refused
 * with the reason: a silently replaced member would be a wrong derivative.
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
 * member function that is not; undefined for any other declaration.
 */
export function memberFunction(decl: ts.Node, checker: ts.TypeChecker): { found: MemberFunction } | { why: string } | undefined {
  if (!(ts.isPropertyAssignment(decl) || ts.isMethodDeclaration(decl)) || !ts.isIdentifier(decl.name)) return undefined;
  const member = decl.name.text;
  const value = ts.isPropertyAssignment(decl) ? skipExpressionWrappers(decl.initializer) : decl;
  if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value) && !ts.isMethodDeclaration(value)) return undefined;
  if (!value.body) return undefined;
  let owner: { name: ts.Identifier; scope: ts.Node; exported: boolean; readOnly: boolean };
  let what: string;
  if (ts.isObjectLiteralExpression(decl.parent)) {
    const literal = decl.parent;
    const holder = skipWrappers(literal);
    what = `'${member}' of the object literal`;
    if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || (holder.parent.flags & ts.NodeFlags.Const) === 0 ||
        !ts.isVariableStatement(holder.parent.parent) || !ts.isSourceFile(holder.parent.parent.parent)) {
      return { why: `${what} is compiled only when the object is a module-level const (const stats = { … } at the top level of a module), so that nothing else can hold or replace it` };
    }
    what = `'${holder.name.text}.${member}'`;
    if (literal.properties.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && !ts.isIdentifier(p.name) && !ts.isStringLiteral(p.name) && !ts.isNumericLiteral(p.name)) ||
        (p !== decl && p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === member))) {
      return { why: `${what} is in an object literal with a spread, a computed name or a second '${member}', so which function it holds is known only at run time` };
    }
    const statement = holder.parent.parent;
    const exported = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    const init = holder.initializer!;
    const readOnly = ts.isAsExpression(init) && ts.isTypeReferenceNode(init.type) && init.type.typeName.getText() === 'const';
    owner = { name: holder.name, scope: literal, exported, readOnly };
  } else if (ts.isMethodDeclaration(decl) && ts.isClassDeclaration(decl.parent) && decl.parent.name &&
      ts.getModifiers(decl)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) {
    const cls = decl.parent;
    what = `the static method '${cls.name!.text}.${member}'`;
    if (ts.getDecorators(cls)?.length || ts.getDecorators(decl)?.length) return { why: `${what} is decorated, and a decorator may replace it` };
    const exported = ts.getModifiers(cls)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    owner = { name: cls.name!, scope: cls, exported, readOnly: false };
  } else {
    return undefined;
  }
  if (usesThis(value)) {
    return { why: `${what} reads 'this', which is not compiled for a member function yet; pass what it reads as parameters, or name the object instead of 'this'` };
  }
  const why = whyReplaceable(owner, member, checker);
  if (why) return { why: `${what} cannot be proved to hold the function it is declared as: ${why}` };
  return { found: { node: value, name: `${owner.name.text}_${member}` } };
}

function skipExpressionWrappers(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
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
  let why: string | undefined;
  forEachNode(owner.name.getSourceFile(), (n) => {
    if (why) return;
    // `this.member = …` inside the object or class.
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && n.name.text === member &&
        isMemberWritten(n) && isInside(n, owner.scope)) {
      why = `'this.${member}' is written at line ${lineOf(n)}`;
      return;
    }
    if (!ts.isIdentifier(n) || n === owner.name || n.text !== owner.name.text) return;
    let s = checker.getSymbolAtLocation(n);
    if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
    if (s !== symbol && !(ts.isShorthandPropertyAssignment(n.parent) && checker.getShorthandAssignmentValueSymbol(n.parent) === symbol)) return;
    const p = n.parent;
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
    why = `'${owner.name.text}' is used at line ${lineOf(n)} as a value (not by reading a member by name), where its member could be replaced`;
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

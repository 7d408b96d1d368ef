/**
 * Records, tuples and class instances of numbers (the scalarise pass): a value of a fixed shape
 * (an interface, a type alias, an object type, a class with number fields, nested) is laid out as
 * the numbers of its fields in declaration order, depth first, in one array of numbers; a field
 * read `p.pos.x` is the element at its place. Emitters then never see an object: a record is an
 * array whose length and places are known at compile time. A tuple of numbers (`[number, number]`,
 * `type Vec3 = [number, number, number]`) already is such an array.
 *
 * An array of records (`Point[]`, `{ x: number; y: number }[]`) is laid out strided: the numbers of
 * its records one after another in one array of numbers, record k at k·stride (the stride is the
 * number of numbers in a record), so `pts[i].x` is the element at i·stride + the place of x, and
 * `pts.length` is the array's length divided by the stride.
 *
 * A verb's call site flattens a record point into the array of its fields and builds the result
 * back into a record of the same shape (a gradient with respect to a record is a record, with
 * respect to an array of records an array of records); see emit/records.ts.
 */
import { ts } from 'ts-morph';
import { reject } from '../diagnostics.js';
import type { NumericFunction, Var } from './ir.js';
import { localObjectOf } from './members.js';
import { isJavaScript } from './walk.js';

/** The fields of a record type, in declaration order; a field is a number (no shape) or a record. */
export interface RecordShape {
  /** The type as written in messages (`Point`, `{ x: number; y: number }`). */
  readonly typeName: string;
  readonly fields: readonly RecordField[];
  /**
   * Fields of a string or boolean constant (culori's `{ mode: 'lrgb', r, g, b }`): a tag of the
   * shape, known at compile time from the field's literal type or the literal that makes the record.
   * They take no place in the layout and are never differentiated nor read by compiled code; a
   * record built back (a value, a gradient, a row of a Jacobian) carries them unchanged. `at` is the
   * number of fields (of `fields`) declared before it, for building records back in declaration order.
   */
  readonly constants?: readonly RecordConstant[];
  /**
   * A tuple of numbers as the element of an array of tuples (`Vec3[]`): its fields are named
   * '0', '1', … and read by a literal index (`vs[i][2]`). A tuple alone is an array of numbers.
   */
  readonly tuple?: true;
}

/**
 * A field of a record shape: a number (no shape) or a record. An optional number field (`h?: number`,
 * or one a JavaScript function adds after making the record, culori's `if (M - m !== 0) res.h = …`)
 * has its place too, which holds undefined where the record lacks it, as JavaScript reads it: its
 * tangent and adjoint are 0 there, and `res.h === undefined` tests it.
 */
export interface RecordField {
  readonly name: string;
  readonly shape?: RecordShape;
  readonly optional?: true;
}

/** The first optional field of a shape or of its nested records, as a path (`h`, `pos.z`), or undefined. */
export function optionalFieldOf(shape: RecordShape): string | undefined {
  for (const f of shape.fields) {
    if (f.optional) return f.name;
    const inner = f.shape && optionalFieldOf(f.shape);
    if (inner) return `${f.name}.${inner}`;
  }
  return undefined;
}

/** A constant field of a record shape (see RecordShape.constants). */
export interface RecordConstant {
  readonly name: string;
  readonly value: string | boolean;
  readonly at: number;
}

/** The constant field `name` of `shape`, if it has one. */
export const constantOf = (shape: RecordShape, name: string): RecordConstant | undefined => shape.constants?.find((c) => c.name === name);

/**
 * The constant a field of a string or boolean type holds in every record of its type: its literal
 * type (`mode: 'rgb'`, `flag: true`), or else the literal written where the record is made
 * (`{ mode: 'lrgb', … }`, which TypeScript widens to string). Undefined when the value is not known.
 */
function constantValue(p: ts.Symbol, fieldType: ts.Type): string | boolean | undefined {
  if (fieldType.isStringLiteral()) return fieldType.value;
  if (fieldType.flags & ts.TypeFlags.BooleanLiteral) return (fieldType as { intrinsicName?: string }).intrinsicName === 'true';
  const d = p.valueDeclaration;
  return d && ts.isPropertyAssignment(d) ? literalConstant(d.initializer) : undefined;
}

/** The value of a string or boolean literal (`'lrgb'`, `true`), else undefined. */
export function literalConstant(e: ts.Expression): string | boolean | undefined {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** The record shape each record parameter or local (an array of its fields) has. */
export const recordShapes = new WeakMap<Var, RecordShape>();

/** The record shape of the elements of each array of records (a parameter, local or capture; laid out strided). */
export const recordArrayShapes = new WeakMap<Var, RecordShape>();

/**
 * The names of records of arrays of records (`const p = pts[i]`, `for (const p of pts)`): each is
 * a number local holding where its record starts in the array (i·stride), so that `p.x` reads and
 * writes the element there, as in JavaScript, where p and pts[i] are the same object.
 */
export const recordViews = new WeakMap<Var, { readonly arr: Var; readonly shape: RecordShape }>();

/**
 * Records with array fields (`interface Model { weights: number[]; mirror: number }`): a record of
 * k numbers and j arrays of numbers is k numbers laid out as above (the record variable, its
 * shape in recordShapes holding the number fields only) and j array variables of their own, one per
 * array field, which follow the record variable wherever it is a parameter or a capture. Keyed by
 * the record variable: its array fields by name.
 */
export const arrayFields = new WeakMap<Var, ReadonlyMap<string, Var>>();

/** The record variable and field name of each array variable that holds an array field (`m.weights`). */
export const fieldArrays = new WeakMap<Var, { readonly record: Var; readonly field: string }>();

/**
 * The layout of the record with array fields a function returns (keyed by its declaration). Such a
 * function returns one array of numbers: the k numbers of the record, the j lengths of its arrays,
 * then the elements of each array in field order; the caller unpacks it into a local record and j
 * new arrays. The callee's arrays are new arrays of that call (never a parameter's or a capture's,
 * nor one array in two fields), so the caller's copies are the same arrays as far as any program
 * can tell.
 */
export const splitReturns = new WeakMap<ts.Node, { readonly shape: RecordShape; readonly arrays: readonly string[] }>();

/** The record shape a function returns (keyed by its declaration: every lowering of it returns the same). */
export const recordReturns = new WeakMap<ts.Node, RecordShape>();

/**
 * The record shape of the elements of the array of records a function returns (keyed by its
 * declaration): it returns them strided, as an array of numbers; a call site builds them back.
 */
export const recordArrayReturns = new WeakMap<ts.Node, RecordShape>();

/**
 * The records of a function's one parameter (`input`) and of its value (`output`), where they are
 * records (`inputIsArray`, `outputIsArray`: an array of records of that shape): a verb's call site,
 * and ddx gen's function, pass the numbers of the point and build records back (emit/records.ts).
 */
export interface RecordsOf {
  readonly input?: RecordShape;
  readonly output?: RecordShape;
  readonly inputIsArray?: boolean;
  readonly outputIsArray?: boolean;
}

/** The records of `fn`'s point and value (RecordsOf), or undefined for a function of numbers and arrays of numbers. */
export function recordsOf(fn: NumericFunction): RecordsOf | undefined {
  const param = fn.params.length === 1 ? fn.params[0] : undefined;
  const input = param && (recordShapes.get(param) ?? recordArrayShapes.get(param));
  const outputRecords = recordArrayReturns.get(fn.node);
  const output = recordReturns.get(fn.node) ?? outputRecords;
  if (!input && !output) return undefined;
  return { input, output, ...(input && recordArrayShapes.has(param!) ? { inputIsArray: true } : {}), ...(output && output === outputRecords ? { outputIsArray: true } : {}) };
}

/** `gradient((p: Point) => f(p, k), p0)`: the arrow that differentiates `name` with respect to its record parameter `record` alone, the others in scope. */
export function recordAloneArrow(verb: string, name: string, params: readonly Var[], record: Var): string {
  const shape = (recordShapes.get(record) ?? recordArrayShapes.get(record))!;
  return `${verb}((${record.sourceName}: ${shape.typeName}${recordArrayShapes.has(record) ? '[]' : ''}) => ${name}(${params.map((p) => p.sourceName).join(', ')}), ${record.sourceName}0)`;
}

/** A parameter as the source declared it, for messages: a record, an array of records, a matrix, or its kind. */
export function describedParam(p: Var): string {
  const shape = recordShapes.get(p), records = recordArrayShapes.get(p);
  return shape ? `a ${shape.tuple ? 'tuple' : 'record'} ${shape.typeName}` : records ? `an array of records ${records.typeName}[]` : matrices.has(p) ? 'a matrix' : p.kind;
}

/** What `fn` returns as the source wrote it, for messages, where scalarised it returns an array: a record, a tuple, an array of records, else `array`. */
export function returnedText(fn: NumericFunction, array = 'an array'): string {
  const record = recordReturns.get(fn.node) ?? splitReturns.get(fn.node)?.shape, records = recordArrayReturns.get(fn.node);
  return record ? `a ${record.tuple ? 'tuple' : 'record'} (${record.typeName})` : records ? `an array of records (${records.typeName}[])` : array;
}

/** Why `verb`, which needs f to return a number, refuses `fn`, which returns an array once scalarised (DDX1010). */
export function numberOutputAdvice(verb: string, fn: NumericFunction): string {
  const record = recordReturns.get(fn.node) ?? splitReturns.get(fn.node)?.shape;
  const field = record && !record.tuple ? `; differentiate one of its fields, (…) => ${fn.name}(…).${record.fields[0].name}, or` : ';';
  return `${verb} needs f to return a number, but '${fn.name}' returns ${returnedText(fn)}${field} use jacobian/jvp for array outputs`;
}

/** The paths of the numbers of a shape, in their order in the array (`['pos', 'x']`, …). */
export function leafPaths(shape: RecordShape): string[][] {
  return shape.fields.flatMap((f) => (f.shape ? leafPaths(f.shape).map((p) => [f.name, ...p]) : [[f.name]]));
}

/** Whether two shapes lay out the same fields at the same places. */
export function sameLayout(a: RecordShape, b: RecordShape): boolean {
  const pa = leafPaths(a).map((p) => p.join('.')), pb = leafPaths(b).map((p) => p.join('.'));
  // A constant field both shapes have holds the same constant (a record is never retagged).
  const tagsAgree = (a.constants ?? []).every((c) => { const d = constantOf(b, c.name); return !d || d.value === c.value; });
  return pa.length === pb.length && pa.every((p, i) => p === pb[i]) && tagsAgree;
}

/** Where the field at `path` starts in the array, and its shape (undefined for a number); undefined when there is no such field. */
export function fieldPlace(shape: RecordShape, path: readonly string[]): { index: number; shape?: RecordShape } | undefined {
  let index = 0;
  let at: RecordShape | undefined = shape;
  for (const name of path) {
    if (!at) return undefined;
    const k: number = at.fields.findIndex((f) => f.name === name);
    if (k < 0) return undefined;
    for (const f of at.fields.slice(0, k)) index += f.shape ? leafPaths(f.shape).length : 1;
    at = at.fields[k].shape;
  }
  return { index, shape: at };
}

const isNumberType = (t: ts.Type): boolean => (t.flags & ts.TypeFlags.NumberLike) !== 0;

/**
 * A field of an object literal's inferred type that the checker types any: its value reads an
 * element of an array (`{ x: 1, y: xs[i] }`, `const q = xs[i]; { y: q }`), which the analysis,
 * having no lib, cannot type. It is laid out as a number; lowering the value checks that it is one.
 */
const isInferredAny = (p: ts.Symbol, t: ts.Type): boolean =>
  (t.flags & ts.TypeFlags.Any) !== 0 && p.valueDeclaration !== undefined &&
  (ts.isPropertyAssignment(p.valueDeclaration) || ts.isShorthandPropertyAssignment(p.valueDeclaration));

/** Whether a type is an object type that could be a record (not a function, an array or a tuple). */
function isObjectType(type: ts.Type, checker: ts.TypeChecker): boolean {
  if ((type.flags & ts.TypeFlags.Object) === 0 && !type.isIntersection()) return false;
  if (type.getCallSignatures().length > 0 || checker.isTupleType(type)) return false;
  const name = type.getSymbol()?.getName();
  return name !== 'Array' && name !== 'ReadonlyArray' && name !== 'Float64Array' && name !== 'ArrayLike';
}

/** The length of a tuple type of numbers, else undefined. */
export function tupleLength(type: ts.Type, checker: ts.TypeChecker): number | undefined {
  if (!checker.isTupleType(type)) return undefined;
  const elements = checker.getTypeArguments(type as ts.TypeReference);
  const target = (type as ts.TypeReference).target as ts.TupleType;
  // Optional and rest elements make the length vary.
  if (target.hasRestElement || target.minLength !== elements.length) return undefined;
  return elements.every(isNumberType) ? elements.length : undefined;
}

/**
 * Why the member `name` of an object literal, a method or a function-valued field, cannot be part
 * of a record: a record is its numbers, and a member function is compiled only of a const object
 * at module level or one a function makes and only reads (members.ts).
 */
export function memberOfRecordWhy(name: string, what: string): string {
  return `${what} holds the function '${name}', and a record the transform differentiates through holds numbers only: methods (and function-valued fields) are compiled only of a const object (const m = { … }, which may read its fields through 'this') at the top level of a module, or in a function that only reads its fields and calls its methods on it (m.k, m.${name}(…)); hold the object in such a const, or write '${name}' as a local function (const ${name} = (…) => …) and keep the numbers in the record`;
}

/**
 * The record shape of `type`, written `typeName` at `at`; undefined when it is no object type
 * (a number, an array, …). Rejects (DDX1022) an object type that cannot be laid out as numbers.
 */
export function recordShapeOf(type: ts.Type, checker: ts.TypeChecker, at: ts.Node, typeName = typeText(type, checker), arrays?: ArrayFieldsOut): RecordShape | undefined {
  if (!isObjectType(type, checker)) return undefined;
  const advice = 'a record the transform differentiates through has required fields that are numbers or records of numbers';
  if (checker.getIndexInfosOfType(type).length > 0) {
    reject(at, 'DDX1022', `'${typeName}' has an index signature, so its fields are not known at compile time; ${advice}: declare each field (x: number, …)`);
  }
  const properties = checker.getPropertiesOfType(type);
  // An empty object type (or an array's, where the analysis has no lib) is no record.
  if (properties.length === 0 || (checker as { isArrayType?: (t: ts.Type) => boolean }).isArrayType?.(type)) return undefined;
  const fields: RecordField[] = [];
  const constants: RecordConstant[] = [];
  for (const p of properties) {
    // A class's methods are code, not data.
    if (p.flags & ts.SymbolFlags.Method) continue;
    const name = p.getName();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) reject(at, 'DDX1022', `field '${name}' of '${typeName}' is not named by an identifier; ${advice}, named by identifiers`);
    if (p.flags & ts.SymbolFlags.Accessor) {
      reject(at, 'DDX1022', `'${name}' of '${typeName}' is a getter or setter, which runs code the transform cannot follow; ${advice}: make '${name}' a plain field`);
    }
    const fieldType = checker.getTypeOfSymbolAtLocation(p, at);
    if (p.flags & ts.SymbolFlags.Optional) {
      // An optional number is laid out with the others; its place holds undefined where the record lacks it.
      if (!isNumberType(checker.getNonNullableType(fieldType))) {
        reject(at, 'DDX1022', `field '${name}' of '${typeName}' is optional and not a number, so the record's shape is not fixed; ${advice} (an optional field is a number): make '${name}' required`);
      }
      fields.push({ name, optional: true });
      continue;
    }
    // A field of type never holds a value narrowed away (`{ y: x }` where `typeof x === 'number'`
    // was false): the code making it cannot run, so its layout is a number's.
    if (isNumberType(fieldType) || isInferredAny(p, fieldType) || (fieldType.flags & ts.TypeFlags.Never) !== 0) {
      fields.push({ name });
      continue;
    }
    if (fieldType.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.BooleanLike)) {
      const value = constantValue(p, fieldType);
      if (value === undefined) {
        const written = (p.valueDeclaration as { type?: ts.TypeNode } | undefined)?.type?.getText() ?? checker.typeToString(fieldType);
        reject(at, 'DDX1022', `field '${name}' of '${typeName}' is ${written}, whose value is not known at compile time; a record the transform differentiates through carries a string or boolean field only as a constant of its type: declare it with its literal type (${name}: ${fieldType.flags & ts.TypeFlags.BooleanLike ? 'true' : "'rgb'"}), or pass '${name}' separately`);
      }
      constants.push({ name, value, at: fields.length });
      continue;
    }
    const declared = (p.valueDeclaration as { type?: ts.TypeNode } | undefined)?.type;
    // A field of an object literal without a type: its value says (`{ x: [1, 2, 3] }`).
    const written = declared || !p.valueDeclaration ? undefined
      : ts.isPropertyAssignment(p.valueDeclaration) ? p.valueDeclaration.initializer
        : ts.isShorthandPropertyAssignment(p.valueDeclaration) ? p.valueDeclaration.name : undefined;
    if (arrays && ((declared && arrays.isNumberArray(declared)) || (written && arrays.isNumberArrayValue?.(written)))) {
      arrays.names.push(name);
      continue;
    }
    const shape = recordShapeOf(fieldType, checker, at);
    const value = p.valueDeclaration && ts.isPropertyAssignment(p.valueDeclaration) ? p.valueDeclaration.initializer : undefined;
    if (!shape && value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) {
      // A member function of an object made in a function (members.ts) is code, not data: lowering lifts it.
      if (ts.isObjectLiteralExpression(p.valueDeclaration!.parent) && localObjectOf(p.valueDeclaration!.parent, checker)) continue;
      reject(at, 'DDX1022', memberOfRecordWhy(name, `'${typeName}'`));
    }
    if (!shape) {
      const written = writtenFieldType(p, checker);
      if (written?.endsWith('[]')) {
        reject(at, 'DDX1022', `field '${name}' of '${typeName}' is ${written}, an array of records or of arrays, which a record the transform differentiates through does not hold (its fields are numbers, records of numbers and arrays of numbers): keep '${name}' in a local of its own and pass it as a parameter where it is read`);
      }
      reject(at, 'DDX1022', `field '${name}' of '${typeName}' is ${written ?? checker.typeToString(fieldType)}, not a number or a record of numbers; ${advice}: pass '${name}' separately, or leave it out of the record the function takes`);
    }
    fields.push({ name, shape });
  }
  for (const name of fieldsAddedLater(type, checker)) if (!properties.some((p) => p.getName() === name)) fields.push({ name, optional: true });
  // An object made in a function of member functions only (members.ts) is a record of no numbers.
  const localObject = (p: ts.Symbol): boolean => p.valueDeclaration !== undefined && ts.isObjectLiteralExpression(p.valueDeclaration.parent) && localObjectOf(p.valueDeclaration.parent, checker) !== undefined;
  if (fields.length === 0 && !arrays?.names.length && !properties.some(localObject)) reject(at, 'DDX1022', `'${typeName}' has no number fields; ${advice}`);
  const shape = constants.length > 0 ? { typeName, fields, constants } : { typeName, fields };
  // A JavaScript literal's type prints its fields any (culori's { mode: string; r: any; … }): print the layout's own types.
  return /\bany\b/.test(typeName) ? { ...shape, typeName: shapeType(shape) } : shape;
}

/**
 * The number fields JavaScript code adds to a record after making it (`let res = { s, l };` then
 * `if (M - m !== 0) res.h = …;`, culori's conversions), which its inferred type lacks: the names
 * assigned (a number, or a value the checker cannot type) to fields of the variable the object
 * literal of `type` initialises, in the order written. The record lacks them until assigned.
 */
function fieldsAddedLater(type: ts.Type, checker: ts.TypeChecker): string[] {
  const literal = type.getSymbol()?.declarations?.[0];
  const holder = literal && ts.isObjectLiteralExpression(literal) ? literal.parent : undefined;
  if (!holder || !ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || !isJavaScript(holder)) return [];
  const variable = checker.getSymbolAtLocation(holder.name);
  let scope: ts.Node = holder;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) &&
      ts.isIdentifier(n.left.expression) && checker.getSymbolAtLocation(n.left.expression) === variable && !names.includes(n.left.name.text)) {
      const t = checker.getTypeAtLocation(n.right);
      if (isNumberType(t) || (t.flags & ts.TypeFlags.Any) !== 0) names.push(n.left.name.text);
    }
    n.forEachChild(visit);
  };
  scope.forEachChild(visit);
  return names;
}

/**
 * The type of the field `p` as the source writes it, where the checker (the analysis has no lib)
 * types an array `{}`: its annotation, that of the variable it names (`{ ps }` of `const ps: P[]`),
 * or, for an array literal, its first element's type with `[]`; undefined when none says.
 */
function writtenFieldType(p: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const d = p.valueDeclaration;
  const declared = (d as { type?: ts.TypeNode } | undefined)?.type;
  if (declared) return declared.getText();
  let value: ts.Node | undefined = d && ts.isPropertyAssignment(d) ? d.initializer : d && ts.isShorthandPropertyAssignment(d) ? checker.getShorthandAssignmentValueSymbol(d)?.valueDeclaration : undefined;
  while (value && (ts.isParenthesizedExpression(value) || ts.isAsExpression(value) || ts.isSatisfiesExpression(value))) value = value.expression;
  if (value && ts.isIdentifier(value)) value = checker.getSymbolAtLocation(value)?.valueDeclaration;
  if (value && (ts.isVariableDeclaration(value) || ts.isParameter(value))) value = value.type ?? value.initializer;
  if (value && ts.isTypeNode(value)) return value.getText();
  if (!value || !ts.isArrayLiteralExpression(value)) return undefined;
  const elementText = (e: ts.Expression): string | undefined => {
    if (ts.isSpreadElement(e) || ts.isOmittedExpression(e)) return undefined;
    if (!ts.isArrayLiteralExpression(e)) return literalTypeText(checker.getTypeAtLocation(e), checker) ?? checker.typeToString(checker.getTypeAtLocation(e));
    const inner = e.elements[0] && elementText(e.elements[0]);
    return inner && `${inner}[]`;
  };
  return elementText(value);
}

/** A type as the checker prints it, or, where it prints a field of an object literal `{}` (an array, the analysis having no lib), as the source writes it. */
const typeText = (type: ts.Type, checker: ts.TypeChecker): string => {
  const printed = checker.typeToString(type);
  return printed.includes('{}') ? literalTypeText(type, checker) ?? printed : printed;
};

/** An object literal's type written out with its fields' types as the source writes them (writtenFieldType), for messages; undefined for another type. */
function literalTypeText(type: ts.Type, checker: ts.TypeChecker): string | undefined {
  if (!((type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.ObjectLiteral)) return undefined;
  const fields = checker.getPropertiesOfType(type).map((p) => {
    const t = checker.getTypeOfSymbol(p);
    const written = t.getCallSignatures().length === 0 && (t.flags & ts.TypeFlags.Object) !== 0 && checker.getPropertiesOfType(t).length === 0 ? writtenFieldType(p, checker) : undefined;
    return `${p.getName()}: ${written ?? checker.typeToString(t)}`;
  });
  return `{ ${fields.join('; ')} }`;
}

/** Where recordShapeOf puts the array fields of a record with array fields, and how it knows one (a field declared an array of numbers). */
export interface ArrayFieldsOut {
  readonly isNumberArray: (declared: ts.TypeNode) => boolean;
  /** For a record whose type is inferred from an object literal: whether a field's value is an array of numbers. */
  readonly isNumberArrayValue?: (written: ts.Expression) => boolean;
  readonly names: string[];
}

/**
 * The layout of a record type with array fields (see arrayFields): the shape of its number fields
 * and the names of its array fields, in declaration order; undefined for a type without array
 * fields (a plain record, or no record). Nested records hold numbers only.
 */
export function splitRecordOf(type: ts.Type, checker: ts.TypeChecker, at: ts.Node, isNumberArray: (declared: ts.TypeNode) => boolean, typeName?: string, isNumberArrayValue?: (written: ts.Expression) => boolean): { shape: RecordShape; arrays: readonly string[] } | undefined {
  const out: ArrayFieldsOut = { isNumberArray, isNumberArrayValue, names: [] };
  const shape = recordShapeOf(type, checker, at, typeName, out);
  return shape && out.names.length > 0 ? { shape, arrays: out.names } : undefined;
}

/** The number of numbers in a record of `shape`: the stride of an array of such records. */
export const strideOf = (shape: RecordShape): number => leafPaths(shape).length;

/**
 * The record shape of the elements of an array-of-records type written `type` (`Point[]`,
 * `readonly Point[]`, `Array<{ x: number; y: number }>`, an alias of one); undefined for any other
 * type (an array of numbers is no array of records). The analysis has no lib, so array types are
 * read from how they are written; an element type that cannot be laid out is rejected (DDX1022).
 */
export function recordArrayShapeOf(type: ts.TypeNode | undefined, checker: ts.TypeChecker, seen = new Set<ts.Node>()): RecordShape | undefined {
  if (type === undefined || seen.has(type)) return undefined;
  seen.add(type);
  if (ts.isParenthesizedTypeNode(type)) return recordArrayShapeOf(type.type, checker, seen);
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return recordArrayShapeOf(type.type, checker, seen);
  let element: ts.TypeNode | undefined;
  if (ts.isArrayTypeNode(type)) element = type.elementType;
  else if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && /^(?:Readonly)?Array$/.test(type.typeName.text) && type.typeArguments?.length === 1) {
    element = type.typeArguments[0];
  } else if (ts.isTypeReferenceNode(type)) {
    // `type Data = Point[]`: the alias's declaration, through imports.
    let symbol = checker.getSymbolAtLocation(type.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
    return decl && recordArrayShapeOf(decl.type, checker, seen);
  }
  if (element === undefined || element.kind === ts.SyntaxKind.NumberKeyword) return undefined;
  const elementType = checker.getTypeFromTypeNode(element);
  const length = tupleLength(elementType, checker);
  if (length !== undefined) return { typeName: element.getText(), fields: Array.from({ length }, (_, k) => ({ name: String(k) })), tuple: true };
  const shape = recordShapeOf(elementType, checker, element, element.getText());
  // Arrays of records may be held as doubles, where undefined would read NaN.
  const optional = shape && optionalFieldOf(shape);
  if (optional) reject(element, 'DDX1022', `field '${optional}' of '${shape.typeName}' is optional; the records of an array have every field: make '${optional}' required`);
  return shape;
}

/** The type of a record of `shape` written out: `{ x: number; pos: { y: number } }`. */
export function shapeType(shape: RecordShape): string {
  if (shape.tuple) return `[${shape.fields.map(() => 'number').join(', ')}]`;
  return `{ ${inDeclarationOrder(shape, shape.fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${f.shape ? shapeType(f.shape) : 'number'}`), (c) => `${c.name}: ${JSON.stringify(c.value)}`).join('; ')} }`;
}

/** The texts of a shape's fields (`parts`, one per number or record field) with those of its constants put back where they were declared. */
function inDeclarationOrder(shape: RecordShape, parts: readonly string[], constant: (c: RecordConstant) => string): string[] {
  const out: string[] = [];
  parts.forEach((part, k) => {
    for (const c of shape.constants ?? []) if (c.at === k) out.push(constant(c));
    out.push(part);
  });
  for (const c of shape.constants ?? []) if (c.at === parts.length) out.push(constant(c));
  return out;
}

/** `[t.x, t.pos.y, …]`: the numbers of a record whose text `t` is a name (else it is evaluated once, into `r`, typed unless `untyped`). */
export function flattenedText(shape: RecordShape, t: string, r: string, untyped: boolean): string {
  const leaves = (x: string) => `[${leafPaths(shape).map((p) => `${x}.${p.join('.')}`).join(', ')}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(t)) return leaves(t);
  return `((${untyped ? r : `${r}: ${shapeType(shape)}`}) => ${leaves(r)})(${t})`;
}

/**
 * `t.flatMap((e) => [e.x, e.pos.y, …])`: the numbers of an array of records `t`, strided (the
 * element's type is the array's: a literal of tuples is typed number[][], not Vec3[]).
 */
export function flattenedArrayText(shape: RecordShape, t: string): string {
  const e = 'ddxE';
  const read = (p: string[]): string => (shape.tuple ? `${e}[${p[0]}]` : `${e}.${p.join('.')}`);
  return `(${t}).flatMap((${e}) => [${leafPaths(shape).map(read).join(', ')}])`;
}

/** `{ x: a[0], pos: { y: a[1] } }`: a record of `shape` built from the array named `a` (from `offset + start` on, `offset` a text). */
export function rebuiltText(shape: RecordShape, a: string, start = 0, offset = ''): string {
  let k = start;
  const at = (i: number): string => (offset === '' ? String(i) : i === 0 ? offset : `${offset} + ${i}`);
  if (shape.tuple) return `[${shape.fields.map(() => `${a}[${at(k++)}]`).join(', ')}]`;
  const parts = shape.fields.map((f) => {
    if (!f.shape) return `${f.name}: ${a}[${at(k++)}]`;
    const inner = rebuiltText(f.shape, a, k, offset);
    k += leafPaths(f.shape).length;
    return `${f.name}: ${inner}`;
  });
  return `{ ${inDeclarationOrder(shape, parts, (c) => `${c.name}: ${JSON.stringify(c.value)}`).join(', ')} }`;
}

/** An array of records of `shape` built from the strided array named `a` (its length a multiple of the stride). */
export function rebuiltArrayText(shape: RecordShape, a: string): string {
  const stride = strideOf(shape);
  return `Array.from({ length: ${a}.length / ${stride} }, (_, ddxK) => (${rebuiltText(shape, a, 0, `${stride} * ddxK`)}))`;
}

/**
 * Matrices of numbers (`number[][]`, `readonly (readonly number[])[]`, `Array<number[]>`, an alias
 * of one), read as data: each is laid out as one array of numbers with a row-offset table in
 * front, `[rows, start_0, …, start_rows, …row 0, …row 1, …]`, where row i is the elements from
 * start_i (inclusive) to start_(i+1) (exclusive), so rows may have different lengths. `m.length`
 * is the element at 0, `m[i].length` is start_(i+1) − start_i, and `m[i][j]` the element at
 * start_i + j when 0 ≤ j and start_i + j < start_(i+1), else the element at −1 (undefined, as
 * JavaScript reads past the end of a row). A verb's call site flattens a matrix it passes
 * (flattenedMatrixText); inside generated code a matrix is that array. Matrices are only read:
 * never written, returned, nor differentiated (DDX1023).
 */
export const matrices = new WeakSet<Var>();

/**
 * The names of rows of matrices (`const row = m[i]`, `for (const row of m)`): each is a number
 * local holding the row's index, so that `row[j]` and `row.length` read the matrix there; a row
 * passed to a callee taking an array of numbers is copied into a local array first.
 */
export const matrixRows = new WeakMap<Var, Var>();

/**
 * Local matrices, built in the function: `[[a, b], [c, d]]`, `Array.from({ length: n }, (_, i) => row)`,
 * `new Array(n).fill(0).map((_, i) => row)`, and `const rows: number[][] = []` grown by
 * `rows.push(row)` (a row is a new array: a literal, `new Array(k).fill(c)`, `v.slice(…)`, an array
 * method's result, a callee's new array). The row-offset table above does not fit a matrix whose
 * rows are pushed, so a local matrix is two arrays: its variable holds the elements row after row,
 * and this map gives a hidden local array of where its rows start, `[0, end_0, end_1, …]` (row i is
 * the elements from starts[i] to starts[i+1]; `m.length` is starts.length − 1). Both are plain local
 * arrays to the passes and emitters (no new IR kind): a pushed row appends its elements and then its
 * end. Rows keep the length they were made with: `m[i][j] = …` (also `+=`, `++`, through a row's
 * name) writes the element in place, and a write outside the row (which would lengthen it in
 * JavaScript) throws a RangeError; `m[i] = …`, `m[i].push(…)` and reassigning `m` are DDX1023. A
 * local matrix is passed to a `number[][]` parameter as a copy laid out as above, and a row of it
 * to a `number[]` parameter as a copy (the callee reads it).
 */
export const localMatrices = new WeakMap<Var, Var>();

/**
 * Functions returning a matrix (`function outer(a: number[]): number[][]`, keyed by declaration): such
 * a function returns one array of numbers, its local matrix laid out as a matrix parameter is
 * (row-offset table in front), and the caller unpacks it into a local matrix of its own (a new
 * matrix of that call, never a parameter's, so the copy is the same matrix as far as any program can tell).
 */
export const matrixReturns = new WeakSet<ts.Node>();

/** Why a verb does not differentiate a function returning a matrix (DDX1023). */
export const matrixOutputAdvice = (verb: string, name: string): string =>
  `${verb} of '${name}', which returns a matrix (number[][]), is not compiled: differentiate a function that reads numbers from the matrix, or one returning its elements as one array (number[])`;

/** The layout above of the rows `m` (the function flattenedMatrixText writes at call sites; tests and the fuzzer's oracle use it). */
export function matrixLayout(m: ArrayLike<ArrayLike<number>>): number[] {
  const out = [m.length];
  let end = m.length + 2;
  for (let i = 0; i < m.length; i++) {
    out.push(end);
    end += m[i].length;
  }
  out.push(end);
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i].length; j++) out.push(m[i][j]);
  return out;
}

/** The rows of a matrix laid out as above. */
export function matrixRowsOf(layout: readonly number[]): number[][] {
  return Array.from({ length: layout[0] }, (_, i) => layout.slice(layout[i + 1], layout[i + 2]));
}

/**
 * The layout above of the matrix `t` (a text, evaluated once), built at a verb's call site (TypeScript
 * types the immediately called arrow's parameter from it). The array is made at its length and
 * filled in order (a laid-out kmeans matrix cost 0.6× the hand-written Newton step built by push,
 * about half that so, with the same reads after it); a length that is not one (a row without a
 * numeric length) starts it empty, so that it grows as push made it.
 */
export function flattenedMatrixText(t: string): string {
  return `((ddxM) => { const ddxN = ddxM.length; let ddxE = ddxN + 2; ` +
    `for (let ddxI = 0; ddxI < ddxN; ddxI++) ddxE += ddxM[ddxI].length; ` +
    `const ddxO = new Array(ddxE >>> 0 === ddxE ? ddxE : 0); ddxO[0] = ddxN; let ddxK = 1; ddxE = ddxN + 2; ` +
    `for (let ddxI = 0; ddxI < ddxN; ddxI++) { ddxO[ddxK++] = ddxE; ddxE += ddxM[ddxI].length; } ddxO[ddxK++] = ddxE; ` +
    `for (let ddxI = 0; ddxI < ddxN; ddxI++) { const ddxR = ddxM[ddxI]; for (let ddxJ = 0; ddxJ < ddxR.length; ddxJ++) ddxO[ddxK++] = ddxR[ddxJ]; } ` +
    `return ddxO; })(${t})`;
}

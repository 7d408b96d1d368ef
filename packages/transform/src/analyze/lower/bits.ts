/**
 * Lowering: the code that works on the bits of numbers (typed-array views, DataView, `.buffer`),
 * which has no derivative the transform can follow, and the advice to register a rule instead.
 */
import { ts } from 'ts-morph';
import { specialRules } from '@ddx/dual';

/** What to do about a function the transform cannot read: give it its derivatives. */
export const registerRule = "register a rule for it: const g = defineFunction('g', f, df, d2f) of @ddx/dual in a module of this project (f the function, df and d2f its derivatives as plain functions), and call g: the transform then uses df and d2f, never the body";

const bitViewTypes = /^(?:DataView|ArrayBuffer|SharedArrayBuffer|(?:Big)?(?:Ui|I)nt(?:8|16|32|64)Array|Uint8ClampedArray|Float32Array)$/;

const bitViewMethods = /^(?:get|set)(?:Float|Int|Uint|BigInt|BigUint)(?:8|16|32|64)$/;

/**
 * Whether `e` reads or writes the bits of a number: a DataView or a typed-array view of another
 * element type, the `.buffer` under an array, a DataView's get/set methods.
 */
export function touchesBits(e: ts.Node): boolean {
  if (ts.isNewExpression(e)) return ts.isIdentifier(e.expression) && bitViewTypes.test(e.expression.text);
  if (ts.isPropertyAccessExpression(e)) return e.name.text === 'buffer';
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && bitViewMethods.test(e.expression.name.text);
}

export const bitsAdvice = `reading or writing the bits of a number (typed-array views, DataView, .buffer) has no derivative the transform can follow; ${registerRule}`;

const typedArrayTypes = /^(?:Float(?:32|64)|(?:Big)?(?:Ui|I)nt(?:8|16|32|64)|Uint8Clamped)Array$|^DataView$/;

/** `new Float64Array(…)`, `new Uint32Array(…)`, … (by name: packages bind these to their own polyfill modules). */
export const isTypedArrayCreation = (e: ts.Expression): e is ts.NewExpression =>
  ts.isNewExpression(e) && ts.isIdentifier(e.expression) && typedArrayTypes.test(e.expression.text);

/** A module-level variable declaration with an initializer. */
export const isModuleLevelVariable = (d: ts.Node | undefined): d is ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression } =>
  d !== undefined && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer !== undefined &&
  ts.isVariableStatement(d.parent.parent) && ts.isSourceFile(d.parent.parent.parent);

/**
 * Whether a module-level typed array is a view of the bits of numbers: created over the buffer of
 * another (`new Uint32Array(FLOAT64_VIEW.buffer)`), or one another is created over, or created
 * over a module-level `ArrayBuffer` another typed array is created over too (`const buf = new
 * ArrayBuffer(8); const f64 = new Float64Array(buf); const u32 = new Uint32Array(buf)`) — how
 * @stdlib's getHighWord, setLowWord, toWords … read and write the 32-bit words of a double.
 */
export function isBitView(decl: ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression }): boolean {
  const statements = decl.getSourceFile().statements;
  const moduleBuffer = (name: string): boolean => statements.some((st) => ts.isVariableStatement(st) &&
    st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name && d.initializer !== undefined &&
      ts.isNewExpression(d.initializer) && ts.isIdentifier(d.initializer.expression) && d.initializer.expression.text === 'ArrayBuffer'));
  /** The view a typed array is made over (`another.buffer`: 'another'), or the ArrayBuffer it shares ('buffer name'). */
  const overBufferOf = (e: ts.Expression | undefined): string | undefined => {
    if (e === undefined || !isTypedArrayCreation(e)) return undefined;
    const arg = e.arguments?.[0];
    if (arg && ts.isPropertyAccessExpression(arg) && arg.name.text === 'buffer') return arg.expression.getText();
    return arg && ts.isIdentifier(arg) && moduleBuffer(arg.text) ? `buffer ${arg.text}` : undefined;
  };
  if (!isTypedArrayCreation(decl.initializer)) return false;
  const own = overBufferOf(decl.initializer);
  if (own !== undefined && !own.startsWith('buffer ')) return true;
  return statements.some((st) => ts.isVariableStatement(st) &&
    st.declarationList.declarations.some((d) => d !== decl && (overBufferOf(d.initializer) === decl.name.text || (own !== undefined && overBufferOf(d.initializer) === own))));
}

/** What to do about a function that works on the bits of numbers or through module-level arrays. */
export const ruleAdvice = (what: string): string =>
  `Register a rule with defineFunction for ${what}: const g = defineFunction('g', f, df, d2f) of @ddx/dual in a module of this project (f the function, df and d2f its derivatives as plain functions), and call g; the transform then uses df and d2f, never the body. (${builtInRules})`;

/** The special functions whose calls need no rule of the user's. */
const builtInRules = `@stdlib's ${Object.keys(specialRules).join(', ')} have built-in rules: call them imported from their own packages (@stdlib/math-base-special-erf, …)`;

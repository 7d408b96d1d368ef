/** Which `Math` members the transform knows, split by how their derivative is obtained, and which `Number` members. */
import { constants, specialRules, unaryNames, type SpecialName, type UnaryName } from '@ddx/dual';

/** Unary functions with a row in @ddx/dual's rule table. */
export const unaryMath: ReadonlySet<string> = new Set<string>(unaryNames);
/** Functions of several arguments with hand-written rules (see @ddx/dual's ops.ts). */
export const naryMath: ReadonlySet<string> = new Set(['pow', 'atan2', 'hypot', 'min', 'max']);
/** Functions allowed only on values that do not depend on the input (no derivative rule), with their arity. */
export const primalOnlyMath: ReadonlyMap<string, number> = new Map([['imul', 2], ['clz32', 1]]);
/** Every `Math` constant. */
export const mathConstants: ReadonlySet<string> = new Set(Object.keys(constants));

export const isUnaryMath = (name: string): name is UnaryName => unaryMath.has(name);

/** `Number`'s constants (derivative 0). */
export const numberConstants: ReadonlySet<string> = new Set([
  'POSITIVE_INFINITY', 'NEGATIVE_INFINITY', 'NaN', 'EPSILON', 'MAX_VALUE', 'MIN_VALUE', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER',
]);
/** `Number`'s tests of a number, accepted in conditions. */
export const numberTests: ReadonlySet<string> = new Set(['isFinite', 'isNaN', 'isInteger', 'isSafeInteger']);

/**
 * The special function with a built-in rule (@ddx/dual's `specialRules`) that an import names, by
 * the package's module: the default export of `@stdlib/math-base-special-NAME` or of
 * `@stdlib/math/base/special/NAME`, or the export NAME of `@stdlib/math/base/special`.
 */
export function specialOf(module: string, exportName: string): SpecialName | undefined {
  const own = /^@stdlib\/(?:math-base-special-|math\/base\/special\/)([a-z0-9]+)$/.exec(module);
  const name = own && exportName === 'default' ? own[1] : module === '@stdlib/math/base/special' ? exportName : undefined;
  return name !== undefined && Object.hasOwn(specialRules, name) ? (name as SpecialName) : undefined;
}

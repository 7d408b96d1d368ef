/** Which `Math` members the transform knows, split by how their derivative is obtained, and which `Number` members. */
import { constants, unaryNames, type UnaryName } from '@ddx/dual';

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

/**
 * @ddx/dual: forward-mode automatic differentiation with dual and hyper-dual numbers.
 * The whole public surface is listed here.
 */
export { Dual, HyperDual, dual, hyperDual, isDual, isHyperDual, newTag, type Real } from './dual.js';
export * as ops from './ops.js';
export { defineFunction, type DefinedFunction, type Definition } from './ops.js';
export { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives } from './derivative.js';
export { gradient, valueAndGradient, jvp, CHUNKED_FROM } from './gradient.js';
export { jacobian, valueAndJacobian, vjp, valueAndVjp } from './jacobian.js';
export { hessian, hvp, valueGradientHessian } from './hessian.js';
export type { GradientOptions, GradientStrategy, JacobianOptions, Options, SecondOrderOptions } from './perturbation.js';
export type {
  DualFunction, DualMatrixFunction, DualMatrixVectorFunction, DualVectorFunction, DualVectorValuedFunction, HyperDualFunction, PlainFunction, PlainMatrixFunction, PlainMatrixVectorFunction, PlainVectorFunction,
  PlainVectorValuedFunction, RecordFunction, RecordValuedFunction, ScalarFunction, ScalarFunction2, Matrix, Vector, VectorFunction, VectorOrFirst,
  VectorValuedFunction, Either,
} from './types.js';
export {
  rules, binaryRules, hypotRule, binarySecond, chainRule, numberChain, numberAlgebra, unaryNames, constants, specialRules,
  type Algebra, type Rule, type BinaryRule, type NaryRule, type ChainAlgebra, type UnaryName, type NaryName, type BinaryName,
  type SpecialName, type SpecialRule,
} from './rules.js';

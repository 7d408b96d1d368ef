/** The @ddx/dual API verbs the transform rewrites, with what each one needs. */
export type VerbName =
  | 'derivative' | 'secondDerivative' | 'valueAndDerivative' | 'valueAndDerivatives'
  | 'gradient' | 'valueAndGradient' | 'hessian' | 'valueGradientHessian' | 'jacobian' | 'valueAndJacobian'
  | 'jvp' | 'hvp' | 'vjp' | 'valueAndVjp';

export interface Verb {
  /** Derivative order: hyper-duals for 2. */
  readonly order: 1 | 2;
  /** Scalar input (f: R → R) or vector input (f: Rⁿ → …). */
  readonly input: 'scalar' | 'vector';
  /** The output f must have: a number, an array (Jacobians), or either (jvp). */
  readonly output: 'number' | 'array' | 'any';
  /** Whether `verb(f)` (no point) returns a function. */
  readonly curried: boolean;
  /** Number of point arguments after f (x, or x and v). */
  readonly points: 1 | 2;
}

export const verbs: Readonly<Record<VerbName, Verb>> = {
  derivative:           { order: 1, input: 'scalar', output: 'number', curried: true, points: 1 },
  valueAndDerivative:   { order: 1, input: 'scalar', output: 'number', curried: false, points: 1 },
  secondDerivative:     { order: 2, input: 'scalar', output: 'number', curried: true, points: 1 },
  valueAndDerivatives:  { order: 2, input: 'scalar', output: 'number', curried: false, points: 1 },
  gradient:             { order: 1, input: 'vector', output: 'number', curried: true, points: 1 },
  valueAndGradient:     { order: 1, input: 'vector', output: 'number', curried: false, points: 1 },
  hessian:              { order: 2, input: 'vector', output: 'number', curried: true, points: 1 },
  valueGradientHessian: { order: 2, input: 'vector', output: 'number', curried: false, points: 1 },
  jacobian:             { order: 1, input: 'vector', output: 'array', curried: true, points: 1 },
  valueAndJacobian:     { order: 1, input: 'vector', output: 'array', curried: false, points: 1 },
  jvp:                  { order: 1, input: 'vector', output: 'any', curried: false, points: 2 },
  hvp:                  { order: 2, input: 'vector', output: 'number', curried: false, points: 2 },
  // Compiled in reverse mode only (emit/reverse): one backward sweep seeded with w.
  vjp:                  { order: 1, input: 'vector', output: 'array', curried: false, points: 2 },
  valueAndVjp:          { order: 1, input: 'vector', output: 'array', curried: false, points: 2 },
};

export const isVerbName = (name: string): name is VerbName => Object.prototype.hasOwnProperty.call(verbs, name);

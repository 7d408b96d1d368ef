/** A small numeric library whose derivatives are compiled by the ddx esbuild plugin (see tsup.config.ts). */
export { reference, referenceSlope, referenceCurvature, graphCurvature } from './curve.js';
export { keplerResidual, eccentricAnomaly } from './kepler.js';
export { rosenbrock, rosenbrockGradient, rosenbrockHessian, newtonStep } from './rosenbrock.js';
export { exponentialResidual, fitExponential } from './fit.js';

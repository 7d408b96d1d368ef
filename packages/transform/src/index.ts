/**
 * @ddx/transform: compiles plain numeric TypeScript into exact derivative code at build time.
 * The whole public surface of the core is listed here.
 */
export {
  transform, createTransformer, generateModule,
  type TransformOptions, type GenerateOptions, type GradientMode, type TransformResult, type GeneratedModule, type SkippedFunction, type Transformer, type EmitMode, type SourceMapV3,
  type Resolve, type ResolveAsync, type Resolution, type ImportKind,
} from './transform.js';
export { tsconfigResolver } from './tsconfig.js';
export { formatDiagnostic, DdxError, diagnosticCodes, type Diagnostic, type DiagnosticCode } from './diagnostics.js';

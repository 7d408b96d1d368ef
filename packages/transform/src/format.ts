/** A diagnostic as text, apart from the compiler (the plugin prints cached warnings without loading TypeScript). */
import type { Diagnostic } from './diagnostics.js';

/** `file:line:col: error DDX1001: message` (or `warning DDX2001: …`) + newline + frame. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n${d.frame}`;
}

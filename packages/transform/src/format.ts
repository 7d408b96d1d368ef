/** A diagnostic as text, apart from the compiler (the plugin prints cached warnings without loading TypeScript). */
import type { Diagnostic } from './diagnostics.js';

/** `file:line:col: error DDX1001: message` (or `warning DDX2001: …`) + newline + frame. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n${d.frame}`;
}

/**
 * Thrown by helpers that must fail (plugins, CLI) — carries the diagnostics. Here, apart from the
 * compiler, so that the plugin throws it on the bundler's thread while the compiler runs in a worker.
 */
export class DdxError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n\n'));
    this.name = 'DdxError';
    this.diagnostics = diagnostics;
  }
}

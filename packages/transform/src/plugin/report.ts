import type { UnpluginMessage } from 'unplugin';
import { formatDiagnostic, type Diagnostic } from '../index.js';

/** The text of every diagnostic: `file:line:col: error DDX…: message` and its code frame. */
export function diagnosticsText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n\n');
}

/**
 * A failed module as one bundler error, located at its first diagnostic. Rollup-family bundlers
 * print `frame` themselves, so their message keeps the first frame out of the text; esbuild and
 * webpack print only the text, so it carries every frame.
 */
export function diagnosticsMessage(diagnostics: readonly Diagnostic[], printsFrame: boolean): UnpluginMessage & { frame?: string } {
  const [first, ...rest] = diagnostics;
  const firstText = formatDiagnostic(first);
  const headline = firstText.split('\n', 1)[0];
  return {
    message: printsFrame ? [headline, ...rest.map(formatDiagnostic)].join('\n\n') : diagnosticsText(diagnostics),
    id: first.file,
    code: first.code,
    plugin: 'ddx',
    // Bundlers count columns from 0, diagnostics from 1.
    loc: { file: first.file, line: first.line, column: first.column - 1 },
    ...(printsFrame ? { frame: first.frame } : {}),
  };
}

import type { UnpluginMessage } from 'unplugin';
import type { Diagnostic } from '../index.js';

type Format = (diagnostic: Diagnostic) => string;

/**
 * Diagnostics as one bundler message (a failed module's error, or one warning), located at the
 * first. Rollup-family bundlers print `frame` themselves, so their message keeps the first frame
 * out of the text; esbuild and webpack print only the text, so it carries every frame.
 */
export function diagnosticsMessage(diagnostics: readonly Diagnostic[], format: Format, printsFrame: boolean): UnpluginMessage & { frame?: string } {
  const [first, ...rest] = diagnostics;
  // `format` gives `file:line:col: error DDX…: message` (or `warning DDX…`), a newline, then the code frame.
  const headline = format(first).split('\n', 1)[0];
  return {
    message: [printsFrame ? headline : format(first), ...rest.map(format)].join('\n\n'),
    id: first.file,
    code: first.code,
    plugin: 'ddx',
    // Bundlers count columns from 0, diagnostics from 1.
    loc: { file: first.file, line: first.line, column: first.column - 1 },
    ...(printsFrame ? { frame: first.frame } : {}),
  };
}

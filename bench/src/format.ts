/** Numbers and tables as the report and the progress lines print them (no dependencies). */

export function formatTime(seconds: number): string {
  if (seconds < 1e-6) return `${(seconds * 1e9).toPrecision(3)} ns`;
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toPrecision(3)} ms`;
  return `${seconds.toPrecision(3)} s`;
}
export const formatRatio = (r: number): string => (!Number.isFinite(r) || r <= 0 ? 'n/a' : r < 10 ? `${r.toFixed(2)}×` : `${r.toPrecision(3)}×`);
export const formatError = (e: number | undefined): string =>
  e === undefined ? '' : Number.isNaN(e) ? 'NaN' : e === 0 ? '0' : e.toExponential(1);
export const formatStep = (h: number): string => h.toExponential(2).replace(/\.?0+e/, 'e');

/** A markdown table (also readable as plain text in a terminal). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

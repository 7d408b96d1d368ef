/**
 * A small SVG writer for the two figures: the decision regions of the trained classifier with
 * the training points on top, and the loss curve.
 */

const regionColors = ['#fbd3c8', '#cde7c4', '#c9d8f0'];
const pointColors = ['#d7301f', '#238b45', '#2171b5'];

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Decision regions over [lo, hi]²: `classOf(x, y)` is evaluated on a `cells`×`cells` grid and
 * each cell drawn in its class colour; the points are drawn as dots in their label's colour.
 */
export function decisionRegionsSvg(
  classOf: (x: number, y: number) => number,
  points: readonly (readonly number[])[],
  labels: readonly number[],
  { size = 480, cells = 120, lo = -1.1, hi = 1.1 } = {},
): string {
  const toPixel = (v: number) => round(((v - lo) / (hi - lo)) * size);
  const cell = size / cells;
  const parts: string[] = [];
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) {
      const x = lo + ((c + 0.5) / cells) * (hi - lo);
      const y = hi - ((r + 0.5) / cells) * (hi - lo); // SVG y grows downwards
      const k = classOf(x, y);
      parts.push(`<rect x="${round(c * cell)}" y="${round(r * cell)}" width="${round(cell + 0.05)}" height="${round(cell + 0.05)}" fill="${regionColors[k % 3]}"/>`);
    }
  }
  points.forEach(([x, y], n) => {
    parts.push(`<circle cx="${toPixel(x)}" cy="${round(size - toPixel(y))}" r="3.5" fill="${pointColors[labels[n] % 3]}" stroke="#222" stroke-width="0.6"/>`);
  });
  return svg(size, size, parts);
}

/** The loss against the epoch, as a polyline with labelled axes. */
export function lossCurveSvg(losses: readonly number[], title: string, { width = 480, height = 300 } = {}): string {
  const left = 60, right = 20, top = 30, bottom = 40;
  const w = width - left - right, h = height - top - bottom;
  const max = Math.max(...losses), min = Math.min(0, ...losses);
  const px = (i: number) => round(left + (i / Math.max(1, losses.length - 1)) * w);
  const py = (v: number) => round(top + (1 - (v - min) / (max - min)) * h);
  const line = losses.map((v, i) => `${px(i)},${py(v)}`).join(' ');
  const parts = [
    `<text x="${width / 2}" y="18" text-anchor="middle">${title}</text>`,
    `<line x1="${left}" y1="${top + h}" x2="${left + w}" y2="${top + h}" stroke="#000"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + h}" stroke="#000"/>`,
    `<text x="${left + w / 2}" y="${height - 8}" text-anchor="middle">epoch (0 … ${losses.length - 1})</text>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max.toFixed(2)}</text>`,
    `<text x="${left - 6}" y="${top + h}" text-anchor="end">${min.toFixed(2)}</text>`,
    `<text x="14" y="${top + h / 2}" transform="rotate(-90 14 ${top + h / 2})" text-anchor="middle">loss</text>`,
    `<polyline fill="none" stroke="#2171b5" stroke-width="2" points="${line}"/>`,
  ];
  return svg(width, height, parts);
}

function svg(width: number, height: number, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

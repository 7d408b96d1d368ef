import type { Curve } from './builtins.js';

/** Colours of f, f′ and f″ on the canvas (the page test looks for them). */
export const colours = { f: '#1f5fbf', first: '#d9480f', second: '#2b8a3e' } as const;

const samples = 400;

/** Plots f, f′ and f″ of `curve` over [from, to] with axes, scaling y to the finite values shown. */
export function plot(canvas: HTMLCanvasElement, curve: Curve, from: number, to: number): void {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('plot: the canvas has no 2d context');
  const { width, height } = canvas;
  const xs = Array.from({ length: samples + 1 }, (_, i) => from + ((to - from) * i) / samples);
  const series = (['f', 'first', 'second'] as const).map((part) => ({ part, ys: xs.map((x) => curve[part](x)) }));

  const finite = series.flatMap(({ ys }) => ys.filter(Number.isFinite));
  let [low, high] = finite.length ? [Math.min(...finite), Math.max(...finite)] : [-1, 1];
  if (high - low < 1e-9) [low, high] = [low - 1, high + 1];
  const margin = 0.05 * (high - low);
  [low, high] = [low - margin, high + margin];
  const px = (x: number) => ((x - from) / (to - from)) * width;
  const py = (y: number) => height - ((y - low) / (high - low)) * height;

  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.strokeStyle = '#999999';
  context.lineWidth = 1;
  context.beginPath();
  if (low < 0 && high > 0) context.moveTo(0, py(0)), context.lineTo(width, py(0));
  if (from < 0 && to > 0) context.moveTo(px(0), 0), context.lineTo(px(0), height);
  context.stroke();

  context.lineWidth = 2;
  for (const { part, ys } of series) {
    context.strokeStyle = colours[part];
    context.beginPath();
    let drawing = false;
    ys.forEach((y, i) => {
      if (!Number.isFinite(y)) return void (drawing = false);
      if (drawing) context.lineTo(px(xs[i]), py(y));
      else context.moveTo(px(xs[i]), py(y));
      drawing = true;
    });
    context.stroke();
  }
}

import { builtins, type Curve } from './builtins.js';
import { ExpressionError, expressionCurve } from './expression.js';
import { plot } from './plot.js';
import './style.css';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const preset = element<HTMLSelectElement>('preset');
const expression = element<HTMLInputElement>('expression');
const from = element<HTMLInputElement>('from');
const to = element<HTMLInputElement>('to');
const probe = element<HTMLInputElement>('probe');
const canvas = element<HTMLCanvasElement>('plot');
const status = element<HTMLParagraphElement>('status');

for (const [name, { label }] of Object.entries(builtins)) preset.add(new Option(label, name));
preset.add(new Option('typed below…', 'typed'));

/** The curve chosen: a built-in (compiled at build time) or the typed expression (run time). */
function chosenCurve(): { curve: Curve; engine: string } {
  if (preset.value !== 'typed') return { curve: builtins[preset.value], engine: 'compiled at build time by the ddx plugin' };
  return { curve: expressionCurve(expression.value), engine: 'dual numbers at run time' };
}

function update(): void {
  try {
    const { curve, engine } = chosenCurve();
    const [a, b, x] = [Number(from.value), Number(to.value), Number(probe.value)];
    if (!(a < b)) throw new Error('the plot range needs "from" < "to"');
    plot(canvas, curve, a, b);
    element('value').textContent = String(curve.f(x));
    element('first').textContent = String(curve.first(x));
    element('second').textContent = String(curve.second(x));
    element('at').textContent = String(x);
    status.textContent = `f = ${curve.label}; derivatives ${engine}.`;
    status.className = '';
  } catch (error) {
    const where = error instanceof ExpressionError ? ` (at character ${error.offset + 1})` : '';
    status.textContent = `${(error as Error).message}${where}`;
    status.className = 'error';
  }
  document.body.dataset.ready = 'true';
}

expression.addEventListener('input', () => {
  preset.value = 'typed';
  update();
});
for (const input of [preset, from, to, probe]) input.addEventListener('input', update);
update();

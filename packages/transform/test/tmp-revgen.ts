import { transform } from '@ddx/transform';
const src = `import { vjp, valueAndVjp } from '@ddx/dual';
function polar(p: number[]): number[] { return [p[0] * Math.cos(p[1]), p[0] * Math.sin(p[1])]; }
function two(r: number, t: number): number[] { return [r * Math.cos(t), r * Math.sin(t), r]; }
export const a = vjp(polar, [2, 0.5], [1, 1]);
export const b = valueAndVjp(two, [2, 0.5], [1, 1, 3]);
`;
const r = transform(src, '/tmp/m.ts');
console.log(r.diagnostics.map((d) => d.code + ' ' + d.message)); console.log(r.code);

/**
 * The checks of the public functions' arguments: a wrong argument is a TypeError that names the
 * function and the argument, before any work starts (never a TypeError from deep inside).
 */
const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;

const transformOptionNames = ['mode', 'readFile', 'resolve', 'sourceMap', 'equalityWarnings'];
const generateOptionNames = [...transformOptionNames, 'functions', 'outFile', 'gradientMode'];

/** `api(code, fileName)`: both strings, the file name not empty. */
export function checkSource(api: string, code: unknown, fileName: unknown): void {
  if (typeof code !== 'string') throw new TypeError(`${api}: \`code\` must be the module's source text (a string), got ${describe(code)}`);
  if (typeof fileName !== 'string' || fileName === '') throw new TypeError(`${api}: \`fileName\` must be the module's path (a non-empty string), got ${describe(fileName)}`);
}

/** The options of transform, createTransformer and generateModule (`generate`: generateModule's too). */
export function checkTransformOptions(api: string, options: unknown, generate = false): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError(`${api}: \`options\` must be an object such as { mode: 'inline' }, got ${describe(options)}`);
  const names = generate ? generateOptionNames : transformOptionNames;
  const o = options as Record<string, unknown>;
  if ('nanSafe' in o) throw new TypeError(`${api}: the \`nanSafe\` option is gone: an exactly zero tangent now always contributes nothing (what nanSafe: true did); remove it`);
  const unknown = Object.keys(o).filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new TypeError(`${api}: unknown option \`${unknown[0]}\` (the options are ${names.join(', ')})`);
  if (o.mode !== undefined && o.mode !== 'inline' && o.mode !== 'dual') throw new TypeError(`${api}: \`options.mode\` must be 'inline' or 'dual', got ${describe(o.mode)}`);
  for (const name of ['readFile', 'resolve']) {
    if (o[name] !== undefined && typeof o[name] !== 'function') throw new TypeError(`${api}: \`options.${name}\` must be a function, got ${describe(o[name])}`);
  }
  for (const name of ['sourceMap', 'equalityWarnings']) {
    if (o[name] !== undefined && typeof o[name] !== 'boolean') throw new TypeError(`${api}: \`options.${name}\` must be true or false, got ${describe(o[name])}`);
  }
  if (o.functions !== undefined && !(Array.isArray(o.functions) && o.functions.every((f) => typeof f === 'string'))) {
    throw new TypeError(`${api}: \`options.functions\` must be an array of function names, got ${describe(o.functions)}`);
  }
  if (o.gradientMode !== undefined && o.gradientMode !== 'auto' && o.gradientMode !== 'forward' && o.gradientMode !== 'reverse') {
    throw new TypeError(`${api}: \`options.gradientMode\` must be 'auto', 'forward' or 'reverse', got ${describe(o.gradientMode)}`);
  }
  if (o.outFile !== undefined && (typeof o.outFile !== 'string' || o.outFile === '')) throw new TypeError(`${api}: \`options.outFile\` must be a path, got ${describe(o.outFile)}`);
}

/** transformAsync's resolver: a function, or omitted (then the transformer's own). */
export function checkResolver(api: string, resolve: unknown): void {
  if (resolve !== undefined && typeof resolve !== 'function') throw new TypeError(`${api}: \`resolve\` must be a function (specifier, importer) => path | undefined, or omitted, got ${describe(resolve)}`);
}

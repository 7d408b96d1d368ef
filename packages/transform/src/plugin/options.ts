import type { FilterPattern } from 'unplugin';
import type { EmitMode } from '../index.js';

/** Options of the ddx bundler plugin; the defaults need no configuration. */
export interface DdxPluginOptions {
  /** Modules to transform (RegExp or glob relative to the working directory). Default: .ts/.tsx/.mts/.cts. */
  include?: FilterPattern;
  /** Modules never to transform. Default: anything under node_modules. */
  exclude?: FilterPattern;
  /** 'inline' (default): allocation-free tangent code; 'dual': readable code over @ddx/dual. */
  mode?: EmitMode;
  /**
   * Keep results on disk so that a build whose modules did not change never loads the compiler,
   * and V8's compiled code for the compiler so that loading it is faster when it runs: true
   * (default) for node_modules/.cache/ddx under the working directory, a directory path, or
   * false for none.
   */
  cache?: boolean | string;
  /**
   * Warn (DDX2001, through the bundler's warning channel) at every equality test of a value that
   * depends on the input (`x === 1`, a `case` of a switch on it), where the derivative follows
   * the special case: true (default) or false for none. One line is silenced with
   * `// ddx-ignore-next-line equality` above it.
   */
  equalityWarnings?: boolean;
}

/** TypeScript modules, the only ones whose numeric functions carry the `number` types the transform needs. */
export const defaultInclude = /\.(?:[cm]?ts|tsx)$/;
export const defaultExclude = /[\\/]node_modules[\\/]/;
/** The run-time engine: a module that mentions it, or imports a module re-exporting it, may call a verb. */
export const runtimeModule = '@ddx/dual';

const optionNames = ['include', 'exclude', 'mode', 'cache', 'equalityWarnings'];

/** Rejects misspelt or ill-typed options at configuration time, naming the option. */
export function checkOptions(options: unknown): DdxPluginOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`ddx plugin: the options must be an object such as { mode: 'inline' }, got ${String(options)}`);
  }
  const { mode, cache, equalityWarnings } = options as DdxPluginOptions;
  if ('nanSafe' in options) throw new TypeError(`ddx plugin: the \`nanSafe\` option is gone: an exactly zero tangent now always contributes nothing (what nanSafe: true did); remove it`);
  const unknown = Object.keys(options).filter((name) => !optionNames.includes(name));
  if (unknown.length > 0) throw new TypeError(`ddx plugin: unknown option \`${unknown[0]}\` (the options are ${optionNames.join(', ')})`);
  if (mode !== undefined && mode !== 'inline' && mode !== 'dual') throw new TypeError(`ddx plugin: \`mode\` must be 'inline' or 'dual', got ${JSON.stringify(mode)}`);
  if (cache !== undefined && typeof cache !== 'boolean' && (typeof cache !== 'string' || cache === '')) {
    throw new TypeError(`ddx plugin: \`cache\` must be true, false or a directory path, got ${JSON.stringify(cache)}`);
  }
  if (equalityWarnings !== undefined && typeof equalityWarnings !== 'boolean') throw new TypeError(`ddx plugin: \`equalityWarnings\` must be true or false, got ${JSON.stringify(equalityWarnings)}`);
  return options as DdxPluginOptions;
}

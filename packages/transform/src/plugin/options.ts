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
  /** Emit NaN-safe tangent products (a zero tangent times an infinite partial gives 0). Default false. */
  nanSafe?: boolean;
}

/** TypeScript modules, the only ones whose numeric functions carry the `number` types the transform needs. */
export const defaultInclude = /\.(?:[cm]?ts|tsx)$/;
export const defaultExclude = /[\\/]node_modules[\\/]/;
/** Cheap pre-check: a module that never mentions the runtime has no call site to rewrite. */
export const runtimeModule = '@ddx/dual';

/**
 * The plugin for Rollup, Vite and Rolldown, without unplugin. Their plugins are the object the
 * factory returns, with the bundler's own hooks merged in, which is all that unplugin's adapter
 * for them does; loading unplugin (with its adapters for webpack, esbuild and others) would add
 * about 12 ms of CPU to every build. esbuild and webpack still go through unplugin.
 *
 * Rolldown, Vite from 6.3 and Rollup from 4.40 apply the transform filter themselves, natively.
 * For older versions the filter is applied here, with unplugin's own filter semantics (globs
 * relative to the working directory), loading unplugin then.
 */
import type { UnpluginContextMeta, UnpluginInstance, UnpluginOptions } from 'unplugin';
import { unpluginFactory, type DdxPluginOptions } from './factory.js';

type RollupFamily = 'rollup' | 'vite' | 'rolldown';
type Instance = UnpluginInstance<DdxPluginOptions | undefined, false>;
type TransformHook = Extract<NonNullable<UnpluginOptions['transform']>, { handler: unknown }>;
type Filter = NonNullable<TransformHook['filter']>;
type Handler = TransformHook['handler'];
type HandlerContext = ThisParameterType<Handler>;

/** The bundler's version, as a Rollup-family plugin context tells it. */
interface ContextMeta {
  meta?: { rollupVersion?: string; viteVersion?: string };
}

export function rollupFamilyPlugin<F extends RollupFamily>(framework: F): Instance[F] {
  return ((options?: DdxPluginOptions) => {
    const meta = { framework, versions: {} } as UnpluginContextMeta;
    const { vite, rollup, rolldown, esbuild: _esbuild, webpack: _webpack, transform, ...hooks } = unpluginFactory(options, meta);
    const { filter, handler } = transform as TransformHook;
    let jsFilter: Promise<(code: string, id: string) => Promise<boolean>> | undefined;
    return {
      ...hooks,
      transform: {
        filter,
        async handler(this: HandlerContext, code: string, id: string) {
          if (!filtersNatively(framework, this as ContextMeta)) {
            jsFilter ??= unpluginFilter(filter!);
            if (!(await (await jsFilter)(code, id))) return null;
          }
          return handler.call(this, code, id);
        },
      },
      ...{ vite, rollup, rolldown }[framework],
    };
  }) as Instance[F];
}

/** Whether the bundler applies a transform hook's `filter` itself (as unplugin decides it, and Vite from 6.3). */
function filtersNatively(framework: RollupFamily, context: ContextMeta): boolean {
  if (framework === 'rolldown') return true;
  const [major, minor] = (framework === 'vite' ? context.meta?.viteVersion : context.meta?.rollupVersion)?.split('.').map(Number) ?? [];
  if (major === undefined) return false;
  return framework === 'vite' ? major > 6 || (major === 6 && minor >= 3) : major > 4 || (major === 4 && minor >= 40);
}

/** The filter as unplugin applies it for a Rollup without native filters: through unplugin's Rollup adapter, around a handler that says yes. */
async function unpluginFilter(filter: Filter): Promise<(code: string, id: string) => Promise<boolean>> {
  const { createRollupPlugin } = await import('unplugin');
  const probe = createRollupPlugin(() => ({ name: 'ddx-filter', transform: { filter, handler: () => ({ code: '' }) } }))() as { transform: { handler: (this: unknown, code: string, id: string) => unknown } };
  return async (code, id) => (await probe.transform.handler.call({ meta: {} }, code, id)) !== undefined;
}

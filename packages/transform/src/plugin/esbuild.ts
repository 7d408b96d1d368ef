import { createUnplugin } from 'unplugin';
import { unpluginFactory } from './factory.js';

export default createUnplugin(unpluginFactory).esbuild;
export type { DdxPluginOptions } from './factory.js';

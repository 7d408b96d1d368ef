import { createUnplugin } from 'unplugin';
import { unpluginFactory } from './factory.js';

export default createUnplugin(unpluginFactory).webpack;
export type { DdxPluginOptions } from './factory.js';

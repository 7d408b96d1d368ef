import { ddx } from './factory.js';

export default ddx.esbuild;
export type { DdxPluginOptions } from './factory.js';

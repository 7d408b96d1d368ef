import { ddx } from './factory.js';

export default ddx.vite;
export type { DdxPluginOptions } from './factory.js';

import { ddx } from './factory.js';

export default ddx.rollup;
export type { DdxPluginOptions } from './factory.js';

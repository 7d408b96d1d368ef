import { ddx } from './factory.js';

export default ddx.webpack;
export type { DdxPluginOptions } from './factory.js';

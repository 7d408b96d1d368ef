import { ddx } from './factory.js';

export default ddx.rolldown;
export type { DdxPluginOptions } from './factory.js';

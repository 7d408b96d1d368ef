import { rollupFamilyPlugin } from './rollup-family.js';

export default rollupFamilyPlugin('rolldown');
export type { DdxPluginOptions } from './factory.js';

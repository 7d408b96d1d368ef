import { rollupFamilyPlugin } from './rollup-family.js';

export default rollupFamilyPlugin('rollup');
export type { DdxPluginOptions } from './factory.js';

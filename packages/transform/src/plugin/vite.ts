import { rollupFamilyPlugin } from './rollup-family.js';

export default rollupFamilyPlugin('vite');
export type { DdxPluginOptions } from './factory.js';

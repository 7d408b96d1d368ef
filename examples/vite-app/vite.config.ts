import ddx from '@ddx/transform/vite';
import { defineConfig } from 'vite';

// ddx() compiles the derivative calls of src/builtins.ts during `vite` and `vite build`.
export default defineConfig({
  plugins: [ddx()],
});

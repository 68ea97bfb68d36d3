import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { buildInfo } from './scripts/build-info';

// The renderer is built to dist/renderer and loaded by Electron from file:// or served by the
// browser host; relative asset paths make both work. Help > About reads __XENCLIENT_BUILD__.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  define: { __XENCLIENT_BUILD__: JSON.stringify(buildInfo(fileURLToPath(new URL('.', import.meta.url)))) },
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
});

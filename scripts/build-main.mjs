// Bundles the main-process entry points with esbuild: Electron's main (CJS), the sandboxed
// preload (CJS, everything inlined: a sandboxed preload cannot require our modules) and the
// browser host (ESM). Dependencies stay in node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...common, entryPoints: ['electron/web-host.ts'], outfile: 'dist/web-host.mjs', format: 'esm', packages: 'external' }),
]);

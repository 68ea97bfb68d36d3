// Bundles the main-process entry points with esbuild: Electron's main (CJS), the sandboxed
// preload (CJS, everything inlined: a sandboxed preload cannot require our modules), the browser
// host (ESM) and the demo pool (CJS, the whole simulator), which is its own entry: main and the
// browser host load it with a dynamic import only when the demo is opened, so neither carries
// simulator code. Dependencies stay in node_modules.
// Usage: node scripts/build-main.mjs [--outdir DIR] [--metafile]  (default dist/; --metafile
// writes each bundle's esbuild metafile beside it as <bundle>.meta.json, for test/unit/build-main-bundle.test.ts).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const outdirArg = argv.indexOf('--outdir');
const outDir = path.resolve(outdirArg >= 0 ? argv[outdirArg + 1] ?? '' : 'dist');
const wantMeta = argv.includes('--metafile');

const DEMO_ENTRY = 'electron/demo-pool.ts';
const DEMO_OUT = path.join(outDir, 'electron/demo-pool.cjs');

/** The dynamic import('./demo-pool') in electron/demo-on-demand.ts becomes a load of the demo bundle, relative to `outfile`. */
const demoOnDemand = (outfile) => ({
  name: 'demo-on-demand',
  setup(b) {
    b.onResolve({ filter: /^\.\/demo-pool$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || path.basename(args.importer) !== 'demo-on-demand.ts') return undefined;
      const rel = path.relative(path.dirname(outfile), DEMO_OUT).split(path.sep).join('/');
      return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
    });
  },
});

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', metafile: wantMeta };
const bundles = [
  // Electron's main loads the demo bundle with require() (esbuild's rewrite of import() when it is
  // not "supported"): the CommonJS loader is the one that has always read files inside the ASAR.
  { entryPoints: ['electron/main.ts'], outfile: path.join(outDir, 'electron/main.cjs'), format: 'cjs', packages: 'external', supported: { 'dynamic-import': false } },
  { entryPoints: ['electron/preload.ts'], outfile: path.join(outDir, 'electron/preload.cjs'), format: 'cjs', external: ['electron'] },
  { entryPoints: ['electron/web-host.ts'], outfile: path.join(outDir, 'web-host.mjs'), format: 'esm', packages: 'external' },
  { entryPoints: [DEMO_ENTRY], outfile: DEMO_OUT, format: 'cjs', packages: 'external' },
];
await Promise.all(bundles.map(async (o) => {
  const r = await build({ ...common, ...o, plugins: [demoOnDemand(o.outfile)] });
  if (wantMeta) {
    mkdirSync(path.dirname(o.outfile), { recursive: true });
    writeFileSync(`${o.outfile}.meta.json`, JSON.stringify(r.metafile));
  }
}));

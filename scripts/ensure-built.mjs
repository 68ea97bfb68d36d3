// Builds what `npm start` and `npm run web` need, only when a source is newer than its output,
// so a newcomer never has to run a build step by hand.
import { statSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);

export function ensureBuilt({ quiet = false } = {}) {
  const sharedT = Math.max(newest('shared'), mtime('package.json'), mtime('vite.config.ts'));
  const steps = [];
  if (Math.max(sharedT, newest('renderer')) > mtime('dist/renderer/index.html')) steps.push('build:renderer');
  if (Math.max(sharedT, newest('electron'), newest('simulator')) > Math.min(mtime('dist/web-host.mjs'), mtime('dist/electron/main.cjs'), mtime('dist/electron/demo-pool.cjs'))) steps.push('build:main');
  for (const s of steps) {
    if (!quiet) console.log(`Building (${s})...`);
    execSync(`npm run -s ${s}`, { stdio: 'inherit' });
  }
}

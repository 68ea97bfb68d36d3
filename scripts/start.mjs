// `npm start [-- --demo]`: opens the Electron app. Electron fetches its binary on first use;
// where that cannot happen (offline, or npm skipped the download) this says so in one line and
// serves the very same app through the browser host instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ensureBuilt } from './ensure-built.mjs';
import { runWebHost } from './web.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    return require('electron'); // the package's main exports the binary's path, or throws when it is missing
  } catch {
    return undefined;
  }
}

ensureBuilt();
let bin = electronBinary();
let why = '';
if (!bin) {
  let installer;
  try { installer = require.resolve('electron/install.js'); } catch { why = 'the electron package is not installed'; }
  if (installer) {
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const r = spawnSync(process.execPath, [installer], { env, encoding: 'utf8', timeout: 120_000 });
    bin = r.status === 0 ? electronBinary() : undefined;
    if (!bin) {
      const lines = (r.stderr || r.stdout || '').split('\n').map((l) => l.trim()).filter(Boolean);
      why = `its binary could not be downloaded: ${lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines[0] ?? 'unknown reason'}`;
    }
  }
}
if (bin) {
  const child = spawn(bin, ['.', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron is not available here (${why.slice(0, 160)}); serving the same app through the browser host instead.`);
  runWebHost(args);
}

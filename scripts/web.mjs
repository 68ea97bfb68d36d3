// `npm run web -- [--port P] [--demo]`: builds if needed, then runs the browser host.
import { spawn } from 'node:child_process';
import { ensureBuilt } from './ensure-built.mjs';

export function runWebHost(args) {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/web-host.mjs', ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBuilt();
  runWebHost(process.argv.slice(2));
}

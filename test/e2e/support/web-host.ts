// Starts the real browser host (the built dist/web-host.mjs) as a child process and reads the
// URL it prints; stops it at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve, join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot } from '../../support/repo-root';

export interface RunningHost { url: string; pid: number; stop(): Promise<void>; output(): string }

/** Each host gets its own settings folder unless the test passes one: saved servers never leak between tests or into ~/.config. */
export async function startHost(args: string[] = []): Promise<RunningHost> {
  if (!args.includes('--settings-dir')) args = [...args, '--settings-dir', mkdtempSync(join(tmpdir(), 'xc-e2e-settings-'))];
  const child: ChildProcess = spawn(process.execPath, [resolve(repoRoot, 'dist/web-host.mjs'), ...args], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host printed no URL in 20 s:\n${out}`)), 20_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = out.match(/^(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`web host exited (${code}):\n${out}`)); });
  });
  return {
    url,
    pid: child.pid!,
    output: () => out,
    stop: () => new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

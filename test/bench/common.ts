// What the bench suites share: the simulator in a child process (as a remote pool would be: its work
// never shares an event loop with the client being measured), a JSON-RPC call, Debian's Chromium and
// a page of the app, the Add Server dialog, the median.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';

export interface SimProcess { url: string; pid: number; stop(): Promise<void> }

export async function startSimProcess(args: string[]): Promise<SimProcess> {
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['simulator/cli.ts', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
  return {
    url, pid: child.pid!,
    stop: () => new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    }),
  };
}

export async function rpc(url: string, method: string, ...params: unknown[]): Promise<unknown> {
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
  const body = (await res.json()) as { result?: unknown; error?: unknown };
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}

/** Opens Add Server and fills it for the simulator's root account; returns the dialog (the caller clicks Add). */
export async function fillAddServer(page: Page, url: string): Promise<Locator> {
  await page.getByRole('toolbar').getByRole('button', { name: 'Add Server', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add New Server' });
  await dialog.getByLabel('Server', { exact: true }).fill(url);
  await dialog.getByLabel('User name').fill('root');
  await dialog.getByLabel('Password').fill('xenroot');
  return dialog;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A page whose page.evaluate code runs: tsx keeps function names with a `__name` helper the page lacks. */
export async function benchPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript('globalThis.__name = (f) => f');
  return page;
}

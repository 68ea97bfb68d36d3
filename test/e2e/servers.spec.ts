// Saved servers and connection states, end to end: the real browser host (with its own settings
// directory) against the simulator. Disconnect / Reconnect / Reconnect As / Forget, Connect All /
// Disconnect All, export and import, and a toolstack restart that the app rides out by itself.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage } from './support/app-page';

let sim: Simulator;
const dirs: string[] = [];
const hosts: RunningHost[] = [];
const MAIN_PASSWORD = 'correct horse battery';

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 500 });
});
test.afterAll(async () => {
  for (const h of hosts) await h.stop();
  await sim?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function settingsDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'xc-servers-'));
  dirs.push(d);
  return d;
}
async function host(dir: string): Promise<RunningHost> {
  const h = await startHost(['--settings-dir', dir]);
  hosts.push(h);
  return h;
}
async function menu(page: Page, name: string, item: string): Promise<void> {
  await page.getByRole('menubar').getByRole('menuitem', { name, exact: true }).click();
  await page.getByRole('menu', { name }).getByRole('menuitem', { name: item, exact: true }).click();
}
async function contextCommand(row: Locator, item: string): Promise<void> {
  await row.click({ button: 'right' });
  await row.page().getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: item, exact: true }).click();
}
/** Sets a main password so that the browser host (no OS keychain) stores server passwords. */
async function setMainPassword(page: Page): Promise<void> {
  await menu(page, 'File', 'Password Storage…');
  const ps = page.getByRole('dialog', { name: 'Password Storage' });
  await expect(ps.getByRole('button', { name: 'Set Main Password' })).toBeVisible();
  await ps.getByLabel('Main password', { exact: true }).fill(MAIN_PASSWORD);
  await ps.getByLabel('Confirm main password').fill(MAIN_PASSWORD);
  await ps.getByRole('button', { name: 'Set Main Password' }).click();
  await expect(ps).toBeHidden();
}
const sessions = () => sim.records('session').size;
const poolName = () => String([...sim.records('pool').values()][0].name_label);
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/${name}.png` });

test('disconnect, reconnect, reconnect as, connect all / disconnect all, a restart ridden out, forget', async ({ page }) => {
  test.setTimeout(150_000);
  const dir = settingsDir();
  let h = await host(dir);
  const app = new AppPage(page);
  await page.goto(h.url);
  await setMainPassword(page);
  const add = await app.addServer(sim.url, 'root', 'xenroot');
  await expect(add).toBeHidden();
  const pool = app.treeItem(poolName());
  await expect(pool).toBeVisible();
  await expect(page.getByLabel('Servers')).toHaveText('1 server: 1 connected');

  // Disconnect: the server stays in the tree, disconnected; its session is gone from the server.
  const before = sessions();
  await contextCommand(pool, 'Disconnect');
  const server = app.tree.getByRole('treeitem').first();
  await expect(server).toHaveAttribute('data-state', 'disconnected');
  await expect(server).toHaveAccessibleDescription('Disconnected');
  await expect.poll(sessions).toBeLessThan(before);
  await expect(page.getByLabel('Servers')).toHaveText('1 server: 1 disconnected');
  await shot(page, 'servers-disconnected');

  // Reconnect (the password is stored): no prompt.
  await contextCommand(server, 'Reconnect');
  await expect(app.treeItem(poolName())).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Reconnect As with a wrong password: refused with the reason.
  await contextCommand(app.treeItem(poolName()), 'Reconnect As…');
  const as = page.getByRole('dialog', { name: 'Reconnect As' });
  await expect(as.getByLabel('User name')).toHaveValue('root');
  await as.getByLabel('Password').fill('wrong');
  await as.getByRole('button', { name: 'Reconnect' }).click();
  await expect(as.getByRole('alert')).toContainText('SESSION_AUTHENTICATION_FAILED');
  await shot(page, 'servers-reconnect-as-wrong');
  await as.getByLabel('Password').fill('xenroot');
  await as.getByRole('button', { name: 'Reconnect' }).click();
  await expect(as).toBeHidden();
  await expect(app.treeItem(poolName())).toBeVisible();

  // Disconnect All / Connect All from the Server menu.
  await menu(page, 'Server', 'Disconnect All');
  await expect(app.tree.getByRole('treeitem').first()).toHaveAttribute('data-state', 'disconnected');
  await menu(page, 'Server', 'Connect All');
  await expect(app.treeItem(poolName())).toBeVisible();

  // A toolstack restart: "Reconnecting in …" with a countdown, then connected again by itself.
  await sim.faults.restart({ downMs: 3000 });
  const row = app.treeItem(poolName());
  await expect(row).toHaveAccessibleDescription(/^Reconnecting (in \d+ s|now…)/, { timeout: 20_000 });
  await shot(page, 'servers-reconnecting');
  await expect(page.getByLabel('Servers')).toHaveText(/reconnecting|connecting/);
  await expect(page.getByLabel('Servers')).toHaveText('1 server: 1 connected', { timeout: 45_000 });

  // Forget, with a confirmation; it does not come back after a restart.
  await contextCommand(app.treeItem(poolName()), 'Forget');
  const forget = page.getByRole('dialog', { name: `Forget ${poolName()}?` });
  await expect(forget).toBeVisible();
  await forget.getByRole('button', { name: 'Forget' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to PoolDesk' })).toBeVisible();
  await h.stop();
  h = await host(dir);
  await page.goto(h.url);
  // The page shows Welcome only once the host's state snapshot has loaded, and the host lists its
  // saved servers before it answers any request: a remembered server would already be here.
  await expect(page.getByRole('heading', { name: 'Welcome to PoolDesk' })).toBeVisible();
  await expect(page.getByLabel('Servers')).toHaveText('Not connected');
  await expect(app.tree).toHaveCount(0);
  await h.stop();
});

test('export, then import into a fresh settings directory: the list comes back without passwords', async ({ page }) => {
  const h = await host(settingsDir());
  const app = new AppPage(page);
  await page.goto(h.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();

  const downloading = page.waitForEvent('download');
  await menu(page, 'File', 'Export Server List…');
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('xenclient-servers.json');
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(String(sim.port));
  expect(text).not.toContain('xenroot');

  const fresh = await host(settingsDir());
  await page.goto(fresh.url);
  await expect(page.getByRole('heading', { name: 'Welcome to PoolDesk' })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await menu(page, 'File', 'Import Server List…');
  await (await chooser).setFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 server' })).toBeVisible();
  const server = app.tree.getByRole('treeitem').first();
  await expect(server).toHaveAccessibleDescription(/^Password needed/);
  await shot(page, 'servers-imported');

  // Importing the same list again adds nothing.
  const chooser2 = page.waitForEvent('filechooser');
  await menu(page, 'File', 'Import Server List…');
  await (await chooser2).setFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported 0 servers (1 already in the list)' })).toBeVisible();

  // Reconnect asks for the password (the user is fixed), then connects.
  await contextCommand(server, 'Reconnect');
  const pw = page.getByRole('dialog', { name: 'Enter Password' });
  await expect(pw).toBeVisible();
  await expect(pw.getByLabel('User name')).toHaveValue('root');
  await pw.getByLabel('Password').fill('xenroot');
  await pw.getByRole('button', { name: 'Reconnect' }).click();
  await expect(app.treeItem(poolName())).toBeVisible();

  // A file that is not a server list: the reason in words, with its code.
  const chooser3 = page.waitForEvent('filechooser');
  await menu(page, 'File', 'Import Server List…');
  await (await chooser3).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByRole('alert').filter({ hasText: 'Import Server List failed' })).toContainText('IMPORT_INVALID');
});

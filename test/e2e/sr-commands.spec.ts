// The SR commands and the physical Storage tab in the real browser host against the simulator: an SR
// left broken through XAPI (a PBD unplugged, another destroyed) is repaired from its context menu; Set as
// Default; the pool's and a server's Storage tab; Detach (asked first), Repair from the tab's button,
// then Destroy with the disks it deletes listed. Every outcome is checked through XAPI.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, findInTree } from './support/app-page';
import { login, rpc, RpcError } from '../support/xapi-rpc';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
const recs = (cls: string) => [...sim.records(cls).entries() as Iterable<[string, Rec]>];
const poolName = (): string => String(recs('pool')[0][1].name_label);
const contextItem = (page: Page, name: string) => page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
const pbds = async (sr: string) => Promise.all((await call('SR.get_PBDs', sr) as string[]).map((p) => call('PBD.get_record', p) as Promise<Rec>));
const allPlugged = async (sr: string) => { const p = await pbds(sr); return p.length === 3 && p.every((x) => x.currently_attached === true); };

test('repair a broken SR, make it the default, see the Storage tabs, detach it, repair it, destroy it', async ({ page }) => {
  const master = String(recs('pool')[0][1].master);
  const sr = await call('SR.create', master, { server: 'storage.demo', serverpath: '/vms' }, 0, 'Scratch NFS', 'NFS SR [storage.demo:/vms]', 'nfs', 'user', true, {}) as string;
  for (const name of ['scratch one', 'scratch two']) {
    await call('VDI.create', { name_label: name, name_description: '', SR: sr, virtual_size: GiB, type: 'user', sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [] });
  }
  // Broken as after a network fault and a host re-install: one PBD unplugged, one gone.
  const others = (await pbds(sr)).map((p, i) => [i, p] as const).filter(([, p]) => p.host !== master);
  const refs = await call('SR.get_PBDs', sr) as string[];
  await call('PBD.unplug', refs[others[0][0]]);
  await call('PBD.unplug', refs[others[1][0]]);
  await call('PBD.destroy', refs[others[1][0]]);

  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();

  // Repair…, from the SR's context menu: each server's state, then the repair.
  await (await findInTree(app, 'Scratch NFS')).click({ button: 'right' });
  await expect(contextItem(page, 'Repair…')).toBeVisible();
  await shotAtSizes(page, 'sr-context-menu');
  await contextItem(page, 'Repair…').click();
  const repair = page.getByRole('dialog', { name: 'Repair Storage Repository - Scratch NFS' });
  const statuses = repair.getByRole('table', { name: 'Connections' }).locator('td[data-status]');
  await expect(statuses).toHaveCount(3);
  await expect(repair.getByText('Connection Missing')).toBeVisible();
  await expect(repair.getByText('Unplugged')).toBeVisible();
  await shotAtSizes(page, 'sr-repair');
  await repair.getByRole('button', { name: 'Repair' }).click();
  await expect(repair.getByRole('status')).toHaveText('Repaired SR Scratch NFS', { timeout: 20_000 });
  await expect(statuses).toHaveText(['Connected', 'Connected', 'Connected']);
  await shotAtSizes(page, 'sr-repair-done');
  expect(await allPlugged(sr)).toBe(true);
  await repair.getByRole('button', { name: 'Close' }).click();
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: "Repairing SR 'Scratch NFS'" }).first()).toHaveAttribute('data-status', 'success');

  // Set as Default.
  await (await findInTree(app, 'Scratch NFS')).click({ button: 'right' });
  await expect(contextItem(page, 'Repair…')).toHaveCount(0);
  await contextItem(page, 'Set as Default').click();
  await expect.poll(async () => call('pool.get_default_SR', recs('pool')[0][0]), { timeout: 10_000 }).toBe(sr);

  // The pool's Storage tab: every SR, the default marked, each server's connection.
  await app.treeItem(poolName()).click();
  await page.getByRole('tab', { name: 'Storage' }).click();
  const grid = page.getByRole('grid', { name: 'Storage repositories' });
  const row = grid.getByRole('row').filter({ hasText: 'Scratch NFS' });
  await expect(row).toContainText('(default)');
  await expect(row).toContainText('NFS');
  await expect(row).toContainText('Connected on all 3 servers');
  await expect(row.getByRole('meter')).toBeVisible();
  await shotAtSizes(page, 'physical-storage-pool');

  // A server's: its own connection only.
  const [, h2] = recs('host').find(([r]) => r !== master)!;
  await (await findInTree(app, String(h2.name_label))).click();
  await page.getByRole('tab', { name: 'Storage' }).click();
  await expect(grid.getByRole('row').filter({ hasText: 'Scratch NFS' })).toContainText('Connected');
  await expect(grid.getByRole('columnheader', { name: 'Status' })).toBeVisible();
  await shotAtSizes(page, 'physical-storage-host');

  // Detach…, asked first; then no PBD is plugged.
  await (await findInTree(app, 'Scratch NFS')).click({ button: 'right' });
  await contextItem(page, 'Detach…').click();
  const detach = page.getByRole('alertdialog', { name: 'Detach Storage Repository' });
  await expect(detach).toContainText('Are you sure you want to detach this storage repository?');
  await shotAtSizes(page, 'sr-detach-confirm');
  await detach.getByRole('button', { name: 'Yes' }).click();
  await expect.poll(async () => (await pbds(sr)).some((p) => p.currently_attached === true), { timeout: 15_000 }).toBe(false);

  // Destroy is refused while detached (its disks cannot be deleted); Repair… from the pool's Storage tab.
  await app.treeItem(poolName()).click();
  await page.getByRole('tab', { name: 'Storage' }).click();
  await grid.getByRole('row').filter({ hasText: 'Scratch NFS' }).click();
  const tabBar = page.getByRole('toolbar', { name: 'Storage repositories' });
  await expect(tabBar.getByRole('button', { name: 'Destroy…' })).toBeDisabled();
  await expect(tabBar.getByRole('button', { name: 'Destroy…' })).toHaveAttribute('title', 'The SR is detached: repair it first, so that its virtual disks can be deleted');
  await expect(grid.getByRole('row').filter({ hasText: 'Scratch NFS' })).toContainText('Unplugged');
  await shotAtSizes(page, 'physical-storage-pool-detached');
  await tabBar.getByRole('button', { name: 'Repair…' }).click();
  await page.getByRole('dialog', { name: 'Repair Storage Repository - Scratch NFS' }).getByRole('button', { name: 'Repair' }).click();
  await expect.poll(() => allPlugged(sr), { timeout: 20_000 }).toBe(true);
  await page.getByRole('dialog', { name: 'Repair Storage Repository - Scratch NFS' }).getByRole('button', { name: 'Close' }).click();

  // Destroy…: the disks it deletes are listed; then the SR and its disks are gone.
  await (await findInTree(app, 'Scratch NFS')).click({ button: 'right' });
  await contextItem(page, 'Destroy…').click();
  const destroy = page.getByRole('alertdialog', { name: 'Destroy Storage Repository' });
  await expect(destroy).toContainText("Are you sure you want to destroy 'Scratch NFS'?");
  await expect(destroy.getByRole('list', { name: 'Virtual disks that will be deleted' }).getByRole('listitem')).toHaveText([/^scratch one/, /^scratch two/]);
  await expect(destroy.getByRole('button', { name: 'No' })).toBeFocused();
  await shotAtSizes(page, 'sr-destroy-confirm');
  const vdis = await call('SR.get_VDIs', sr) as string[];
  await destroy.getByRole('button', { name: 'Yes, Destroy' }).click();
  await expect.poll(async () => call('SR.get_record', sr).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID'), { timeout: 20_000 }).toBe(true);
  for (const v of vdis) await expect(call('VDI.get_record', v)).rejects.toMatchObject({ code: 'HANDLE_INVALID' });
  await expect(app.treeItem('Scratch NFS')).toHaveCount(0);
});

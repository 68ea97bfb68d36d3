// Move… a virtual disk and the SR Storage tab, in the real browser host against the simulator: a
// halted VM's disk moves by copy and swap (a VBD alike on a new VDI), a running VM's by live storage
// migration (the same VBD, still attached); each checked through XAPI (the VBD's VDI is on the new
// SR with the same userdevice, the old VDI is gone); the running VM's disk is then deactivated and
// activated. The SR tab lists the SR's disks with their VMs, Rescan runs SR.scan, Add… makes a disk
// of no VM, Delete removes it.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const GiB = 1024 ** 3;

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 8, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;
const guests = (power: string) => ([...sim.records('VM').entries()] as Array<[string, Rec]>)
  .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && v.power_state === power);
const firstDisk = (vm: Rec) => (vm.VBDs as string[]).map((b) => [b, rec('VBD', b)!] as const).find(([, b]) => b.type === 'Disk' && !b.empty)!;

async function open(page: Page, name: string, tab = 'Storage'): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  await (await findInTree(app, name)).click();
  await page.getByRole('tab', { name: tab }).click();
  return app;
}

/** Opens Move… for the grid row named `disk`, picks the first SR it offers, moves; returns the SR chosen. */
async function moveFromVmTab(page: Page, disk: string, shot: string): Promise<string> {
  const tab = page.getByRole('tabpanel');
  await tab.getByRole('grid', { name: 'Virtual disks' }).locator('tbody tr').filter({ hasText: disk }).first().click();
  await tab.getByRole('button', { name: 'Move…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Move Virtual Disk' });
  await expect(dlg).toBeVisible();
  const choice = dlg.getByRole('radio').and(dlg.locator(':enabled')).first();
  const sr = await choice.getAttribute('value');
  await choice.check();
  await shotAtSizes(page, shot);
  await dlg.getByRole('button', { name: 'Move' }).click();
  await expect(dlg).toBeHidden();
  return String(sr);
}

test('Move… a halted VM\'s disk: copied to the SR, a VBD alike on the copy, the old disk gone', async ({ page }) => {
  const [vmRef, vm] = guests('Halted')[0];
  const [, vbd] = firstDisk(vm);
  const old = String(vbd.VDI);
  const name = String(rec('VDI', old)!.name_label);
  const from = String(rec('VDI', old)!.SR);
  await open(page, String(vm.name_label));
  const sr = await moveFromVmTab(page, name, 'move-disk-halted');
  expect(sr).not.toBe(from);
  await expect.poll(() => call('VDI.get_record', old).then(() => 'there', () => 'gone'), { timeout: 15000 }).toBe('gone');
  const vbds = await Promise.all((await call('VM.get_VBDs', vmRef) as string[]).map((b) => call('VBD.get_record', b) as Promise<Rec>));
  const now = vbds.find((b) => b.userdevice === vbd.userdevice)!;
  expect(now).toMatchObject({ type: 'Disk', mode: vbd.mode, bootable: vbd.bootable });
  expect(await call('VDI.get_record', now.VDI)).toMatchObject({ SR: sr, name_label: name, virtual_size: rec('VDI', now.VDI)!.virtual_size });
  const srName = String(rec('SR', sr)!.name_label);
  await expect(page.getByRole('tabpanel').getByRole('grid', { name: 'Virtual disks' }).locator('tbody tr').filter({ hasText: name }).first()).toContainText(srName);
});

test('Move… a running VM\'s attached disk: storage live migration, the same VBD still attached on a VDI on the SR', async ({ page }) => {
  const [vmRef, vm] = guests('Running').find(([, v]) => (v.VBDs as string[]).some((b) => rec('VBD', b)?.type === 'Disk' && rec('VBD', b)?.currently_attached))!;
  const [vbdRef, vbd] = (vm.VBDs as string[]).map((b) => [b, rec('VBD', b)!] as const).find(([, b]) => b.type === 'Disk' && b.currently_attached === true)!;
  const old = String(vbd.VDI);
  const name = String(rec('VDI', old)!.name_label);
  await open(page, String(vm.name_label));
  // Deactivate / Activate are offered for the running VM's disk.
  const tab = page.getByRole('tabpanel');
  await tab.getByRole('grid', { name: 'Virtual disks' }).locator('tbody tr').filter({ hasText: name }).first().click();
  await expect(tab.getByRole('button', { name: 'Deactivate' })).toBeVisible();
  const sr = await moveFromVmTab(page, name, 'move-disk-running');
  await expect.poll(() => call('VBD.get_VDI', vbdRef), { timeout: 15000 }).not.toBe(old);
  const now = String(await call('VBD.get_VDI', vbdRef));
  expect(await call('VDI.get_SR', now)).toBe(sr);
  expect(await call('VBD.get_record', vbdRef)).toMatchObject({ userdevice: vbd.userdevice, currently_attached: true, VM: vmRef });
  expect(await call('VDI.get_record', old).then(() => 'there', () => 'gone')).toBe('gone');
  expect(await call('VM.get_power_state', vmRef)).toBe('Running');

  // Deactivate (VBD.unplug) and Activate (VBD.plug) the moved disk.
  await tab.getByRole('grid', { name: 'Virtual disks' }).locator('tbody tr').filter({ hasText: name }).first().click();
  await tab.getByRole('button', { name: 'Deactivate' }).click();
  await expect.poll(() => call('VBD.get_currently_attached', vbdRef), { timeout: 15000 }).toBe(false);
  // exact: a plain name is a case-insensitive substring, which "Deactivate" matches too.
  await expect(tab.getByRole('button', { name: 'Activate', exact: true })).toBeEnabled();
  await tab.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect.poll(() => call('VBD.get_currently_attached', vbdRef), { timeout: 15000 }).toBe(true);
});

test('SR Storage tab: the SR\'s disks with their VMs; Rescan runs; Add… makes a disk of no VM', async ({ page }) => {
  // A shared SR holding a disk of a halted VM (the tests before may have moved disks off an SR).
  const onShared = (b: string) => { const sr = rec('SR', rec('VDI', rec('VBD', b)?.VDI)?.SR); return sr?.shared === true && sr.content_type !== 'iso'; };
  const [, vm] = guests('Halted').find(([, v]) => (v.VBDs as string[]).some(onShared))!;
  const srRef = String(rec('VDI', rec('VBD', (vm.VBDs as string[]).find(onShared))!.VDI)!.SR);
  const sr = rec('SR', srRef)!;
  const app = await open(page, String(sr.name_label));
  const tab = page.getByRole('tabpanel');
  const grid = tab.getByRole('grid', { name: 'Virtual disks' });
  await expect(grid).toBeVisible();
  // One row per shown disk, with the VM using it.
  await expect(grid.locator('tbody tr').filter({ hasText: String(vm.name_label) }).first()).toBeVisible();
  await shotAtSizes(page, 'sr-storage-tab');

  await tab.getByRole('button', { name: 'Rescan' }).click();
  const scan = app.eventsPanel.locator('tr').filter({ hasText: `Rescanning '${String(sr.name_label)}'` }).first();
  await expect(scan).toHaveAttribute('data-status', 'success', { timeout: 15_000 });

  await tab.getByRole('button', { name: 'Add…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Add Virtual Disk' });
  await expect(dlg.getByLabel('Storage repository')).toHaveValue(srRef);
  await dlg.getByLabel('Name').fill('e2e loose disk');
  await dlg.getByLabel('Size', { exact: true }).fill('1');
  await shotAtSizes(page, 'sr-storage-add');
  await dlg.getByRole('button', { name: 'Add' }).click();
  const row = grid.locator('tbody tr').filter({ hasText: 'e2e loose disk' });
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(2)).toHaveText('1 GiB');
  const vdi = (await call('SR.get_VDIs', srRef) as string[]).find((v) => rec('VDI', v)?.name_label === 'e2e loose disk')!;
  expect(await call('VDI.get_record', vdi)).toMatchObject({ virtual_size: GiB, VBDs: [] });

  // Move… it from the SR tab (copy; no VM), then Delete it (asked first).
  await row.click();
  await tab.getByRole('button', { name: 'Move…' }).click();
  const move = page.getByRole('dialog', { name: 'Move Virtual Disk' });
  await expect(move.getByRole('radio').first()).toBeVisible();
  await shotAtSizes(page, 'sr-storage-move');
  await move.getByRole('button', { name: 'Cancel' }).click();
  await tab.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Virtual Disk' });
  await expect(confirm).toContainText("Delete the virtual disk 'e2e loose disk' (1 GiB");
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  await expect.poll(() => call('VDI.get_record', vdi).then(() => 'there', () => 'gone')).toBe('gone');
});

// The VM Storage tab in the real browser host against the simulator: Add… a 1 GiB disk to a halted
// VM and grow it to 2 GiB with Properties…; insert an ISO into the DVD drive, change it, eject it.
// Each outcome is checked on screen (grid, DVD list) and through XAPI (VBD and VDI records).
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
const halted = () => ([...sim.records('VM').entries()] as Array<[string, Rec]>)
  .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && v.power_state === 'Halted');

async function openStorage(page: Page, name: string): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  await (await findInTree(app, name)).click();
  await page.getByRole('tab', { name: 'Storage' }).click();
  return app;
}

/** The VM's VBD whose disk is named `name`, with its VDI, read through XAPI. */
async function diskNamed(vmRef: string, name: string): Promise<{ vbd: Rec; vdi: Rec } | undefined> {
  for (const b of await call('VM.get_VBDs', vmRef) as string[]) {
    const vbd = await call('VBD.get_record', b) as Rec;
    if (vbd.empty === true) continue;
    const vdi = await call('VDI.get_record', vbd.VDI) as Rec;
    if (vdi.name_label === name) return { vbd, vdi };
  }
  return undefined;
}

test('Add… a 1 GiB disk to a halted VM, then grow it to 2 GiB with Properties…', async ({ page }) => {
  const [vmRef, vm] = halted()[0];
  await openStorage(page, String(vm.name_label));
  const tab = page.getByRole('tabpanel');
  const grid = tab.getByRole('grid', { name: 'Virtual disks' });
  await expect(grid).toBeVisible();

  await tab.getByRole('button', { name: 'Add…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Add Virtual Disk' });
  await expect(dlg).toBeVisible();
  // The pool's default SR comes first, with its free space.
  const defaultSr = String(rec('pool', [...sim.records('pool').keys()][0])!.default_SR);
  const srSelect = dlg.getByLabel('Storage repository');
  await expect(srSelect).toHaveValue(defaultSr);
  await expect(srSelect.locator('option').first()).toHaveText(/\(.* free, default\)$/);
  await dlg.getByLabel('Name').fill('e2e added disk');
  await dlg.getByLabel('Description').fill('made by the e2e test');
  await dlg.getByLabel('Size', { exact: true }).fill('1');
  await dlg.getByLabel('Size unit').selectOption('GiB');
  await shotAtSizes(page, 'vm-storage-add-disk');
  await dlg.getByRole('button', { name: 'Add' }).click();
  await expect(dlg).toBeHidden();

  const row = grid.locator('tbody tr').filter({ hasText: 'e2e added disk' });
  await expect(row.locator('td').nth(3)).toHaveText('1 GiB');
  await expect.poll(async () => (await diskNamed(vmRef, 'e2e added disk'))?.vdi.virtual_size).toBe(GiB);
  const added = (await diskNamed(vmRef, 'e2e added disk'))!;
  expect(added.vbd).toMatchObject({ type: 'Disk', mode: 'RW', currently_attached: false });
  expect(added.vdi).toMatchObject({ SR: defaultSr, name_description: 'made by the e2e test', type: 'user' });

  await row.click();
  await tab.getByRole('button', { name: 'Properties…' }).click();
  const props = page.getByRole('dialog', { name: "'e2e added disk' Properties" });
  await expect(props.getByLabel('Size', { exact: true })).toHaveValue('1');
  await props.getByLabel('Size', { exact: true }).fill('2');
  await shotAtSizes(page, 'vm-storage-disk-properties');
  await props.getByRole('button', { name: 'OK' }).click();
  await expect(row.locator('td').nth(3)).toHaveText('2 GiB');
  await expect.poll(async () => (await diskNamed(vmRef, 'e2e added disk'))?.vdi.virtual_size).toBe(2 * GiB);
  // Only the size was sent: the name and description are as they were.
  expect((await diskNamed(vmRef, 'e2e added disk'))!.vdi).toMatchObject({ name_description: 'made by the e2e test' });
  await shotAtSizes(page, 'vm-storage-tab-buttons');

  // Device position: a free one is simply taken; no other drive moves.
  const mineUuid = String((await diskNamed(vmRef, 'e2e added disk'))!.vbd.uuid);
  const positions = async () => Object.fromEntries(await Promise.all((await call('VM.get_VBDs', vmRef) as string[])
    .map(async (b) => [String(await call('VBD.get_uuid', b)), String(await call('VBD.get_userdevice', b))] as const)));
  const before = await positions();
  const free = [...Array(16).keys()].map(String).find((p) => !Object.values(before).includes(p))!;
  await row.click();
  await tab.getByRole('button', { name: 'Properties…' }).click();
  await props.getByLabel('Device position').selectOption(free);
  await props.getByRole('button', { name: 'OK' }).click();
  await expect.poll(async () => (await positions())[mineUuid]).toBe(free);
  await expect(row.locator('td').nth(0)).toHaveText(free);
  const after = await positions();
  for (const [uuid, pos] of Object.entries(before)) if (uuid !== mineUuid) expect(after[uuid]).toBe(pos);
});

test('DVD drive: insert an ISO, change it, eject it', async ({ page }) => {
  const [vmRef, vm] = halted().find(([, v]) => (v.VBDs as string[]).some((b) => rec('VBD', b)?.type === 'CD'))!;
  const cdRef = (vm.VBDs as string[]).find((b) => rec('VBD', b)?.type === 'CD')!;
  await call('VBD.get_empty', cdRef).then(async (empty) => { if (!empty) await call('VBD.eject', cdRef); });
  const isoSr = ([...sim.records('SR').entries()] as Array<[string, Rec]>).find(([, s]) => s.content_type === 'iso')!;
  const isos = (isoSr[1].VDIs as string[]).map((r) => [r, String(rec('VDI', r)!.name_label)] as const);
  await openStorage(page, String(vm.name_label));
  const tab = page.getByRole('tabpanel');
  const dvd = tab.getByLabel('DVD drive');
  await expect(dvd).toHaveValue('');
  await expect(tab.getByRole('button', { name: 'Eject' })).toBeDisabled();

  await dvd.selectOption({ label: `${isos[0][1]} (${String(isoSr[1].name_label)})` });
  await expect.poll(() => call('VBD.get_VDI', cdRef)).toBe(isos[0][0]);
  expect(await call('VBD.get_empty', cdRef)).toBe(false);
  await expect(dvd).toHaveValue(isos[0][0]);
  const grid = tab.getByRole('grid', { name: 'Virtual disks' });
  await expect(grid.locator('tbody tr').filter({ hasText: 'CD' }).locator('td').nth(1)).toHaveText(isos[0][1]);
  await shotAtSizes(page, 'vm-storage-dvd');

  // Another disc: the one in the drive is ejected first, then the new one inserted.
  await dvd.selectOption(isos[1][0]);
  await expect.poll(() => call('VBD.get_VDI', cdRef)).toBe(isos[1][0]);

  await tab.getByRole('button', { name: 'Eject' }).click();
  await expect.poll(() => call('VBD.get_empty', cdRef)).toBe(true);
  expect(await call('VBD.get_VDI', cdRef)).toBe('OpaqueRef:NULL');
  await expect(dvd).toHaveValue('');

  // Without a drive (removed through XAPI): Add DVD drive makes an empty one.
  await call('VBD.destroy', cdRef);
  await expect(tab.getByText('This VM has no DVD drive.')).toBeVisible();
  await shotAtSizes(page, 'vm-storage-no-dvd');
  await tab.getByRole('button', { name: 'Add DVD drive' }).click();
  await expect(dvd).toHaveValue('');
  const cds = [];
  for (const b of await call('VM.get_VBDs', vmRef) as string[]) { const r = await call('VBD.get_record', b) as Rec; if (r.type === 'CD') cds.push(r); }
  expect(cds).toHaveLength(1);
  expect(cds[0]).toMatchObject({ empty: true, mode: 'RO', VDI: 'OpaqueRef:NULL' });
});

test('Attach… a free disk read-only, Detach it, attach it again and Delete it (asked first, by name)', async ({ page }) => {
  const [vmRef, vm] = halted().at(-1)!;
  const sr = String(rec('pool', [...sim.records('pool').keys()][0])!.default_SR);
  const vdi = await call('VDI.create', { name_label: 'e2e spare disk', name_description: '', SR: sr, virtual_size: GiB, type: 'user', sharable: false, read_only: false, other_config: {} }) as string;
  await openStorage(page, String(vm.name_label));
  const tab = page.getByRole('tabpanel');
  const grid = tab.getByRole('grid', { name: 'Virtual disks' });
  const row = grid.locator('tbody tr').filter({ hasText: 'e2e spare disk' });

  const attach = async (readOnly: boolean) => {
    await tab.getByRole('button', { name: 'Attach…' }).click();
    const dlg = page.getByRole('dialog', { name: 'Attach Disk' });
    await dlg.getByLabel('Disk').selectOption({ label: `e2e spare disk (1 GiB, on ${String(rec('SR', sr)!.name_label)})` });
    if (readOnly) await dlg.getByLabel('Attach as read-only').check();
    await shotAtSizes(page, 'vm-storage-attach-disk');
    await dlg.getByRole('button', { name: 'Attach' }).click();
    await expect(row).toHaveCount(1);
  };
  await attach(true);
  await expect(row.locator('td').nth(5)).toHaveText('RO');
  const vbds = () => call('VDI.get_VBDs', vdi) as Promise<string[]>;
  await expect.poll(async () => (await vbds()).length).toBe(1);
  expect(await call('VBD.get_record', (await vbds())[0])).toMatchObject({ VM: vmRef, mode: 'RO', type: 'Disk' });

  await row.click();
  await tab.getByRole('button', { name: 'Detach' }).click();
  await expect(row).toHaveCount(0);
  await expect.poll(async () => (await vbds()).length).toBe(0);
  expect(await call('VDI.get_name_label', vdi)).toBe('e2e spare disk');

  await attach(false);
  await row.click();
  await tab.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Virtual Disk' });
  await expect(confirm).toContainText("Delete the virtual disk 'e2e spare disk' (1 GiB");
  await shotAtSizes(page, 'vm-storage-delete-disk');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  await expect.poll(() => call('VDI.get_record', vdi).then(() => 'there', () => 'gone')).toBe('gone');
});

test('DVD drive above the console: a running VM\'s ISO is inserted and ejected from the Console tab', async ({ page }) => {
  const running = ([...sim.records('VM').entries()] as Array<[string, Rec]>)
    .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && v.power_state === 'Running');
  const [, vm] = running.find(([, v]) => (v.VBDs as string[]).some((b) => rec('VBD', b)?.type === 'CD'))!;
  const cdRef = (vm.VBDs as string[]).find((b) => rec('VBD', b)?.type === 'CD')!;
  if (!(await call('VBD.get_empty', cdRef))) await call('VBD.eject', cdRef);
  const isoSr = ([...sim.records('SR').entries()] as Array<[string, Rec]>).find(([, s]) => s.content_type === 'iso')!;
  const iso = (isoSr[1].VDIs as string[])[0];
  await openStorage(page, String(vm.name_label));
  await page.getByRole('tab', { name: 'Console' }).click();
  const tab = page.getByRole('tabpanel');
  const dvd = tab.getByLabel('DVD drive');
  await expect(dvd).toHaveValue('');
  await dvd.selectOption(iso);
  await expect.poll(() => call('VBD.get_VDI', cdRef)).toBe(iso);
  await expect(tab.getByRole('region', { name: `Console of ${String(vm.name_label)}` })).toBeVisible();
  await shotAtSizes(page, 'console-dvd');
  await tab.getByRole('button', { name: 'Eject' }).click();
  await expect.poll(() => call('VBD.get_empty', cdRef)).toBe(true);
  await expect(dvd).toHaveValue('');
});

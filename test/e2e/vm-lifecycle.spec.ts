// A VM's lifecycle in the real browser host against the simulator: the Snapshots tab (take a
// snapshot with memory, revert to it, delete it), Copy VM (full copy to another SR) and Delete VM
// (ticked disks deleted, an unticked one kept). Every outcome is checked through XAPI too.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc, RpcError } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 8, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;
/** An SR as pickers name it: a server's own (non-shared, one PBD) storage carries the server's name. */
function srLabel(ref: string): string {
  const sr = rec('SR', ref)!;
  const pbds = sr.PBDs as string[];
  return !sr.shared && pbds.length === 1 ? `${String(sr.name_label)} on ${String(rec('host', rec('PBD', pbds[0])!.host)!.name_label)}` : String(sr.name_label);
}
const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
const gone = async (method: string, ref: string) => call(method, ref).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID');
const diskVbds = (vm: Rec) => (vm.VBDs as string[]).map((b) => [b, rec('VBD', b)!] as const).filter(([, b]) => b.type === 'Disk');

/** Plain VMs (no template, snapshot or dom0) that `ok` accepts, in the simulator's order. */
function vms(ok: (v: Rec) => boolean): Array<[string, Rec]> {
  return ([...sim.records('VM').entries()] as Array<[string, Rec]>)
    .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && ok(v));
}
const allows = (v: Rec, op: string) => (v.allowed_operations as string[]).includes(op);

async function openVm(page: Page, name: string): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  const row = await findInTree(app, name);
  await row.click();
  return app;
}
const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text });

test('Snapshots tab: take a snapshot with memory, revert to it, delete it', async ({ page }) => {
  const [vmRef, vm] = vms((v) => v.power_state === 'Running' && allows(v, 'checkpoint') && (v.snapshots as string[]).length === 0)[0];
  const name = String(vm.name_label);
  const app = await openVm(page, name);
  await page.getByRole('tab', { name: 'Snapshots' }).click();
  const tab = page.getByRole('tabpanel');
  await expect(tab.getByText(`'${name}' has no snapshots`)).toBeVisible();
  await expect(tab.getByRole('button', { name: 'Revert To…' })).toBeDisabled();

  await tab.getByRole('button', { name: 'Take Snapshot…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Take Snapshot' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill('e2e checkpoint');
  await dialog.getByLabel('Description').fill('before the upgrade');
  await dialog.getByLabel("Snapshot the virtual machine's disks and memory").check();
  await page.screenshot(shot('lifecycle-take-snapshot-dialog'));
  await dialog.getByRole('button', { name: 'Take Snapshot', exact: true }).click();
  await expect(dialog).toBeHidden();

  const grid = tab.getByRole('grid', { name: 'Snapshots' });
  const row = grid.getByRole('row').filter({ hasText: 'e2e checkpoint' });
  await expect(row).toContainText('Disks and memory', { timeout: 20_000 });
  await expect(row).toContainText('before the upgrade', { timeout: 10_000 });
  await expect(taskRow(app, `Taking snapshot '${name}'`)).toHaveAttribute('data-status', 'success');
  const snaps = await call('VM.get_snapshots', vmRef) as string[];
  expect(snaps).toHaveLength(1);
  const snap = await call('VM.get_record', snaps[0]) as Rec;
  expect(snap).toMatchObject({ name_label: 'e2e checkpoint', name_description: 'before the upgrade', power_state: 'Suspended', snapshot_of: vmRef });
  const snapVdis = [...diskVbds(snap).map(([, b]) => String(b.VDI)), String(snap.suspend_VDI)];

  await row.click();
  await page.screenshot(shot('lifecycle-snapshots-tab'));
  await tab.getByRole('button', { name: 'Revert To…' }).click();
  const revert = page.getByRole('alertdialog', { name: 'Revert to Snapshot' });
  await expect(revert).toContainText('current state is lost');
  // A plain revert here (snapshot-node.spec.ts reverts with a snapshot of the current state first).
  await revert.getByLabel(/Take a snapshot of the current state first/).uncheck();
  await page.screenshot(shot('lifecycle-revert-confirm'));
  await revert.getByRole('button', { name: 'Revert', exact: true }).click();
  await expect(taskRow(app, "Reverting to snapshot 'e2e checkpoint'")).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  // A checkpoint brings the VM back suspended, as it was then.
  expect(await call('VM.get_power_state', vmRef)).toBe('Suspended');
  expect(await call('VM.get_parent', vmRef)).toBe(snaps[0]);

  await row.click();
  await tab.getByRole('button', { name: 'Delete', exact: true }).click();
  const del = page.getByRole('alertdialog', { name: 'Delete Snapshot' });
  await page.screenshot(shot('lifecycle-delete-snapshot-confirm'));
  await del.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(tab.getByText(`'${name}' has no snapshots`)).toBeVisible({ timeout: 20_000 });
  await expect(taskRow(app, "Deleting snapshot 'e2e checkpoint'")).toHaveAttribute('data-status', 'success');
  expect(await call('VM.get_snapshots', vmRef)).toEqual([]);
  expect(await gone('VM.get_record', snaps[0])).toBe(true);
  for (const v of snapVdis) expect(await gone('VDI.get_record', v)).toBe(true);
});

test('Copy VM: a full copy of a halted VM to another SR', async ({ page }) => {
  const [vmRef, vm] = vms((v) => v.power_state === 'Halted' && allows(v, 'copy') && diskVbds(v).length > 0)[0];
  const name = String(vm.name_label);
  const fromSr = String(rec('VDI', diskVbds(vm)[0][1].VDI)!.SR);
  const app = await openVm(page, name);
  await (await findInTree(app, name)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Copy VM…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy VM' });
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(`Copy of ${name}`);
  await dialog.getByLabel('Full copy').check();
  const select = dialog.getByLabel('Storage');
  const options = await select.locator('option:not([disabled])').allTextContents();
  const fromName = srLabel(fromSr);
  const toLabel = options.find((o) => !o.startsWith(`${fromName} —`))!;
  expect(toLabel).toMatch(/ — .* free of /);
  await select.selectOption({ label: toLabel });
  const toSr = [...sim.records('SR').keys()].find((r) => toLabel.startsWith(`${srLabel(r)} —`))!;
  expect(toSr).toBeDefined();
  await page.screenshot(shot('lifecycle-copy-vm-dialog'));
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(taskRow(app, `Copying VM '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  const copies = await call('VM.get_by_name_label', `Copy of ${name}`) as string[];
  expect(copies).toHaveLength(1);
  expect(copies[0]).not.toBe(vmRef);
  const copy = await call('VM.get_record', copies[0]) as Rec;
  const disks = diskVbds(copy);
  expect(disks.length).toBe(diskVbds(vm).length);
  for (const [, b] of disks) expect(await call('VDI.get_SR', b.VDI)).toBe(toSr);
  await expect(app.treeItem(`Copy of ${name}`)).toBeVisible();
});

test('Delete VM: ticked disks and snapshots go with it, an unticked disk stays', async ({ page }) => {
  const [vmRef, vm] = vms((v) => v.power_state === 'Halted' && allows(v, 'destroy') && diskVbds(v).length > 0 && !String(v.name_label).startsWith('Copy of')).at(-1)!;
  const name = String(vm.name_label);
  // The VM owns its system disk (as a provisioned VM does); a data disk without `owner` is kept by default.
  const [ownedVbd, owned] = diskVbds(vm)[0];
  await call('VBD.add_to_other_config', ownedVbd, 'owner', '');
  const keep = await call('VDI.create', { name_label: 'keep me', name_description: '', SR: rec('VDI', owned.VDI)!.SR, virtual_size: 2 * 1024 ** 3, type: 'user', sharable: false, read_only: false, other_config: {} }) as string;
  await call('VBD.create', { VM: vmRef, VDI: keep, userdevice: '4', bootable: false, mode: 'RW', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} });
  // A snapshot of it, ticked in the dialog: it goes first, with all its disks.
  const snapRef = await call('VM.snapshot', vmRef, 'old state', []) as string;
  const snapVdis = diskVbds(rec('VM', snapRef)!).map(([, b]) => String(b.VDI));
  expect(snapVdis).toHaveLength(2);

  const app = await openVm(page, name);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Delete VM…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete VM' });
  const ownedName = String(rec('VDI', owned.VDI)!.name_label);
  await expect(dialog.getByRole('checkbox', { name: ownedName })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'keep me' })).not.toBeChecked();
  const snapBox = dialog.getByRole('checkbox', { name: 'old state' });
  await expect(snapBox).not.toBeChecked();
  await snapBox.check();
  await page.screenshot(shot('lifecycle-delete-vm-dialog'));
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

  // Main's task ends in success. (While it runs, the server's bookkeeping task of its synchronous VM.destroy,
  // named from the VM's current_operations, can show for a moment with the same words.)
  await expect(taskRow(app, `Deleting VM '${name}'`).and(app.eventsPanel.locator('[data-status="success"]'))).toHaveCount(1, { timeout: 20_000 });
  await expect(app.treeItem(name)).toHaveCount(0);
  expect(await gone('VM.get_record', vmRef)).toBe(true);
  expect(await gone('VDI.get_record', String(owned.VDI))).toBe(true);
  expect(await gone('VDI.get_record', keep)).toBe(false);
  expect(await gone('VM.get_record', snapRef)).toBe(true);
  for (const v of snapVdis) expect(await gone('VDI.get_record', v)).toBe(true);
  await page.screenshot(shot('lifecycle-delete-vm-done'));
});

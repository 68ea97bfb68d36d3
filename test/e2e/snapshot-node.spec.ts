// A snapshot in the tree (View > Show Snapshots) is an object of its own: its General tab, and
// Revert To…, Delete Snapshot… and New VM from Snapshot… from its context menu and the VM menu,
// each checked through XAPI. A tag or folder selected in its view lists its members.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc, RpcError } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 8, taskDurationMs: 200 }, (s, h) => { sim = s; host = h; });

const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;
const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
const gone = async (method: string, ref: string) => call(method, ref).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID');
const diskVdis = (vm: Rec) => (vm.VBDs as string[]).map((b) => rec('VBD', b)!).filter((b) => b.type === 'Disk').map((b) => String(b.VDI));
const allows = (v: Rec, op: string) => (v.allowed_operations as string[]).includes(op);
/** A plain VM that `ok` accepts and that has disks and no snapshot yet, not `except`. */
function pickVm(ok: (v: Rec) => boolean, except: string[] = []): [string, Rec] {
  const hit = ([...sim.records('VM').entries()] as Array<[string, Rec]>).find(([r, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain
    && diskVdis(v).length > 0 && (v.snapshots as string[]).length === 0 && !except.includes(r) && ok(v));
  if (!hit) throw new Error('no VM fits');
  return hit;
}

async function connect(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  return app;
}
async function viewMenu(page: Page, item: string, role: 'menuitemcheckbox' | 'menuitem' = 'menuitemcheckbox') {
  await page.getByRole('menubar').getByRole('menuitem', { name: 'View', exact: true }).click();
  await page.getByRole(role, { name: item }).click();
}
async function showSnapshot(page: Page, app: AppPage, name: string) {
  await viewMenu(page, 'Show Snapshots');
  await expandAll(app);
  const row = await findInTree(app, name);
  await row.click();
  return row;
}
const contextItem = (page: Page, name: string) => page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name, exact: true });
const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text });

test('a snapshot node: General tab, its own context menu, Revert To… (VM state through XAPI)', async ({ page }) => {
  const [vmRef, vm] = pickVm((v) => v.power_state === 'Running' && allows(v, 'snapshot'));
  const vmName = String(vm.name_label);
  // A disk-only snapshot of a running VM: reverting to it leaves the VM halted, its parent the snapshot.
  const snapRef = String(await call('VM.snapshot', vmRef, 'before the upgrade', []));
  const app = await connect(page);
  const row = await showSnapshot(page, app, 'before the upgrade');
  await expect(row).toHaveAttribute('data-kind', 'snapshot');

  await expect(page.locator('.object-title')).toHaveText('before the upgrade');
  await expect(page.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');
  const general = page.getByRole('region', { name: 'General' });
  await expect(general.getByRole('term').filter({ hasText: 'Snapshot of' }).locator('+ dd')).toHaveText(vmName);
  await shotAtSizes(page, 'snapshot-node-general');

  await row.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem')).toHaveText(['New VM from Snapshot…', 'Revert To…', 'Delete Snapshot…', 'Edit Tags…', 'XAPI Operations…']);
  // No power command for a snapshot.
  await expect(menu.getByRole('menuitem', { name: 'Start' })).toHaveCount(0);
  await shotAtSizes(page, 'snapshot-node-context-menu');
  await contextItem(page, 'Revert To…').click();
  const dialog = page.getByRole('alertdialog', { name: 'Revert to Snapshot' });
  await expect(dialog).toContainText(`Revert '${vmName}' to the snapshot 'before the upgrade'?`);
  await expect(dialog).toContainText('a running VM is shut down');
  // As XenCenter: a snapshot of the current state first, ticked by default; the revert waits for it.
  await expect(dialog.getByLabel(/Take a snapshot of the current state first/)).toBeChecked();
  await shotAtSizes(page, 'snapshot-node-revert-dialog');
  await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(taskRow(app, `Taking snapshot '${vmName}'`)).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  await expect(taskRow(app, "Reverting to snapshot 'before the upgrade'")).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  expect(await call('VM.get_power_state', vmRef)).toBe('Halted');
  expect(await call('VM.get_parent', vmRef)).toBe(snapRef);
  const snaps = await call('VM.get_snapshots', vmRef) as string[];
  expect(snaps).toHaveLength(2);
  const keptRef = snaps.find((r) => r !== snapRef);
  const kept = await call('VM.get_record', keptRef) as Rec;
  // Taken while the VM still ran, before the revert halted it; main describes it once its task is done.
  expect(kept).toMatchObject({ snapshot_info: { 'power-state-at-snapshot': 'Running' } });
  await expect.poll(() => call('VM.get_name_description', keptRef)).toBe("Taken before reverting to 'before the upgrade'");
  expect(String(kept.name_label).startsWith(`${vmName} `)).toBe(true);
  // The snapshot stays, still selected.
  await expect(app.treeItem('before the upgrade')).toHaveAttribute('aria-selected', 'true');
});

test('Delete Snapshot… from the VM menu: the snapshot and its disks are gone (through XAPI)', async ({ page }) => {
  const [vmRef] = pickVm((v) => v.power_state === 'Halted' && allows(v, 'snapshot'));
  const snapRef = String(await call('VM.snapshot', vmRef, 'old state', []));
  const vdis = diskVdis(rec('VM', snapRef)!);
  expect(vdis.length).toBeGreaterThan(0);
  const app = await connect(page);
  await showSnapshot(page, app, 'old state');

  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  // A VM's own commands are greyed for a snapshot, with the reason.
  await expect(page.getByRole('menuitem', { name: 'Take Snapshot…' })).toBeDisabled();
  await shotAtSizes(page, 'snapshot-node-vm-menu');
  await page.getByRole('menuitem', { name: 'Delete Snapshot…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete Snapshot' });
  await expect(dialog).toContainText("Delete the snapshot 'old state' and its disks?");
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(taskRow(app, "Deleting snapshot 'old state'")).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  await expect(app.treeItem('old state')).toHaveCount(0);
  expect(await gone('VM.get_record', snapRef)).toBe(true);
  for (const v of vdis) expect(await gone('VDI.get_record', v)).toBe(true);
  expect(await call('VM.get_snapshots', vmRef)).toEqual([]);
});

test('New VM from Snapshot…: the wizard starts from the snapshot; the new VM has copies of its disks', async ({ page }) => {
  const [vmRef, vm] = pickVm((v) => v.power_state === 'Halted' && allows(v, 'snapshot'));
  const snapRef = String(await call('VM.snapshot', vmRef, 'golden image', []));
  const snapVdis = diskVdis(rec('VM', snapRef)!);
  const app = await connect(page);
  const row = await showSnapshot(page, app, 'golden image');
  await row.click({ button: 'right' });
  await contextItem(page, 'New VM from Snapshot…').click();

  const wizard = page.getByRole('dialog', { name: 'New VM' });
  const list = wizard.getByRole('listbox', { name: 'Templates' });
  await expect(list.getByRole('group', { name: 'Snapshots' }).getByRole('option', { name: 'golden image' })).toHaveAttribute('aria-selected', 'true');
  await expect(wizard).toContainText(`Snapshot of '${String(vm.name_label)}'`);
  await shotAtSizes(page, 'snapshot-new-vm-wizard');
  const next = wizard.getByRole('button', { name: 'Next >' });
  await next.click();
  await wizard.getByLabel('Name', { exact: true }).fill('from golden image');
  // Installation media, home server, CPU & memory, storage, networking: the snapshot's own.
  for (let i = 0; i < 6; i++) await next.click();
  await expect(wizard.getByRole('heading', { name: 'Ready to create the new VM' })).toBeVisible();
  await wizard.getByLabel('Start the new VM automatically').uncheck();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden();
  await expect(taskRow(app, "New VM 'from golden image'")).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  // The new VM becomes the selection.
  await expect(page.locator('.object-title')).toHaveText('from golden image');

  const made = await call('VM.get_by_name_label', 'from golden image') as string[];
  expect(made).toHaveLength(1);
  const created = await call('VM.get_record', made[0]) as Rec;
  expect(created).toMatchObject({ is_a_template: false, is_a_snapshot: false, power_state: 'Halted' });
  const newVdis = diskVdis(rec('VM', made[0])!);
  expect(newVdis).toHaveLength(snapVdis.length);
  for (const v of newVdis) expect(snapVdis).not.toContain(v);
  const sizes = (refs: string[]) => refs.map((r) => Number(rec('VDI', r)!.virtual_size)).sort();
  expect(sizes(newVdis)).toEqual(sizes(snapVdis));
  // The snapshot is untouched.
  expect(await call('VM.get_snapshots', vmRef)).toEqual([snapRef]);
});

test('a tag or folder selected in its view lists its members; a row opens its object', async ({ page }) => {
  const [webRef, web] = pickVm((v) => v.power_state === 'Running');
  const [dbRef, db] = pickVm((v) => v.power_state === 'Halted', [webRef]);
  await call('VM.add_tags', webRef, 'critical');
  await call('VM.add_tags', dbRef, 'critical');
  await call('VM.add_to_other_config', dbRef, 'folder', '/Production/Databases');
  const app = await connect(page);
  await viewMenu(page, 'Objects by Tag');
  await app.reveal(['Tags', 'critical']);
  await app.treeItem('critical').click();
  const grid = page.getByRole('grid', { name: 'Members of critical' });
  await expect(grid).toBeVisible();
  await expect(page.locator('.object-title')).toHaveText("Tag 'critical'");
  const rowOf = (name: string) => grid.getByRole('row').filter({ hasText: name });
  await expect(rowOf(String(web.name_label))).toContainText(['VM', 'Running'].join(''));
  await expect(rowOf(String(db.name_label))).toContainText('Halted');
  await expect(grid.getByRole('row')).toHaveCount(3);
  // Another client's change arrives live: a third member.
  const [otherRef, other] = pickVm(() => true, [webRef, dbRef]);
  await call('VM.add_tags', otherRef, 'critical');
  await expect(rowOf(String(other.name_label))).toBeVisible();
  await expect(page.locator('.object-subtitle')).toHaveText('3 objects');
  await shotAtSizes(page, 'tag-members');

  // Enter on a row selects that object in the tree: its own tabs.
  await rowOf(String(db.name_label)).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.object-title')).toHaveText(String(db.name_label));
  await expect(page.getByRole('tab', { name: 'General' })).toBeVisible();

  await viewMenu(page, 'Objects by Folder');
  await app.reveal(['Folders', 'Production', 'Databases']);
  await app.treeItem('Production').click();
  const folder = page.getByRole('grid', { name: 'Members of /Production' });
  await expect(folder.getByRole('row').filter({ hasText: 'Databases' })).toContainText('Folder');
  await expect(folder.getByRole('row').filter({ hasText: 'Databases' })).toContainText('1 object');
  await app.treeItem('Databases').click();
  await expect(page.getByRole('grid', { name: 'Members of /Production/Databases' }).getByRole('row').filter({ hasText: String(db.name_label) })).toContainText('Halted');
  await shotAtSizes(page, 'folder-members');
});

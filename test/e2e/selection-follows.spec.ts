// The selection follows reality (issue 10 item 1), in the real browser host against the simulator:
// a VM deleted here or by another client hands the selection to its parent (as XenCenter), a VM
// the New VM wizard made becomes the selection, a VM migrated to another pool stays selected there,
// and a forgotten server leaves nothing stale. The simulator's state is checked through XAPI.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, drag, expandAll, findInTree, parentInTree } from './support/app-page';
import { login, rpc, RpcError } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string, size?: string) => ({ path: `test-results/screens/selection-${name}${size ? `-${size}` : ''}.png` });
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 8, taskDurationMs: 300, standaloneHosts: 1 }, (s, h) => { sim = s; host = h; });

type HasRecords = Pick<Simulator, 'records'>;
const records = (s: HasRecords, cls: string) => [...s.records(cls).entries()] as Array<[string, Rec]>;
/** VMs (no template, snapshot or dom0) without snapshots that `ok` accepts. */
const plainVms = (s: HasRecords, ok: (v: Rec) => boolean) => records(s, 'VM')
  .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && (v.snapshots as string[]).length === 0 && ok(v));
const gone = async (url: string, ref: string) => rpc(url, 'VM.get_record', await login(url), ref).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID');
const title = (page: Page) => page.locator('.object-header .object-title');


async function open(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  if (!(await app.tree.count())) await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  return app;
}

/** Selects the VM on its Snapshots tab (the tab that showed "'' has no snapshots" once the VM was gone). */
async function selectVm(page: Page, app: AppPage, name: string): Promise<string> {
  const row = await findInTree(app, name);
  await row.click();
  await page.getByRole('tab', { name: 'Snapshots' }).click();
  await expect(page.getByRole('tabpanel').getByText(`'${name}' has no snapshots`)).toBeVisible();
  const parent = await parentInTree(page, name);
  expect(parent).toBeTruthy();
  return parent!;
}

async function expectSelected(page: Page, app: AppPage, name: string): Promise<void> {
  await expect(app.treeItem(name)).toHaveAttribute('aria-selected', 'true', { timeout: 15_000 });
  await expect(title(page)).toHaveText(name);
  await expect(page.getByRole('tabpanel').getByText("'' has no snapshots")).toHaveCount(0);
}

test('Delete VM… on the selected VM: the selection moves to the tree node that held it', async ({ page }) => {
  const app = await open(page);
  const [ref, vm] = plainVms(sim, (v) => v.power_state === 'Halted' && (v.allowed_operations as string[]).includes('destroy'))[0];
  const name = String(vm.name_label);
  const parent = await selectVm(page, app, name);
  await app.treeItem(name).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Delete VM…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete VM' });
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: `'${name}'` }).first()).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  expect(await gone(sim.url, ref)).toBe(true);
  await expectSelected(page, app, parent);
  await expect(app.treeItem(name)).toHaveCount(0);
  for (const [w, h] of [[1024, 700], [1440, 900], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot(shot('after-delete', `${w}x${h}`));
  }
});

test('another client destroys the selected VM: the selection moves to its parent', async ({ page }) => {
  const app = await open(page);
  const [ref, vm] = plainVms(sim, (v) => v.power_state === 'Running')[0];
  const name = String(vm.name_label);
  const parent = await selectVm(page, app, name);
  const s = await login(sim.url);
  await rpc(sim.url, 'VM.hard_shutdown', s, ref);
  await rpc(sim.url, 'VM.destroy', s, ref);
  expect(await gone(sim.url, ref)).toBe(true);
  await expectSelected(page, app, parent);
});

test('the New VM wizard: the new VM becomes the selection', async ({ page }) => {
  const app = await open(page);
  const pool = String((records(sim, 'pool')[0][1]).name_label);
  await app.treeItem(pool).click();
  await app.toolbarButton('New VM').click();
  const wizard = page.getByRole('dialog', { name: 'New VM' });
  await wizard.getByRole('listbox', { name: 'Templates' }).getByRole('option').first().click();
  const next = wizard.getByRole('button', { name: 'Next >' });
  await next.click();
  await wizard.getByLabel('Name', { exact: true }).fill('follow-me');
  await next.click();
  const noMedia = wizard.getByRole('radio', { name: /No installation media/ });
  if (await noMedia.count()) await noMedia.check();
  for (let i = 0; i < 5; i++) await next.click();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: "New VM 'follow-me'" })).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  const made = plainVms(sim, (v) => v.name_label === 'follow-me');
  expect(made).toHaveLength(1);
  await expectSelected(page, app, 'follow-me');
  // The tree's keyboard position is on it too (its roving tab stop).
  await expect(app.treeItem('follow-me')).toHaveAttribute('tabindex', '0');
  await page.screenshot(shot('new-vm-selected'));
});

test('Migrate to Server into another pool: the VM stays selected at the destination (same uuid)', async ({ page }) => {
  const app = await open(page);
  const lone = sim.standalone[0];
  const loneName = String(records(lone, 'host')[0][1].name_label);
  if (!(await app.treeItem(loneName).count())) {
    const dialog = await app.addServer(lone.url, 'root', 'xenroot');
    await expect(dialog).toBeHidden();
  }
  await expandAll(app);
  // A halted VM (the earlier tests may have used them up: stop one, from another client).
  const halted = (v: Rec) => v.power_state === 'Halted' && (v.allowed_operations as string[]).includes('migrate_send');
  if (!plainVms(sim, halted).length) await rpc(sim.url, 'VM.hard_shutdown', await login(sim.url), plainVms(sim, (v) => v.power_state === 'Running')[0][0]);
  const [ref, vm] = plainVms(sim, halted)[0];
  const name = String(vm.name_label);
  await selectVm(page, app, name);
  await app.treeItem(name).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Migrate to Server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate VM' });
  await dialog.getByLabel('Destination server').selectOption({ label: loneName });
  await dialog.getByRole('button', { name: 'Migrate', exact: true }).click();
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: `Migrating VM '${name}'` })).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  expect(await gone(sim.url, ref)).toBe(true);
  const there = await rpc(lone.url, 'VM.get_by_uuid', await login(lone.url), vm.uuid) as string;
  expect(await rpc(lone.url, 'VM.get_name_label', await login(lone.url), there)).toBe(name);
  await expandAll(app);
  await expect.poll(() => parentInTree(page, name), { timeout: 15_000 }).toBe(loneName);
  await expectSelected(page, app, name);
});

test('a VM dragged onto a server of another pool: Migrate VM opens with that server picked, and moves it there', async ({ page }) => {
  const app = await open(page);
  const lone = sim.standalone[0];
  const loneName = String(records(lone, 'host')[0][1].name_label);
  if (!(await app.treeItem(loneName).count())) await expect(await app.addServer(lone.url, 'root', 'xenroot')).toBeHidden();
  await expandAll(app);
  const halted = (v: Rec) => v.power_state === 'Halted' && (v.allowed_operations as string[]).includes('migrate_send');
  if (!plainVms(sim, halted).length) await rpc(sim.url, 'VM.hard_shutdown', await login(sim.url), plainVms(sim, (v) => v.power_state === 'Running')[0][0]);
  const [ref, vm] = plainVms(sim, halted)[0];
  const name = String(vm.name_label);
  const d = await drag(page, app.treeItem(name));
  // Hovering goes on firing dragover: the judgement follows the VM's allowed_operations as they reach the page.
  await expect(async () => {
    await d.over(app.treeItem(loneName));
    await expect(page.locator('.nav-pane').getByText(`Migrate '${name}' to ${loneName} in pool`)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await d.drop(app.treeItem(loneName));
  const dialog = page.getByRole('dialog', { name: 'Migrate VM' });
  await expect(dialog.getByLabel('Destination server')).toHaveValue(new RegExp(`\\|${records(lone, 'host')[0][0]}$`));
  await page.screenshot(shot('cross-pool-drop'));
  await dialog.getByRole('button', { name: 'Migrate', exact: true }).click();
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: `Migrating VM '${name}'` }).first()).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  expect(await gone(sim.url, ref)).toBe(true);
  const there = await rpc(lone.url, 'VM.get_by_uuid', await login(lone.url), vm.uuid) as string;
  expect(await rpc(lone.url, 'VM.get_name_label', await login(lone.url), there)).toBe(name);
});

test('Forget the selected server: nothing stale is left in the details pane', async ({ page }) => {
  const app = await open(page);
  const pool = String((records(sim, 'pool')[0][1]).name_label);
  const [, vm] = plainVms(sim, (v) => v.power_state === 'Running')[0];
  await selectVm(page, app, String(vm.name_label));
  await app.treeItem(pool).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Forget', exact: true }).click();
  await page.getByRole('dialog', { name: `Forget ${pool}?` }).getByRole('button', { name: 'Forget' }).click();
  await expect(app.treeItem(pool)).toHaveCount(0);
  // The other server (if an earlier test added it) stays: no selection; else the welcome page.
  await expect(page.getByText('Select an item in the tree to see its details.').or(page.getByRole('heading', { name: 'Welcome to PoolDesk' }))).toBeVisible();
  await expect(page.locator('.object-header')).toHaveCount(0);
  await expect(page.getByRole('tab')).toHaveCount(0);
});

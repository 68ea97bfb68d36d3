// Pool membership and cross-pool migration in the real browser host against a simulator that
// serves a pool and a standalone server (xcp-host-04 on 127.0.0.4): Add Server to Pool, Remove
// Server from Pool, and Migrate to Server into the other pool. Each step is checked on the screen
// (tree, dialogs, Events panel) and in the simulator through XAPI. The steps build on each other.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, drag, expandAll, findInTree, parentInTree } from './support/app-page';
import { login, rpc, RpcError } from '../support/xapi-rpc';

test.describe.configure({ mode: 'serial' });

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });
const LONE = 'xcp-host-04';

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 6, taskDurationMs: 600, standaloneHosts: 1 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const loneUrl = () => sim.standalone[0].url;

/** Host names of the pool at `url`, through XAPI. */
async function hostNames(url: string): Promise<string[]> {
  const s = await login(url);
  const recs = (await rpc(url, 'host.get_all_records', s)) as Record<string, Rec>;
  return Object.values(recs).map((h) => String(h.name_label)).sort();
}

/** Top-level rows of the tree (one per connection), by name. */
const topLevel = (page: Page) => page.locator('[role="treeitem"][aria-level="1"]');


async function addServer(app: AppPage, url: string, topName: string) {
  const dialog = await app.addServer(url, 'root', 'xenroot');
  await expect(dialog).toBeHidden();
  await expect(topLevel(app.page).filter({ hasText: topName }).first()).toBeVisible();
}

test('Add Server to Pool: the standalone server joins the pool and its own connection goes', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await addServer(app, sim.url, 'Demo Pool');
  await addServer(app, loneUrl(), LONE);
  await expect(page.getByLabel('Servers')).toHaveText('2 servers: 2 connected');

  // The standalone server's context menu offers it; so does the Pool menu, which is used here.
  const lone = topLevel(page).filter({ hasText: LONE });
  await lone.click();
  await lone.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem', { name: 'Add Server to Pool…' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Remove Server from Pool' })).toHaveCount(0);
  await page.screenshot(shot('pool-join-context-menu'));
  await page.keyboard.press('Escape');
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  await page.getByRole('menu', { name: 'Pool' }).getByRole('menuitem', { name: 'Add Server to Pool…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Add Server to Pool' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Server', { exact: true })).toHaveValue(LONE);
  const pool = dialog.getByLabel('Pool', { exact: true });
  expect(await pool.locator('option').allTextContents()).toEqual(['Demo Pool']);
  await expect(dialog).toContainText(`'${LONE}' becomes a member of 'Demo Pool'`);
  await page.screenshot(shot('pool-join-dialog'));
  await dialog.getByRole('button', { name: 'Add to Pool', exact: true }).click();
  await expect(dialog).toBeHidden();

  const row = app.eventsPanel.locator('tr.task-row').filter({ hasText: `Adding '${LONE}' to pool 'Demo Pool'` });
  await expect(row).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  // Through XAPI: a member of the pool, and its own address now sends logins to the coordinator.
  await expect.poll(() => hostNames(sim.url), { timeout: 15_000 }).toEqual(['xcp-host-01', 'xcp-host-02', 'xcp-host-03', LONE]);
  await expect(login(loneUrl())).rejects.toMatchObject({ code: 'HOST_IS_SLAVE', params: ['127.0.0.1'] } satisfies Partial<RpcError>);

  // On the screen: under the pool, and no separate connection (one server, connected).
  await expect(topLevel(page)).toHaveCount(1);
  await expect(topLevel(page)).toHaveAttribute('aria-label', 'Demo Pool');
  await expect(page.getByLabel('Servers')).toHaveText('1 server: 1 connected');
  await expandAll(app);
  await expect.poll(() => parentInTree(page, LONE), { timeout: 15_000 }).toBe('Demo Pool');
  await expect(app.treeItem(LONE)).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  // The selection followed the server into the pool.
  await expect(app.treeItem(LONE)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toContainText('Pool coordinator');
  await page.screenshot(shot('pool-join-done'));
});

test('Remove Server from Pool: a confirmation, then the member is a standalone server again', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(app.treeItem('Demo Pool')).toBeVisible();
  await expandAll(app);

  // Never offered for the coordinator.
  const coordinator = app.treeItem('xcp-host-01');
  await coordinator.click();
  await coordinator.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem').first()).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Remove Server from Pool' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  const member = app.treeItem(LONE);
  await member.click();
  // The Server menu has it too, enabled for this member.
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Server', exact: true }).click();
  await expect(page.getByRole('menu', { name: 'Server' }).getByRole('menuitem', { name: 'Remove Server from Pool' })).not.toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  await member.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Remove Server from Pool' }).click();

  const dialog = page.getByRole('alertdialog', { name: 'Remove Server from Pool' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Remove '${LONE}' from 'Demo Pool'?`);
  await expect(dialog).toContainText('everything on its local storage is destroyed');
  // Its three lab VMs have their disks on its local storage.
  await expect(dialog.getByRole('listitem')).toHaveText(['lab-ci-runner-04', 'lab-router-04', 'lab-sandbox-04']);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot(shot('pool-eject-dialog'));
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(dialog).toBeHidden();

  const row = app.eventsPanel.locator('tr.task-row').filter({ hasText: `Removing server from pool '${LONE}'` });
  await expect(row).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  await expect.poll(() => hostNames(sim.url), { timeout: 15_000 }).toEqual(['xcp-host-01', 'xcp-host-02', 'xcp-host-03']);
  // It answers at its own address again, as a pool of one.
  await expect.poll(() => hostNames(loneUrl()).catch((e: Error) => e.message), { timeout: 15_000 }).toEqual([LONE]);
  await expect(app.treeItem(LONE)).toHaveCount(0);
  await page.screenshot(shot('pool-eject-done'));
});

test('Migrate to Server into another pool: a halted VM moves to the standalone server', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await addServer(app, loneUrl(), LONE);
  await expandAll(app);

  const [vmRef, vm] = [...sim.records('VM').entries()].find(([, v]) => (v as Rec).name_label === 'build-01') as [string, Rec];
  expect(vm.power_state).toBe('Halted');
  const row = await findInTree(app, 'build-01');
  await row.click();
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Migrate to Server…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Migrate VM' });
  await expect(dialog).toBeVisible();
  const dest = dialog.getByLabel('Destination server');
  // A halted VM cannot pool_migrate: only the other pool's server is offered, under its name.
  await expect(dest.locator('optgroup')).toHaveCount(1);
  await expect(dest.locator('optgroup')).toHaveAttribute('label', LONE);
  await dest.selectOption({ label: LONE });
  const fields = dialog.getByRole('group', { name: `Migrating to another pool: ${LONE}` });
  await expect(fields).toBeVisible();
  await expect(fields.getByLabel('Storage').locator('option:checked')).toHaveText(`Local storage on ${LONE} (default)`);
  await expect(fields.getByLabel('Interface 0').locator('option:checked')).toHaveText('Pool-wide network associated with eth0');
  await page.screenshot(shot('cross-pool-migrate-dialog'));
  await dialog.getByRole('button', { name: 'Migrate', exact: true }).click();
  await expect(dialog).toBeHidden();

  const task = app.eventsPanel.locator('tr.task-row').filter({ hasText: "Migrating VM 'build-01'" });
  await expect(task).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  // Through XAPI: the same VM (uuid) is in the standalone server's pool, on its SR, and gone from the pool.
  const loneSession = await login(loneUrl());
  const there = await rpc(loneUrl(), 'VM.get_by_uuid', loneSession, vm.uuid) as string;
  expect(await rpc(loneUrl(), 'VM.get_name_label', loneSession, there)).toBe('build-01');
  const poolSession = await login(sim.url);
  await expect(rpc(sim.url, 'VM.get_by_uuid', poolSession, vm.uuid)).rejects.toMatchObject({ code: 'UUID_INVALID' });
  await expect(rpc(sim.url, 'VM.get_record', poolSession, vmRef)).rejects.toMatchObject({ code: 'HANDLE_INVALID' });
  await expandAll(app);
  await expect.poll(() => parentInTree(page, 'build-01'), { timeout: 15_000 }).toBe(LONE);
  await expect(app.treeItem('build-01')).toHaveAttribute('aria-selected', 'true');
  await page.screenshot(shot('cross-pool-migrate-done'));
});

test('Add Server to Pool is greyed while the server runs VMs, with the reason XAPI would give, and offered once they stop', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(topLevel(page)).toHaveCount(2);
  // A running VM on the standalone server (build-01, migrated there above).
  const s = await login(loneUrl());
  const vm = await rpc(loneUrl(), 'VM.get_by_uuid', s, [...sim.standalone[0].records('VM').values()].find((v) => v.name_label === 'build-01')!.uuid) as string;
  await rpc(loneUrl(), 'VM.start', s, vm, false, false);
  // What the server says to a join now.
  const ps = await login(sim.url);
  const master = await rpc(sim.url, 'pool.get_master', ps, (await rpc(sim.url, 'pool.get_all', ps) as string[])[0]) as string;
  const address = await rpc(sim.url, 'host.get_address', ps, master) as string;
  await expect(rpc(loneUrl(), 'pool.join', s, address, 'root', 'xenroot')).rejects.toMatchObject({ code: 'JOINING_HOST_CANNOT_HAVE_RUNNING_VMS' });

  const pool = app.treeItem('Demo Pool');
  await pool.click();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  const item = page.getByRole('menu', { name: 'Pool' }).getByRole('menuitem', { name: 'Add Server to Pool…' });
  await expect(item).toHaveAttribute('aria-disabled', 'true');
  await expect(item).toHaveAttribute('title', `'${LONE}' cannot join 'Demo Pool': The server has running VMs ('build-01'): shut them down or move them first (JOINING_HOST_CANNOT_HAVE_RUNNING_VMS)`);
  await page.screenshot(shot('pool-join-greyed'));
  await page.keyboard.press('Escape');
  // Dragged onto the pool: refused with the same words while dragging; dropped anyway, nothing is asked.
  const hint = page.getByRole('status').filter({ hasText: /drop|Add '/ });
  let d = await drag(page, topLevel(page).filter({ hasText: LONE }));
  await d.over(pool);
  await expect(pool).toHaveAttribute('data-drop', 'refused');
  await expect(hint).toHaveText(`Cannot drop here: '${LONE}' cannot join 'Demo Pool': The server has running VMs ('build-01'): shut them down or move them first (JOINING_HOST_CANNOT_HAVE_RUNNING_VMS)`);
  await d.drop(pool);
  await expect(page.getByRole('dialog', { name: 'Add Server to Pool' })).toHaveCount(0);

  // Stopped: offered again.
  await rpc(loneUrl(), 'VM.hard_shutdown', s, vm);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  await expect(page.getByRole('menu', { name: 'Pool' }).getByRole('menuitem', { name: 'Add Server to Pool…' })).not.toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  // Now the drop would add it, and asks first: the dialog opens with this pool picked; Cancel keeps it apart.
  d = await drag(page, topLevel(page).filter({ hasText: LONE }));
  await d.over(pool);
  await expect(hint).toHaveText(`Add '${LONE}' to pool 'Demo Pool'`);
  await d.drop(pool);
  const dialog = page.getByRole('dialog', { name: 'Add Server to Pool' });
  await expect(dialog.getByLabel('Server', { exact: true })).toHaveValue(LONE);
  await expect(dialog.getByLabel('Pool', { exact: true })).toHaveValue(/.+/);
  await expect(dialog.getByLabel('Pool', { exact: true }).locator('option:checked')).toHaveText('Demo Pool');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await hostNames(sim.url)).toEqual(['xcp-host-01', 'xcp-host-02', 'xcp-host-03']);
});

test('two pools of the same name are told apart by their coordinator, in the tree and the Migrate dialog', async ({ page }) => {
  const app = new AppPage(page);
  // The standalone server's pool gets the main pool's name.
  const s = await login(loneUrl());
  const lonePool = (await rpc(loneUrl(), 'pool.get_all', s) as string[])[0];
  await rpc(loneUrl(), 'pool.set_name_label', s, lonePool, 'Demo Pool');
  await page.goto(host.url);
  await expect(topLevel(page)).toHaveCount(2);
  const coordinator = String([...sim.records('host').values()].find((h) => (h as Rec).address === '127.0.0.1')?.name_label ?? 'xcp-host-01');
  await expect.poll(async () => (await topLevel(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')))).sort())
    .toEqual([`Demo Pool (${coordinator})`, `Demo Pool (${LONE})`].sort());
  await expandAll(app);
  const [, vm] = [...sim.records('VM').entries()].find(([, v]) => (v as Rec).power_state === 'Running' && !(v as Rec).is_control_domain) as [string, Rec];
  const row = await findInTree(app, String(vm.name_label));
  await row.click();
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Migrate to Server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate VM' });
  const groups = dialog.getByLabel('Destination server').locator('optgroup');
  await expect(groups).toHaveCount(2);
  expect(await groups.evaluateAll((g) => g.map((x) => x.getAttribute('label')))).toEqual([`Demo Pool (${coordinator})`, `Demo Pool (${LONE})`]);
  for (const [w, h] of [[1024, 700], [1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot(shot(`same-name-pools-migrate-${w}x${h}`));
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

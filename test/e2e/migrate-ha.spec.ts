// Migrate to Server and pool HA in the real browser host against the simulator: the user's view
// (tree, General tab, Events panel) and the simulator's state through XAPI.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree, parentInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 6, taskDurationMs: 600 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;

/** A running VM whose disks are all on shared storage (so any host of the pool can run it). */
function migratableVm(): [string, Rec] {
  for (const [ref, v] of sim.records('VM').entries() as Iterable<[string, Rec]>) {
    if (v.is_a_template || v.is_a_snapshot || v.is_control_domain || v.power_state !== 'Running') continue;
    if (!(v.allowed_operations as string[]).includes('pool_migrate')) continue;
    const onShared = (v.VBDs as string[]).every((b) => {
      const vbd = rec('VBD', b)!;
      if (vbd.type !== 'Disk') return true;
      return rec('SR', rec('VDI', vbd.VDI)?.SR)?.shared === true;
    });
    if (onShared) return [ref, v];
  }
  throw new Error('no migratable VM');
}

/** The General tab's "High availability" value (a term/definition pair). */
const haValue = (page: Page) => page.getByRole('tabpanel').locator('.prop-row').filter({ has: page.getByRole('term').filter({ hasText: /^High availability$/ }) }).getByRole('definition');


test('migrate a running VM to another host from the context menu', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);

  const [vmRef, vm] = migratableVm();
  const name = String(vm.name_label);
  const from = String(vm.resident_on);
  const fromName = String(rec('host', from)!.name_label);
  await expect.poll(() => parentInTree(page, name)).toBe(fromName);
  const row = await findInTree(app, name);
  await row.click();
  await row.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  const item = menu.getByRole('menuitem', { name: 'Migrate to Server…' });
  await expect(item).toBeVisible();
  await page.screenshot(shot('migrate-context-menu'));
  await item.click();

  const dialog = page.getByRole('dialog', { name: 'Migrate VM' });
  await expect(dialog).toBeVisible();
  const select = dialog.getByLabel('Destination server');
  // Every destination is asked first; the VM's disks are on shared storage, so all accept it.
  await expect(select.locator('option:disabled')).toHaveCount(0);
  const offered = await select.locator('option').allTextContents();
  const others = [...sim.records('host').values()].map((h) => String((h as Rec).name_label)).filter((n) => n !== fromName).sort();
  expect([...offered].sort()).toEqual(others);
  expect(offered).not.toContain(fromName);
  const toName = offered[offered.length - 1];
  const to = [...sim.records('host').entries()].find(([, h]) => (h as Rec).name_label === toName)![0];
  await select.selectOption({ label: toName });
  await page.screenshot(shot('migrate-dialog'));
  await dialog.getByRole('button', { name: 'Migrate', exact: true }).click();
  await expect(dialog).toBeHidden();

  const taskRow = app.eventsPanel.locator('tr.task-row').filter({ hasText: `Migrating VM '${name}'` });
  await expect(taskRow).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  const session = await login(sim.url);
  expect(await rpc(sim.url, 'VM.get_resident_on', session, vmRef)).toBe(to);
  await expandAll(app);
  await expect.poll(() => parentInTree(page, name), { timeout: 15_000 }).toBe(toName);
  await page.screenshot(shot('migrate-done'));
});

/** A running VM with a disk on its host's local storage, and that SR. */
function localVm(): [string, Rec, string] {
  for (const [ref, v] of sim.records('VM').entries() as Iterable<[string, Rec]>) {
    if (v.is_a_template || v.is_a_snapshot || v.is_control_domain || v.power_state !== 'Running') continue;
    for (const b of v.VBDs as string[]) {
      const vbd = rec('VBD', b)!;
      const sr = vbd.type === 'Disk' ? rec('VDI', vbd.VDI)?.SR : undefined;
      if (sr && rec('SR', sr)?.shared === false) return [ref, v, String(sr)];
    }
  }
  throw new Error('no VM on local storage');
}

test('Migrate to Server greys the servers that cannot see the VM\'s local storage, with the reason', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  const [vmRef, vm, srRef] = localVm();
  const name = String(vm.name_label);
  const fromName = String(rec('host', vm.resident_on)!.name_label);
  const srName = `Local storage on ${fromName}`;
  expect(rec('SR', srRef)!.name_label).toBe('Local storage');
  // What the server says when asked, for each other host.
  const session = await login(sim.url);
  const others = [...sim.records('host').entries()].filter(([r]) => r !== vm.resident_on) as Array<[string, Rec]>;
  for (const [h] of others) {
    await expect(rpc(sim.url, 'VM.assert_can_boot_here', session, vmRef, h)).rejects.toThrow(/VM_REQUIRES_SR/);
  }

  const row = await findInTree(app, name);
  await row.click();
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Migrate to Server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate VM' });
  const select = dialog.getByLabel('Destination server');
  for (const [, h] of others) {
    const option = select.locator('option').filter({ hasText: String(h.name_label) });
    await expect(option).toHaveText(`${String(h.name_label)} — Cannot see the VM's storage '${srName}' (VM_REQUIRES_SR)`);
    await expect(option).toBeDisabled();
  }
  const refused = dialog.getByRole('list', { name: 'Servers that cannot take the VM' }).getByRole('listitem');
  expect((await refused.allTextContents()).sort()).toEqual(others.map(([, h]) => `${String(h.name_label)}: Cannot see the VM's storage '${srName}' (VM_REQUIRES_SR)`).sort());
  await expect(dialog.getByRole('status')).toHaveText('None of these servers can take the VM: each says why in the list.');
  await expect(dialog.getByRole('button', { name: 'Migrate', exact: true })).toBeDisabled();
  for (const [w, h] of [[1024, 700], [1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot(shot(`migrate-refused-${w}x${h}`));
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // Nothing was sent: the VM is where it was.
  expect(await rpc(sim.url, 'VM.get_resident_on', session, vmRef)).toBe(vm.resident_on);
});

test('enable HA with the NFS SR, then disable it', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  const [poolRef, pool] = [...sim.records('pool').entries()][0] as [string, Rec];
  const poolItem = app.treeItem(String(pool.name_label));
  await expect(poolItem).toBeVisible();
  await poolItem.click();
  await expect(haValue(page)).toHaveText('Off');

  await poolItem.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem', { name: 'Disable HA', exact: true })).toHaveCount(0);
  await page.screenshot(shot('ha-context-menu'));
  await menu.getByRole('menuitem', { name: 'Configure HA…' }).click();

  // The HA wizard (test/e2e/ha-wizard.spec.ts goes through its pages in detail): the NFS SR is the
  // heartbeat SR offered; the ISO library and local storage are not usable.
  const dialog = page.getByRole('dialog', { name: `Configure HA - ${String(pool.name_label)}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Next >', exact: true }).click();
  await expect(dialog.getByRole('radio', { name: 'NFS shared storage' })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'ISO library' })).toBeDisabled();
  await expect(dialog.getByRole('radio', { name: /^Local storage/ })).toHaveCount(0);
  const nfs = [...sim.records('SR').entries()].find(([, s]) => (s as Rec).name_label === 'NFS shared storage')![0];
  await page.screenshot(shot('ha-enable-dialog'));
  await dialog.getByRole('button', { name: 'Next >', exact: true }).click();
  await expect(dialog.getByText(/^\(max = \d+\)$/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Next >', exact: true }).click();
  await dialog.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  const enableRow = app.eventsPanel.locator('tr.task-row').filter({ hasText: 'Enabling HA' });
  await expect(enableRow).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  const session = await login(sim.url);
  expect(await rpc(sim.url, 'pool.get_ha_enabled', session, poolRef)).toBe(true);
  const statefile = rec('VDI', (await rpc(sim.url, 'pool.get_ha_statefiles', session, poolRef) as string[])[0]);
  expect(statefile?.SR).toBe(nfs);
  await expect(haValue(page)).toHaveText('On');
  await page.screenshot(shot('ha-enabled'));

  // Pool menu: Configure HA… now edits the priorities; Disable HA enabled.
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  const poolMenu = page.getByRole('menu', { name: 'Pool' });
  await expect(poolMenu.getByRole('menuitem', { name: 'Configure HA…' })).not.toHaveAttribute('aria-disabled', 'true');
  const disable = poolMenu.getByRole('menuitem', { name: 'Disable HA', exact: true });
  await expect(disable).not.toHaveAttribute('aria-disabled', 'true');
  await page.screenshot(shot('ha-pool-menu'));
  await disable.click();
  const disableRow = app.eventsPanel.locator('tr.task-row').filter({ hasText: 'Disabling HA' });
  await expect(disableRow).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  expect(await rpc(sim.url, 'pool.get_ha_enabled', session, poolRef)).toBe(false);
  await expect(haValue(page)).toHaveText('Off');
  await page.screenshot(shot('ha-disabled'));
});

test('Configure HA is greyed while HA is off and a server is down, with the reason XAPI would give', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  const [poolRef, pool] = [...sim.records('pool').entries()][0] as [string, Rec];
  const session = await login(sim.url);
  const poolItem = app.treeItem(String(pool.name_label));
  await poolItem.click();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  await expect(page.getByRole('menu', { name: 'Pool' }).getByRole('menuitem', { name: 'Configure HA…' })).not.toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');

  // A member shut down (its guests stopped first).
  const [h, hostRec] = [...sim.records('host').entries()].find(([r]) => r !== pool.master) as [string, Rec];
  for (const [vm, v] of sim.records('VM').entries() as Iterable<[string, Rec]>) {
    if (v.resident_on === h && !v.is_control_domain) await rpc(sim.url, 'VM.hard_shutdown', session, vm);
  }
  await rpc(sim.url, 'host.disable', session, h);
  await rpc(sim.url, 'host.shutdown', session, h);
  await expect.poll(() => rec('host_metrics', rec('host', h)!.metrics)?.live, { timeout: 15_000 }).toBe(false);
  const nfs = [...sim.records('SR').entries()].find(([, s]) => (s as Rec).name_label === 'NFS shared storage')![0];
  await expect(rpc(sim.url, 'pool.enable_ha', session, [nfs], {})).rejects.toMatchObject({ code: 'HOST_OFFLINE' });

  await poolItem.click();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  const item = page.getByRole('menu', { name: 'Pool' }).getByRole('menuitem', { name: 'Configure HA…' });
  await expect(item).toHaveAttribute('aria-disabled', 'true');
  await expect(item).toHaveAttribute('title', `HA needs every server up: '${String(hostRec.name_label)}' is not reachable (HOST_OFFLINE)`);
  await page.screenshot(shot('ha-greyed-host-down'));
  expect(await rpc(sim.url, 'pool.get_ha_enabled', session, poolRef)).toBe(false);
});

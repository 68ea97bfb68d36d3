// The host commands in the real browser host against the simulator (3 hosts, 6 VMs): Enter
// Maintenance Mode from a host's context menu (and the dialog refusing when a VM cannot move),
// Exit Maintenance Mode, Reboot… with a VM that has to be shut down, Shut Down… then Power On, and
// Restart Toolstack…. The user's view (dialogs, Events panel, General tab) and the pool through XAPI.
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
let session: string;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 6, taskDurationMs: 600 });
  host = await startHost();
  session = await login(sim.url);
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

type Rec = Record<string, unknown>;
const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec;
const poolRec = () => [...sim.records('pool').values()][0] as Rec;
const hostName = (ref: string) => String(rec('host', ref).name_label);
const guestsOn = (h: string) => [...sim.records('VM').entries()]
  .filter(([, v]) => (v as Rec).resident_on === h && !(v as Rec).is_control_domain).map(([r]) => r);
const blockers = (h: string) => rpc(sim.url, 'host.get_vms_which_prevent_evacuation', session, h) as Promise<Record<string, string[]>>;
const live = (h: string) => rec('host_metrics', rec('host', h).metrics).live === true;
const dom0Start = (h: string) => rec('VM_metrics', rec('VM', rec('host', h).control_domain).metrics).start_time;

/** A member (not the coordinator) with resident guests: none blocking evacuation, or some blocking it. */
async function member(kind: 'evacuable' | 'blocked'): Promise<string> {
  for (const ref of sim.records('host').keys()) {
    if (ref === poolRec().master || guestsOn(ref).length === 0) continue;
    const n = Object.keys(await blockers(ref)).length;
    if (kind === 'evacuable' ? n === 0 : n > 0) return ref;
  }
  throw new Error(`no ${kind} member host`);
}

/** The General tab's value for `label` (a term/definition pair). */
const general = (page: Page, label: string) => page.getByRole('tabpanel').locator('.prop-row')
  .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) }).getByRole('definition');

async function openHost(page: Page, ref: string): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  const item = await app.reveal([String(poolRec().name_label), hostName(ref)]);
  await item.click();
  return app;
}

async function contextCommand(page: Page, app: AppPage, ref: string, label: string, screenshot?: string): Promise<void> {
  await app.treeItem(hostName(ref)).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  const item = menu.getByRole('menuitem', { name: label, exact: true });
  await expect(item).toBeVisible();
  if (screenshot) await page.screenshot(shot(screenshot));
  await item.click();
}

const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text });

test('enter maintenance mode from the context menu: every VM moves away; then exit', async ({ page }) => {
  const h = await member('evacuable');
  const name = hostName(h);
  const moving = guestsOn(h);
  const app = await openHost(page, h);
  await expect(general(page, 'Maintenance mode')).toHaveText('No');

  // A host whose VMs cannot all move: the dialog says which and why, and does not offer to start.
  const blockedHost = await member('blocked');
  const why = Object.entries(await blockers(blockedHost))[0];
  await app.treeItem(hostName(blockedHost)).click();
  await contextCommand(page, app, blockedHost, 'Enter Maintenance Mode…');
  let dialog = page.getByRole('dialog', { name: 'Enter Maintenance Mode' });
  const blockedGroup = dialog.locator('.host-vm-group').filter({ hasText: 'Cannot be migrated' });
  await expect(blockedGroup).toContainText(String(rec('VM', why[0]).name_label));
  await expect(blockedGroup).toContainText(`(${why[1][0]})`);
  await expect(dialog.getByRole('button', { name: 'Enter Maintenance Mode' })).toBeDisabled();
  await page.screenshot(shot('host-enter-maintenance-blocked'));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(rec('host', blockedHost).enabled).toBe(true);

  await app.treeItem(name).click();
  await contextCommand(page, app, h, 'Enter Maintenance Mode…', 'host-context-menu');
  dialog = page.getByRole('dialog', { name: 'Enter Maintenance Mode' });
  const movingGroup = dialog.locator('.host-vm-group').filter({ hasText: 'Migrated to other servers' });
  for (const vm of moving) await expect(movingGroup).toContainText(String(rec('VM', vm).name_label));
  await expect(dialog.locator('.host-vm-group')).toHaveCount(1);
  await page.screenshot(shot('host-enter-maintenance-dialog'));
  await dialog.getByRole('button', { name: 'Enter Maintenance Mode' }).click();
  await expect(dialog).toBeHidden();

  await expect(taskRow(app, `Entering maintenance mode '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  // One row for the flow: its evacuate call is a step of it, not a task of its own.
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: 'host.evacuate' })).toHaveCount(0);
  expect(await rpc(sim.url, 'host.get_enabled', session, h)).toBe(false);
  const all = await rpc(sim.url, 'VM.get_all_records', session) as Record<string, Rec>;
  expect(Object.values(all).filter((v) => v.resident_on === h && !v.is_control_domain)).toEqual([]);
  for (const vm of moving) {
    expect(all[vm].power_state).toBe('Running');
    expect(all[vm].resident_on).not.toBe(h);
  }
  await expect(general(page, 'Maintenance mode')).toHaveText('Yes');
  await expect(general(page, 'Enabled')).toHaveText('No');
  await page.screenshot(shot('host-in-maintenance'));

  // Exit: no dialog; the host is enabled again and no longer marked.
  await app.treeItem(name).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem', { name: 'Enter Maintenance Mode…' })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Exit Maintenance Mode' }).click();
  await expect(taskRow(app, `Exiting maintenance mode '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  expect(await rpc(sim.url, 'host.get_enabled', session, h)).toBe(true);
  expect(await rpc(sim.url, 'host.get_other_config', session, h)).not.toHaveProperty('MAINTENANCE_MODE');
  await expect(general(page, 'Maintenance mode')).toHaveText('No');
});

test('reboot a host from the Server menu: the VM that cannot move is shut down, the others migrate, and the host comes back', async ({ page }) => {
  const h = await member('blocked');
  const name = hostName(h);
  const stuck = Object.keys(await blockers(h));
  // Give it a VM that can move too (shared disks), so the dialog shows both lists.
  const movable = [...sim.records('VM').entries()].find(([r, v]) => (v as Rec).power_state === 'Running' && !(v as Rec).is_control_domain
    && (v as Rec).resident_on !== h && ((v as Rec).allowed_operations as string[]).includes('pool_migrate') && guestsOn(String((v as Rec).resident_on)).includes(r)
    && (v as Rec).affinity === 'OpaqueRef:NULL')![0];
  await rpc(sim.url, 'VM.pool_migrate', session, movable, h, { live: 'true' });
  const started = dom0Start(h);

  const app = await openHost(page, h);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Server', exact: true }).click();
  const serverMenu = page.getByRole('menu', { name: 'Server' });
  await expect(serverMenu.getByRole('menuitem', { name: 'Power On' })).toHaveAttribute('aria-disabled', 'true');
  await page.screenshot(shot('host-server-menu'));
  await serverMenu.getByRole('menuitem', { name: 'Reboot…' }).click();

  const dialog = page.getByRole('alertdialog', { name: 'Reboot Server' });
  await expect(dialog.locator('.host-vm-group').filter({ hasText: 'Migrated to other servers' })).toContainText(String(rec('VM', movable).name_label));
  const stopGroup = dialog.locator('.host-vm-group').filter({ hasText: 'Shut down (cannot be migrated)' });
  for (const vm of stuck) await expect(stopGroup).toContainText(String(rec('VM', vm).name_label));
  await page.screenshot(shot('host-reboot-dialog'));
  await dialog.getByRole('button', { name: 'Reboot', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(taskRow(app, `Rebooting server '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  for (const vm of stuck) expect(rec('VM', vm).power_state).toBe('Halted');
  expect(rec('VM', movable).power_state).toBe('Running');
  expect(rec('VM', movable).resident_on).not.toBe(h);
  // Back after the simulator's taskDurationMs: live, enabled, a new boot of its control domain.
  await expect.poll(() => live(h) && rec('host', h).enabled === true && dom0Start(h) !== started, { timeout: 20_000 }).toBe(true);
  await expect(general(page, 'Live')).toHaveText('Yes');
  await expect(general(page, 'Enabled')).toHaveText('Yes');
});

test('shut down a host, power it on again; restart the toolstack of a member', async ({ page }) => {
  const h = await member('evacuable');
  const name = hostName(h);
  const app = await openHost(page, h);

  await contextCommand(page, app, h, 'Shut Down…');
  const dialog = page.getByRole('alertdialog', { name: 'Shut Down Server' });
  await expect(dialog.locator('.host-vm-group').filter({ hasText: 'Migrated to other servers' })).toBeVisible();
  await page.screenshot(shot('host-shutdown-dialog'));
  await dialog.getByRole('button', { name: 'Shut Down', exact: true }).click();
  await expect(taskRow(app, `Shutting down server '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  await expect.poll(() => live(h), { timeout: 15_000 }).toBe(false);
  expect(guestsOn(h)).toEqual([]);
  await expect(general(page, 'Live')).toHaveText('No');

  // Power On needs a power-on mode (SEMANTICS 5.1): offered once one is set.
  await app.treeItem(name).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem', { name: 'Power On' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await rpc(sim.url, 'host.set_power_on_mode', session, h, 'wake-on-lan', {});
  await contextCommand(page, app, h, 'Power On', 'host-power-on-menu');
  await expect(taskRow(app, `Powering on server '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  await expect.poll(() => live(h) && rec('host', h).enabled === true, { timeout: 15_000 }).toBe(true);
  await expect(general(page, 'Live')).toHaveText('Yes');

  await contextCommand(page, app, h, 'Restart Toolstack…');
  const warn = page.getByRole('alertdialog', { name: 'Restart Toolstack' });
  await expect(warn).toContainText('Its running VMs are not affected');
  await page.screenshot(shot('host-restart-toolstack-dialog'));
  await warn.getByRole('button', { name: 'Restart Toolstack' }).click();
  await expect(taskRow(app, `Restarting toolstack '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
});

// vApps end to end: Pool > Manage vApps… > New vApp… makes a vApp of three VMs with start orders and
// delays (checked through XAPI), Start vApp on its Objects by vApp row starts them in order with the
// delays honoured (their VM_metrics.start_time), Shut Down vApp asks and stops them in reverse order
// (VM_SHUTDOWN messages), Properties changes an order, Delete removes the vApp and keeps the VMs.
// VM > Assign to vApp assigns two selected VMs, moves one after XenCenter's question and takes it out
// again; Manage vApps deletes two chosen vApps at once (all checked through XAPI).
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, chooseView, connectExpanded, findInTree } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const NULL = 'OpaqueRef:NULL';

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 6, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

const { call, guests } = simXapi(() => sim);
const poolName = (): string => String([...sim.records('pool').values()][0].name_label);
const vmRec = (ref: string): Rec => sim.records('VM').get(ref)!;
const startedAt = (ref: string): number => {
  const t = String(sim.records('VM_metrics').get(String(vmRec(ref).metrics))!.start_time);
  return Date.parse(t.replace(/^(\d{4})(\d\d)(\d\d)T/, '$1-$2-$3T'));
};

/** Pool > Manage vApps… with `row` selected (the pool, or any object of it). */
async function openManage(page: Page, app: AppPage, row = poolName()) {
  await app.tree.getByRole('treeitem', { name: row, exact: true }).click();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  await page.getByRole('menu', { name: 'Pool' }).getByRole('menuitem', { name: 'Manage vApps…' }).click();
  const dialog = page.getByRole('dialog', { name: `Manage vApps - pool ${poolName()}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('New vApp wizard, Start and Shut Down vApp in order with their delays, Properties, Delete', async ({ page }) => {
  test.setTimeout(90_000);
  // Three halted VMs to put in the vApp.
  const [db, appVm, web] = guests().map(([ref, v]) => ({ ref, name: String(v.name_label) })).sort((x, y) => (x.name < y.name ? -1 : 1)).slice(0, 3);
  for (const v of [db, appVm, web]) if (vmRec(v.ref).power_state !== 'Halted') await call('VM.hard_shutdown', v.ref);

  await page.setViewportSize({ width: 1024, height: 700 });
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();

  let dialog = await openManage(page, app);
  await expect(dialog.getByText('This pool has no vApps')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'New vApp…' }).click();

  // Name
  const wizard = page.getByRole('dialog', { name: `New vApp - ${poolName()}` });
  await expect(wizard.getByRole('button', { name: 'Next >' })).toBeDisabled();
  await wizard.getByRole('textbox', { name: 'Name', exact: true }).fill('Web stack');
  await wizard.getByRole('textbox', { name: 'Description', exact: true }).fill('db, then app, then web');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  // Virtual Machines
  for (const v of [db, appVm, web]) await wizard.getByRole('checkbox', { name: v.name, exact: true }).check();
  await shotAtSizes(page, 'vapps-wizard-vms');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  // VM Startup Sequence: db first and 2 s before the rest, app second and 1 s before web.
  const set = async (label: string, vm: string, value: string) => wizard.getByLabel(`${label} of ${vm}`).fill(value);
  await set('Start order', db.name, '0'); await set('Start delay', db.name, '2');
  await set('Start order', appVm.name, '1'); await set('Start delay', appVm.name, '1'); await set('Shutdown delay', appVm.name, '1');
  await set('Start order', web.name, '2');
  await expect(wizard.getByRole('list', { name: 'Start vApp will' })).toContainText(`After 3 s: ${web.name}`);
  await set('Start order', web.name, '-1');
  await expect(wizard.getByRole('button', { name: 'Next >' })).toBeDisabled();
  await set('Start order', web.name, '2');
  await shotAtSizes(page, 'vapps-wizard-sequence');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await expect(wizard.getByText('Web stack', { exact: true })).toBeVisible();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();

  // Back in Manage vApps: the new vApp with its three VMs; the server has what the wizard said.
  dialog = page.getByRole('dialog', { name: `Manage vApps - pool ${poolName()}` });
  await expect(dialog.getByRole('grid', { name: 'vApps' }).getByRole('row', { name: /Web stack/ })).toContainText('3');
  const vappRef = [...sim.records('VM_appliance').entries()].find(([, r]) => r.name_label === 'Web stack')![0];
  const vapp = sim.records('VM_appliance').get(vappRef)!;
  expect(vapp.name_description).toBe('db, then app, then web');
  expect(new Set(vapp.VMs as string[])).toEqual(new Set([db.ref, appVm.ref, web.ref]));
  expect([db, appVm, web].map((v) => [vmRec(v.ref).order, vmRec(v.ref).start_delay, vmRec(v.ref).shutdown_delay])).toEqual([[0, 2, 0], [1, 1, 1], [2, 0, 0]]);
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeEnabled();
  await shotAtSizes(page, 'vapps-manage');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Start vApp from its row in Objects by vApp.
  await chooseView(page, 'Objects by vApp');
  const row = app.tree.getByRole('treeitem', { name: 'Web stack' });
  await row.click({ button: 'right' });
  // Every VM is halted: the context menu leaves Shut Down vApp out, as it leaves out what cannot run.
  await expect(page.getByRole('menuitem', { name: 'Shut Down vApp' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Start vApp' }).click();
  await expect.poll(() => [db, appVm, web].map((v) => vmRec(v.ref).power_state), { timeout: 20_000 }).toEqual(['Running', 'Running', 'Running']);
  await expect.poll(() => sim.records('VM_appliance').get(vappRef)!.current_operations, { timeout: 10_000 }).toEqual({});
  // In order, each group after the one before had started and waited its delay (start_time is to the second).
  expect(startedAt(appVm.ref) - startedAt(db.ref)).toBeGreaterThanOrEqual(2000);
  expect(startedAt(web.ref) - startedAt(appVm.ref)).toBeGreaterThanOrEqual(1000);
  await expect(page.getByRole('region', { name: 'Events' })).toContainText('Starting vApp');

  // Shut Down vApp asks first, then stops them in reverse order.
  await row.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Shut Down vApp' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Shut down all VMs in vApp' });
  await expect(ask).toContainText("Are you sure you want to shut down vApp 'Web stack'?");
  await ask.getByRole('button', { name: 'Yes' }).click();
  await expect.poll(() => [db, appVm, web].map((v) => vmRec(v.ref).power_state), { timeout: 20_000 }).toEqual(['Halted', 'Halted', 'Halted']);
  const shutdowns = [...sim.records('message').values()].filter((m) => m.name === 'VM_SHUTDOWN').map((m) => String(m.obj_uuid));
  const last = (v: { ref: string }) => shutdowns.lastIndexOf(String(vmRec(v.ref).uuid));
  expect(last(web)).toBeLessThan(last(appVm));
  expect(last(appVm)).toBeLessThan(last(db));

  // Properties (Manage vApps from one of its VMs in Objects by vApp): web moves to order 5.
  dialog = await openManage(page, app, web.name);
  await dialog.getByRole('button', { name: 'Properties' }).click();
  const props = page.getByRole('dialog', { name: "'Web stack' Properties" });
  await props.getByRole('tab', { name: 'Startup Sequence' }).click();
  await props.getByLabel(`Start order of ${web.name}`).fill('5');
  await shotAtSizes(page, 'vapps-properties');
  await props.getByRole('button', { name: 'OK' }).click();
  await expect.poll(() => vmRec(web.ref).order).toBe(5);

  // Delete asks, then the vApp goes and its VMs stay, in no vApp.
  dialog = page.getByRole('dialog', { name: `Manage vApps - pool ${poolName()}` });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  const del = page.getByRole('alertdialog', { name: 'Delete vApp' });
  await expect(del).toContainText('3 VMs are currently included in this vApp.');
  await del.getByRole('button', { name: 'Yes' }).click();
  await expect.poll(() => sim.records('VM_appliance').has(vappRef)).toBe(false);
  expect([db, appVm, web].map((v) => vmRec(v.ref).appliance)).toEqual([NULL, NULL, NULL]);
  await expect(page.getByRole('dialog', { name: `Manage vApps - pool ${poolName()}` }).getByText('This pool has no vApps')).toBeVisible();
});

test('VM > Assign to vApp assigns two VMs, moves and removes one; Manage vApps deletes two vApps at once', async ({ page }) => {
  test.setTimeout(90_000);
  const mk = async (name: string) => String(await call('VM_appliance.create', { name_label: name, name_description: '' }));
  const [alpha, beta, gamma] = [await mk('Alpha'), await mk('Beta'), await mk('Gamma')];
  const [a, b] = guests().map(([ref, v]) => ({ ref, name: String(v.name_label) })).sort((x, y) => (x.name < y.name ? -1 : 1)).slice(3, 5);
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = await connectExpanded(page, host.url, sim.url);
  const modifier = process.platform === 'darwin' ? 'Meta' : 'Control';

  // Two VMs selected: VM > Assign to vApp > Alpha. Several VMs: nothing is checked.
  await (await findInTree(app, a.name)).click();
  await (await findInTree(app, b.name)).click({ modifiers: [modifier] });
  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  await page.getByRole('menu', { name: 'VM' }).getByRole('menuitem', { name: 'Assign to vApp' }).click();
  const sub = page.getByRole('menu', { name: 'Assign to vApp' });
  await expect(sub.getByRole('menuitem', { name: 'New vApp…' })).toBeVisible();
  await expect(sub.getByRole('menuitem', { name: 'Alpha' })).toBeVisible();
  await expect(sub.getByRole('menuitemcheckbox')).toHaveCount(0);
  await shotAtSizes(page, 'vapps-assign-submenu');
  await sub.getByRole('menuitem', { name: 'Alpha' }).click();
  await expect.poll(() => [vmRec(a.ref).appliance, vmRec(b.ref).appliance]).toEqual([alpha, alpha]);
  await expect(app.eventsPanel).toContainText("Updating vApp 'Alpha'");

  // One VM: its vApp is checked; choosing Beta asks first, as XenCenter, then moves it.
  await (await findInTree(app, a.name)).click();
  await (await findInTree(app, a.name)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Assign to vApp' }).click();
  await expect(sub.getByRole('menuitemcheckbox', { name: 'Alpha' })).toHaveAttribute('aria-checked', 'true');
  await sub.getByRole('menuitemcheckbox', { name: 'Beta' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Assign VM to vApp' });
  await expect(ask).toContainText(`The VM '${a.name}' is already assigned to the vApp 'Alpha'.`);
  await shotAtSizes(page, 'vapps-assign-question');
  await ask.getByRole('button', { name: 'Yes' }).click();
  await expect.poll(() => vmRec(a.ref).appliance).toBe(beta);
  expect(vmRec(b.ref).appliance).toBe(alpha);

  // Choosing the checked vApp of one VM takes it out (XenCenter's RemoveVMsFromVMApplianceAction).
  await (await findInTree(app, a.name)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Assign to vApp' }).click();
  await sub.getByRole('menuitemcheckbox', { name: 'Beta' }).click();
  await expect.poll(() => vmRec(a.ref).appliance).toBe(NULL);

  // New vApp… opens the wizard with the selected VM chosen.
  await (await findInTree(app, a.name)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Assign to vApp' }).click();
  await sub.getByRole('menuitem', { name: 'New vApp…' }).click();
  const wizard = page.getByRole('dialog', { name: `New vApp - ${poolName()}` });
  await wizard.getByRole('textbox', { name: 'Name', exact: true }).fill('Delta');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await expect(wizard.getByRole('checkbox', { name: a.name, exact: true })).toBeChecked();
  await expect(wizard.getByRole('checkbox', { name: b.name, exact: true })).not.toBeChecked();
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden();
  const delta = [...sim.records('VM_appliance').entries()].find(([, r]) => r.name_label === 'Delta')![0];
  expect(vmRec(a.ref).appliance).toBe(delta);

  // Manage vApps: Alpha and Beta chosen (Ctrl+click), one question, both go; Gamma and Delta stay; b is kept.
  const dialog = await openManage(page, app);
  const grid = dialog.getByRole('grid', { name: 'vApps' });
  await grid.getByRole('row', { name: /Alpha/ }).click();
  await grid.getByRole('row', { name: /Beta/ }).click({ modifiers: [modifier] });
  await expect(dialog.getByRole('button', { name: 'Properties' })).toBeDisabled();
  await shotAtSizes(page, 'vapps-manage-multi');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  const del = page.getByRole('alertdialog', { name: 'Delete vApp' });
  await expect(del).toContainText('Do you want to delete the selected vApps?');
  await expect(del).toContainText('1 VM is currently included in one of these vApps.');
  await shotAtSizes(page, 'vapps-delete-several');
  await del.getByRole('button', { name: 'Yes' }).click();
  await expect.poll(() => [alpha, beta, gamma, delta].map((r) => sim.records('VM_appliance').has(r))).toEqual([false, false, true, true]);
  expect(vmRec(b.ref).appliance).toBe(NULL);
  expect(sim.records('VM').has(b.ref)).toBe(true);
});

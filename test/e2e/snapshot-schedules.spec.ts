// VM snapshot schedules in the real browser host against the simulator: Pool > VM Snapshot
// Schedules…, the New Snapshot Schedule wizard for two VMs (one moves from another schedule, with the
// warning), the VMSS and the VMs checked through XAPI; the simulator's clock moved past the due
// moment and the scheduled snapshots checked through XAPI (is_vmss_snapshot, last_run_time) and on
// screen; then Run Now, Disable, Properties (hourly, more snapshots kept) and Delete (asked; the VMs leave it).
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const { call, guests } = simXapi(() => sim);

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 5, taskDurationMs: 200, vmssTickMs: 0 });
  host = await startHost();
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

const HOUR = 3600_000;
const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;
const vmssSnapshots = (vm: string) => ((rec('VM', vm)?.snapshots as string[]) ?? []).filter((s) => rec('VM', s)?.is_vmss_snapshot === true);
const schedulesDialog = (page: Page) => page.getByRole('dialog', { name: 'VM Snapshot Schedules' });
const rowOf = (page: Page, name: string) => schedulesDialog(page).getByRole('row').filter({ hasText: name });

test('create a schedule for two VMs, see it run when the pool\'s clock passes it, disable, edit, delete', async ({ page }) => {
  const [[vmA, a], [vmB, b]] = guests().sort(([, x], [, y]) => String(x.name_label).localeCompare(String(y.name_label)));
  const nameA = String(a.name_label);
  const nameB = String(b.name_label);
  // B is in another schedule already: the wizard moves it, with XenCenter's warning.
  const old = String(await call('VMSS.create', { name_label: 'Old schedule', type: 'snapshot', frequency: 'weekly', retained_snapshots: 2, schedule: { days: 'Sunday' } }));
  await call('VM.set_snapshot_schedule', vmB, old);

  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  const pool = [...sim.records('pool').values()][0] as Rec;
  const poolItem = app.treeItem(String(pool.name_label));
  await poolItem.click();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Pool', exact: true }).click();
  await page.getByRole('menu', { name: 'Pool' }).getByRole('menuitem', { name: 'VM Snapshot Schedules…' }).click();
  const dialog = schedulesDialog(page);
  await expect(rowOf(page, 'Old schedule')).toContainText('Weekly; at 00:00 every Sunday');
  await expect(rowOf(page, 'Old schedule')).toContainText('Not yet run');
  await shotAtSizes(page, 'vmss-dialog');

  // The wizard, page by page.
  await dialog.getByRole('button', { name: 'New…' }).click();
  const wizard = page.getByRole('dialog', { name: 'New Snapshot Schedule' });
  const next = wizard.getByRole('button', { name: 'Next >' });
  await expect(next).toBeDisabled();
  await wizard.getByLabel('Name', { exact: true }).fill('Nightly web');
  await wizard.getByLabel('Description').fill('Web tier, kept three days');
  await shotAtSizes(page, 'vmss-wizard-name');
  await next.click();
  await wizard.getByRole('checkbox', { name: nameA, exact: true }).check();
  await wizard.getByRole('checkbox', { name: nameB, exact: true }).check();
  await expect(wizard.getByRole('note')).toHaveText(`The VM '${nameB}' is already assigned to the snapshot schedule 'Old schedule'. It will be moved to this schedule.`);
  await shotAtSizes(page, 'vmss-wizard-vms');
  await next.click();
  await expect(wizard.getByRole('radio', { name: /Quiesced snapshots/ })).toBeDisabled();
  await wizard.getByRole('radio', { name: /^Disk snapshots/ }).check();
  await shotAtSizes(page, 'vmss-wizard-type');
  await next.click();
  // Daily, three hours after the pool's clock, on a whole hour.
  const hour = (new Date().getUTCHours() + 3) % 24;
  await wizard.getByRole('radio', { name: 'Daily' }).check();
  await wizard.getByLabel('Hour of the day', { exact: true }).selectOption(String(hour));
  await wizard.getByLabel('Minute', { exact: true }).selectOption('0');
  await wizard.getByLabel('Number of snapshots to keep').fill('11');
  await expect(next).toBeDisabled();
  await wizard.getByLabel('Number of snapshots to keep').fill('3');
  await expect(wizard.getByText(`Daily; at ${String(hour).padStart(2, '0')}:00.`)).toBeVisible();
  await shotAtSizes(page, 'vmss-wizard-schedule');
  await next.click();
  await expect(wizard).toContainText(`'${nameB}' leaves 'Old schedule'`);
  await shotAtSizes(page, 'vmss-wizard-finish');
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden();
  await expect(rowOf(page, 'Nightly web')).toContainText('Not yet run');

  // Through XAPI: the schedule as chosen, and both VMs in it.
  const [ref, vmss] = ([...sim.records('VMSS').entries()] as Array<[string, Rec]>).find(([, s]) => s.name_label === 'Nightly web')!;
  expect(vmss).toMatchObject({ name_description: 'Web tier, kept three days', enabled: true, type: 'snapshot', frequency: 'daily', schedule: { hour: String(hour), min: '0' }, retained_snapshots: 3 });
  expect(await call('VM.get_snapshot_schedule', vmA)).toBe(ref);
  expect(await call('VM.get_snapshot_schedule', vmB)).toBe(ref);
  expect(await call('VMSS.get_VMs', old)).toEqual([]);
  expect(vmssSnapshots(vmA)).toEqual([]);

  // The pool's clock passes 03:00 from now: the scheduler takes one snapshot of each VM.
  expect(await sim.advanceClock(4 * HOUR)).toEqual([ref]);
  expect(vmssSnapshots(vmA)).toHaveLength(1);
  expect(vmssSnapshots(vmB)).toHaveLength(1);
  const lastRun = String(await call('VMSS.get_last_run_time', ref));
  expect(lastRun).not.toBe('19700101T00:00:00Z');
  expect(Date.parse(lastRun.replace(/^(\d{4})(\d{2})(\d{2})T/, '$1-$2-$3T'))).toBeGreaterThan(Date.now() + 3 * HOUR);
  await expect(rowOf(page, 'Nightly web')).toContainText('Succeeded');
  await rowOf(page, 'Nightly web').click();
  await expect(dialog.getByRole('region', { name: 'Run history' })).toContainText('Succeeded');
  await shotAtSizes(page, 'vmss-dialog-after-run');

  // Run Now: VMSS.snapshot_now on a task in the Events panel; one more snapshot of each VM.
  await dialog.getByRole('button', { name: 'Run Now' }).click();
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: "Taking snapshots for snapshot schedule 'Nightly web'" })).toHaveAttribute('data-status', 'success', { timeout: 15_000 });
  expect(vmssSnapshots(vmA)).toHaveLength(2);
  expect(vmssSnapshots(vmB)).toHaveLength(2);

  // Disable.
  await dialog.getByRole('button', { name: 'Disable' }).click();
  await expect(rowOf(page, 'Nightly web')).toContainText('Disabled');
  expect(await call('VMSS.get_enabled', ref)).toBe(false);
  await expect(dialog.getByRole('button', { name: 'Run Now' })).toBeDisabled();

  // Properties: hourly at 45, five kept, A leaves.
  await dialog.getByRole('button', { name: 'Properties' }).click();
  const props = page.getByRole('dialog', { name: "Properties of 'Nightly web'" });
  await props.getByRole('button', { name: 'Step 2: Virtual Machines' }).click();
  await props.getByRole('checkbox', { name: nameA, exact: true }).uncheck();
  await props.getByRole('button', { name: 'Step 4: Snapshot Schedule' }).click();
  await props.getByRole('radio', { name: 'Hourly' }).check();
  await props.getByLabel('Minutes past the hour').selectOption('45');
  await props.getByLabel('Number of snapshots to keep').fill('5');
  await shotAtSizes(page, 'vmss-properties-schedule');
  await props.getByRole('button', { name: 'Step 5: Finish' }).click();
  await props.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(props).toBeHidden();
  await expect(rowOf(page, 'Nightly web')).toContainText('Hourly; at 45 minutes past each hour');
  expect(rec('VMSS', ref)).toMatchObject({ frequency: 'hourly', schedule: { min: '45' }, retained_snapshots: 5, enabled: false });
  expect(await call('VMSS.get_VMs', ref)).toEqual([vmB]);
  expect(await call('VM.get_snapshot_schedule', vmA)).toBe('OpaqueRef:NULL');

  // Delete, asked first: the VM leaves the schedule, its snapshots stay.
  await rowOf(page, 'Nightly web').click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  const question = dialog.getByRole('alertdialog', { name: 'Delete Snapshot Schedule' });
  await expect(question).toContainText("Delete the snapshot schedule 'Nightly web'? Its 1 VM leaves it; the snapshots already taken are kept.");
  await shotAtSizes(page, 'vmss-delete-question');
  await question.getByRole('button', { name: 'Delete' }).click();
  await expect(rowOf(page, 'Nightly web')).toHaveCount(0);
  expect(sim.records('VMSS').has(ref)).toBe(false);
  expect(await call('VM.get_snapshot_schedule', vmB)).toBe('OpaqueRef:NULL');
  expect(vmssSnapshots(vmB)).toHaveLength(2);
});

test('Assign to Snapshot Schedule… from a VM\'s context menu moves it from its schedule, None takes it out; its Snapshots tab says so', async ({ page }) => {
  const [vmRef, vm] = guests().sort(([, x], [, y]) => String(y.name_label).localeCompare(String(x.name_label)))[0];
  const name = String(vm.name_label);
  const from = String(await call('VMSS.create', { name_label: 'Mondays', type: 'snapshot', frequency: 'weekly', retained_snapshots: 2, schedule: { days: 'Monday' } }));
  const to = String(await call('VMSS.create', { name_label: 'Every hour', type: 'checkpoint', frequency: 'hourly', retained_snapshots: 4, schedule: { min: '30' } }));
  await call('VM.set_snapshot_schedule', vmRef, from);

  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expandAll(app);
  await (await findInTree(app, name)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Assign to Snapshot Schedule…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign to Snapshot Schedule' });
  await expect(dialog.getByRole('radio', { name: /^Mondays/ })).toBeChecked();
  await expect(dialog.getByRole('button', { name: 'OK' })).toBeDisabled();
  await dialog.getByRole('radio', { name: /^Every hour/ }).check();
  await expect(dialog.getByRole('note')).toHaveText(`The VM '${name}' is already assigned to the snapshot schedule 'Mondays'. It will be assigned to 'Every hour' instead.`);
  await shotAtSizes(page, 'vmss-assign');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect(await call('VM.get_snapshot_schedule', vmRef)).toBe(to);
  expect(await call('VMSS.get_VMs', from)).toEqual([]);
  // The VM's Snapshots tab says which schedule it is in.
  await page.getByRole('tab', { name: 'Snapshots' }).click();
  const line = page.getByRole('note', { name: 'Snapshot schedule' });
  await expect(line).toContainText("This VM is currently part of the snapshot schedule 'Every hour'.");
  await shotAtSizes(page, 'vmss-vm-snapshots-tab');

  await (await findInTree(app, name)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Assign to Snapshot Schedule…' }).click();
  await dialog.getByRole('radio', { name: /^None/ }).check();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect(await call('VM.get_snapshot_schedule', vmRef)).toBe('OpaqueRef:NULL');
  expect(await call('VMSS.get_VMs', to)).toEqual([]);
  await expect(line).toContainText('This VM is not currently part of a snapshot schedule.');
  await line.getByRole('button', { name: 'View snapshot schedules' }).click();
  await expect(page.getByRole('dialog', { name: 'VM Snapshot Schedules' })).toContainText('Every hour');
});

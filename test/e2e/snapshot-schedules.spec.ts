// VM snapshot schedules in the real browser host against the simulator: Pool > VM Snapshot
// Schedules…, the New Snapshot Schedule wizard for two VMs (one moves from another schedule, with the
// warning), the VMSS and the VMs checked through XAPI; the simulator's clock moved past the due
// moment and the scheduled snapshots checked through XAPI (is_vmss_snapshot, last_run_time) and on
// screen, its task in the Events panel; then Run Now, Disable, Properties (hourly, more snapshots kept) and Delete
// (asked; the VMs leave it). The pool's servers are at UTC+05:30: the windows say so and the hour is theirs.
// The VM menu's Assign to Snapshot Schedule submenu: a VM moved (asked first), taken out, and New Snapshot
// Schedule… with the VM chosen, each checked through XAPI.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const { call, guests } = simXapi(() => sim);

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 5, taskDurationMs: 200, vmssTickMs: 0, utcOffsetMinutes: 330 }, (s, h) => { sim = s; host = h; });

const HOUR = 3600_000;
/** The servers' wall clock (UTC+05:30). */
const serverHourNow = () => new Date(Date.now() + 5.5 * HOUR).getUTCHours();
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
  await expect(dialog).toContainText("Times are the server's local time (UTC+05:30).");
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
  // Daily, three hours after the servers' wall clock's hour (UTC+05:30): two to three hours from now.
  const hour = (serverHourNow() + 3) % 24;
  await wizard.getByRole('radio', { name: 'Daily' }).check();
  await wizard.getByLabel('Hour of the day', { exact: true }).selectOption(String(hour));
  await wizard.getByLabel('Minute', { exact: true }).selectOption('0');
  await wizard.getByLabel('Number of snapshots to keep').fill('11');
  await expect(next).toBeDisabled();
  await wizard.getByLabel('Number of snapshots to keep').fill('3');
  await expect(wizard.getByText(`Daily; at ${String(hour).padStart(2, '0')}:00, on the server's clock (UTC+05:30).`)).toBeVisible();
  await expect(wizard.getByText('server time (UTC+05:30)')).toBeVisible();
  await expect(wizard.getByText('The next scheduled local run time is')).toBeVisible();
  await expect(wizard.getByText(new RegExp(`The corresponding server local time is .* ${String(hour).padStart(2, '0')}:00 \\(UTC\\+05:30\\)\\.`))).toBeVisible();
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

  // The pool's clock passes that hour: the scheduler takes one snapshot of each VM, on a task every client sees.
  expect(await sim.advanceClock(2 * HOUR)).toEqual([]);
  expect(await sim.advanceClock(HOUR + 60_000)).toEqual([ref]);
  expect(vmssSnapshots(vmA)).toHaveLength(1);
  expect(vmssSnapshots(vmB)).toHaveLength(1);
  const lastRun = String(await call('VMSS.get_last_run_time', ref));
  expect(lastRun).not.toBe('19700101T00:00:00Z');
  expect(Date.parse(lastRun.replace(/^(\d{4})(\d{2})(\d{2})T/, '$1-$2-$3T'))).toBeGreaterThan(Date.now() + 2 * HOUR);
  const tasks = Object.values(await call('task.get_all_records') as Record<string, Rec>).filter((t) => t.name_label === 'Async.VMSS.snapshot_now');
  expect(tasks.map((t) => t.status)).toEqual(['success']);
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: 'Running snapshot schedule' })).toHaveAttribute('data-status', 'success');
  await expect(rowOf(page, 'Nightly web')).toContainText('Succeeded');
  // The next run follows the server's clock: tomorrow's, not the one that just ran (the list asks the clock again).
  const ranOn = /Succeeded(\w{3} \d{2} \w{3} \d{4})/.exec(await rowOf(page, 'Nightly web').innerText().then((t) => t.replace(/\s+/g, ' ').replace('Succeeded ', 'Succeeded')))![1];
  await expect(rowOf(page, 'Nightly web')).not.toContainText(`${ranOn} ${String(hour).padStart(2, '0')}:00`);
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

test('Assign to Snapshot Schedule, a submenu: moves a VM (asked first), takes it out, and New Snapshot Schedule… starts with it', async ({ page }) => {
  const [vmRef, vm] = guests().sort(([, x], [, y]) => String(y.name_label).localeCompare(String(x.name_label)))[0];
  const name = String(vm.name_label);
  const from = String(await call('VMSS.create', { name_label: 'Mondays', type: 'snapshot', frequency: 'weekly', retained_snapshots: 2, schedule: { days: 'Monday' } }));
  const to = String(await call('VMSS.create', { name_label: 'Every hour', type: 'checkpoint', frequency: 'hourly', retained_snapshots: 4, schedule: { min: '30' } }));
  await call('VM.set_snapshot_schedule', vmRef, from);

  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expandAll(app);
  const submenu = page.getByRole('menu', { name: 'Assign to Snapshot Schedule' });
  const openFromContextMenu = async () => {
    await (await findInTree(app, name)).click({ button: 'right' });
    await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Assign to Snapshot Schedule' }).click();
    await expect(submenu).toBeVisible();
  };
  await openFromContextMenu();
  // XenCenter's order: New Snapshot Schedule…, then the schedules by name, the VM's own checked.
  await expect(submenu.getByRole('menuitem').first()).toHaveText('New Snapshot Schedule…');
  await expect(submenu.getByRole('menuitemcheckbox', { name: /Every hour/ })).toHaveAttribute('aria-checked', 'false');
  await expect(submenu.getByRole('menuitemcheckbox', { name: /Mondays/ })).toHaveAttribute('aria-checked', 'true');
  await shotAtSizes(page, 'vmss-assign-submenu');
  await submenu.getByRole('menuitemcheckbox', { name: /Every hour/ }).click();
  const question = page.getByRole('alertdialog', { name: 'Assign VM to snapshot schedule' });
  await expect(question).toContainText(`The VM '${name}' is already assigned to the snapshot schedule 'Mondays'.`);
  await expect(question).toContainText("Do you want to assign it to the schedule 'Every hour' instead?");
  await shotAtSizes(page, 'vmss-assign-question');
  await question.getByRole('button', { name: 'Yes' }).click();
  await expect(question).toBeHidden();
  await expect.poll(() => call('VM.get_snapshot_schedule', vmRef)).toBe(to);
  expect(await call('VMSS.get_VMs', from)).toEqual([]);
  // The VM's Snapshots tab says which schedule it is in.
  await page.getByRole('tab', { name: 'Snapshots' }).click();
  const line = page.getByRole('note', { name: 'Snapshot schedule' });
  await expect(line).toContainText("This VM is currently part of the snapshot schedule 'Every hour'.");
  await shotAtSizes(page, 'vmss-vm-snapshots-tab');

  // Its own (checked) schedule chosen again: the VM leaves it, nothing asked.
  await openFromContextMenu();
  await expect(submenu.getByRole('menuitemcheckbox', { name: /Every hour/ })).toHaveAttribute('aria-checked', 'true');
  await submenu.getByRole('menuitemcheckbox', { name: /Every hour/ }).click();
  await expect.poll(() => call('VM.get_snapshot_schedule', vmRef)).toBe('OpaqueRef:NULL');
  expect(await call('VMSS.get_VMs', to)).toEqual([]);
  await expect(line).toContainText('This VM is not currently part of a snapshot schedule.');

  // The VM menu's submenu, by keyboard into it: New Snapshot Schedule… opens the wizard with this VM chosen.
  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  await page.getByRole('menu', { name: 'VM' }).getByRole('menuitem', { name: 'Assign to Snapshot Schedule' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(submenu.getByRole('menuitem', { name: 'New Snapshot Schedule…' })).toBeFocused();
  await page.keyboard.press('Enter');
  const wizard = page.getByRole('dialog', { name: 'New Snapshot Schedule' });
  await wizard.getByLabel('Name', { exact: true }).fill('For one VM');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await expect(wizard.getByRole('checkbox', { name, exact: true })).toBeChecked();
  await expect(wizard.getByText('1 VM chosen.')).toBeVisible();
  await wizard.getByRole('button', { name: 'Step 5: Finish' }).click();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden();
  const made = ([...sim.records('VMSS').entries()] as Array<[string, Rec]>).find(([, s]) => s.name_label === 'For one VM')![0];
  expect(await call('VMSS.get_VMs', made)).toEqual([vmRef]);
  expect(await call('VM.get_snapshot_schedule', vmRef)).toBe(made);
  await expect(line).toContainText("This VM is currently part of the snapshot schedule 'For one VM'.");
});

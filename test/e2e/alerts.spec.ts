// Notifications > Alerts: the pool's XAPI messages appear live (one created through XAPI by another
// client, one the simulator raises itself when a VM starts), in XenCenter's words; Dismiss and Dismiss
// All destroy them on the server (checked with message.get_all_records); the filters, the badge, the
// location link, and a read-only session's greyed Dismiss. Screenshots: test-results/screens/alerts-*.png.
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const xapi = simXapi(() => sim);

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 200, users: [{ user: 'auditor', password: 'audit-pw', role: 'read-only' }] });
});
test.beforeEach(async () => { host = await startHost(); });
test.afterEach(async () => { await host?.stop(); });
test.afterAll(async () => { await sim?.close(); });

const messages = async () => xapi.call('message.get_all_records') as Promise<Record<string, Rec>>;

async function clearMessages(): Promise<void> {
  for (const ref of Object.keys(await messages())) await xapi.call('message.destroy', ref);
}

async function connect(page: Page, user = 'root', password = 'xenroot'): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(await app.addServer(sim.url, user, password)).toBeHidden();
  await expect(app.treeItem('Demo Pool')).toBeVisible();
  return app;
}

const alertsTab = (page: Page) => page.getByRole('region', { name: 'Events' }).getByRole('button', { name: /^Alerts/ });
const grid = (page: Page) => page.getByRole('grid', { name: 'Alerts list' });
const row = (page: Page, ref: string) => page.locator(`.alert-row[data-message-ref="${ref}"]`);

const ALARM_BODY = 'value: 0.953\nconfig:\n<variable>\n <name value="cpu_usage"/>\n <alarm_trigger_level value="0.9"/>\n <alarm_trigger_period value="60"/>\n</variable>';

test('alerts appear live in words, the badge counts them, and Dismiss destroys the message on the server', async ({ page }) => {
  await clearMessages();
  const app = await connect(page);
  const [vmRef, vm] = xapi.guests().find(([, v]) => v.power_state === 'Halted')!;
  await alertsTab(page).click();
  await expect(page.getByText('There are no alerts.')).toBeVisible();

  // Another client raises a perfmon alarm on the VM.
  const alarm = String(await xapi.call('message.create', 'ALARM', 1, 'VM', vm.uuid, ALARM_BODY));
  await expect(row(page, alarm)).toContainText('CPU Usage Alarm');
  await expect(row(page, alarm)).toContainText(`CPU usage on VM '${String(vm.name_label)}' has been on average 95.3% for the last 60 seconds.`);
  await expect(row(page, alarm)).toContainText('Critical');
  await expect(alertsTab(page).locator('.alerts-badge')).toHaveText('1');

  // The simulator raises VM_STARTED itself (SEMANTICS.md 0.5).
  await xapi.call('VM.start', vmRef, false, false);
  const started = Object.entries(await messages()).find(([, m]) => m.name === 'VM_STARTED')![0];
  await expect(row(page, started)).toContainText(`${String(vm.name_label)}: VM Started`);
  await expect(row(page, started)).toContainText(`Virtual machine '${String(vm.name_label)}' has been started.`);
  await expect(row(page, started)).toContainText('Information');
  await expect(alertsTab(page).locator('.alerts-badge')).toHaveText('2');
  // Newest first.
  await expect(page.locator('.alert-row').first()).toHaveAttribute('data-message-ref', started);
  await shotAtSizes(page, 'alerts-list');

  // An unknown name keeps the server's name and body.
  const pool = [...sim.records('pool').values()][0] as Rec;
  const odd = String(await xapi.call('message.create', 'SOMETHING_NEW', 3, 'Pool', pool.uuid, 'a body in words'));
  await expect(row(page, odd)).toContainText('SOMETHING_NEW');
  await expect(row(page, odd)).toContainText('a body in words');

  // The keyboard moves the selection (newest first: the unknown one, VM_STARTED, the alarm); Delete asks, then destroys it on the server.
  await row(page, started).click();
  await grid(page).press('ArrowDown');
  await expect(row(page, alarm)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, started)).toHaveAttribute('aria-selected', 'false');
  await grid(page).press('Delete');
  const ask = page.getByRole('alertdialog', { name: 'Dismiss Alerts' });
  await expect(ask).toContainText('removed from the server permanently');
  await shotAtSizes(page, 'alerts-dismiss-question');
  await ask.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(row(page, alarm)).toHaveCount(0);
  expect(Object.keys(await messages())).not.toContain(alarm);
  await expect(alertsTab(page).locator('.alerts-badge')).toHaveText('2');

  // Another client's dismissal disappears here too.
  await xapi.call('message.destroy', odd);
  await expect(row(page, odd)).toHaveCount(0);
  await expect(app.treeItem('Demo Pool')).toBeVisible();
});

test('filters by severity and text; Dismiss All dismisses only the shown alerts', async ({ page }) => {
  await clearMessages();
  await connect(page);
  const [, vm] = xapi.guests()[0];
  const pool = [...sim.records('pool').values()][0] as Rec;
  const crit = String(await xapi.call('message.create', 'HA_STATEFILE_LOST', 2, 'Pool', pool.uuid, ''));
  const info = String(await xapi.call('message.create', 'VM_CLONED', 5, 'VM', vm.uuid, ''));
  const [, hostRec] = [...sim.records('host').entries()][0] as [string, Rec];
  const warn = String(await xapi.call('message.create', 'HOST_CLOCK_SKEW_DETECTED', 3, 'Host', hostRec.uuid, ''));
  await alertsTab(page).click();
  await expect(page.locator('.alert-row')).toHaveCount(3);

  // Severity: hide Information.
  await page.getByRole('button', { name: /^Severity/ }).click();
  await page.getByRole('group', { name: 'Severity' }).getByLabel(/Information/).uncheck();
  await page.keyboard.press('Escape');
  await expect(row(page, info)).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Showing 2 of 3' })).toBeVisible();
  await shotAtSizes(page, 'alerts-filtered');

  // Text: only the heartbeat SR one.
  await page.getByLabel('Filter alerts by text').fill('heartbeat');
  await expect(page.locator('.alert-row')).toHaveCount(1);
  await expect(row(page, crit)).toBeVisible();

  // Export All writes the shown alerts as XenCenter's CSV.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export All…' }).click();
  const file = await (await download).path();
  const csv = (await import('node:fs')).readFileSync(file, 'utf8').trimEnd().split('\r\n');
  expect(csv[0]).toBe('Title,Severity,Description,Applies To,TimeStamp');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^"Heartbeat SR lost","Major","The servers in pool 'Demo Pool' cannot access the heartbeat SR/);

  // Dismiss All Shown: asks, then destroys that one only.
  await page.getByRole('button', { name: 'Dismiss All Shown…' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Dismiss All' });
  await expect(ask).toContainText('the 1 alert shown');
  await ask.getByRole('button', { name: 'Dismiss All' }).click();
  await expect(row(page, crit)).toHaveCount(0);
  const left = Object.keys(await messages());
  expect(left).not.toContain(crit);
  expect(left).toEqual(expect.arrayContaining([info, warn]));

  // Date: the alerts are from now, so "Last 24 hours" keeps them and a custom range in the past does not.
  await page.getByLabel('Filter alerts by text').fill('');
  await page.getByLabel('Filter by date').selectOption('24h');
  await expect(row(page, warn)).toBeVisible();
  await page.getByLabel('Filter by date').selectOption('custom');
  await page.getByLabel('Alerts until', { exact: true }).fill('2020-01-01T00:00');
  await expect(page.getByText('No alerts match the filters.')).toBeVisible();
});

test('the location selects the object in the tree; Copy puts XenCenter\'s text on the clipboard', async ({ page, context }) => {
  await clearMessages();
  const app = await connect(page);
  const [, vm] = xapi.guests()[1];
  const ref = String(await xapi.call('message.create', 'VM_CRASHED', 2, 'VM', vm.uuid, ''));
  await alertsTab(page).click();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await row(page, ref).click();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toMatch(new RegExp(`^"${String(vm.name_label)}: VM Crashed","Virtual machine '${String(vm.name_label)}' has crashed","Demo Pool","[A-Z][a-z]{2} \\d+, \\d{4} \\d+:\\d{2} [AP]M",""$`));
  await row(page, ref).getByRole('button', { name: String(vm.name_label) }).click();
  await expect(app.treeItem(String(vm.name_label))).toHaveAttribute('aria-selected', 'true');
});

test('Dismiss All with one destroy failing: the others go, and the failure is said in words with its code', async ({ page }) => {
  await clearMessages();
  await connect(page);
  const [, vm] = xapi.guests()[0];
  const refs: string[] = [];
  for (const name of ['VM_STARTED', 'VM_SHUTDOWN', 'VM_REBOOTED', 'VM_CRASHED']) refs.push(String(await xapi.call('message.create', name, 3, 'VM', vm.uuid, '')));
  await alertsTab(page).click();
  await expect(page.locator('.alert-row')).toHaveCount(4);
  // The next message.destroy fails (whoever sends it: nothing else destroys messages meanwhile).
  sim.faults.failMethod('message.destroy', { code: 'INTERNAL_ERROR', params: ['Database write failed'] });
  await page.getByRole('button', { name: 'Dismiss All…' }).click();
  await page.getByRole('alertdialog', { name: 'Dismiss All' }).getByRole('button', { name: 'Dismiss All' }).click();
  const said = page.getByRole('alert').filter({ hasText: '3 of 4 alerts were dismissed; 1 could not be' });
  await expect(said).toContainText('The server failed to handle your request, due to an internal error');
  await expect(said).toContainText('(INTERNAL_ERROR)');
  // The server holds exactly the one that failed, and the list shows it.
  const left = Object.keys(await messages());
  expect(left).toHaveLength(1);
  expect(refs).toContain(left[0]);
  await expect(page.locator('.alert-row')).toHaveCount(1);
  await expect(row(page, left[0])).toBeVisible();
  await shotAtSizes(page, 'alerts-dismiss-failed');
});

test('Location: only the objects selected in the tree (a VM, a server with its control domain, the pool)', async ({ page }) => {
  await clearMessages();
  const app = await connect(page);
  const [, vm] = xapi.guests()[0];
  const [, other] = xapi.guests()[1];
  const [hostRef, hostRec] = [...sim.records('host').entries()][0] as [string, Rec];
  const dom0 = ([...sim.records('VM').values()] as Rec[]).find((v) => v.is_control_domain && v.resident_on === hostRef)!;
  const pool = [...sim.records('pool').values()][0] as Rec;
  const mine = String(await xapi.call('message.create', 'VM_CRASHED', 2, 'VM', vm.uuid, ''));
  const theirs = String(await xapi.call('message.create', 'VM_STARTED', 5, 'VM', other.uuid, ''));
  const skew = String(await xapi.call('message.create', 'HOST_CLOCK_SKEW_DETECTED', 3, 'Host', hostRec.uuid, ''));
  const dom0Alarm = String(await xapi.call('message.create', 'ALARM', 3, 'VM', dom0.uuid, ALARM_BODY));
  const lost = String(await xapi.call('message.create', 'HA_STATEFILE_LOST', 2, 'Pool', pool.uuid, ''));
  await alertsTab(page).click();
  await expect(page.locator('.alert-row')).toHaveCount(5);

  // The VM's location selects it in the tree; then the filter keeps its alert only.
  await row(page, mine).getByRole('button', { name: String(vm.name_label) }).click();
  await expect(app.treeItem(String(vm.name_label))).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: /^Location/ }).click();
  await page.getByRole('group', { name: 'Location' }).getByLabel('Only the objects selected in the tree').check();
  await expect(page.locator('.alert-row')).toHaveCount(1);
  await expect(row(page, mine)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Showing 1 of 5' })).toBeVisible();
  await shotAtSizes(page, 'alerts-selected-object');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^Location \(on\)/ })).toBeVisible();

  // A server: its own alerts and its control domain's alarm; the list follows the tree's selection.
  await app.treeItem(String(hostRec.name_label)).click();
  await expect(page.locator('.alert-row')).toHaveCount(2);
  await expect(row(page, skew)).toBeVisible();
  await expect(row(page, dom0Alarm)).toBeVisible();
  // The pool: every alert of it.
  await app.treeItem('Demo Pool').click();
  await expect(page.locator('.alert-row')).toHaveCount(5);
  for (const ref of [mine, theirs, skew, dom0Alarm, lost]) await expect(row(page, ref)).toBeVisible();
});

test('a read-only session sees Dismiss greyed with the role it needs', async ({ page }) => {
  await clearMessages();
  const pool = [...sim.records('pool').values()][0] as Rec;
  const ref = String(await xapi.call('message.create', 'POOL_MASTER_TRANSITION', 4, 'Pool', pool.uuid, ''));
  await connect(page, 'auditor', 'audit-pw');
  await alertsTab(page).click();
  await row(page, ref).click();
  const dismiss = page.getByRole('button', { name: 'Dismiss', exact: true });
  await expect(dismiss).toBeDisabled();
  await expect(dismiss).toHaveAttribute('title', /Pool Operator/);
  await expect(page.getByRole('button', { name: 'Dismiss All…' })).toBeDisabled();
  // Delete asks nothing: there is nothing it may do.
  await grid(page).press('Delete');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect(Object.keys(await messages())).toContain(ref);
});

test('desktop notifications are off until turned on, then announce a new critical alert but not the backlog', async ({ page }) => {
  await clearMessages();
  const [, vm] = xapi.guests()[2];
  await xapi.call('message.create', 'VM_CRASHED', 1, 'VM', vm.uuid, '');
  // The page's Notification records what it would show; the system's permission is asked on turning it on.
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body?: string }> = [];
    (window as unknown as { shownNotes: typeof shown }).shownNotes = shown;
    class Recorder {
      static permission = 'default';
      static requestPermission() { Recorder.permission = 'granted'; return Promise.resolve('granted'); }
      constructor(title: string, options?: { body?: string }) { shown.push({ title, body: options?.body }); }
    }
    (window as unknown as { Notification: unknown }).Notification = Recorder;
  });
  await connect(page);
  await alertsTab(page).click();
  const toggle = page.getByRole('checkbox', { name: 'Desktop notifications' });
  await expect(toggle).not.toBeChecked();
  const shown = () => page.evaluate(() => (window as unknown as { shownNotes: Array<{ title: string }> }).shownNotes.map((n) => n.title));

  // Off: a new critical alert shows in the list only.
  const quiet = String(await xapi.call('message.create', 'HA_STATEFILE_LOST', 1, 'Pool', ([...sim.records('pool').values()][0] as Rec).uuid, ''));
  await expect(row(page, quiet)).toBeVisible();
  expect(await shown()).toEqual([]);

  await toggle.click();
  await expect(toggle).toBeChecked();
  const loud = String(await xapi.call('message.create', 'VM_CRASHED', 2, 'VM', vm.uuid, ''));
  await expect(row(page, loud)).toBeVisible();
  await expect.poll(shown).toEqual([`Major alert: ${String(vm.name_label)}: VM Crashed`]);
  // Informational alerts are not announced.
  const info = String(await xapi.call('message.create', 'VM_CLONED', 5, 'VM', vm.uuid, ''));
  await expect(row(page, info)).toBeVisible();
  expect(await shown()).toHaveLength(1);
  await shotAtSizes(page, 'alerts-notifications-on');

  // Kept in main's settings: a reload starts with it on.
  await page.reload();
  await alertsTab(page).click();
  await expect(page.getByRole('checkbox', { name: 'Desktop notifications' })).toBeChecked();
  await toggle.click();
  await expect(toggle).not.toBeChecked();
});

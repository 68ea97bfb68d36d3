// Server Status Report in the real browser host: Tools > Server Status Report…, two hosts of a
// simulated pool (each answering /system-status on its own address), two capabilities, a file name;
// Finish downloads one zip with an entry per host, each a tar of exactly those capabilities from that
// host. The simulator is checked through XAPI: the hosts' names and that no report task is left.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Open } from 'unzipper';
import { startSimulator, type Simulator } from '../../simulator/index';
import { readTar } from '../../simulator/xva';
import { startHost, type RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { simXapi } from './support/sim-xapi';
import { login } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const xapi = simXapi(() => sim);

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 2, taskDurationMs: 0, memberListeners: true }, (s, h) => { sim = s; host = h; });

test('collects two hosts\' reports into one downloaded zip, with progress per host', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();

  const pool = Object.values(await xapi.call('pool.get_all_records') as Record<string, { master: string; name_label: string }>)[0];
  const hosts = await xapi.call('host.get_all_records') as Record<string, { name_label: string; hostname: string }>;
  const coordinator = hosts[pool.master].name_label;
  const other = Object.entries(hosts).filter(([ref]) => ref !== pool.master).map(([, h]) => h.name_label).sort()[0];

  await page.getByRole('menubar').getByRole('menuitem', { name: 'Tools', exact: true }).click();
  await page.getByRole('menu', { name: 'Tools' }).getByRole('menuitem', { name: 'Server Status Report…' }).click();
  const wizard = page.getByRole('dialog', { name: 'Server Status Report' });
  await expect(wizard.getByRole('heading', { name: 'Select the servers you wish to include in your report' })).toBeVisible();
  const next = wizard.getByRole('button', { name: 'Next >' });
  await expect(next).toBeDisabled();
  await expect(wizard.getByText('Select at least one server.')).toBeVisible();

  // Page 1: the pool with its three live hosts; the pool's box is half-checked with two of them.
  const servers = wizard.getByRole('list', { name: 'Servers' });
  await expect(servers.getByText(pool.name_label)).toBeVisible();
  await servers.getByLabel(coordinator, { exact: true }).check();
  await servers.getByLabel(other, { exact: true }).check();
  await shotAtSizes(page, 'status-report-1-servers');
  await next.click();

  // Page 2: the capabilities, checked as the hosts say; just two chosen.
  const grid = wizard.getByRole('table', { name: 'Report contents' });
  await expect(grid.getByRole('row', { name: /Server logs/ })).toBeVisible();
  await expect(grid.getByLabel('Server logs')).toBeChecked();
  await expect(grid.getByLabel('Persistent statistics')).not.toBeChecked();
  await expect(wizard.getByTestId('ssr-total-size')).toHaveText('< 200 KiB'); // boot-loader's 100 KiB bound, for two servers
  await shotAtSizes(page, 'status-report-2-contents');
  await wizard.getByRole('button', { name: 'Clear All' }).click();
  await expect(next).toBeDisabled();
  await grid.getByLabel('Server logs').check();
  await grid.getByLabel('Hardware information').check();
  await next.click();

  // Page 3: XenCenter's default name; a name of our own.
  const file = wizard.getByLabel('File name:');
  await expect(file).toHaveValue(/^status-report-\d{4}(-\d\d){5}\.zip$/);
  await file.fill('report/1.zip');
  await expect(wizard.getByRole('button', { name: 'Finish' })).toBeDisabled();
  await file.fill('e2e-report.zip');
  await shotAtSizes(page, 'status-report-3-destination');

  const downloading = page.waitForEvent('download');
  await wizard.getByRole('button', { name: 'Finish' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('e2e-report.zip');
  const rows = wizard.getByRole('table', { name: 'Servers' }).getByRole('row');
  await expect(rows.filter({ hasText: coordinator })).toContainText('Completed');
  await expect(rows.filter({ hasText: other })).toContainText('Completed');
  await expect(wizard.getByTestId('ssr-outcome')).toHaveText(/compiled and saved successfully: e2e-report\.zip was downloaded/);
  await shotAtSizes(page, 'status-report-4-progress');

  // The zip: an entry per host, each a tar of the two capabilities, collected on that host.
  const zip = await Open.buffer(readFileSync(await download.path()));
  const byHost = new Map(zip.files.map((f) => [f.path.replace(/^\d{4}(-\d\d){5}-bugtool-/, '').replace(/\.tar$/, ''), f]));
  expect([...byHost.keys()].sort()).toEqual([coordinator, other].map((n) => n.slice(0, 20)).sort());
  for (const name of [coordinator, other]) {
    const tar = readTar(await byHost.get(name.slice(0, 20))!.buffer());
    expect(tar.map((m) => m.name.replace(/^bug-report-\d{14}\//, ''))).toEqual(['inventory.xml', 'hardware-info.out', 'xenserver-logs.out']);
    const h = Object.values(hosts).find((x) => x.name_label === name)!;
    expect(tar[2].data.toString()).toContain(h.hostname || h.name_label);
  }
  // No report task is left on the server.
  const tasks = await xapi.call('task.get_all_records') as Record<string, { name_label: string }>;
  expect(Object.values(tasks).filter((t) => t.name_label.startsWith('Compiling status report'))).toEqual([]);

  await wizard.getByRole('button', { name: 'Close' }).click();
  await expect(wizard).toBeHidden();
});

test('a server that cannot be reached fails in words with its code; the other server\'s report is still saved', async ({ page }) => {
  // Its own pool whose members do not listen (the coordinator answers, the other address refuses),
  // in a host of its own so the first test's pool is not listed too.
  const lone = await startSimulator({ port: 0, hosts: 2, vms: 1, taskDurationMs: 0 });
  const own = await startHost();
  try {
    const app = new AppPage(page);
    await page.goto(own.url);
    await app.addServer(lone.url, 'root', 'xenroot');
    await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
    const names = [...lone.records('host').values()].map((h) => String(h.name_label)).sort();

    await page.getByRole('menubar').getByRole('menuitem', { name: 'Tools', exact: true }).click();
    await page.getByRole('menu', { name: 'Tools' }).getByRole('menuitem', { name: 'Server Status Report…' }).click();
    const wizard = page.getByRole('dialog', { name: 'Server Status Report' });
    await wizard.getByRole('button', { name: 'Select All' }).click();
    await wizard.getByRole('button', { name: 'Next >' }).click();
    await expect(wizard.getByRole('table', { name: 'Report contents' }).getByLabel('Server logs')).toBeChecked();
    await wizard.getByRole('button', { name: 'Next >' }).click();
    await wizard.getByLabel('File name:').fill('partial.zip');
    const downloading = page.waitForEvent('download');
    await wizard.getByRole('button', { name: 'Finish' }).click();
    const download = await downloading;

    const rows = wizard.getByRole('table', { name: 'Servers' }).getByRole('row');
    const coordinator = String(lone.records('host').get(String([...lone.records('pool').values()][0].master))!.name_label);
    const member = names.find((n) => n !== coordinator)!;
    await expect(rows.filter({ hasText: coordinator })).toContainText('Completed');
    await expect(rows.filter({ hasText: member })).toContainText(/Failed: .+\(CONNECTION_[A-Z_]+\)/);
    await expect(wizard.getByTestId('ssr-outcome')).toHaveText(/with errors\)\. A partial status report was saved/);
    await shotAtSizes(page, 'status-report-5-partial');
    // Its task failed (not cancelled) for every client: the Events panel says so, with the code.
    const failedTask = app.eventsPanel.locator('tr.task-row').filter({ hasText: `Compiling status report for ${member}` });
    await expect(failedTask).toContainText('Failed');
    await expect(failedTask).toContainText(/CONNECTION_[A-Z_]+/);
    const zip = await Open.buffer(readFileSync(await download.path()));
    // The client's logs and metadata (checked by default) are in it too, after the one server that answered.
    expect(zip.files.map((f) => f.path.replace(/^\d{4}(-\d\d){5}-(bugtool-)?/, ''))).toEqual([`${coordinator.slice(0, 20)}.tar`, 'PoolDesk.log', 'Coordinators.txt', 'Metadata.json']);
    await expect(rows.filter({ hasText: 'PoolDesk logs and metadata' })).toContainText('Completed (3 files)');
    const log = (await zip.files.find((f) => f.path.endsWith('-PoolDesk.log'))!.buffer()).toString();
    expect(log).toMatch(/ as root: connected, role pool-admin$/m);
    expect(log).not.toContain('xenroot');
  } finally {
    await own.stop();
    await lone.close();
  }
});

test('a Read Only user cannot download reports: its pool is greyed with XenCenter\'s reason, the others can still be chosen', async ({ page }) => {
  // CORP\\alice, a Read Only subject of the domain, connected through a member's address beside root's entry.
  const [poolRef] = await xapi.call('pool.get_all') as string[];
  await xapi.call('pool.enable_external_auth', poolRef, { user: 'Administrator', pass: 'adpass' }, 'corp.example.com', 'AD');
  const sid = await xapi.call('auth.get_subject_identifier', 'CORP\\alice') as string;
  const subject = await xapi.call('subject.create', { subject_identifier: sid, other_config: {}, roles: [] }) as string;
  await xapi.call('subject.add_to_roles', subject, ((await xapi.call('role.get_by_name_label', 'read-only')) as string[])[0]);
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url.replace('127.0.0.1', '127.0.0.2'), 'CORP\\alice', 'alicepass');
  await expect(app.tree.locator('[role="treeitem"][aria-level="1"]')).toHaveCount(2);

  await page.getByRole('menubar').getByRole('menuitem', { name: 'Tools', exact: true }).click();
  await page.getByRole('menu', { name: 'Tools' }).getByRole('menuitem', { name: 'Server Status Report…' }).click();
  const wizard = page.getByRole('dialog', { name: 'Server Status Report' });
  const reason = 'A Read Only user cannot download system status reports. Log in as a different user with sufficient privileges and try again.';
  const servers = wizard.getByRole('list', { name: 'Servers' });
  await expect(servers.getByRole('note')).toHaveText(reason);
  const pools = servers.locator(':scope > li');
  await expect(pools).toHaveCount(2);
  const blocked = pools.filter({ has: page.getByRole('note') });
  const open = pools.filter({ hasNot: page.getByRole('note') });
  for (const box of await blocked.getByRole('checkbox').all()) await expect(box).toBeDisabled();
  await wizard.getByRole('button', { name: 'Select All' }).click();
  // Select All takes root's servers only; alice's stay unchecked and greyed.
  for (const box of await blocked.getByRole('checkbox').all()) await expect(box).not.toBeChecked();
  for (const box of await open.getByRole('checkbox').all()) await expect(box).toBeChecked();
  await expect(wizard.getByRole('button', { name: 'Next >' })).toBeEnabled();
  await shotAtSizes(page, 'status-report-read-only');
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  // The server agrees: alice's own session is refused GET /system-status.
  const s = await login(sim.url, 'CORP\\alice', 'alicepass');
  expect((await fetch(`${sim.url}/system-status?session_id=${s}&entries=system-logs&output=tar`)).status).toBe(403);
});

// The Performance tab end to end: the browser host in Debian's Chromium against a simulated pool
// whose members listen on their own addresses. A running VM on a member shows its charts with
// data; the memory it shows is the simulator's, read here straight from the resident host's
// /rrd_updates; the range selector switches archives; a host shows CPU, memory and network; a
// halted VM says why there is nothing to show. Screenshots go to test-results/screens.
import { mkdirSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;
const SCREENS = 'test-results/screens';
const GiB = 1024 ** 3;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  sim = await startSimulator({ port: 0, hosts: 3, vms: 9, memberListeners: true });
  host = await startHost();
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

const guests = () => [...sim.records('VM').entries()].filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain) as [string, Rec][];
const coordinator = () => String([...sim.records('pool').values()][0].master);

/** The VM's `memory` values (bytes) over the last 10 minutes, newest first, as its resident host serves them. */
async function servedMemory(vm: Rec): Promise<number[]> {
  const resident = sim.records('host').get(String(vm.resident_on))!;
  const session = await login(sim.url);
  const start = Math.floor(Date.now() / 1000) - 590;
  const res = await fetch(`http://${String(resident.address)}:${sim.port}/rrd_updates?session_id=${session}&start=${start}&interval=5&cf=AVERAGE&vm_uuid=${String(vm.uuid)}&json=true`);
  const doc = (await res.json()) as { meta: { legend: string[] }; data: { t: string; values: string[] }[] };
  const col = doc.meta.legend.indexOf(`AVERAGE:vm:${String(vm.uuid)}:memory`);
  expect(col).toBeGreaterThanOrEqual(0);
  return [...doc.data].sort((a, b) => Number(b.t) - Number(a.t)).map((r) => Number(r.values[col])).filter(Number.isFinite);
}

async function openPerformance(app: AppPage, name: string): Promise<void> {
  await (await findInTree(app, name)).click();
  await app.page.getByRole('tab', { name: 'Performance' }).click();
  await expect(app.page.getByRole('tab', { name: 'Performance' })).toHaveAttribute('aria-selected', 'true');
}

const chart = (page: Page, title: string) => page.getByRole('tabpanel').getByRole('img', { name: new RegExp(`^${title}, latest: `) });

test('Performance tab: a running VM, the range selector, a host, a halted VM', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  const dialog = await app.addServer(sim.url, 'root', 'xenroot');
  await expect(dialog).toBeHidden();
  await expandAll(app);

  // A running VM on a member: its metrics come from that member, not the coordinator.
  const [, vm] = guests().find(([, v]) => v.power_state === 'Running' && v.resident_on !== coordinator())!;
  await openPerformance(app, String(vm.name_label));
  for (const title of ['CPU usage', 'Memory', 'Network', 'Disk']) await expect(chart(page, title)).toBeVisible();
  // Data, not "no data": the charts name latest values.
  await expect(chart(page, 'CPU usage')).toHaveAttribute('aria-label', /Average \d+\.\d %/);
  await expect(page.getByText('5-second averages, updated every 5 s')).toBeVisible();

  // The memory shown is what the resident host serves (one of its newest rows: it moves every 5 s).
  const label = (await chart(page, 'Memory').getAttribute('aria-label'))!;
  const shown = /Total \(allocated\) ([\d.]+) (GiB|MiB)/.exec(label);
  expect(shown, label).not.toBeNull();
  const served = (await servedMemory(vm)).slice(0, 6).map((b) => (shown![2] === 'GiB' ? (b / GiB).toFixed(2) : (b / 1024 ** 2).toFixed(0)));
  expect(served).toContain(shown![1]);
  // The legend shows the same latest value as the accessible name.
  const memoryChart = page.locator('.perf-chart').filter({ has: page.getByRole('img', { name: /^Memory, latest: / }) });
  await expect(memoryChart.getByText(`${shown![1]} ${shown![2]}`)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/performance-vm-10m.png` });

  // Other ranges come from the other archives.
  const range = page.getByRole('combobox', { name: 'Range' });
  for (const [option, caption] of [['Last 2 hours', '1-minute averages, updated every 1 min'], ['Last week', '1-hour averages, updated every 10 min'], ['Last year', '1-day averages, updated every 60 min']]) {
    await range.selectOption({ label: option });
    await expect(page.getByText(caption)).toBeVisible();
    await expect(chart(page, 'Memory')).toBeVisible();
  }
  await range.selectOption({ label: 'Last 2 hours' });
  await expect(chart(page, 'CPU usage')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/performance-vm-2h.png` });

  // A host: CPU, memory and network, no disk; the range chosen stays.
  const member = [...sim.records('host').values()].find((h) => h.address === '127.0.0.2')!;
  await openPerformance(app, String(member.name_label));
  for (const title of ['CPU usage', 'Memory', 'Network']) await expect(chart(page, title)).toBeVisible();
  await expect(chart(page, 'Disk')).toHaveCount(0);
  await expect(range).toHaveValue('2h');
  await expect(chart(page, 'Memory')).toHaveAttribute('aria-label', /^Memory, latest: Used [\d.]+ GiB, Total 256\.00 GiB$/);
  await range.selectOption({ label: 'Last 10 minutes' });
  await expect(page.getByText('5-second averages, updated every 5 s')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/performance-host-10m.png` });

  // A halted VM: nothing recorded, and why.
  const [, halted] = guests().find(([, v]) => v.power_state === 'Halted')!;
  await openPerformance(app, String(halted.name_label));
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText('No data: the VM is not running.');
  await expect(page.getByRole('tabpanel').getByRole('img')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/performance-halted.png` });
});

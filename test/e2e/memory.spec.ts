// The Memory tab in the real browser host against the simulator: a halted VM made dynamic (one
// VM.set_memory_limits), a running VM's dynamic range changed (VM.set_memory_dynamic_range), a value
// below static minimum refused by XAPI with its code in the dialog and the Events panel, and the host
// and pool views. Every change is checked through XAPI (VM.get_record).
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 6, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
function vms(ok: (v: Rec) => boolean): Array<[string, Rec]> {
  return ([...sim.records('VM').entries()] as Array<[string, Rec]>)
    .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && ok(v));
}

async function open(page: Page, name: string): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  await (await findInTree(app, name)).click();
  return app;
}
const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text });

test('a halted VM made dynamic; a running VM\'s dynamic range; a refusal with its code', async ({ page }) => {
  const [haltedRef, halted] = vms((v) => v.power_state === 'Halted')[0];
  const [runRef, run] = vms((v) => v.power_state === 'Running')[0];
  // Known starting points, set through XAPI: the halted VM fixed at 2 GiB (static min 512 MiB), the running
  // one with a 1..4 GiB static range.
  await call('VM.set_memory_limits', haltedRef, 512 * MiB, 2 * GiB, 2 * GiB, 2 * GiB);
  const runRec = await call('VM.get_record', runRef) as Rec;
  expect(Number(runRec.memory_static_max)).toBeGreaterThanOrEqual(2 * GiB);

  const app = await open(page, String(halted.name_label));
  const tabs = page.getByRole('tablist');
  await expect(tabs.getByRole('tab')).toHaveText(['General', 'Memory', 'Storage', 'Networking', 'Console', 'Performance', 'Snapshots', 'Search', 'History']);
  await page.getByRole('tab', { name: 'Memory' }).click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByRole('heading', { name: 'Fixed memory' })).toBeVisible();
  await expect(panel.getByRole('img', { name: /Memory bar/ })).toBeVisible();

  // Halted: dynamic 1..3 GiB (static max follows the maximum), one set_memory_limits.
  await panel.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Memory Settings' });
  await dialog.getByLabel('Dynamic memory').check();
  await dialog.getByLabel('Minimum memory').fill('1');
  await dialog.getByLabel('Maximum memory').fill('0.5');
  await expect(dialog.getByText('Minimum memory cannot be more than the maximum memory')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'OK' })).toBeDisabled();
  await dialog.getByLabel('Maximum memory').fill('3');
  await shotAtSizes(page, 'memory-dialog-halted');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  const h = await call('VM.get_record', haltedRef) as Rec;
  expect(h).toMatchObject({ memory_static_min: 512 * MiB, memory_dynamic_min: GiB, memory_dynamic_max: 3 * GiB, memory_static_max: 3 * GiB });
  await expect(panel.getByRole('heading', { name: 'Dynamic memory' })).toBeVisible();
  await expect(taskRow(app, 'Changing memory settings').first()).toHaveAttribute('data-status', 'success');
  await shotAtSizes(page, 'memory-tab-vm-halted');

  // Running: the dynamic range only, up to static max; above it is refused in words before sending.
  await (await findInTree(app, String(run.name_label))).click();
  await page.getByRole('tab', { name: 'Memory' }).click();
  await panel.getByRole('button', { name: 'Edit…' }).click();
  await expect(dialog.getByText(/is running: only the dynamic range can change/)).toBeVisible();
  await dialog.getByLabel('Dynamic memory').check();
  await dialog.getByLabel('Unit').selectOption('MiB');
  const smax = Number(runRec.memory_static_max) / MiB;
  await dialog.getByLabel('Maximum memory').fill(String(smax + 1024));
  await expect(dialog.getByText(/needs the VM shut down first/)).toBeVisible();
  await dialog.getByLabel('Minimum memory').fill('1024');
  await dialog.getByLabel('Maximum memory').fill('1536');
  await shotAtSizes(page, 'memory-dialog-running');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  const r = await call('VM.get_record', runRef) as Rec;
  expect(r).toMatchObject({ memory_dynamic_min: GiB, memory_dynamic_max: 1536 * MiB, memory_static_max: runRec.memory_static_max });
  await expect(panel.getByText('Current memory')).toBeVisible();
  await expect(panel.locator('dd').filter({ hasText: /^1(\.\d+)? GiB$/ }).first()).toBeVisible();
  await shotAtSizes(page, 'memory-tab-vm-running');

  // Below static min: said in words, sent, and XAPI's refusal shown with its code, the dialog left open.
  const smin = Number(r.memory_static_min) / MiB;
  await panel.getByRole('button', { name: 'Edit…' }).click();
  await dialog.getByLabel('Unit').selectOption('MiB');
  await dialog.getByLabel('Minimum memory').fill(String(Math.max(1, smin - 128)));
  await expect(dialog.getByRole('note').filter({ hasText: /below the VM's static minimum/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'MEMORY_CONSTRAINT_VIOLATION_ORDER' })).toBeVisible({ timeout: 15_000 });
  await expect(dialog).toBeVisible();
  await expect(taskRow(app, 'Changing memory settings').filter({ hasText: 'MEMORY_CONSTRAINT_VIOLATION_ORDER' }).first()).toBeVisible();
  await shotAtSizes(page, 'memory-dialog-refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await call('VM.get_record', runRef)).toMatchObject({ memory_dynamic_min: GiB, memory_dynamic_max: 1536 * MiB });
});

test('host and pool: Xen, the control domain, each VM and free, per host', async ({ page }) => {
  const [, run] = vms((v) => v.power_state === 'Running')[0];
  const hostRef = String(run.resident_on);
  const hostName = String((sim.records('host').get(hostRef) as Rec).name_label);
  await open(page, hostName);
  await page.getByRole('tab', { name: 'Memory' }).click();
  const panel = page.getByRole('tabpanel');
  const list = panel.getByRole('table', { name: `Memory use of ${hostName}` });
  await expect(list).toContainText('Xen');
  await expect(list).toContainText('Control domain');
  await expect(list).toContainText(String(run.name_label));
  await expect(list).toContainText('Free');
  await shotAtSizes(page, 'memory-tab-host');

  const pool = String(([...sim.records('pool').values()][0] as Rec).name_label);
  await (await findInTree(new AppPage(page), pool)).click();
  await page.getByRole('tab', { name: 'Memory' }).click();
  await expect(panel.getByRole('group')).toHaveCount(sim.records('host').size);
  await shotAtSizes(page, 'memory-tab-pool');
});

// The Events panel says what other clients' tasks do in words, and times carry their date once
// they are not today (a snapshot's "Taken", an event's time), also when the day changes while shown.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 5, taskDurationMs: 1500 }, (s, h) => { sim = s; host = h; });

test('another client\'s checkpoint reads "Taking checkpoint of …"; the next day its times show their date', async ({ page }) => {
  await page.clock.install();
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(await app.addServer(sim.url, 'root', 'xenroot')).toBeHidden();
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  const [vmRef, vm] = [...sim.records('VM').entries() as Iterable<[string, Rec]>]
    .find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running' && (v.allowed_operations as string[]).includes('checkpoint'))!;
  const name = String(vm.name_label);
  await (await findInTree(app, name)).click();
  await page.getByRole('tab', { name: 'Snapshots' }).click();

  // Another client takes a checkpoint.
  const s = await login(sim.url);
  const task = String(await rpc(sim.url, 'Async.VM.checkpoint', s, vmRef, 'words-checkpoint'));
  const row = app.eventsPanel.locator(`tr[data-task-ref="${task}"]`);
  await expect(row.locator('.task-title')).toHaveText(`Taking checkpoint of '${name}'`);
  await expect(row).toHaveAttribute('data-status', 'success', { timeout: 15_000 });
  await expect(row).not.toContainText('Async.');
  const snap = String(await rpc(sim.url, 'task.get_result', s, task)).replace(/<[^>]+>/g, '');
  const taken = Date.parse(String(await rpc(sim.url, 'VM.get_snapshot_time', s, snap)).replace(/^(\d{4})(\d{2})(\d{2})T/, '$1-$2-$3T'));
  expect(Number.isFinite(taken)).toBe(true);

  // Today: the time alone.
  const snapRow = page.getByRole('tabpanel').getByRole('row').filter({ hasText: 'words-checkpoint' });
  const dateOf = (ms: number) => page.evaluate((t) => new Date(t).toLocaleDateString(), ms);
  const timeOf = (ms: number) => page.evaluate((t) => new Date(t).toLocaleTimeString(), ms);
  await expect(snapRow).toContainText(await timeOf(taken));
  await expect(snapRow).not.toContainText(await dateOf(taken));

  // A day later, with nothing else changing: the same rows now carry the date.
  await page.clock.fastForward('24:00:00');
  await expect(snapRow).toContainText(await dateOf(taken));
  await expect(row.locator('.col-time')).toContainText(await dateOf(taken));
  await shotAtSizes(page, 'times-and-words-next-day');
});

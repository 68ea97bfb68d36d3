// History tab end to end: a VM renamed from outside (through XAPI: no task is named) and from its
// Properties dialog (the client's task is named), each checked through XAPI, then read on the VM's
// History tab (name_label old -> new, By), filtered, and the tasks section listing the dialog's task.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, findInTree } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const xapi = simXapi(() => sim);

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 6 }, (s, h) => { sim = s; host = h; });

test('the History tab shows renames from outside (author unknown) and from the Properties dialog (its task)', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  const poolName = String(([...sim.records('pool').values()] as Rec[])[0].name_label);
  await expect(app.treeItem(poolName)).toBeVisible();

  const [vmRef, vm] = xapi.guests().find(([, v]) => v.power_state === 'Halted')!;
  const original = String(vm.name_label);
  await (await findInTree(app, original)).click();
  const historyTab = page.getByRole('tab', { name: 'History', exact: true });
  await historyTab.click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByText('No changes since connecting.')).toBeVisible();

  // Another client renames the VM: the change shows, but nobody can honestly be named.
  await xapi.call('VM.set_name_label', vmRef, 'outside-name');
  expect(await xapi.call('VM.get_name_label', vmRef)).toBe('outside-name');
  const changes = panel.getByRole('table', { name: 'Changes' });
  const outsideRow = changes.getByRole('row').filter({ hasText: 'name_label' }).filter({ hasText: 'outside-name' });
  await expect(outsideRow).toHaveCount(1);
  await expect(outsideRow.getByRole('cell')).toHaveText([/.+/, 'name_label', original, 'outside-name', 'unknown']);

  // Renamed from the Properties dialog: the client's task worked on the VM, so it is named.
  await (await findInTree(app, 'outside-name')).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: /^Properties/ }).click();
  const dialog = page.getByRole('dialog', { name: "'outside-name' Properties" });
  await dialog.getByLabel('Name', { exact: true }).fill('inside-name');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect(await xapi.call('VM.get_name_label', vmRef)).toBe('inside-name');

  await expect(historyTab).toHaveAttribute('aria-selected', 'true');
  const insideRow = changes.getByRole('row').filter({ hasText: 'name_label' }).filter({ hasText: 'inside-name' });
  await expect(insideRow.getByRole('cell')).toHaveText([/.+/, 'name_label', 'outside-name', 'inside-name', "task 'Changing properties of 'outside-name''"]);
  // Newest first.
  await expect(changes.getByRole('row').nth(1)).toContainText('inside-name');
  const tasks = panel.getByRole('table', { name: 'Tasks' });
  await expect(tasks.getByRole('row').filter({ hasText: "Changing properties of 'outside-name'" }).getByRole('cell')).toHaveText(["Changing properties of 'outside-name'", 'Completed', /.+/, /.+/]);
  await shotAtSizes(page, 'history-tab');

  // The filter narrows the rows; Copy reports what it copied.
  await panel.getByLabel('Filter changes').fill('outside');
  await expect(changes.getByRole('row')).toHaveCount(3);
  await panel.getByLabel('Filter changes').fill('no such change');
  await expect(panel.getByText('No change matches the filter.')).toBeVisible();
  await panel.getByLabel('Filter changes').fill('name_label');
  await panel.getByRole('button', { name: 'Copy' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied 2 changes.');
  await shotAtSizes(page, 'history-tab-filtered');
});

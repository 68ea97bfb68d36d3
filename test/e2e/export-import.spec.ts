// VM export and import in the real browser host: VM menu > Export… downloads the XVA through
// /transfer/<id>; File > Import… uploads it back; the new VM appears in the tree and the simulator
// has it (checked through XAPI).
import { test, expect } from '@playwright/test';
import { statSync } from 'node:fs';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/export-${name}.png` });

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 6, taskDurationMs: 600 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const vms = () => [...sim.records('VM').entries()].filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain) as [string, Rec][];

test('export a halted VM to a file and import it back', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);

  const [, vm] = vms().find(([, v]) => v.power_state === 'Halted')!;
  const name = String(vm.name_label);
  await (await findInTree(app, name)).click();

  // VM > Export…: a download named after the VM.
  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  const exportItem = page.getByRole('menu', { name: 'VM' }).getByRole('menuitem', { name: 'Export…' });
  await expect(exportItem).toBeEnabled();
  await page.screenshot(shot('vm-menu'));
  const downloading = page.waitForEvent('download');
  await exportItem.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${name}.xva`);
  const file = await download.path();
  expect(statSync(file).size).toBeGreaterThan(0);
  const exportRow = app.eventsPanel.locator('tr.task-row').filter({ hasText: `Exporting VM '${name}'` });
  await expect(exportRow).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  await page.screenshot(shot('done'));

  // File > Import…: the file and the default SR; a second VM of that name appears.
  const session = await login(sim.url);
  expect(await rpc(sim.url, 'VM.get_by_name_label', session, name)).toHaveLength(1);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'File', exact: true }).click();
  await page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import VM' });
  await expect(dialog).toBeVisible();
  const pool = [...sim.records('pool').values()][0] as Rec;
  const defaultSr = sim.records('SR').get(String(pool.default_SR)) as Rec | undefined;
  if (defaultSr) await expect(dialog.getByLabel('Storage repository')).toContainText(`${String(defaultSr.name_label)} (default)`);
  await dialog.getByLabel('XVA file').setInputFiles({ name: `${name}.xva`, mimeType: 'application/octet-stream', buffer: await import('node:fs').then((fs) => fs.readFileSync(file)) });
  await page.screenshot(shot('import-dialog'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();
  const importRow = app.eventsPanel.locator('tr.task-row').filter({ hasText: `Importing VM '${name}.xva'` });
  await expect(importRow).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  await expandAll(app);
  await expect(app.treeItem(name)).toHaveCount(2, { timeout: 15_000 });
  const refs = (await rpc(sim.url, 'VM.get_by_name_label', session, name)) as string[];
  expect(refs).toHaveLength(2);
  const srRef = String(pool.default_SR);
  const imported = refs.map((r) => sim.records('VM').get(r) as Rec).find((v) => v.uuid !== vm.uuid)!;
  expect(imported.power_state).toBe('Halted');
  for (const b of imported.VBDs as string[]) {
    const vbd = sim.records('VBD').get(b) as Rec;
    if (vbd.type === 'Disk' && defaultSr) expect((sim.records('VDI').get(String(vbd.VDI)) as Rec).SR).toBe(srRef);
  }
  await page.screenshot(shot('imported'));
});

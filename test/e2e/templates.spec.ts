// Templates in the real browser host against the simulator: Convert to Template… on a halted VM (asked
// first), then the template's own context menu: New VM… (the wizard with the template chosen), Copy
// Template… and Delete Template…. Every outcome is checked through XAPI.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc, RpcError } from '../support/xapi-rpc';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 8, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;
const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
const gone = async (method: string, ref: string) => call(method, ref).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID');
const diskVbds = (vm: Rec) => (vm.VBDs as string[]).map((b) => [b, rec('VBD', b)!] as const).filter(([, b]) => b.type === 'Disk');
const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text });
const contextItem = (page: Page, name: string) => page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name, exact: true });

test('Convert a halted VM to a template, make a VM from it, copy it, delete the copy', async ({ page }) => {
  const [vmRef, vm] = ([...sim.records('VM').entries()] as Array<[string, Rec]>)
    .find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Halted'
      && (v.allowed_operations as string[]).includes('make_into_template') && diskVbds(v).length > 0)!;
  const name = String(vm.name_label);
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);

  // Convert to Template…, from the VM's context menu; asked first.
  await (await findInTree(app, name)).click({ button: 'right' });
  await contextItem(page, 'Convert to Template…').click();
  const confirm = page.getByRole('alertdialog', { name: 'Convert to Template' });
  await expect(confirm).toContainText(`Convert '${name}' to a template? It can no longer be started; new VMs can be made from it.`);
  await shotAtSizes(page, 'templates-convert-confirm');
  await confirm.getByRole('button', { name: 'Convert' }).click();
  await expect(confirm).toBeHidden();
  await expect.poll(() => call('VM.get_is_a_template', vmRef), { timeout: 10_000 }).toBe(true);
  await expect(taskRow(app, `Converting '${name}' to a template`)).toHaveAttribute('data-status', 'success', { timeout: 10_000 });

  // The template's own context menu.
  await expandAll(app);
  await (await findInTree(app, name)).click();
  await (await findInTree(app, name)).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem')).toHaveText(['New VM…', 'Export Template…', 'Copy Template…', 'Delete Template…', 'Properties', 'Edit Tags…', 'Move to Folder…', 'XAPI Operations…'].map((l) => new RegExp(`^${l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
  await expect(menu.getByRole('menuitem', { name: 'Start' })).toHaveCount(0);
  await shotAtSizes(page, 'templates-context-menu');

  // New VM… from it: the wizard opens with the template chosen.
  await contextItem(page, 'New VM…').click();
  const wizard = page.getByRole('dialog', { name: 'New VM' });
  await expect(wizard.getByRole('listbox', { name: 'Templates' }).getByRole('option', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
  const next = wizard.getByRole('button', { name: 'Next >' });
  await next.click();
  await wizard.getByLabel('Name', { exact: true }).fill('made-from-template');
  await next.click();
  for (let i = 0; i < 5; i++) await next.click();
  await wizard.getByLabel('Start the new VM automatically').uncheck();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(taskRow(app, "New VM 'made-from-template'")).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  const made = await call('VM.get_by_name_label', 'made-from-template') as string[];
  expect(made).toHaveLength(1);
  expect(await call('VM.get_is_a_template', made[0])).toBe(false);

  // Copy Template…: "Copy of <name>", a template too.
  await (await findInTree(app, name)).click({ button: 'right' });
  await contextItem(page, 'Copy Template…').click();
  const copyDialog = page.getByRole('dialog', { name: 'Copy Template' });
  await expect(copyDialog.getByLabel('Name', { exact: true })).toHaveValue(`Copy of ${name}`);
  await copyDialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(taskRow(app, `Copying template '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  const copies = await call('VM.get_by_name_label', `Copy of ${name}`) as string[];
  expect(copies).toHaveLength(1);
  expect(await call('VM.get_is_a_template', copies[0])).toBe(true);
  const copyDisks = diskVbds(rec('VM', copies[0])!);

  // Delete Template… on the copy: the template goes, with the disks ticked in the dialog.
  await expandAll(app);
  await (await findInTree(app, `Copy of ${name}`)).click({ button: 'right' });
  await contextItem(page, 'Delete Template…').click();
  const del = page.getByRole('alertdialog', { name: 'Delete Template' });
  await expect(del).toContainText(`Delete the template 'Copy of ${name}'?`);
  const boxes = del.getByRole('checkbox');
  await expect(boxes).toHaveCount(copyDisks.length);
  for (let i = 0; i < copyDisks.length; i++) await boxes.nth(i).check();
  await shotAtSizes(page, 'templates-delete-dialog');
  await del.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(taskRow(app, `Deleting template 'Copy of ${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  expect(await gone('VM.get_record', copies[0])).toBe(true);
  for (const [, b] of copyDisks) expect(await gone('VDI.get_record', String(b.VDI))).toBe(true);
  // The original template and its disks stay.
  expect(await call('VM.get_is_a_template', vmRef)).toBe(true);
});

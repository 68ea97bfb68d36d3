// "XAPI Operations…": any operation of the user's reference, from the context menu, in the real
// browser host against the simulator. Results read as names; tasks are followed to their end and
// checked through XAPI; bad input and refused calls show clear errors.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 5, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;

test('run reference operations on a VM: a read, a task checked through XAPI, a refused call, bad input', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  const [vmRef, vm] = [...sim.records('VM').entries() as Iterable<[string, Rec]>]
    .find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running')!;
  const name = String(vm.name_label);
  const row = await findInTree(app, name);
  await row.click();
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'XAPI Operations…' }).click();

  const dialog = page.getByRole('dialog', { name: `XAPI Operations — ${name}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Class')).toHaveValue('VM');
  const list = dialog.getByLabel('Operations');

  // A read: the VM's power state, straight back.
  await list.selectOption('VM.get_power_state');
  await expect(dialog.getByLabel('self')).toHaveValue(vmRef);
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('Running');

  // A task: VM.snapshot with a typed name; the dialog follows the task and names the new snapshot.
  await dialog.getByLabel('Filter').fill('snapshot');
  await list.selectOption('VM.snapshot');
  await dialog.getByLabel('new_name').fill('ops-snapshot');
  await page.screenshot(shot('operations-snapshot'));
  await dialog.getByRole('button', { name: 'Run as task' }).click();
  // A change is asked about first.
  const confirm = dialog.getByRole('alertdialog', { name: 'Run VM.snapshot?' });
  await expect(confirm).toContainText(`VM.snapshot changes '${name}'. Run it?`);
  await confirm.getByRole('button', { name: 'Run as task' }).click();
  await expect(dialog.getByRole('status')).toContainText('ops-snapshot (VM)', { timeout: 10_000 });
  const s = await login(sim.url);
  const snaps = (await rpc(sim.url, 'VM.get_by_name_label', s, 'ops-snapshot')) as string[];
  expect(snaps).toHaveLength(1);
  const snap = (await rpc(sim.url, 'VM.get_record', s, snaps[0])) as Rec;
  expect([snap.is_a_snapshot, snap.snapshot_of]).toEqual([true, vmRef]);

  // A refused call: starting a running VM shows the error in words and its code.
  await dialog.getByLabel('Filter').fill('start');
  await list.selectOption('VM.start');
  await dialog.getByRole('button', { name: 'Run as task' }).click();
  await dialog.getByRole('alertdialog', { name: 'Run VM.start?' }).getByRole('button', { name: 'Run as task' }).click();
  await expect(dialog.getByRole('alert')).toContainText('VM_BAD_POWER_STATE', { timeout: 10_000 });
  expect((await rpc(sim.url, 'VM.get_power_state', s, vmRef))).toBe('Running');

  // Bad input is refused before anything is sent.
  await dialog.getByLabel('Filter').fill('vcpus_at');
  await list.selectOption('VM.set_VCPUs_at_startup');
  await dialog.getByLabel('value').fill('two');
  await dialog.getByRole('button', { name: /^Run/ }).click();
  await expect(dialog.getByRole('alert')).toHaveText('value: a whole number');
  expect(Number(await rpc(sim.url, 'VM.get_VCPUs_at_startup', s, vmRef))).toBe(Number(vm.VCPUs_at_startup));
  await page.screenshot(shot('operations-bad-input'));

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('setters are changes, not reads: asked about first, and an empty name is not sent without a second look', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  const s = await login(sim.url);
  const [hostRef, h] = [...sim.records('host').entries() as Iterable<[string, Rec]>][0];
  const hostName = String(h.name_label);
  const row = await findInTree(app, hostName);
  await row.click();
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'XAPI Operations…' }).click();
  await expect(page.getByRole('dialog', { name: `XAPI Operations — ${hostName}` })).toBeVisible();
  const dialog = page.getByRole('dialog', { name: /^XAPI Operations — / }); // its title follows the rename below
  const list = dialog.getByLabel('Operations');
  await dialog.getByLabel('Filter').fill('name_label');
  // Only the getter is a read.
  await expect(list.getByRole('option', { name: 'get_name_label (read)' })).toHaveCount(1);
  await expect(list.getByRole('option', { name: 'set_name_label', exact: true })).toHaveCount(1);
  await list.selectOption('host.set_name_label');
  await expect(dialog.getByLabel('self')).toHaveValue(hostRef);

  // Run with the value left empty: nothing is sent; the question says the name would be blank.
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  const confirm = dialog.getByRole('alertdialog', { name: 'Run host.set_name_label?' });
  await expect(confirm).toContainText(`host.set_name_label changes '${hostName}'. Run it?`);
  await expect(confirm).toContainText('value is empty and will be sent as an empty string (for set_name_label, that sets an empty value).');
  await shotAtSizes(page, 'operations-confirm-empty');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(await rpc(sim.url, 'host.get_name_label', s, hostRef)).toBe(hostName);

  // With a value, and confirmed: the name changes on the server.
  await dialog.getByLabel('value').fill('renamed-host');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(confirm).not.toContainText('empty');
  await confirm.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('Done.');
  expect(await rpc(sim.url, 'host.get_name_label', s, hostRef)).toBe('renamed-host');

  // A read runs at once.
  await list.selectOption('host.get_name_label');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('renamed-host');
  await expect(dialog.getByRole('alertdialog')).toHaveCount(0);
  await rpc(sim.url, 'host.set_name_label', s, hostRef, hostName);
});


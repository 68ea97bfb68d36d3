// The New VM wizard in the real browser host against the simulator: every page through the
// keyboard and mouse, Finish, the VM running in the tree, and the result checked through XAPI.
// Screenshots of every page go to test-results/screens/new-vm-*.png.
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const GiB = 1024 ** 3;
const shot = (name: string) => ({ path: `test-results/screens/new-vm-${name}.png` });
type Rec = Record<string, unknown>;

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300 });
  host = await startHost();
  // A known disk spec and tighter restrictions than the demo template's own, for the assertions below.
  const s = await login(sim.url);
  const [tpl] = Object.entries(await rpc(sim.url, 'VM.get_all_records', s) as Record<string, Rec>).find(([, r]) => r.name_label === 'Debian Bookworm 12')!;
  await rpc(sim.url, 'VM.remove_from_other_config', s, tpl, 'disks');
  await rpc(sim.url, 'VM.add_to_other_config', s, tpl, 'disks', '<provision><disk device="0" size="10737418240" sr="" bootable="true" type="system"/></provision>');
  await rpc(sim.url, 'VM.set_recommendations', s, tpl, '<restrictions><restriction field="vcpus-max" max="8"/><restriction property="number-of-vifs" max="4"/></restrictions>');
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

const records = (cls: string) => [...sim.records(cls).entries()] as Array<[string, Rec]>;
const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;
const next = (page: Page) => page.getByRole('dialog', { name: 'New VM' }).getByRole('button', { name: 'Next >' });

test('New VM wizard: every page, Finish, the VM runs with the chosen disks, ISO and interfaces', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  const hostRow = await findInTree(app, 'xcp-host-02');
  await hostRow.click();
  await hostRow.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'New VM…' }).click();

  const wizard = page.getByRole('dialog', { name: 'New VM' });
  await expect(wizard).toBeVisible();
  await expect(wizard.getByRole('heading', { name: 'Choose a template' })).toBeVisible();
  await expect(next(page)).toBeDisabled();
  await expect(wizard.getByRole('status')).toContainText('Choose a template.');
  // Search, then choose with the keyboard.
  await wizard.getByLabel('Search').fill('debian');
  const list = wizard.getByRole('listbox', { name: 'Templates' });
  await expect(list.getByRole('option')).toHaveText(['Debian 12 web base', 'Debian Bookworm 12']);
  await expect(list.getByRole('group', { name: 'Custom templates' })).toBeVisible();
  await list.getByRole('option', { name: 'Debian Bookworm 12' }).click();
  await expect(list.getByRole('option', { name: 'Debian Bookworm 12' })).toHaveAttribute('aria-selected', 'true');
  await page.screenshot(shot('1-template'));
  await next(page).click();

  // The page's first field has the focus (Enter then goes on).
  await expect(wizard.getByLabel('Name', { exact: true })).toBeFocused();
  const name = wizard.getByLabel('Name', { exact: true });
  await expect(name).toHaveValue('Debian Bookworm 12');
  await name.fill('');
  await expect(next(page)).toBeDisabled();
  await expect(wizard.getByRole('status')).toContainText('Enter a name for the new VM.');
  await name.fill('wizard-vm');
  await wizard.getByLabel('Description').fill('Made in the New VM wizard');
  await page.screenshot(shot('2-name'));
  await name.press('Enter');

  await expect(wizard.getByRole('heading', { name: 'Locate the operating system installation media' })).toBeVisible();
  await expect(wizard.getByRole('status')).toContainText('Choose an ISO image');
  await wizard.getByLabel('ISO image').selectOption({ label: 'debian-12.7.0-amd64-netinst.iso' });
  await expect(wizard.getByRole('radio', { name: /Boot from the network/ })).toBeDisabled();
  await page.screenshot(shot('3-media'));
  await next(page).click();

  await expect(wizard.getByRole('heading', { name: 'Choose a home server' })).toBeVisible();
  // Opened from xcp-host-02: it is offered as the home server.
  await expect(wizard.getByRole('radio', { name: 'Place the VM on this server:' })).toBeChecked();
  await expect(wizard.getByLabel('Home server', { exact: true })).toHaveValue(records('host').find(([, h]) => h.name_label === 'xcp-host-02')![0]);
  await page.screenshot(shot('4-home'));
  await next(page).click();

  await expect(wizard.getByRole('heading', { name: 'Allocate processor and memory resources' })).toBeVisible();
  await wizard.getByLabel('Number of vCPUs').fill('12');
  await expect(wizard.getByText('This template allows at most 8 vCPUs.')).toBeVisible();
  await expect(next(page)).toBeDisabled();
  await wizard.getByLabel('Number of vCPUs').fill('4');
  await wizard.getByLabel('vCPUs at startup').fill('2');
  await wizard.getByLabel('Topology').selectOption('2');
  await wizard.getByLabel('Dynamic minimum').fill('8192');
  await expect(wizard.getByText(/Dynamic minimum must not exceed the dynamic maximum/)).toBeVisible();
  await page.screenshot(shot('5-cpu-memory-invalid'));
  await wizard.getByLabel('Dynamic minimum').fill('1024');
  await wizard.getByLabel('Dynamic maximum').fill('2048');
  await wizard.getByLabel('Static maximum').fill('4096');
  await expect(next(page)).toBeEnabled();
  await page.screenshot(shot('5-cpu-memory'));
  await next(page).click();

  await expect(wizard.getByRole('heading', { name: 'Configure storage for the new VM' })).toBeVisible();
  const srSelect = wizard.getByLabel('Disk 0 storage');
  await expect(srSelect.locator('option:checked')).toHaveText(/NFS shared storage \(default\)/);
  const local = records('SR').find(([, r]) => r.name_label === 'Local storage' && String(r.name_description).includes('xcp-host-02'))![0];
  await srSelect.selectOption(local);
  await wizard.getByLabel('Disk 0 size in GiB').fill('16');
  await page.screenshot(shot('6-storage'));
  await next(page).click();

  await expect(wizard.getByRole('heading', { name: 'Configure networking for the new VM' })).toBeVisible();
  await expect(wizard.getByLabel('Interface 0 network').locator('option:checked')).toHaveText('Pool-wide network associated with eth0');
  await wizard.getByRole('button', { name: 'Add interface' }).click();
  await wizard.getByLabel('Interface 1 network').selectOption({ label: 'Storage network' });
  await wizard.getByLabel('Interface 1 MAC address').fill('02:00:00:12:34');
  await expect(wizard.getByRole('status')).toContainText('Interface 1: the MAC address must be six hex pairs');
  // As typed: the same MAC twice, another VM's, multicast and broadcast keep Next closed.
  const [, otherVm] = records('VM').find(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && (v.VIFs as string[]).length > 0)!;
  const otherMac = String(rec('VIF', (otherVm.VIFs as string[])[0])!.MAC);
  await wizard.getByLabel('Interface 0 MAC address').fill('02:00:00:12:34:56');
  await wizard.getByLabel('Interface 1 MAC address').fill('02:00:00:12:34:56');
  await expect(wizard.getByRole('status')).toContainText('Interface 1: Another interface of this VM has this MAC address.');
  await expect(next(page)).toBeDisabled();
  await wizard.getByLabel('Interface 0 MAC address').fill(otherMac);
  await expect(wizard.getByRole('status')).toContainText(`Interface 0: This MAC address is already used by '${String(otherVm.name_label)}'.`);
  await shotAtSizes(page, 'new-vm-7-mac-in-use');
  await wizard.getByLabel('Interface 0 MAC address').fill('01:00:5e:00:00:fb');
  await expect(wizard.getByRole('status')).toContainText('Interface 0: This is a multicast address');
  await wizard.getByLabel('Interface 0 MAC address').fill('ff:ff:ff:ff:ff:ff');
  await expect(wizard.getByRole('status')).toContainText('Interface 0: This is the broadcast address');
  await expect(next(page)).toBeDisabled();
  await wizard.getByLabel('Interface 0 MAC address').fill('');
  await page.screenshot(shot('7-networking'));
  await next(page).click();

  await expect(wizard.getByRole('heading', { name: 'Ready to create the new VM' })).toBeVisible();
  const summary = wizard.getByRole('definition');
  await expect(summary).toContainText(['Debian Bookworm 12', 'wizard-vm', 'Made in the New VM wizard', 'debian-12.7.0-amd64-netinst.iso', 'xcp-host-02']);
  await expect(wizard.getByLabel('Start the new VM automatically')).toBeChecked();
  await page.screenshot(shot('8-finish'));
  // Back keeps the choices.
  await wizard.getByRole('button', { name: '< Back' }).click();
  await expect(wizard.getByLabel('Interface 1 MAC address')).toHaveValue('02:00:00:12:34:56');
  await next(page).click();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden();

  // The Events panel follows the one task; the VM appears running under its home server.
  const row = app.eventsPanel.locator('tr.task-row').filter({ hasText: "New VM 'wizard-vm'" });
  await expect(row).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  await page.screenshot(shot('9-events'));
  const vmRow = await findInTree(app, 'wizard-vm');
  await expect(vmRow).toBeVisible();

  const [vmRef, vm] = records('VM').find(([, v]) => v.name_label === 'wizard-vm')!;
  const hostRef = records('host').find(([, h]) => h.name_label === 'xcp-host-02')![0];
  expect(vm).toMatchObject({
    is_a_template: false, power_state: 'Running', resident_on: hostRef, affinity: hostRef, name_description: 'Made in the New VM wizard',
    VCPUs_max: 4, VCPUs_at_startup: 2, memory_dynamic_min: 1 * GiB, memory_dynamic_max: 2 * GiB, memory_static_max: 4 * GiB,
  });
  expect((vm.platform as Rec)['cores-per-socket']).toBe('2');
  const vbds = (vm.VBDs as string[]).map((b) => rec('VBD', b)!);
  const disk = vbds.find((b) => b.type === 'Disk')!;
  expect(rec('VDI', disk.VDI)).toMatchObject({ SR: local, virtual_size: 16 * GiB, name_label: 'wizard-vm 0', name_description: 'Created by template provisioner' });
  const iso = records('VDI').find(([, v]) => v.name_label === 'debian-12.7.0-amd64-netinst.iso')![0];
  expect(vbds.find((b) => b.type === 'CD')).toMatchObject({ VDI: iso, empty: false });
  const nets = Object.fromEntries(records('network').map(([r, n]) => [r, n.name_label]));
  const vifs = (vm.VIFs as string[]).map((v) => rec('VIF', v)!).sort((a, b) => Number(a.device) - Number(b.device));
  expect(vifs.map((v) => [v.device, nets[String(v.network)]])).toEqual([['0', 'Pool-wide network associated with eth0'], ['1', 'Storage network']]);
  expect(vifs[1].MAC).toBe('02:00:00:12:34:56');
  expect(vmRef).toMatch(/^OpaqueRef:/);

  // Delete VM lists the new disk by the name it was given after the VM (XenCenter's "<VM> <device>").
  await rpc(sim.url, 'VM.hard_shutdown', await login(sim.url), vmRef);
  await expect(vmRow).toHaveAccessibleName('wizard-vm');
  await vmRow.click();
  await expect(page.getByRole('toolbar').getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Delete VM…' }).click();
  const del = page.getByRole('alertdialog', { name: 'Delete VM' });
  await expect(del.getByRole('checkbox', { name: 'wizard-vm 0' })).toBeChecked();
  await shotAtSizes(page, 'new-vm-10-delete-lists-disk');
  await del.getByRole('button', { name: 'Cancel' }).click();
});

test('New VM from the toolbar, a failure mid-way: the Events panel shows the step and the XAPI error, and the VM is removed', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  // The host still holds the connection made by the test before; adding it again just reuses it.
  if (!(await app.tree.count())) await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await app.tree.getByRole('treeitem').first().click();
  await app.toolbarButton('New VM').click();
  const wizard = page.getByRole('dialog', { name: 'New VM' });
  await wizard.getByRole('listbox', { name: 'Templates' }).getByRole('option', { name: 'Debian 12 web base' }).click();
  await next(page).click();
  await wizard.getByLabel('Name', { exact: true }).fill('doomed-vm');
  await next(page).click();
  await expect(wizard.getByRole('radio', { name: /No installation media/ })).toBeChecked();
  for (let i = 0; i < 5; i++) await next(page).click();
  await wizard.getByLabel('Start the new VM automatically').uncheck();
  sim.faults.failMethod('VM.set_memory_limits', { code: 'MEMORY_CONSTRAINT_VIOLATION_ORDER', params: [] });
  const vdisBefore = sim.records('VDI').size;
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  const row = app.eventsPanel.locator('tr.task-row').filter({ hasText: "New VM 'doomed-vm'" });
  await expect(row).toHaveAttribute('data-status', 'failure', { timeout: 30_000 });
  await expect(row).toContainText('Failed at: Setting vCPUs and memory; the incomplete VM and its new disks were removed');
  await expect(row).toContainText('(MEMORY_CONSTRAINT_VIOLATION_ORDER)');
  await expect(page.getByRole('alert').filter({ hasText: "New VM 'doomed-vm' failed" })).toBeVisible();
  await page.screenshot(shot('10-failure'));
  expect(records('VM').filter(([, v]) => v.name_label === 'doomed-vm')).toEqual([]);
  expect(sim.records('VDI').size).toBe(vdisBefore);
});

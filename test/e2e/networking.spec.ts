// The Networking tab in the real browser host against the simulator: add an interface to a halted VM
// on a chosen network with a typed MAC and remove it; add a VLAN network to the pool on eth0 and
// remove it. Every outcome is checked through XAPI; the tabs and dialogs are screenshotted.
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc, RpcError } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 8, taskDurationMs: 200 });
  host = await startHost();
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

type Rec = Record<string, unknown>;
const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
const gone = async (method: string, ref: string) => call(method, ref).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID');
const records = (cls: string) => [...sim.records(cls).entries()] as Array<[string, Rec]>;

async function open(page: Page, name: string): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  await (await findInTree(app, name)).click();
  await page.getByRole('tab', { name: 'Networking' }).click();
  return app;
}
const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text });

test('VM: add an interface on a chosen network with a typed MAC, then remove it', async ({ page }) => {
  const [vmRef, vm] = records('VM').find(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && v.power_state === 'Halted')!;
  const name = String(vm.name_label);
  const before = new Set(vm.VIFs as string[]);
  // A network other than the ones the VM already uses, so the choice is visible in the record.
  const used = new Set((vm.VIFs as string[]).map((v) => String(sim.records('VIF').get(v)?.network)));
  const [netRef, net] = records('network').find(([r, n]) => !used.has(r) && (n.other_config as Rec)?.is_host_internal_management_network !== 'true')!;
  const app = await open(page, name);
  const tab = page.getByRole('tabpanel');
  await page.screenshot(shot('networking-vm-tab'));

  await tab.getByRole('button', { name: 'Add Interface…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Virtual Interface' });
  await dialog.getByLabel('Network').selectOption({ label: String(net.name_label) });
  await dialog.getByLabel('Use this MAC address:').check();
  // Refused as typed, before Add: multicast, broadcast, another VM's MAC.
  const macField = dialog.getByLabel('MAC address', { exact: true });
  const addButton = dialog.getByRole('button', { name: 'Add' });
  await macField.fill('03:00:00:00:00:01');
  await expect(dialog.getByRole('alert')).toContainText('multicast');
  await expect(addButton).toBeDisabled();
  await expect(macField).toHaveAttribute('aria-invalid', 'true');
  await macField.fill('FF:FF:FF:FF:FF:FF');
  await expect(dialog.getByRole('alert')).toContainText('This is the broadcast address');
  const [, otherVm] = records('VM').find(([r, v]) => r !== vmRef && !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && (v.VIFs as string[]).length > 0)!;
  const otherMac = String(sim.records('VIF').get((otherVm.VIFs as string[])[0])!.MAC);
  await macField.fill(otherMac.toUpperCase());
  await expect(dialog.getByRole('alert')).toHaveText(`This MAC address is already used by '${String(otherVm.name_label)}'.`);
  await expect(addButton).toBeDisabled();
  await shotAtSizes(page, 'networking-add-vif-mac-in-use');
  await macField.fill('02:AB:cd:00:00:2a');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await page.screenshot(shot('networking-add-vif-dialog'));
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();

  const grid = tab.getByRole('grid', { name: 'Virtual interfaces' });
  const row = grid.getByRole('row').filter({ hasText: '02:ab:cd:00:00:2a' });
  await expect(row).toContainText(String(net.name_label), { timeout: 10_000 });
  await expect(taskRow(app, `Adding virtual interface '${name}'`)).toHaveAttribute('data-status', 'success');
  const vifs = (await call('VM.get_VIFs', vmRef) as string[]).filter((v) => !before.has(v));
  expect(vifs).toHaveLength(1);
  const vif = await call('VIF.get_record', vifs[0]) as Rec;
  expect(vif).toMatchObject({ VM: vmRef, network: netRef, MAC: '02:ab:cd:00:00:2a', MAC_autogenerated: false, currently_attached: false });
  await expect(row).toContainText(String(vif.device));

  // Properties…: move it to another network (VIF.move keeps the device and MAC).
  const [otherRef, other] = records('network').find(([r, n]) => r !== netRef && (n.other_config as Rec)?.is_host_internal_management_network !== 'true')!;
  await row.click();
  await tab.getByRole('button', { name: 'Properties…' }).click();
  const props = page.getByRole('dialog', { name: `Interface ${String(vif.device)} Properties` });
  await props.getByLabel('Network').selectOption({ label: String(other.name_label) });
  await page.screenshot(shot('networking-vif-properties-dialog'));
  await props.getByRole('button', { name: 'OK' }).click();
  await expect(row).toContainText(String(other.name_label), { timeout: 10_000 });
  expect(await call('VIF.get_record', vifs[0])).toMatchObject({ network: otherRef, device: vif.device, MAC: '02:ab:cd:00:00:2a' });

  await row.click();
  await tab.getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove Virtual Interface' });
  await page.screenshot(shot('networking-remove-vif-dialog'));
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0, { timeout: 10_000 });
  expect(await gone('VIF.get_record', vifs[0])).toBe(true);
});

test('Pool: add a VLAN network on eth0 with tag 42, then remove it', async ({ page }) => {
  const [, pool] = records('pool')[0];
  const hosts = records('host').map(([r]) => r);
  const app = await open(page, String(pool.name_label));
  const tab = page.getByRole('tabpanel');
  await page.screenshot(shot('networking-pool-tab'));

  await tab.getByRole('button', { name: 'Add Network…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New Network' });
  await dialog.getByLabel('External network (a VLAN on a NIC of every server)').check();
  await dialog.getByLabel('Name', { exact: true }).fill('e2e VLAN 42');
  const [eth0] = records('PIF').find(([, p]) => p.host === pool.master && p.device === 'eth0' && Number(p.VLAN) === -1)!;
  const nic = dialog.getByLabel('NIC', { exact: true });
  await expect(nic.locator(`option[value="${eth0}"]`)).toHaveText(/^NIC 0/);
  await nic.selectOption(eth0);
  await dialog.getByLabel('VLAN', { exact: true }).fill('4095');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('0 to 4094');
  await dialog.getByLabel('VLAN', { exact: true }).fill('42');
  await page.screenshot(shot('networking-add-network-dialog'));
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  const row = tab.getByRole('grid', { name: 'Networks' }).getByRole('row').filter({ hasText: 'e2e VLAN 42' });
  await expect(row).toContainText('42', { timeout: 15_000 });
  await expect(taskRow(app, "Creating network 'e2e VLAN 42'")).toHaveAttribute('data-status', 'success', { timeout: 15_000 });
  const nets = await call('network.get_by_name_label', 'e2e VLAN 42') as string[];
  expect(nets).toHaveLength(1);
  const pifs = await Promise.all((await call('network.get_PIFs', nets[0]) as string[]).map(async (p) => await call('PIF.get_record', p) as Rec));
  expect(pifs.map((p) => p.host).sort()).toEqual([...hosts].sort());
  for (const p of pifs) {
    expect(p).toMatchObject({ VLAN: 42, device: 'eth0', physical: false });
    expect(await call('VLAN.get_tag', p.VLAN_master_of)).toBe(42);
  }
  await expect(row).toContainText(String(hosts.length));
  await page.screenshot(shot('networking-pool-tab-vlan'));

  await row.click();
  await tab.getByRole('button', { name: 'Remove Network' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove Network' });
  await page.screenshot(shot('networking-remove-network-dialog'));
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0, { timeout: 15_000 });
  expect(await gone('network.get_record', nets[0])).toBe(true);
  for (const p of pifs) expect(await gone('VLAN.get_record', String(p.VLAN_master_of))).toBe(true);
});

test('Host: NICs and networks', async ({ page }) => {
  const [, h] = records('host')[0];
  await open(page, String(h.name_label));
  const tab = page.getByRole('tabpanel');
  await expect(tab.getByRole('grid', { name: 'Networks' }).getByRole('row').nth(1)).toBeVisible();
  await page.screenshot(shot('networking-host-tab'));
  await page.getByRole('tab', { name: 'NICs' }).click();
  await expect(tab.getByRole('table', { name: 'NICs' })).toContainText('NIC 0');
  await page.screenshot(shot('networking-host-nics'));
});

// Host, pool, SR and network Properties end to end, checked through XAPI: a server renamed (Alt+Enter on
// it in the tree), a custom field defined from the pool's Properties and valued on a VM from its
// Properties, an SR renamed and a network's MTU changed from their context menus.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 4 }, (s, h) => { sim = s; host = h; });

const recs = (cls: string) => [...sim.records(cls).entries() as Iterable<[string, Rec]>];
const poolName = (): string => String(recs('pool')[0][1].name_label);

test('rename a server and an SR, define a custom field and value it on a VM, change a network\'s MTU', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();
  const s = await login(sim.url);

  // A server: selected in the tree, Alt+Enter opens its Properties.
  const [hostRef, hostRec] = recs('host')[1];
  await (await findInTree(app, String(hostRec.name_label))).click();
  await page.keyboard.press('Alt+Enter');
  const hostDialog = page.getByRole('dialog', { name: `'${String(hostRec.name_label)}' Properties` });
  await expect(hostDialog).toBeVisible();
  await expect(hostDialog.getByRole('tablist', { name: 'Pages' }).getByRole('tab')).toHaveText(['General', 'Custom Fields', 'Alerts', 'Log Destination', 'Multipathing']);
  await hostDialog.getByLabel('Name', { exact: true }).fill('renamed-host');
  await shotAtSizes(page, 'object-properties-host-general');
  await hostDialog.getByRole('tab', { name: 'Multipathing' }).click();
  await expect(hostDialog.getByRole('checkbox', { name: /multipathing/ })).toBeDisabled();
  await shotAtSizes(page, 'object-properties-host-multipathing');
  await hostDialog.getByRole('button', { name: 'OK' }).click();
  await expect(hostDialog).toBeHidden();
  expect(await rpc(sim.url, 'host.get_name_label', s, hostRef)).toBe('renamed-host');

  // The pool: Custom Fields > Edit Custom Fields… defines "Owner" at once.
  await app.treeItem(poolName()).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: /^Properties/ }).click();
  const poolDialog = page.getByRole('dialog', { name: `'${poolName()}' Properties` });
  await poolDialog.getByRole('tab', { name: 'Custom Fields' }).click();
  await poolDialog.getByRole('button', { name: 'Edit Custom Fields…' }).click();
  await poolDialog.getByLabel('New field name').fill('Owner');
  await poolDialog.getByRole('button', { name: 'Add Field' }).click();
  await expect(poolDialog.getByLabel('Owner', { exact: true })).toBeVisible();
  await shotAtSizes(page, 'object-properties-pool-custom-fields');
  const gui = await rpc(sim.url, 'pool.get_gui_config', s, recs('pool')[0][0]) as Rec;
  expect(gui['XenCenter.CustomFields']).toContain('<CustomFieldDefinition name="Owner" type="String" defaultValue="" />');
  await poolDialog.getByRole('tab', { name: 'Default Storage' }).click();
  await shotAtSizes(page, 'object-properties-pool-storage');
  await poolDialog.getByRole('button', { name: 'Cancel' }).click();

  // A VM: its Properties' Custom Fields page takes a value, sent with OK.
  const [vmRef, vm] = recs('VM').find(([, v]) => !v.is_control_domain && !v.is_a_template && !v.is_a_snapshot)!;
  await (await findInTree(app, String(vm.name_label))).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: /^Properties/ }).click();
  const vmDialog = page.getByRole('dialog', { name: `'${String(vm.name_label)}' Properties` });
  await vmDialog.getByRole('tab', { name: 'Custom Fields' }).click();
  await vmDialog.getByLabel('Owner', { exact: true }).fill('web team');
  await shotAtSizes(page, 'object-properties-vm-custom-fields');
  await vmDialog.getByRole('button', { name: 'OK' }).click();
  await expect(vmDialog).toBeHidden();
  expect((await rpc(sim.url, 'VM.get_other_config', s, vmRef) as Rec)['XenCenter.CustomFields.Owner']).toBe('web team');

  // An SR, from its context menu.
  const [srRef, sr] = recs('SR').find(([, r]) => r.shared === true && r.content_type !== 'iso')!;
  await (await findInTree(app, String(sr.name_label))).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: /^Properties/ }).click();
  const srDialog = page.getByRole('dialog', { name: `'${String(sr.name_label)}' Properties` });
  await srDialog.getByLabel('Name', { exact: true }).fill('Fast NFS');
  await srDialog.getByRole('button', { name: 'OK' }).click();
  await expect(srDialog).toBeHidden();
  expect(await rpc(sim.url, 'SR.get_name_label', s, srRef)).toBe('Fast NFS');

  // A network (View > Show Networks): its MTU, with a mistake shown on its page first.
  await page.getByRole('menuitem', { name: 'View', exact: true }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Show Networks' }).click();
  const [netRef, net] = recs('network').find(([, n]) => n.name_label === 'Storage network') ?? recs('network')[0];
  await (await findInTree(app, String(net.name_label))).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: /^Properties/ }).click();
  const netDialog = page.getByRole('dialog', { name: `'${String(net.name_label)}' Properties` });
  await netDialog.getByRole('tab', { name: 'Network Settings' }).click();
  await netDialog.getByLabel('MTU').fill('20');
  await netDialog.getByRole('button', { name: 'OK' }).click();
  await expect(netDialog.getByRole('alert')).toHaveText('The MTU must be a whole number from 68 to 9216.');
  await netDialog.getByLabel('MTU').fill('8000');
  await shotAtSizes(page, 'object-properties-network');
  await netDialog.getByRole('button', { name: 'OK' }).click();
  await expect(netDialog).toBeHidden();
  expect(await rpc(sim.url, 'network.get_MTU', s, netRef)).toBe(8000);
});

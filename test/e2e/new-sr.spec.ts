// The New Storage Repository wizard in the real browser host against the simulator's demo storage
// server (storage.demo): an NFS SR (storage.demo:/vms, from the Storage menu) and an iSCSI SR (the
// demo target's LUN 1, from the toolbar) made through the wizard, seen in the tree, and checked through
// XAPI (type, shared, a plugged PBD on every server, device_config); a server that is not there shows
// the backend's SR_BACKEND_FAILURE code and words in the wizard. Screens: test-results/screens/new-sr-*.png.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 4, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

const records = (cls: string) => [...sim.records(cls).entries()] as Array<[string, Rec]>;
const poolName = (): string => String(records('pool')[0][1].name_label);
const wizardOf = (page: Page) => page.getByRole('dialog', { name: /^New Storage Repository - / });
const next = (page: Page) => wizardOf(page).getByRole('button', { name: 'Next >' });

async function openPool(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();
  await expandAll(app);
  await app.treeItem(poolName()).click();
  return app;
}

/** The SR through XAPI: its record, and each PBD plugged on every host with the device_config. */
async function checkSr(name: string, type: string, dc: Rec): Promise<void> {
  const s = await login(sim.url);
  const srs = await rpc(sim.url, 'SR.get_all_records', s) as Record<string, Rec>;
  const [ref, sr] = Object.entries(srs).find(([, r]) => r.name_label === name)!;
  expect(sr).toMatchObject({ type, shared: true, content_type: '' });
  const pbds = await Promise.all((sr.PBDs as string[]).map((p) => rpc(sim.url, 'PBD.get_record', s, p) as Promise<Rec>));
  const hosts = Object.keys(await rpc(sim.url, 'host.get_all_records', s) as Rec);
  expect(pbds.map((p) => p.host).sort()).toEqual(hosts.sort());
  for (const p of pbds) {
    expect(p.currently_attached).toBe(true);
    expect(p.device_config).toMatchObject(dc);
  }
  expect(ref).toMatch(/^OpaqueRef:/);
}

test('NFS from the Storage menu: scan storage.demo:/vms, create a new SR, see it in the tree', async ({ page }) => {
  const app = await openPool(page);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Storage', exact: true }).click();
  await page.getByRole('menu', { name: 'Storage' }).getByRole('menuitem', { name: 'New SR…' }).click();
  const wizard = wizardOf(page);
  await expect(wizard).toBeVisible();
  await expect(wizard.getByRole('heading', { name: 'Choose the type of new storage' })).toBeVisible();
  await expect(next(page)).toBeDisabled();
  await expect(wizard.getByRole('radio')).toHaveCount(6);
  await wizard.getByRole('radio', { name: 'NFS', exact: true }).check();
  await expect(wizard.getByRole('heading', { name: 'NFS', exact: true })).toBeVisible();
  await shotAtSizes(page, 'new-sr-1-type');
  await next(page).click();

  const name = wizard.getByLabel('Name', { exact: true });
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('NFS virtual disk storage');
  await name.fill('');
  await expect(wizard.getByRole('status')).toContainText('Enter a name for the SR');
  await name.fill('Wizard NFS');
  await shotAtSizes(page, 'new-sr-2-name');
  await next(page).click();

  await expect(wizard.getByRole('heading', { name: 'Enter a path for your NFS storage' })).toBeVisible();
  const share = wizard.getByLabel('Share Name');
  await share.fill('storage.demo/vms');
  await expect(wizard.getByRole('status')).toContainText('server:/path');
  await share.fill('storage.demo:/vms');
  await wizard.getByRole('button', { name: 'Scan' }).click();
  // The export holds the demo pool's NFS SR: offered for reattach; we make a new one.
  const existing = wizard.getByLabel('Existing SRs');
  await expect(existing.getByRole('option')).not.toHaveCount(0);
  await expect(existing).toBeEnabled();
  await expect(wizard.getByRole('radio', { name: 'Create a new SR' })).toBeChecked();
  // It is attached to this pool already: not offered again (XenCenter's STORAGE_IN_USE).
  await expect(existing.getByRole('option').first()).toContainText('NFS shared storage (attached)');
  await existing.selectOption({ index: 0 });
  await expect(wizard.getByRole('status')).toContainText(`is in use on '${poolName()}'`);
  await expect(next(page)).toBeDisabled();
  await wizard.getByRole('radio', { name: 'Create a new SR' }).check();
  await shotAtSizes(page, 'new-sr-3-nfs-location');
  await next(page).click();

  await expect(wizard.getByRole('heading', { name: 'Ready to add the storage' })).toBeVisible();
  await expect(wizard.getByText('NFS SR [storage.demo:/vms]')).toBeVisible();
  await shotAtSizes(page, 'new-sr-4-finish');
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden({ timeout: 20_000 });
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: "Creating SR 'Wizard NFS'" })).toBeVisible();
  // The new SR is selected in the tree.
  await expect(app.treeItem('Wizard NFS')).toBeVisible();
  await expect(app.treeItem('Wizard NFS')).toHaveAttribute('aria-selected', 'true');
  await checkSr('Wizard NFS', 'nfs', { server: 'storage.demo', serverpath: '/vms' });
});

test('iSCSI from the toolbar: Scan Target Host, the IQN, LUN 1, format and create', async ({ page }) => {
  const app = await openPool(page);
  await app.toolbarButton('New Storage').click();
  const wizard = wizardOf(page);
  await wizard.getByRole('radio', { name: 'iSCSI', exact: true }).check();
  await next(page).click();
  await expect(wizard.getByLabel('Name', { exact: true })).toHaveValue('iSCSI virtual disk storage');
  await next(page).click();

  await wizard.getByLabel('Target host').fill('storage.demo');
  await expect(wizard.getByLabel('Port')).toHaveValue('3260');
  await wizard.getByLabel('Port').fill('70000');
  await expect(wizard.getByRole('status')).toContainText('The port must be a number from 1 to 65535');
  await wizard.getByLabel('Port').fill('3260');
  await wizard.getByRole('button', { name: 'Scan Target Host' }).click();
  const iqn = wizard.getByLabel('Target IQN');
  await expect(iqn.getByRole('option', { name: /iqn\.2026-01\.demo:storage/ })).toHaveCount(1);
  await iqn.selectOption({ label: 'iqn.2026-01.demo:storage (192.0.2.10:3260)' });
  const lun = wizard.getByLabel('Target LUN');
  await expect(lun.getByRole('option')).toHaveCount(3);
  await lun.selectOption({ label: (await lun.getByRole('option', { name: /^LUN 1:/ }).textContent())! });
  await expect(wizard.getByText('No existing SRs were found on the selected LUN')).toBeVisible();
  await expect(wizard.getByRole('radio', { name: /^Format:/ })).toBeChecked();
  await expect(wizard.getByText('Formatting the LUN destroys all the data on it.')).toBeVisible();
  await shotAtSizes(page, 'new-sr-5-iscsi-location');
  await next(page).click();
  await expect(wizard.getByText('Format the LUN and create a new SR')).toBeVisible();
  await expect(wizard.getByRole('note')).toContainText('all the data on it is destroyed');
  await shotAtSizes(page, 'new-sr-6-iscsi-finish');
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden({ timeout: 20_000 });
  await expect(app.treeItem('iSCSI virtual disk storage')).toBeVisible();
  await checkSr('iSCSI virtual disk storage', 'lvmoiscsi', { targetIQN: 'iqn.2026-01.demo:storage', SCSIid: '360014059e8d7c6b5a494837a6b5c4d3e', port: '3260' });
});

test('a server that is not there: the backend error, its words and code, in the wizard', async ({ page }) => {
  const app = await openPool(page);
  await app.treeItem(poolName()).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'New SR…' }).click();
  const wizard = wizardOf(page);
  await wizard.getByRole('radio', { name: 'NFS', exact: true }).check();
  await next(page).click();
  await next(page).click();
  await wizard.getByLabel('Share Name').fill('nowhere.example:/vms');
  await wizard.getByRole('button', { name: 'Scan' }).click();
  const alert = wizard.getByRole('alert');
  await expect(alert).toContainText('SR_BACKEND_FAILURE_140');
  await expect(alert).toContainText(/DNS|resolve/i);
  await shotAtSizes(page, 'new-sr-7-bad-server');
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizard).toBeHidden();
});

test('Reattach… a detached SR: its location again, found by Scan, PBDs plugged on every host', async ({ page }) => {
  // "Wizard NFS" (made above) detached as XenCenter's Detach leaves an SR: PBDs unplugged and destroyed.
  const s = await login(sim.url);
  const srs = await rpc(sim.url, 'SR.get_all_records', s) as Record<string, Rec>;
  const [ref, sr] = Object.entries(srs).find(([, r]) => r.name_label === 'Wizard NFS')!;
  for (const p of sr.PBDs as string[]) {
    await rpc(sim.url, 'PBD.unplug', s, p);
    await rpc(sim.url, 'PBD.destroy', s, p);
  }
  const app = await openPool(page);
  const row = app.treeItem('Wizard NFS');
  await row.click();
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Reattach…' }).click();
  const wizard = page.getByRole('dialog', { name: /^Attach Storage Repository - / });
  await expect(wizard.getByRole('heading', { name: 'Enter a path for your NFS storage' })).toBeVisible();
  await expect(wizard.getByRole('radio', { name: 'Create a new SR' })).toHaveCount(0);
  await wizard.getByLabel('Share Name').fill('storage.demo:/vms');
  await expect(wizard.getByRole('status')).toContainText('Scan the location to find the SR');
  await wizard.getByRole('button', { name: 'Scan' }).click();
  await expect(wizard.getByLabel('Existing SRs')).toHaveValue(String(sr.uuid));
  await shotAtSizes(page, 'new-sr-8-reattach');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await expect(wizard.getByText("Reattach the SR 'Wizard NFS'")).toBeVisible();
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden({ timeout: 20_000 });
  await checkSr('Wizard NFS', 'nfs', { server: 'storage.demo', serverpath: '/vms' });
  expect(Object.keys(await rpc(sim.url, 'SR.get_all_records', s) as Rec)).toContain(ref);
});

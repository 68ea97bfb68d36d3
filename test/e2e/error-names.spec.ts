// Errors name the objects they are about: a refused migration shows the VM's and the SR's names, with
// the refs only in a details line.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

test('a migration refused with VM_REQUIRES_SR names the VM and its local SR in the Events panel', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(await app.addServer(sim.url, 'root', 'xenroot')).toBeHidden();
  await expect(app.treeItem('Demo Pool')).toBeVisible();

  const s = await login(sim.url);
  const recs = async (cls: string) => Object.entries(await rpc(sim.url, `${cls}.get_all_records`, s) as Record<string, Rec>);
  const [srs, pbds, vbds, vdis, hosts] = await Promise.all(['SR', 'PBD', 'VBD', 'VDI', 'host'].map(recs));
  const get = (list: Array<[string, Rec]>, ref: unknown) => list.find(([r]) => r === ref)![1];
  // A running VM with a disk on one server's local storage, migrated (by another client) to another server.
  const [vmRef, vm] = (await recs('VM')).find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running'
    && (v.VBDs as string[]).some((b) => get(vbds, b).type === 'Disk' && !get(srs, get(vdis, get(vbds, b).VDI).SR).shared))!;
  const diskSr = String(get(vdis, (vm.VBDs as string[]).map((b) => get(vbds, b)).find((b) => b.type === 'Disk')!.VDI).SR);
  const srHost = String(pbds.find(([, p]) => p.SR === diskSr)![1].host);
  const [otherHost] = hosts.find(([r]) => r !== srHost)!;
  const task = String(await rpc(sim.url, 'Async.VM.pool_migrate', s, vmRef, otherHost, { live: 'true' }));

  const row = app.eventsPanel.locator(`tr[data-task-ref="${task}"]`);
  await expect(row).toHaveAttribute('data-status', 'failure', { timeout: 15_000 });
  const srName = `Local storage on ${String(get(hosts, srHost).name_label)}`;
  const error = row.locator('.task-error');
  await expect(error).toContainText('VM_REQUIRES_SR');
  await expect(error).toContainText(`vm: '${String(vm.name_label)}', sr: '${srName}'`);
  await expect(error).not.toContainText('OpaqueRef');
  await expect(row.locator('.error-refs')).toHaveText(`Details: vm: ${vmRef}, sr: ${diskSr}`);
  await shotAtSizes(page, 'error-names-events');
});

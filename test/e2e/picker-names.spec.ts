// Names people recognise in pickers: every server's "Local storage" carries the server's name, and
// a standalone server goes by its own name, never by the address it was added with.
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

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 4, taskDurationMs: 300, standaloneHosts: 1 }, (s, h) => { sim = s; host = h; });

/** The "<SR> on <server>" names XAPI's records give the local SRs of the server at `url`. */
async function localSrNames(url: string): Promise<string[]> {
  const s = await login(url);
  const srs = await rpc(url, 'SR.get_all_records', s) as Record<string, Rec>;
  const pbds = await rpc(url, 'PBD.get_all_records', s) as Record<string, Rec>;
  const hosts = await rpc(url, 'host.get_all_records', s) as Record<string, Rec>;
  return Object.entries(srs).filter(([, r]) => !r.shared && r.content_type === 'user')
    .map(([ref, r]) => `${String(r.name_label)} on ${String(hosts[String(Object.values(pbds).find((p) => p.SR === ref)!.host)].name_label)}`);
}

test('Import: each server\'s local storage is named after its server; the standalone server by its name', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  for (const url of [sim.url, sim.standalone[0].url]) {
    const dialog = await app.addServer(url, 'root', 'xenroot');
    await expect(dialog).toBeHidden();
  }
  const lone = String(Object.values(await rpc(sim.standalone[0].url, 'host.get_all_records', await login(sim.standalone[0].url)) as Record<string, Rec>)[0].name_label);
  await expect(app.treeItem(lone)).toBeVisible();
  await expect(app.treeItem('Demo Pool')).toBeVisible();

  await page.getByRole('menubar').getByRole('menuitem', { name: 'File', exact: true }).click();
  await page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import VM' });
  const options = (await dialog.getByLabel('Storage repository').locator('option').allTextContents()).map((o) => o.replace(/ \(default\)/, ''));
  const poolLocal = await localSrNames(sim.url);
  const loneLocal = await localSrNames(sim.standalone[0].url);
  expect(poolLocal).toHaveLength(3);
  for (const n of poolLocal) expect(options).toContain(`${n} — Demo Pool`);
  for (const n of loneLocal) expect(options).toContain(n);
  expect(new Set(options).size).toBe(options.length);
  expect(options.join('\n')).not.toContain('127.0.0.');
  await shotAtSizes(page, 'picker-names-import');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

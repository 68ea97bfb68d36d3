// A 1,000-VM pool end to end, with a bound an order of magnitude over what this machine takes
// (about 1 s from Add to the tree; `npm run bench -- tree` holds the real targets), so a regression
// of the staged load (shared/first-load.ts) fails loudly: every server and VM in the tree, a VM's
// details (fields only the slices bring) in its tab, its commands, another client's change, and a
// command's effect checked through XAPI.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;

simulatorAndHostForFile({ port: 0, hosts: 16, vms: 1000, taskDurationMs: 300, rrdIntervalMs: 0, metricsIntervalMs: 0 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const guests = () => ([...sim.records('VM').entries()] as Array<[string, Rec]>)
  .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain);

test('1,000 VMs: the whole tree within 15 s of Add, then a VM\'s details, its commands and live changes', async ({ page }) => {
  test.setTimeout(120_000);
  const session = await login(sim.url);
  // A detail the first message does not carry (only the slices do): the VM's description.
  const [vmRef, vm] = guests().find(([, v]) => v.power_state === 'Running')!;
  await rpc(sim.url, 'VM.set_name_description', session, vmRef, 'big-pool detail');

  const app = new AppPage(page);
  await page.goto(host.url);
  const t0 = Date.now();
  await app.addServer(sim.url, 'root', 'xenroot');
  const counts = `${sim.records('host').size} ${guests().length}`;
  await expect(app.tree).toHaveAttribute('data-counts', counts, { timeout: 15_000 });
  const took = Date.now() - t0;
  test.info().annotations.push({ type: 'first full tree', description: `${took} ms for ${counts.split(' ')[1]} VMs` });
  expect(took).toBeLessThan(15_000);

  // The VM's tab shows what only the full record has; the toolbar's commands apply to it.
  await (await findInTree(app, String(vm.name_label))).click();
  await expect(page.getByRole('tabpanel')).toContainText('big-pool detail', { timeout: 15_000 });
  await expect(app.toolbarButton('Suspend')).toBeEnabled();

  // Another client's change reaches the tree.
  const other = guests().find(([r, v]) => r !== vmRef && v.power_state === 'Halted')!;
  await rpc(sim.url, 'VM.set_name_label', session, other[0], 'renamed by another client');
  await expect(await findInTree(app, 'renamed by another client')).toBeVisible({ timeout: 15_000 });

  // A command on the big pool does what XAPI says.
  await (await findInTree(app, String(vm.name_label))).click();
  await app.toolbarButton('Suspend').click();
  const question = page.getByRole('alertdialog');
  await question.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect.poll(() => rpc(sim.url, 'VM.get_power_state', session, vmRef), { timeout: 20_000 }).toBe('Suspended');
  await expect(page.getByRole('tabpanel')).toContainText('Suspended', { timeout: 15_000 });
});

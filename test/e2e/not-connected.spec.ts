// A pool whose server is unreachable (issue 10 item 2), in the real browser host against the
// simulator: while the connection is reconnecting, its hosts and VMs are drawn in an unknown state,
// every command on them is greyed with the reason as its tooltip, and nothing reaches the server;
// once it is back, the states and commands return. Screenshots at three window sizes.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;
const SIZES = [[1024, 700], [1440, 900], [1920, 1080]] as const;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 4, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

test('an unreachable pool: hosts and VMs unknown, Shut Down greyed with the reason; all back when it is', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  const pool = String(([...sim.records('pool').values()][0] as Rec).name_label);
  const [vmRef, vm] = ([...sim.records('VM').entries()] as Array<[string, Rec]>)
    .find(([, v]) => !v.is_control_domain && !v.is_a_template && v.power_state === 'Running')!;
  const name = String(vm.name_label);
  const hostName = String((sim.records('host').get(String(vm.resident_on)) as Rec).name_label);
  const row = await findInTree(app, name);
  await row.click();
  await expect(row).toHaveAttribute('data-power-state', 'Running');
  await expect(app.toolbarButton('Shut Down')).toBeEnabled();

  const back = sim.faults.restart({ downMs: 15_000 });
  await expect(app.treeItem(pool)).toHaveAccessibleDescription(/^Reconnecting/, { timeout: 20_000 });
  const reason = `The connection to ${pool} is not connected`;
  await expect(row).toHaveAttribute('data-power-state', 'unknown');
  await expect(row).toHaveAccessibleDescription('State unknown: the connection is not connected');
  await expect(app.treeItem(hostName)).toHaveAttribute('data-state', 'unknown');
  for (const b of ['Shut Down', 'Force Shut Down', 'Reboot', 'Suspend']) {
    await expect(app.toolbarButton(b)).toBeDisabled();
    await expect(app.toolbarButton(b)).toHaveAttribute('title', reason);
  }
  await expect(page.getByRole('note').filter({ hasText: reason })).toContainText('What is shown is as it was when the connection was lost');
  await expect(page.getByRole('tabpanel')).toHaveAttribute('inert', '');
  const powerState = page.getByRole('tabpanel').locator('.prop-row').filter({ has: page.getByRole('term').filter({ hasText: /^Power state$/ }) }).getByRole('definition');
  await expect(powerState).toHaveText('Unknown (last known: Running)');

  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  const vmMenu = page.getByRole('menu', { name: 'VM' });
  await expect(vmMenu.getByRole('menuitem', { name: 'Shut Down', exact: true })).toHaveAttribute('aria-disabled', 'true');
  await expect(vmMenu.getByRole('menuitem', { name: 'Shut Down', exact: true })).toHaveAttribute('title', reason);
  await page.keyboard.press('Escape');

  await row.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu.getByRole('menuitem')).toHaveText([reason]);
  await expect(menu.getByRole('menuitem')).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  // The server node still offers what acts on the connection itself.
  await app.treeItem(pool).click({ button: 'right' });
  await expect(menu.getByRole('menuitem', { name: 'Disconnect', exact: true })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'New VM…' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await row.click();
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/not-connected-${w}x${h}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await back;
  await expect(page.getByLabel('Servers')).toHaveText('1 server: 1 connected', { timeout: 45_000 });
  await expect(row).toHaveAttribute('data-power-state', 'Running');
  await expect(app.toolbarButton('Shut Down')).toBeEnabled();
  await expect(app.toolbarButton('Shut Down')).not.toHaveAttribute('title');
  await expect(page.locator('.stale-notice')).toHaveCount(0);
  await expect(powerState).toHaveText('Running');
  // Nothing was sent while it was away: the VM still runs.
  expect(await rpc(sim.url, 'VM.get_power_state', await login(sim.url), vmRef)).toBe('Running');
});

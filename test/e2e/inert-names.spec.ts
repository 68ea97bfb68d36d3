// Names and descriptions with markup or script are text everywhere: the tree, the General tab,
// the window title, the context menu, the Events panel and the console region's name. Nothing in
// them runs, and no element from them reaches the DOM.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

const NAME = '<img src=x onerror="window.__pwned=1">';
const DESCRIPTION = '<script>window.__pwned=2</script>';
const POOL = '<b>Pool</b> <svg onload="window.__pwned=3">';

let sim: Simulator;
let host: RunningHost;
let dir: string;

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 800 });
  dir = mkdtempSync(join(tmpdir(), 'xc-inert-'));
  host = await startHost(['--settings-dir', dir]);
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('markup in names and descriptions is shown as literal text and never runs', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  const session = await login(sim.url);
  const [vmRef] = [...sim.records('VM').entries()].find(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && v.power_state === 'Halted')!;
  const [poolRef] = [...sim.records('pool').keys()];
  await rpc(sim.url, 'VM.set_name_label', session, vmRef, NAME);
  await rpc(sim.url, 'VM.set_name_description', session, vmRef, DESCRIPTION);
  await rpc(sim.url, 'pool.set_name_label', session, poolRef, POOL);

  await app.addServer(sim.url, 'root', 'xenroot');
  // The tree.
  await expect(app.treeItem(POOL)).toBeVisible();
  await expandAll(app);
  const row = await findInTree(app, NAME);
  await expect(row).toHaveText(new RegExp(NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  // The General tab and the window title.
  await row.click();
  const panel = page.getByRole('tabpanel');
  await expect(panel).toContainText(NAME);
  await expect(panel).toContainText(DESCRIPTION);
  await expect(page.getByRole('heading', { name: NAME })).toBeVisible();
  await expect(page).toHaveTitle(`${NAME} - PoolDesk`);
  // The context menu (its commands act on the VM; nothing from the name becomes markup).
  await row.click({ button: 'right' });
  await expect(page.getByRole('menu', { name: 'Context menu' })).toBeVisible();
  await page.keyboard.press('Escape');
  // The Events panel: start the VM; its task row names it.
  await row.click();
  await app.toolbarButton('Start').click();
  await expect(app.eventsPanel).toContainText(`Starting VM '${NAME}'`);
  // The console region's name.
  await expect(panel).toContainText('Running', { timeout: 20_000 });
  await page.getByRole('tab', { name: 'Console' }).click();
  await expect(page.getByRole('region', { name: `Console of ${NAME}` })).toBeVisible();
  // The pool: its title and its General tab.
  await app.treeItem(POOL).click();
  await expect(page).toHaveTitle(`${POOL} - PoolDesk`);
  await expect(page.getByRole('tabpanel')).toContainText(POOL);
  await page.screenshot({ path: 'test-results/screens/servers-inert-names.png' });

  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('#root script, #root svg[onload]')).toHaveCount(0);
});

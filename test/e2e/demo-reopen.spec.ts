// File > Open Demo Pool while the demo pool is open (issue 10 item 4): it goes to the demo pool,
// selected in the tree with its General tab, instead of doing nothing; no second connection is made.
import { test, expect } from '@playwright/test';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, findInTree } from './support/app-page';

let host: RunningHost;
test.beforeAll(async () => { host = await startHost(); });
test.afterAll(async () => { await host?.stop(); });

const SIZES = [[1024, 700], [1440, 900], [1920, 1080]] as const;

test('Open Demo Pool while it is open selects the demo pool', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await page.getByRole('region', { name: 'Welcome to PoolDesk' }).getByRole('button', { name: 'Open Demo Pool', exact: true }).click();
  const pool = app.treeItem('Demo Pool');
  // The demo pool, once opened, is the selection.
  await expect(pool).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Servers')).toHaveText('2 servers: 2 connected');

  // Somewhere else in the tree, and in another view.
  const vm = await findInTree(app, 'web-01');
  await vm.click();
  await expect(page.locator('.object-header .object-title')).toHaveText('web-01');
  await page.getByRole('menubar').getByRole('menuitem', { name: 'View', exact: true }).click();
  await page.getByRole('menu', { name: 'View' }).getByRole('menuitemcheckbox', { name: 'Objects by Tag' }).click();
  await expect(app.tree).toHaveAccessibleName('Objects by Tag');

  await page.getByRole('menubar').getByRole('menuitem', { name: 'File', exact: true }).click();
  const item = page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: 'Open Demo Pool' });
  await expect(item).not.toHaveAttribute('aria-disabled', 'true');
  await item.click();
  await expect(app.tree).toHaveAccessibleName('Infrastructure');
  await expect(pool).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.object-header .object-title')).toHaveText('Demo Pool');
  await expect(page.getByRole('tabpanel')).toContainText('Coordinator');
  // The same two servers: nothing was added.
  await expect(page.getByLabel('Servers')).toHaveText('2 servers: 2 connected');
  await expect(page.locator('[role="treeitem"][aria-level="1"]')).toHaveCount(2);
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/demo-reopen-${w}x${h}.png` });
  }
});

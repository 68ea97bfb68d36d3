// The welcome page's "Open Demo Pool", the keyboard-driven tree and context menu, and
// screenshots of each screen (test-results/screens/*.png) for a person to look at.
import { test, expect } from '@playwright/test';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, findInTree } from './support/app-page';

let host: RunningHost;
test.beforeAll(async () => { host = await startHost(); });
test.afterAll(async () => { await host?.stop(); });

const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

test('welcome page opens the demo pool; tree, tabs and context menu work from the keyboard', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  const welcome = page.getByRole('region', { name: 'Welcome to PoolDesk' });
  await expect(welcome).toBeVisible();
  await page.screenshot(shot('01-welcome'));

  await welcome.getByRole('button', { name: 'Open Demo Pool', exact: true }).click();
  const pool = app.treeItem('Demo Pool');
  await expect(pool).toBeVisible();
  await expect(welcome).toBeHidden();
  // Beside the pool, a standalone server (to add to the pool, or migrate VMs to).
  const topLevel = page.locator('[role="treeitem"][aria-level="1"]');
  await expect.poll(() => topLevel.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')))).toEqual(['Demo Pool', 'xcp-host-04']);
  await expect(page.getByLabel('Servers')).toHaveText('2 servers: 2 connected');

  // Keyboard: focus the pool, go down to the first host, expand it, select its first VM.
  await pool.click();
  await expect(page.getByRole('tabpanel')).toContainText('Coordinator');
  await page.screenshot(shot('02-pool-general'));
  await page.keyboard.press('ArrowDown');
  const hostRow = page.locator('[role="treeitem"][data-kind="host"]').first();
  await expect(hostRow).toBeFocused();
  if ((await hostRow.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const focused = page.locator('[role="treeitem"]:focus');
  await expect(focused).toHaveAttribute('data-kind', 'vm');
  await expect(focused).toHaveAttribute('aria-level', '3');
  await expect(focused).toHaveAttribute('aria-selected', 'true');
  const vmName = (await focused.getAttribute('aria-label'))!;
  const vmRow = app.treeItem(vmName); // ':focus' moves with the focus: keep a stable handle
  await expect(page.getByRole('tabpanel')).toContainText(vmName);
  await expect(page.getByRole('tabpanel')).toContainText('Power state');
  await page.screenshot(shot('03-vm-general'));

  // Shift+F10 opens the context menu with the commands the VM allows now; Escape closes it.
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  const state = await vmRow.getAttribute('data-power-state');
  if (state === 'Running') {
    await expect(menu.getByRole('menuitem', { name: 'Shut Down', exact: true })).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Start', exact: true })).toHaveCount(0);
  }
  await page.screenshot(shot('04-context-menu'));
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(vmRow).toBeFocused();

  // The suspended demo VM offers Resume and not Start.
  const suspended = page.locator('[role="treeitem"][data-power-state="Suspended"]');
  if (!(await suspended.count())) {
    await page.locator('[role="treeitem"][aria-expanded="false"]').first().click();
    await page.keyboard.press('ArrowRight');
  }
  await findInTree(app, (await page.locator('[role="treeitem"][data-power-state="Suspended"]').first().getAttribute('aria-label'))!);
  await page.locator('[role="treeitem"][data-power-state="Suspended"]').first().click();
  await expect(app.toolbarButton('Resume')).toBeEnabled();
  await expect(app.toolbarButton('Start')).toBeDisabled();
  await page.getByRole('menuitem', { name: 'VM', exact: true }).click();
  await page.screenshot(shot('05-vm-menu'));
  await page.keyboard.press('Escape');

  await app.toolbarButton('Add Server').click();
  const dialog = page.getByRole('dialog', { name: 'Add New Server' });
  await dialog.getByLabel('Server', { exact: true }).fill('127.0.0.1:1');
  await dialog.getByLabel('Password').fill('x');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('CONNECTION_FAILED');
  await page.screenshot(shot('06-add-server-unreachable'));
});

test('View > Show Networks lists the networks; a network has a General tab', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  const welcome = page.getByRole('region', { name: 'Welcome to PoolDesk' });
  if (await welcome.isVisible()) await welcome.getByRole('button', { name: 'Open Demo Pool', exact: true }).click();
  await expect(app.treeItem('Demo Pool')).toBeVisible();
  await expect(page.locator('[role="treeitem"][data-kind="network"]')).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'View', exact: true }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Show Networks' }).click();
  const net = page.locator('[role="treeitem"][data-kind="network"]').first();
  await net.scrollIntoViewIfNeeded();
  await net.click();
  await expect(page.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toContainText('Bridge');
  await expect(page.getByRole('tabpanel')).toContainText('MTU');
  await page.screenshot(shot('08-network-general'));
});

test('View menu: XenCenter\'s defaults (custom templates and local storage shown, default templates not), each option toggles its objects', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  const welcome = page.getByRole('region', { name: 'Welcome to PoolDesk' });
  // Alone, this test opens the demo pool; after the others, the host already has it.
  await expect(welcome.or(app.treeItem('Demo Pool'))).toBeVisible();
  if (await welcome.isVisible()) await welcome.getByRole('button', { name: 'Open Demo Pool', exact: true }).click();
  await expect(app.treeItem('Demo Pool')).toBeVisible();
  // The coordinator is the pool's first row.
  await expect(page.locator('[role="treeitem"][aria-level="2"]').first()).toHaveAttribute('aria-label', 'xcp-host-01');
  await page.screenshot(shot('09-tree-defaults'));
  await app.treeItem('Demo Pool').click();
  await page.keyboard.press('End');
  await page.screenshot(shot('10-tree-defaults-end'));

  const viewMenu = async () => { await page.getByRole('menuitem', { name: 'View', exact: true }).click(); };
  const option = (name: string) => page.getByRole('menuitemcheckbox', { name, exact: true });
  await viewMenu();
  await expect(option('Show Custom Templates')).toHaveAttribute('aria-checked', 'true');
  await expect(option('Show Default Templates')).toHaveAttribute('aria-checked', 'false');
  await expect(option('Show Local Storage')).toHaveAttribute('aria-checked', 'true');
  await expect(option('Show Hidden Objects')).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('Escape');

  // The search counts what the tree draws (rows off screen are not rendered).
  const search = page.getByRole('searchbox', { name: 'Search the tree' });
  const count = page.locator('.nav-pane').getByRole('status');
  const found = async (q: string) => { await search.fill(q); return count; };
  await expect(await found('Debian 12 web base')).toHaveText(/^\d+ objects? found$/);
  await expect(await found('Debian Bookworm 12')).toHaveText('No objects found');
  await expect(await found('Local storage')).toHaveText(/^\d+ objects? found$/);
  await search.press('Escape');

  await viewMenu();
  await option('Show Default Templates').click();
  await expect(await found('Debian Bookworm 12')).toHaveText(/^\d+ objects? found$/);
  await search.press('Escape');
  await viewMenu();
  await option('Show Local Storage').click();
  await expect(await found('Local storage')).toHaveText('No objects found');
  await search.press('Escape');
  await viewMenu();
  await option('Show Custom Templates').click();
  await expect(await found('Debian 12 web base')).toHaveText('No objects found');
});

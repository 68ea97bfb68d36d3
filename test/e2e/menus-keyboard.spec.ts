// Menus by keyboard as in Windows: Alt+letter opens a menu (its letter underlined), the letters of an
// open menu pick its items, Alt alone goes to the menu bar; Help > About shows the version and build.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startHost, type RunningHost } from './support/web-host';
import { repoRoot } from '../support/repo-root';

let host: RunningHost;
test.beforeAll(async () => { host = await startHost(); });
test.afterAll(async () => { await host?.stop(); });

test('Alt+F opens File, a letter picks an item; Alt+V switches menus; Alt alone focuses the menu bar', async ({ page }) => {
  await page.goto(host.url);
  const bar = page.getByRole('menubar', { name: 'Main menu' });
  await expect(bar.getByRole('menuitem', { name: 'File' })).toBeVisible();
  // The access keys are underlined and announced.
  await expect(bar.getByRole('menuitem', { name: 'File' }).locator('u')).toHaveText('F');
  await expect(bar.getByRole('menuitem', { name: 'VM' }).locator('u')).toHaveText('M');
  await expect(bar.getByRole('menuitem', { name: 'File' })).toHaveAttribute('aria-keyshortcuts', 'Alt+F');

  await page.keyboard.press('Alt+F');
  const file = page.getByRole('menu', { name: 'File' });
  await expect(file).toBeVisible();
  await expect(file.getByRole('menuitem', { name: 'Add Server' }).locator('u')).toHaveText('A');
  await page.screenshot({ path: 'test-results/screens/menus-file-open.png' });
  // Alt+V while File is open: View instead.
  await page.keyboard.press('Alt+V');
  await expect(file).toBeHidden();
  const view = page.getByRole('menu', { name: 'View' });
  await expect(view).toBeVisible();
  // A letter picks its item: E toggles the Events panel off.
  const eventsItem = view.getByRole('menuitemcheckbox', { name: 'Events Panel' });
  const key = await eventsItem.getAttribute('aria-keyshortcuts');
  expect(key).toMatch(/^[A-Z]$/);
  await page.keyboard.press(key!.toLowerCase());
  await expect(view).toBeHidden();
  await expect(page.getByRole('button', { name: /^Events/ })).toHaveAttribute('aria-expanded', 'false');

  // Alt+F, then A: Add Server opens.
  await page.keyboard.press('Alt+F');
  await page.keyboard.press('a');
  await expect(page.getByRole('dialog', { name: 'Add New Server' })).toBeVisible();
  // While a dialog is up, Alt+F is the dialog's, not the menu bar's.
  await page.keyboard.press('Alt+F');
  await expect(page.getByRole('menu', { name: 'File' })).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Add New Server' })).toBeHidden();

  // Alt pressed and released alone: the menu bar has the focus; then H opens Help.
  await page.keyboard.press('Alt');
  await expect(bar.getByRole('menuitem', { name: 'File' })).toBeFocused();
  await page.keyboard.press('h');
  await expect(page.getByRole('menu', { name: 'Help' })).toBeVisible();
});

test('Help > About shows the version from package.json and the build: id, commit and date', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('menubar', { name: 'Main menu' }).getByRole('menuitem', { name: 'Help' })).toBeVisible();
  await page.keyboard.press('Alt+H');
  await expect(page.getByRole('menu', { name: 'Help' })).toBeVisible();
  await page.keyboard.press('a');
  const about = page.getByRole('dialog', { name: 'About PoolDesk' });
  await expect(about).toBeVisible();
  const version = (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const row = (name: string) => about.locator('.prop-row', { has: page.getByRole('term').filter({ hasText: name }) }).getByRole('definition');
  await expect(row('Version')).toHaveText(version);
  const commit = (await row('Commit').textContent())!;
  // The commit the build was made from is a commit of this repository.
  const hash = commit.replace(/-dirty$/, '');
  expect(hash).toMatch(/^[0-9a-f]{12}$/);
  expect(execFileSync('git', ['cat-file', '-t', hash], { cwd: repoRoot }).toString().trim()).toBe('commit');
  await expect(row('Build')).toHaveText(`${version}+${commit}`);
  const built = (await row('Built').textContent())!;
  expect(built).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  expect(Math.abs(Date.parse(built.replace(' UTC', 'Z').replace(' ', 'T')) - Date.now())).toBeLessThan(7 * 24 * 3600_000);
  await page.screenshot({ path: 'test-results/screens/menus-about.png' });
});

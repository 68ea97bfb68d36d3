// Help > Check for Updates… in the browser host: it says updates are not available there and makes
// no update request; the desktop app's check is covered by test/unit/core-updates.test.ts and
// electron-updater.test.ts (Electron cannot run here).
import { test, expect } from '@playwright/test';
import { startHost, type RunningHost } from './support/web-host';
import { shotAtSizes } from './support/screens';

let host: RunningHost;
test.beforeAll(async () => { host = await startHost(); });
test.afterAll(async () => { await host?.stop(); });

test('Check for Updates says updates are not available in the browser host', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (r) => { if (!new URL(r.url()).hostname.match(/^(127\.0\.0\.1|localhost)$/)) outside.push(r.url()); });
  await page.goto(host.url);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Help', exact: true }).click();
  await page.getByRole('menu', { name: 'Help' }).getByRole('menuitem', { name: 'Check for Updates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Check for Updates' });
  await expect(dialog.getByRole('status')).toHaveText(/Updates are not available in the browser host/);
  await shotAtSizes(page, 'updates-browser-host');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect(outside).toEqual([]);
});

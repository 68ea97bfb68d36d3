// Add Server checks its fields before anything is sent, and an address without a scheme that
// reaches a plain-HTTP server says so and offers http:// instead of a bare "EPROTO".
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;

simulatorAndHostForFile({ port: 0, hosts: 1, vms: 2 }, (s, h) => { sim = s; host = h; });

test('an empty user name is refused in the dialog; a plain-HTTP server is offered as http://', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  const address = sim.url.replace(/^http:\/\//, '');
  const dialog = await app.addServer(address, '', 'xenroot');
  const alert = dialog.getByRole('alert');
  await expect(alert).toHaveText('Enter a user name (for example root).');
  await expect(dialog.getByLabel('User name')).toBeFocused();
  await expect(dialog.getByLabel('User name')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.tree.getByRole('treeitem')).toHaveCount(0);

  // No scheme means HTTPS; the simulator serves plain HTTP.
  await dialog.getByLabel('User name').fill('root');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(alert).toContainText('The server answered in plain HTTP, not HTTPS (SERVER_USES_HTTP)');
  await expect(alert).toContainText(`connect to http://${address}`);
  await expect(alert).not.toContainText('EPROTO');
  await shotAtSizes(page, 'add-server-plain-http');
  await alert.getByRole('button', { name: `Connect with http://${address}` }).click();
  await expect(dialog).toBeHidden();
  const pool = Object.values(await rpc(sim.url, 'pool.get_all_records', await login(sim.url)) as Record<string, { name_label: string }>)[0];
  const top = page.locator('[role="treeitem"][aria-level="1"]');
  await expect(top).toHaveCount(1);
  await expect(top.first()).toHaveAccessibleName(pool.name_label || /xcp/);
  await expect(page.getByLabel('Servers')).toHaveText('1 server: 1 connected');
});

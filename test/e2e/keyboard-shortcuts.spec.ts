// Help > Keyboard Shortcuts (browser host): the dialog lists the registry's shortcuts grouped by menu, and a
// listed shortcut works: read from the dialog, pressed on a selected VM, it opens its Properties, and the
// rename made there reaches the server (checked through XAPI).
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, findInTree } from './support/app-page';
import { simXapi } from './support/sim-xapi';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const xapi = simXapi(() => sim);

simulatorAndHostForFile({ port: 0, hosts: 1, vms: 3 }, (s, h) => { sim = s; host = h; });

test('Help > Keyboard Shortcuts lists shortcuts by menu; the listed Properties shortcut renames a VM', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  const [vmRef, vm] = xapi.guests().find(([, v]) => v.power_state === 'Halted') ?? xapi.guests()[0];
  const name = String(vm.name_label);
  await findInTree(app, name);

  const bar = page.getByRole('menubar', { name: 'Main menu' });
  await bar.getByRole('menuitem', { name: 'Help' }).click();
  await page.getByRole('menu', { name: 'Help' }).getByRole('menuitem', { name: 'Keyboard Shortcuts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Keyboard Shortcuts' });
  await expect(dialog).toBeVisible();
  // One table per menu, captioned with the menu's name, in the menu bar's order; context menus' own last.
  const tables = dialog.getByRole('table');
  await expect(tables.locator('caption')).toHaveText(['View', 'Server', 'Pool', 'VM', 'Storage', 'Context menus']);
  await expect(dialog.getByRole('table', { name: 'View' }).getByRole('row', { name: /Command Palette/ })).toContainText('Ctrl+K');
  const vmProps = dialog.getByRole('table', { name: 'VM' }).getByRole('row', { name: /^Properties/ });
  await expect(vmProps).toBeVisible();
  const shortcut = (await vmProps.locator('kbd').textContent())!;
  expect(shortcut).toBe('Alt+Enter');
  await shotAtSizes(page, 'keyboard-shortcuts');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();

  // The listed shortcut, pressed with the VM selected: its Properties; the rename goes to the server.
  await (await findInTree(app, name)).click();
  await page.keyboard.press(shortcut);
  const props = page.getByRole('dialog', { name: `'${name}' Properties` });
  await expect(props).toBeVisible();
  await props.getByLabel('Name', { exact: true }).fill(`${name} renamed`);
  await props.getByRole('button', { name: 'OK' }).click();
  await expect(props).toBeHidden();
  await expect.poll(() => xapi.call('VM.get_name_label', vmRef)).toBe(`${name} renamed`);
});

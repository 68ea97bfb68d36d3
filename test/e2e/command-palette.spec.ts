// The command palette (Ctrl+K) in the real browser host against the simulator, by keyboard alone: a command run
// on an object by name ("shut down <vm>": its question answered, the VM halted as XAPI says), an object found
// and selected in the tree, "<vm> console" opening its Console tab, Escape giving the focus back, the View
// menu naming the shortcut, the shortcut left to the VM inside its console, and objects of two connections.
// Screenshots at both sizes.
import { mkdirSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { simXapi, type Rec } from './support/sim-xapi';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;

test.beforeAll(async () => {
  mkdirSync('test-results/screens', { recursive: true });
  sim = await startSimulator({ port: 0, hosts: 2, vms: 8, taskDurationMs: 300, standaloneHosts: 1 });
  host = await startHost();
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

const { call, guests } = simXapi(() => sim);
const running = () => guests().filter(([, v]) => v.power_state === 'Running' && (v.allowed_operations as string[]).includes('clean_shutdown'));

async function connect(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  const dialog = await app.addServer(sim.url, 'root', 'xenroot');
  await expect(dialog).toBeHidden();
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  return app;
}

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command Palette' });
const activeOption = (page: Page) => palette(page).locator('[role="option"][aria-selected="true"]');
const selectedRow = (app: AppPage) => app.tree.locator('[role="treeitem"][aria-selected="true"]');

/** Ctrl+K, the text typed, Enter: the first row runs or is selected. */
async function paletteEnter(page: Page, text: string): Promise<void> {
  await openPalette(page);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+K');
  await expect(palette(page)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Command or object' })).toBeFocused();
}

test('Ctrl+K "shut down <vm>", Enter, the question answered: the VM is halted', async ({ page }) => {
  const [vmRef, vm] = running()[0];
  const name = String(vm.name_label);
  const app = await connect(page);

  // Escape closes and gives the focus back where it was (the tree's first row).
  await app.tree.getByRole('treeitem').first().focus();
  await openPalette(page);
  await expect(palette(page).getByRole('option').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(app.tree.getByRole('treeitem').first()).toBeFocused();

  await openPalette(page);
  await page.keyboard.type(`shut down ${name}`);
  await expect(activeOption(page)).toContainText(`Shut Down — ${name}`);
  await expect(activeOption(page)).not.toHaveAttribute('aria-disabled', 'true');
  // The combobox points at the active option (aria-activedescendant), as a screen reader follows it.
  const activeId = await activeOption(page).getAttribute('id');
  await expect(page.getByRole('combobox')).toHaveAttribute('aria-activedescendant', activeId!);
  await shotAtSizes(page, 'palette-command-on-object');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);

  // The same question as the menu item's; Cancel has the focus, Shift+Tab reaches Shut Down.
  const question = page.getByRole('alertdialog', { name: 'Shut Down VM' });
  await expect(question).toContainText(name);
  await page.keyboard.press('Shift+Tab');
  await expect(question.getByRole('button', { name: 'Shut Down', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toHaveCount(0);
  await expect.poll(() => call('VM.get_power_state', vmRef), { timeout: 20_000 }).toBe('Halted');
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: `Shutting down VM '${name}'` }).first()).toHaveAttribute('data-status', 'success');

  // Now it cannot be shut down again: offered greyed, with the reason, and Enter does nothing.
  await openPalette(page);
  await page.keyboard.type(`shut down ${name}`);
  await expect(activeOption(page)).toHaveAttribute('aria-disabled', 'true');
  await expect(activeOption(page)).toContainText(name);
  await shotAtSizes(page, 'palette-greyed');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeVisible();
  await page.keyboard.press('Escape');
});

test('Ctrl+K an object\'s name, Enter: the tree selects it; the commands list shows shortcuts; View menu names Ctrl+K', async ({ page }) => {
  const app = await connect(page);
  const hostName = String([...sim.records('host').values()].map((h) => (h as Rec).name_label).sort().at(-1));
  const [, vm] = guests().at(-1)!;
  const vmName = String(vm.name_label);

  for (const name of [vmName, hostName]) {
    await openPalette(page);
    await page.keyboard.type(name);
    await expect(activeOption(page)).toContainText(name);
    if (name === vmName) await shotAtSizes(page, 'palette-object');
    await page.keyboard.press('Enter');
    await expect(palette(page)).toHaveCount(0);
    await expect(selectedRow(app)).toHaveAttribute('aria-label', name);
    await expect(page.locator('.object-title')).toHaveText(name);
    // The keyboard carries on from the chosen row.
    await expect(selectedRow(app)).toBeFocused();
  }

  // In Objects by Tag, an untagged VM has no row: the tree goes back to Infrastructure to show it.
  // (The view is chosen from the palette too: the shell's actions are in it.)
  await openPalette(page);
  await page.keyboard.type('objects by tag');
  await expect(activeOption(page)).toContainText('Objects by Tag');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tree', { name: 'Objects by Tag' })).toBeVisible();
  await paletteEnter(page, vmName);
  await expect(selectedRow(app)).toHaveAttribute('aria-label', vmName);
  await expect(page.getByRole('tree', { name: 'Infrastructure' })).toBeVisible();
  await paletteEnter(page, hostName);
  await expect(selectedRow(app)).toHaveAttribute('aria-label', hostName);

  // Objects by Type shows every object: the palette selects there, the view stays.
  await paletteEnter(page, 'objects by type');
  await expect(page.getByRole('tree', { name: 'Objects by Type' })).toBeVisible();
  await paletteEnter(page, vmName);
  await expect(selectedRow(app)).toHaveAttribute('aria-label', vmName);
  await expect(page.getByRole('tree', { name: 'Objects by Type' })).toBeVisible();
  await paletteEnter(page, hostName);
  await expect(selectedRow(app)).toHaveAttribute('aria-label', hostName);

  // With the server selected, the empty palette lists what applies to it; Properties shows its shortcut.
  await openPalette(page);
  const properties = palette(page).getByRole('option').filter({ hasText: /^›Properties/ });
  await expect(properties).toContainText('Alt+Enter');
  await shotAtSizes(page, 'palette-commands');
  await page.keyboard.press('Escape');

  await page.getByRole('menuitem', { name: 'View' }).click();
  await expect(page.getByRole('menuitem', { name: 'Command Palette…' })).toContainText('Ctrl+K');
  await page.getByRole('menuitem', { name: 'Command Palette…' }).click();
  await expect(palette(page)).toBeVisible();
  await page.keyboard.press('Escape');
});

test('Ctrl+K "<vm> console" opens its Console tab; inside the console Ctrl+K is the VM\'s', async ({ page }) => {
  const [, vm] = running().at(-1)!;
  const name = String(vm.name_label);
  const app = await connect(page);
  await openPalette(page);
  await page.keyboard.type(`${name} console`);
  await expect(activeOption(page)).toContainText(`${name} — Console tab`);
  await page.keyboard.press('Enter');
  await expect(selectedRow(app)).toHaveAttribute('aria-label', name);
  await expect(page.getByRole('tab', { name: 'Console' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Console' })).toBeFocused();
  const region = page.getByRole('region', { name: `Console of ${name}` });
  await expect(region).toHaveAttribute('data-console-state', 'connected', { timeout: 15_000 });

  await region.locator('canvas').first().click();
  await page.keyboard.press('Control+K');
  await page.waitForTimeout(300);
  await expect(palette(page)).toHaveCount(0);
});

test('Ctrl+K finds the objects of every connected server, each with its pool or server', async ({ page }) => {
  const app = await connect(page);
  const dialog = await app.addServer(sim.standalone[0].url, 'root', 'xenroot');
  await expect(dialog).toBeHidden();
  const lone = String(Object.values(await rpc(sim.standalone[0].url, 'host.get_all_records', await login(sim.standalone[0].url)) as Record<string, Rec>)[0].name_label);
  await expect(app.treeItem(lone)).toBeVisible();

  // Local storage of the pool's servers and of the standalone one, told apart by where they are.
  await openPalette(page);
  await page.keyboard.type('local storage');
  // (Their Storage tabs are offered too, after them: "<object> <tab>".)
  const options = palette(page).getByRole('option').filter({ hasNotText: ' tab' });
  await expect(activeOption(page)).toContainText('Local storage');
  await expect(activeOption(page)).not.toContainText(' tab');
  await expect(options.filter({ hasText: `Storage in ${lone}` })).toHaveCount(1);
  // The pool's two are told apart by their server.
  await expect(options.filter({ hasText: /^Local storageStorage on xcp-host-0[12] in Demo Pool$/ })).toHaveCount(2);
  await shotAtSizes(page, 'palette-two-connections');
  // The pointer may pick a row too.
  await options.filter({ hasText: `Storage in ${lone}` }).click();
  await expect(palette(page)).toHaveCount(0);
  await expect(selectedRow(app)).toHaveAttribute('aria-label', 'Local storage');
  await expect(page.locator('.object-title')).toHaveText('Local storage');

  await openPalette(page);
  await page.keyboard.type(lone);
  await expect(activeOption(page)).toContainText(lone);
  await page.keyboard.press('Enter');
  await expect(selectedRow(app)).toHaveAttribute('aria-label', lone);
});

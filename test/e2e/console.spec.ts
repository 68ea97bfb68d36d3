// The Console tab end to end: the browser host in Debian's Chromium, noVNC over the host's
// /console WebSocket, the simulator's built-in RFB screen. What the user sees is checked on the
// noVNC canvas itself (pixel colours of the simulator's screen layout), what the VM received
// through the simulator.
import { mkdirSync } from 'node:fs';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;

type Rec = Record<string, unknown>;
const SCREENS = 'test-results/screens';

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  sim = await startSimulator({ port: 0, hosts: 2, vms: 10, taskDurationMs: 600 });
  host = await startHost();
});
test.afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

const guests = () => [...sim.records('VM').entries()].filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain) as [string, Rec][];

// The simulator's screen (simulator/rfb/screen.ts): 800x600.
const HEADER_BG = [0x1c, 0x2a, 0x44];
const NAME = [0xff, 0xff, 0xff];
const TEXT = [0xe6, 0xe6, 0xe6];
const CAD = [0xff, 0xcc, 0x33];

/** How many pixels of the console's canvas in the rectangle have exactly this colour. */
async function countColour(region: Locator, rgb: number[], x: number, y: number, w: number, h: number): Promise<number> {
  return region.locator('canvas').first().evaluate((c: HTMLCanvasElement, a: { rgb: number[]; x: number; y: number; w: number; h: number }) => {
    if (c.width < a.x + a.w || c.height < a.y + a.h) return -1;
    const d = c.getContext('2d')!.getImageData(a.x, a.y, a.w, a.h).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] === a.rgb[0] && d[i + 1] === a.rgb[1] && d[i + 2] === a.rgb[2]) n++;
    return n;
  }, { rgb, x, y, w, h });
}

/** The boot screen is drawn: the header band and the VM's name in white. */
async function expectBootScreen(region: Locator): Promise<void> {
  await expect.poll(() => countColour(region, HEADER_BG, 0, 0, 800, 50), { timeout: 15_000 }).toBeGreaterThan(800 * 20);
  await expect.poll(() => countColour(region, NAME, 24, 80, 700, 36), { timeout: 15_000 }).toBeGreaterThan(100);
}

async function openConsoleTab(app: AppPage, name: string): Promise<Locator> {
  const row = await findInTree(app, name);
  await row.click();
  await app.page.getByRole('tab', { name: 'Console' }).click();
  await expect(app.page.getByRole('tab', { name: 'Console' })).toHaveAttribute('aria-selected', 'true');
  return app.page.getByRole('region', { name: `Console of ${name}` });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENS}/console-${name}.png` });
}

test('console: boot screen, typing, Ctrl+Alt+Del, paste, clipboard, reboot, screenshot, undock', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
  const app = new AppPage(page);
  await page.goto(host.url);
  const dialog = await app.addServer(sim.url, 'root', 'xenroot');
  await expect(dialog).toBeHidden();
  await expandAll(app);

  const [vmRef, vm] = guests().find(([, v]) => v.power_state === 'Running')!;
  const name = String(vm.name_label);
  const region = await openConsoleTab(app, name);

  // Connects by itself and shows the VM's boot screen.
  await expect(region).toHaveAttribute('data-console-state', 'connected', { timeout: 15_000 });
  await expect(region.getByRole('status')).toHaveText('Connected');
  await expectBootScreen(region);
  await expect(region.getByText('Click the console to type into the VM')).toBeVisible();
  await shot(page, 'connected');

  // Click the console and type: the keys reach the VM and its text appears on the screen.
  await region.locator('canvas').first().click();
  await expect(region.getByText(/^Keys go to the VM/)).toBeVisible();
  expect(await countColour(region, TEXT, 24, 184, 400, 20)).toBe(0);
  await page.keyboard.type('hello');
  await expect.poll(() => sim.consoleText(vmRef)).toContain('hello');
  await expect.poll(() => countColour(region, TEXT, 24, 184, 400, 20)).toBeGreaterThan(50);
  // F10 (the app's menu-bar shortcut) goes to the VM while the console has the focus.
  await page.keyboard.press('F10');
  await expect(page.locator('[data-menubar-item]').first()).not.toBeFocused();
  await shot(page, 'typed');

  // Send Ctrl+Alt+Del from the toolbar.
  await region.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
  await expect.poll(() => countColour(region, CAD, 24, 144, 400, 18)).toBeGreaterThan(50);

  // Special keys menu.
  await region.getByRole('button', { name: 'Special keys' }).click();
  const menu = page.getByRole('menu', { name: 'Special keys' });
  for (const label of ['Ctrl+Alt+F1', 'Ctrl+Alt+F12', 'Alt+F4', 'Alt+Tab', 'Ctrl+Esc']) {
    await expect(menu.getByRole('menuitem', { name: label, exact: true })).toBeVisible();
  }
  await shot(page, 'special-keys');
  await menu.getByRole('menuitem', { name: 'Ctrl+Alt+F2', exact: true }).click();
  await expect(menu).toBeHidden();

  // Paste as keystrokes: prefilled from the clipboard, typed with Shift and Return.
  await page.evaluate(() => navigator.clipboard.writeText('from the clipboard'));
  await region.getByRole('button', { name: 'Paste as keystrokes' }).click();
  const paste = page.getByRole('dialog', { name: 'Paste as keystrokes' });
  const box = paste.getByRole('textbox', { name: 'Text to type' });
  await expect(box).toHaveValue('from the clipboard');
  await box.fill('\nPasted: Hello, World! (#42)\n');
  await shot(page, 'paste-dialog');
  await paste.getByRole('button', { name: 'Type' }).click();
  await expect(paste).toBeHidden();
  await expect.poll(() => sim.consoleText(vmRef)).toContain('\nPasted: Hello, World! (#42)\n');

  // The guest's clipboard comes out to the local one.
  await region.locator('canvas').first().click();
  await page.keyboard.type('copy:guest text');
  await page.keyboard.press('Enter');
  await expect(region.getByText("Copied from the VM's clipboard")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('guest text');

  // Screenshot downloads a PNG named after the VM.
  const [download] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Screenshot' }).click()]);
  expect(download.suggestedFilename()).toMatch(/-console-\d{8}-\d{6}\.png$/);

  // Scale to fit / actual size.
  await region.getByRole('button', { name: 'Actual size' }).click();
  await expect(region.getByRole('button', { name: 'Scale to fit' })).toBeVisible();
  await expect.poll(() => region.locator('canvas').first().evaluate((c) => Math.round(c.getBoundingClientRect().width))).toBe(800);
  await region.getByRole('button', { name: 'Scale to fit' }).click();
  await expect(region.getByRole('button', { name: 'Actual size' })).toBeVisible();

  // A forced reboot (another client): the console reconnects by itself to the new console record.
  await page.evaluate(() => {
    const el = document.querySelector('[data-console-state]')!;
    const w = window as unknown as { consoleStates: Array<[string, number]> };
    w.consoleStates = [];
    new MutationObserver(() => w.consoleStates.push([el.getAttribute('data-console-state')!, performance.now()]))
      .observe(el, { attributes: true, attributeFilter: ['data-console-state'] });
  });
  const session = await login(sim.url);
  const oldConsoles = JSON.stringify(vm.consoles);
  await rpc(sim.url, 'VM.hard_reboot', session, vmRef);
  expect(JSON.stringify(sim.records('VM').get(vmRef)!.consoles)).not.toBe(oldConsoles);
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { consoleStates: Array<[string, number]> }).consoleStates)).map((s) => s[0]).join(' '))
    .toMatch(/reconnecting.*connected$/);
  await expect(region).toHaveAttribute('data-console-state', 'connected');
  const states = await page.evaluate(() => (window as unknown as { consoleStates: Array<[string, number]> }).consoleStates);
  const down = states.find((s) => s[0] === 'reconnecting')![1];
  const up = states[states.length - 1][1];
  console.log(`console: reconnected ${Math.round(up - down)} ms after the old console closed: ${states.map((s) => s[0]).join(' -> ')}`);
  expect(up - down, `reconnected in ${Math.round(up - down)} ms: ${JSON.stringify(states)}`).toBeLessThan(3000);
  await expectBootScreen(region);
  // A fresh screen: no Ctrl+Alt+Del marker, no typed text.
  expect(await countColour(region, CAD, 24, 144, 400, 18)).toBe(0);
  expect(sim.consoleText(vmRef)).toBe('');
  await shot(page, 'after-reboot');

  // A dropped connection (network blip, same console record) is retried on its own.
  await page.evaluate(() => { (window as unknown as { consoleStates: unknown[] }).consoleStates = []; });
  sim.dropAllConnections();
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { consoleStates: Array<[string, number]> }).consoleStates)).map((s) => s[0]).join(' '), { timeout: 20_000 })
    .toMatch(/reconnecting.*connected$/);
  await expectBootScreen(region);

  // Undock (browser host: a window of its own); the tab shows where the console is; Dock back.
  const [popup] = await Promise.all([context.waitForEvent('page'), region.getByRole('button', { name: 'Undock' }).click()]);
  await expect(region).toHaveAttribute('data-console-state', 'undocked');
  await expect(region.getByText('The console is open in its own window').first()).toBeVisible();
  const own = popup.getByRole('region', { name: `Console of ${name}` });
  await expect(own).toHaveAttribute('data-console-state', 'connected', { timeout: 15_000 });
  await expectBootScreen(own);
  await popup.setViewportSize({ width: 1000, height: 760 });
  await popup.screenshot({ path: `${SCREENS}/console-undocked-window.png` });
  await shot(page, 'undocked-tab');
  await Promise.all([popup.waitForEvent('close', { timeout: 10_000 }), region.getByRole('button', { name: 'Dock back' }).first().click()]);
  await expect(region).toHaveAttribute('data-console-state', 'connected', { timeout: 15_000 });
});

test('console: a halted VM is not running; a host shows its control domain', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  const dialog = await app.addServer(sim.url, 'root', 'xenroot');
  await expect(dialog).toBeHidden();
  await expandAll(app);

  const [, halted] = guests().find(([, v]) => v.power_state === 'Halted')!;
  const region = await openConsoleTab(app, String(halted.name_label));
  await expect(region).toHaveAttribute('data-console-state', 'not-running');
  await expect(region.getByRole('status')).toHaveText('The VM is not running');
  await expect(region.getByRole('button', { name: 'Start' })).toBeEnabled();
  await expect(region.getByRole('button', { name: 'Send Ctrl+Alt+Del' })).toBeDisabled();
  await shot(page, 'not-running');

  // Start it from the console: it connects as soon as its console appears.
  await region.getByRole('button', { name: 'Start' }).click();
  await expect(region).toHaveAttribute('data-console-state', 'connected', { timeout: 20_000 });
  await expectBootScreen(region);

  // A host's console is its control domain's.
  const hostRec = [...sim.records('host').values()][0] as Rec;
  const hostName = String(hostRec.name_label);
  const hostRegion = await openConsoleTab(app, hostName);
  await expect(hostRegion).toHaveAttribute('data-console-state', 'connected', { timeout: 15_000 });
  await expectBootScreen(hostRegion);
  await shot(page, 'host');
});

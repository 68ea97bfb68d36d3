// The Events panel and the window's layout at the smallest supported size: failed tasks can be
// dismissed one by one or all at once, the panel is resized with its splitter (mouse or keyboard) and
// keeps its size across a reload, the toolbar stays one row with a "more" (») menu, and nothing
// overflows the status bar. Screenshots: test-results/screens/layout-*.png.
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;

test.beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300 });
});
// A browser host per test: each starts with no connection and no alert.
test.beforeEach(async () => { host = await startHost(); });
test.afterEach(async () => { await host?.stop(); });
test.afterAll(async () => { await sim?.close(); });

/** Starts a VM that is already running, as another client: a task that fails with VM_BAD_POWER_STATE. */
async function failingTask(): Promise<string> {
  const s = await login(sim.url);
  const vms = Object.entries(await rpc(sim.url, 'VM.get_all_records', s) as Record<string, Rec>);
  const [ref] = vms.find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running')!;
  return String(await rpc(sim.url, 'Async.VM.start', s, ref, false, false));
}

async function connect(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(await app.addServer(sim.url, 'root', 'xenroot')).toBeHidden();
  await expect(app.treeItem('Demo Pool')).toBeVisible();
  return app;
}

test('failed tasks are dismissed one by one and all at once; a running task cannot be', async ({ page }) => {
  const app = await connect(page);
  const [a, b] = [await failingTask(), await failingTask()];
  const rowA = app.eventsPanel.locator(`tr[data-task-ref="${a}"]`);
  const rowB = app.eventsPanel.locator(`tr[data-task-ref="${b}"]`);
  await expect(rowA).toHaveAttribute('data-status', 'failure');
  await expect(rowB).toHaveAttribute('data-status', 'failure');
  await expect(rowA.locator('.task-error')).toContainText('VM_BAD_POWER_STATE');

  await rowA.getByRole('button', { name: /^Dismiss / }).click();
  await expect(rowA).toHaveCount(0);
  await expect(rowB).toBeVisible();

  await app.eventsPanel.getByRole('button', { name: 'Dismiss all finished' }).click();
  await expect(app.eventsPanel.locator('tr.task-row')).toHaveCount(0);
  await expect(app.eventsPanel.getByRole('button', { name: 'Dismiss all finished' })).toHaveCount(0);
  // A new failure still shows.
  const c = await failingTask();
  await expect(app.eventsPanel.locator(`tr[data-task-ref="${c}"]`)).toHaveAttribute('data-status', 'failure');
});

test('the Events panel is resized with its splitter, by keyboard and mouse, and keeps its size', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const app = await connect(page);
  const panel = app.eventsPanel;
  // Empty (the earlier tests' rows dismissed), the panel is one line high and has no splitter; a row gives
  // it its height and splitter.
  const mine = await failingTask();
  await expect(panel.locator(`tr[data-task-ref="${mine}"]`)).toHaveAttribute('data-status', 'failure');
  await panel.getByRole('button', { name: 'Dismiss all finished' }).click();
  await expect(panel.getByText('No events.')).toBeVisible();
  await expect.poll(async () => (await panel.boundingBox())!.height).toBeLessThan(80);
  await expect(page.getByRole('separator', { name: 'Resize Events panel' })).toHaveCount(0);
  await failingTask();
  await expect(panel.locator('tr.task-row.status-failure')).toHaveCount(1);
  const splitter = page.getByRole('separator', { name: 'Resize Events panel' });
  const h0 = (await panel.boundingBox())!.height;
  await splitter.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(Math.round(h0 + 32));
  await page.keyboard.press('Home');
  const hMin = Math.round((await panel.boundingBox())!.height);
  expect(hMin).toBeLessThan(h0);
  await expect(splitter).toHaveAttribute('aria-valuenow', String(hMin));
  // Dragging the splitter up 150 px grows the panel by as much.
  const box = (await splitter.boundingBox())!;
  await page.mouse.move(box.x + 200, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y + box.height / 2 - 150, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(hMin + 150);
  // Kept in the renderer's local state across a reload.
  await page.reload();
  await failingTask();
  await expect(app.eventsPanel.locator('tr.task-row.status-failure').first()).toBeVisible();
  await expect.poll(async () => Math.round((await app.eventsPanel.boundingBox())!.height)).toBe(hMin + 150);
});

test('at 1024x700 the toolbar is one row with a » menu of the same commands, and nothing overflows the status bar', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = await connect(page);
  await expandAll(app);
  const s = await login(sim.url);
  const vms = Object.values(await rpc(sim.url, 'VM.get_all_records', s) as Record<string, Rec>);
  const running = vms.find((v) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running')!;
  await (await findInTree(app, String(running.name_label))).click();
  await failingTask();
  await expect(app.eventsPanel.locator('tr.task-row.status-failure').first()).toBeVisible();

  const toolbar = page.getByRole('toolbar');
  const buttons = toolbar.getByRole('button');
  // One row: every button of the toolbar sits on the same line, and the bar is no taller than one button.
  const middles = await buttons.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; }));
  expect(Math.max(...middles) - Math.min(...middles)).toBeLessThan(4);
  const more = toolbar.getByRole('button', { name: 'More commands' });
  await expect(more).toBeVisible();
  await more.click();
  const menu = page.getByRole('menu', { name: 'More commands' });
  await expect(menu).toBeVisible();
  // The folded commands are the same command objects: enabled as in the VM menu, for this running VM.
  const folded = await menu.getByRole('menuitem').allTextContents();
  expect(folded.length).toBeGreaterThan(0);
  expect(folded).toContain('Unpause');
  await expect(menu.getByRole('menuitem', { name: 'Unpause', exact: true })).toHaveAttribute('aria-disabled', 'true');
  expect(folded).toContain('Pause');
  await page.screenshot({ path: 'test-results/screens/layout-more-menu-1024x700.png' });
  await menu.getByRole('menuitem', { name: 'Pause', exact: true }).click();
  await expect.poll(() => ([...sim.records('VM').values()] as Rec[]).find((v) => v.uuid === running.uuid)?.power_state).toBe('Paused');
  // Nothing overflows the status bar, and the window does not scroll.
  const bar = page.getByRole('contentinfo', { name: 'Status bar' });
  const [sw, cw] = await bar.evaluate((e) => [e.scrollWidth, e.clientWidth]);
  expect(sw).toBeLessThanOrEqual(cw);
  const [dw, dh] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
  expect(dw).toBeLessThanOrEqual(1024);
  expect(dh).toBeLessThanOrEqual(700);
});

// The main window (an error in the Events panel), an open menu and the New VM wizard at 1024x700,
// 1440x900 and 1920x1080: nothing leaves the window and the window never scrolls. Screenshots go to
// test-results/screens/screens-*.png for a person to look at.
import { test, expect, type Locator, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;
const SIZES = [{ width: 1024, height: 700 }, { width: 1440, height: 900 }, { width: 1920, height: 1080 }];

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

async function checkAt(page: Page, name: string, inside: Locator[]): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/screens-${name}-${size.width}x${size.height}.png` });
    const [w, h] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    expect([w, h], `${name} ${size.width}x${size.height}: the window scrolls`).toEqual([size.width, size.height]);
    for (const l of inside) {
      const b = (await l.boundingBox())!;
      expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= size.width + 0.5 && b.y + b.height <= size.height + 0.5,
        `${name} ${size.width}x${size.height}: ${JSON.stringify(b)} leaves the window`).toBe(true);
    }
  }
}

test('main window with a failed task, an open menu and the New VM wizard fit at three sizes', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(await app.addServer(sim.url, 'root', 'xenroot')).toBeHidden();
  await expandAll(app);
  const s = await login(sim.url);
  const vms = Object.entries(await rpc(sim.url, 'VM.get_all_records', s) as Record<string, Rec>);
  const [ref, vm] = vms.find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running')!;
  await (await findInTree(app, String(vm.name_label))).click();
  const task = String(await rpc(sim.url, 'Async.VM.start', s, ref, false, false));
  await expect(app.eventsPanel.locator(`tr[data-task-ref="${task}"]`)).toHaveAttribute('data-status', 'failure');
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  await checkAt(page, 'main', [page.getByRole('toolbar'), statusBar, app.eventsPanel]);

  await page.keyboard.press('Alt+M');
  const menu = page.getByRole('menu', { name: 'VM' });
  await expect(menu).toBeVisible();
  await checkAt(page, 'menu-vm', [menu]);
  await page.keyboard.press('Escape');

  await app.treeItem('Demo Pool').click();
  await app.toolbarButton('New VM').click();
  const wizard = page.getByRole('dialog', { name: 'New VM' });
  await wizard.getByRole('listbox', { name: 'Templates' }).getByRole('option', { name: 'Debian Bookworm 12' }).click();
  await checkAt(page, 'wizard-template', [wizard]);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Enter'); // Name, Installation Media (no ISO yet: stays)
  await wizard.getByRole('radio', { name: /No installation media/ }).check();
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await expect(wizard.getByRole('heading', { name: 'Allocate processor and memory resources' })).toBeVisible();
  await checkAt(page, 'wizard-cpu', [wizard]);
});

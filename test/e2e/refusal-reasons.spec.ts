// Greyed commands and dialog buttons say why, in words, in their tooltip (title): toolbar buttons
// for a running and a shut-down VM and with nothing selected, a menu item, and the Take Snapshot
// dialog's button once its name is cleared. The words follow the server's state (checked by
// changing it through XAPI). A Read Only user sees power commands greyed with the role they need.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, expandAll, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 4, taskDurationMs: 300, users: [{ user: 'auditor', password: 'audit-pw', role: 'read-only' }] }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
const guests = () => ([...sim.records('VM').entries()] as Array<[string, Rec]>)
  .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain);

test('greyed toolbar buttons, menu items and a dialog button carry the reason in words', async ({ page }) => {
  const [runRef, running] = guests().find(([, v]) => v.power_state === 'Running')!;
  const name = String(running.name_label);
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  // Nothing selected yet.
  await expect(app.toolbarButton('Shut Down')).toHaveAttribute('title', 'No VM is selected');

  await (await findInTree(app, name)).click();
  const start = app.toolbarButton('Start');
  await expect(start).toBeDisabled();
  await start.hover({ force: true });
  await expect(start).toHaveAttribute('title', `'${name}' is already running`);
  await expect(app.toolbarButton('Resume')).toHaveAttribute('title', `'${name}' is running, not suspended`);
  await expect(app.toolbarButton('Unpause')).toHaveAttribute('title', `'${name}' is running, not paused`);
  await expect(app.toolbarButton('Shut Down')).toBeEnabled();
  await expect(app.toolbarButton('Shut Down')).not.toHaveAttribute('title');

  // Shut down by another client: the words follow.
  await rpc(sim.url, 'VM.hard_shutdown', await login(sim.url), runRef);
  await expect(app.toolbarButton('Shut Down')).toHaveAttribute('title', `'${name}' is not running`);
  await expect(app.toolbarButton('Suspend')).toHaveAttribute('title', `'${name}' is shut down: only a running VM can be suspended`);
  await expect(start).toBeEnabled();

  // The VM menu says the same as the toolbar.
  await page.getByRole('menubar').getByRole('menuitem', { name: 'VM', exact: true }).click();
  const reboot = page.getByRole('menu').getByRole('menuitem', { name: 'Reboot', exact: true });
  await expect(reboot).toHaveAttribute('aria-disabled', 'true');
  await expect(reboot).toHaveAttribute('title', `'${name}' is not running`);
  await page.keyboard.press('Escape');

  // A dialog's OK button names the field that is wrong.
  await (await findInTree(app, name)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Take Snapshot…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Take Snapshot' });
  const ok = dialog.getByRole('button', { name: 'Take Snapshot' });
  await expect(ok).toBeEnabled();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('   ');
  await expect(ok).toBeDisabled();
  await expect(ok).toHaveAttribute('title', 'Name: enter a name for the snapshot');
  await page.screenshot({ path: 'test-results/screens/refusal-dialog-button.png' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('before upgrade');
  await expect(ok).toBeEnabled();
  await expect(ok).not.toHaveAttribute('title');
});

test('a Read Only user: power commands greyed with the role they need, and the server agrees', async ({ page }) => {
  const own = await startHost();
  try {
    const [vmRef, running] = guests().find(([, v]) => v.power_state === 'Running')!;
    const name = String(running.name_label);
    const app = new AppPage(page);
    await page.goto(own.url);
    await app.addServer(sim.url, 'auditor', 'audit-pw');
    await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
    await expandAll(app);
    await (await findInTree(app, name)).click();
    const shutDown = app.toolbarButton('Shut Down');
    await expect(shutDown).toBeDisabled();
    await expect(shutDown).toHaveAttribute('title', /^Shut Down needs the VM Operator role or higher; your role on .+ is Read Only$/);
    await expect(app.toolbarButton('Force Reboot')).toHaveAttribute('title', /^Force Reboot needs the VM Operator role or higher/);
    // The server would have refused it: the client says so before the click.
    const s = await login(sim.url, 'auditor', 'audit-pw');
    const code = await rpc(sim.url, 'VM.clean_shutdown', s, vmRef).then(() => 'accepted', (e: { code?: string }) => e.code);
    expect(code).toBe('RBAC_PERMISSION_DENIED');
  } finally {
    await own.stop();
  }
});

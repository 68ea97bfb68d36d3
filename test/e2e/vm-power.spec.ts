// Every VM power command from the toolbar (Suspend, Resume, Pause, Unpause, Reboot, Force Reboot,
// Shut Down, Start, Force Shut Down; the five that cannot be undone ask first, and "Do not ask
// again" is kept in main's settings until reset), the Storage tab of a VM, and Restart Toolstack on the
// coordinator leaving its running VMs running, in the real browser host against the simulator.
// Each outcome is checked on screen (toolbar, General tab, Events panel, Storage grid) and through
// XAPI (test/support/xapi-rpc.ts, a client independent of the product's).
import { test, expect, type Locator, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, connectExpanded, expandAll, findInTree } from './support/app-page';
import { login, rpc, RpcError } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 8, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

type Rec = Record<string, unknown>;
/** Calls XAPI with a fresh session each time (a toolstack restart invalidates older ones). */
const call = async (method: string, ...args: unknown[]) => rpc(sim.url, method, await login(sim.url), ...args);
const guests = () => ([...sim.records('VM').entries()] as Array<[string, Rec]>)
  .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain);
const allows = (v: Rec, ...ops: string[]) => ops.every((op) => (v.allowed_operations as string[]).includes(op));
const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text }).first();

/** The General tab's value for `label` (a term/definition pair). */
const general = (page: Page, label: string): Locator => page.getByRole('tabpanel').locator('.prop-row')
  .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) }).getByRole('definition');

const connect = (page: Page): Promise<AppPage> => connectExpanded(page, host.url, sim.url);

test('every power command from the toolbar moves the VM as XAPI says, and the screen follows', async ({ page }) => {
  const [vmRef, vm] = guests().find(([, v]) => v.power_state === 'Running'
    && allows(v, 'clean_shutdown', 'hard_shutdown', 'clean_reboot', 'hard_reboot', 'suspend', 'pause'))!;
  const name = String(vm.name_label);
  const app = await connect(page);
  await (await findInTree(app, name)).click();
  await expect(general(page, 'Power state')).toHaveText('Running');

  // `asks`: the title of the question asked first (XenCenter's), answered with the command's button.
  const steps: Array<{ button: string; task: string; state: string; reboots?: boolean; asks?: string }> = [
    { button: 'Suspend', task: 'Suspending VM', state: 'Suspended', asks: 'Suspend VM' },
    { button: 'Resume', task: 'Resuming VM', state: 'Running' },
    { button: 'Pause', task: 'Pausing VM', state: 'Paused' },
    { button: 'Unpause', task: 'Unpausing VM', state: 'Running' },
    { button: 'Reboot', task: 'Rebooting VM', state: 'Running', reboots: true, asks: 'Reboot VM' },
    { button: 'Force Reboot', task: 'Forcing VM reboot', state: 'Running', reboots: true, asks: 'Force VM Reboot' },
    { button: 'Shut Down', task: 'Shutting down VM', state: 'Halted', asks: 'Shut Down VM' },
    { button: 'Start', task: 'Starting VM', state: 'Running' },
    { button: 'Force Shut Down', task: 'Forcing VM shutdown', state: 'Halted', asks: 'Force Shut Down VM' },
  ];
  for (const step of steps) {
    const domidBefore = await call('VM.get_domid', vmRef) as number;
    const button = app.toolbarButton(step.button);
    await expect(button, step.button).toBeEnabled();
    await button.click();
    if (step.asks) {
      const question = page.getByRole('alertdialog', { name: step.asks });
      await expect(question, step.button).toContainText(name);
      await question.getByRole('button', { name: step.button, exact: true }).click();
      await expect(question).toHaveCount(0);
    } else {
      await expect(page.getByRole('alertdialog'), `${step.button} asks nothing`).toHaveCount(0);
    }
    await expect(taskRow(app, `${step.task} '${name}'`), step.button).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
    expect(await call('VM.get_power_state', vmRef), step.button).toBe(step.state);
    await expect(general(page, 'Power state'), step.button).toHaveText(step.state);
    if (step.reboots) {
      // A reboot is a new domain: Xen gives it a new domid (the VM never left Running).
      expect(await call('VM.get_domid', vmRef), step.button).not.toBe(domidBefore);
    } else {
      // The server no longer allows the command just done, and the toolbar says so.
      await expect(button, step.button).toBeDisabled();
    }
  }
  expect(await call('VM.get_domid', vmRef)).toBe(-1);
  await expect(app.toolbarButton('Start')).toBeEnabled();
  for (const b of ['Shut Down', 'Force Shut Down', 'Reboot', 'Suspend', 'Pause', 'Resume', 'Unpause']) await expect(app.toolbarButton(b), b).toBeDisabled();
  await page.screenshot(shot('vm-power-after-force-shutdown'));
});

/** A request on the bridge as the renderer sends it (the later Options dialog's reset), from the page's origin. */
function bridgeRequest(page: Page, channel: string, payload: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(([ch, args]) => new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(sessionStorage.getItem('xenclient.bridgeToken') ?? '')}`);
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: ch, payload: args }));
    ws.onmessage = (m) => {
      const d = JSON.parse(String(m.data)) as { id?: number; envelope?: { ok: boolean; result?: unknown; error?: { message: string } } };
      if (d.id !== 1 || !d.envelope) return;
      ws.close();
      if (d.envelope.ok) ok(d.envelope.result); else fail(new Error(d.envelope.error?.message));
    };
    ws.onerror = () => fail(new Error('bridge socket failed'));
  }), [channel, payload] as const);
}

const runningGuest = () => guests().find(([, v]) => v.power_state === 'Running' && allows(v, 'clean_shutdown', 'clean_reboot'))!;

test('Shut Down asks first: Cancel (or Escape) sends nothing and the VM keeps running', async ({ page }) => {
  const [vmRef, vm] = runningGuest();
  const name = String(vm.name_label);
  const app = await connect(page);
  await (await findInTree(app, name)).click();
  await app.toolbarButton('Shut Down').click();
  const question = page.getByRole('alertdialog', { name: 'Shut Down VM' });
  await expect(question).toContainText('Are you sure you want to shut down the selected VM?');
  await expect(question.getByRole('list', { name: 'Selected VM' })).toHaveText(name);
  await expect(question.getByRole('checkbox', { name: 'Do not ask again' })).not.toBeChecked();
  // Cancel is the default (focused), as in XenCenter: a stray Enter does not shut the VM down.
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  for (const size of [{ width: 1024, height: 700 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    await page.screenshot(shot(`vm-confirm-shutdown-${size.width}x${size.height}`));
  }
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  await app.toolbarButton('Force Reboot').click();
  await page.getByRole('alertdialog', { name: 'Force VM Reboot' }).press('Escape');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  const domid = await call('VM.get_domid', vmRef);
  // No fixed wait: a command that asks nothing (Pause) goes the same way after the cancelled ones.
  // Had either been sent, it would have reached the server first and Pause would have failed
  // (the VM halted, rebooted with a new domain, or busy).
  await app.toolbarButton('Pause').click();
  await expect(taskRow(app, `Pausing VM '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  expect(await call('VM.get_power_state', vmRef)).toBe('Paused');
  expect(await call('VM.get_domid', vmRef)).toBe(domid);
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: `'${name}'` })).toHaveCount(1);
  await app.toolbarButton('Unpause').click();
  await expect(taskRow(app, `Unpausing VM '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  expect(await call('VM.get_power_state', vmRef)).toBe('Running');
  await expect(general(page, 'Power state')).toHaveText('Running');
});

test('"Do not ask again" is kept across a reload for that question only, and the reset asks it again', async ({ page }) => {
  const [vmRef, vm] = runningGuest();
  const name = String(vm.name_label);
  const app = await connect(page);
  await (await findInTree(app, name)).click();
  await app.toolbarButton('Shut Down').click();
  const question = page.getByRole('alertdialog', { name: 'Shut Down VM' });
  await question.getByRole('checkbox', { name: 'Do not ask again' }).check();
  await question.getByRole('button', { name: 'Shut Down', exact: true }).click();
  await expect(taskRow(app, `Shutting down VM '${name}'`)).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  expect(await call('VM.get_power_state', vmRef)).toBe('Halted');

  await page.reload();
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  await (await findInTree(app, name)).click();
  await app.toolbarButton('Start').click();
  await expect.poll(() => call('VM.get_power_state', vmRef), { timeout: 20_000 }).toBe('Running');
  await expect(app.toolbarButton('Shut Down')).toBeEnabled();
  // Not asked: it runs at once.
  await app.toolbarButton('Shut Down').click();
  await expect.poll(() => call('VM.get_power_state', vmRef), { timeout: 20_000 }).toBe('Halted');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);

  // Other questions are still asked.
  await app.toolbarButton('Start').click();
  await expect.poll(() => call('VM.get_power_state', vmRef), { timeout: 20_000 }).toBe('Running');
  await expect(app.toolbarButton('Suspend')).toBeEnabled();
  await app.toolbarButton('Suspend').click();
  await page.getByRole('alertdialog', { name: 'Suspend VM' }).getByRole('button', { name: 'Cancel' }).click();

  // The Options dialog's reset: Shut Down asks again.
  expect(await bridgeRequest(page, 'settings.resetConfirmations', {})).toEqual({ skipped: [] });
  await app.toolbarButton('Shut Down').click();
  await expect(page.getByRole('alertdialog', { name: 'Shut Down VM' })).toBeVisible();
  await page.getByRole('alertdialog', { name: 'Shut Down VM' }).getByRole('button', { name: 'Cancel' }).click();
  expect(await call('VM.get_power_state', vmRef)).toBe('Running');
});

/** "20 GiB" → bytes, to check a shown size against virtual_size independently of the formatter. */
function parseSize(text: string): number {
  const m = /^([\d.]+) (B|KiB|MiB|GiB|TiB)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: "${text}"`);
  return Number(m[1]) * 1024 ** ['B', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(m[2]);
}

test('Storage tab: every disk and CD drive with its size and SR, as the server has them, kept live', async ({ page }) => {
  const [vmRef, vm] = guests().find(([, v]) => v.power_state === 'Halted' && (v.VBDs as string[]).length > 0)!;
  const name = String(vm.name_label);
  // A second disk on another SR, of an exact size, so the grid shows more than the VM's defaults.
  const firstVdi = (vm.VBDs as string[]).map((b) => sim.records('VBD').get(b) as Rec).find((b) => b.type === 'Disk')!.VDI;
  const homeSr = await call('VDI.get_SR', firstVdi) as string;
  const otherSr = ([...sim.records('SR').entries()] as Array<[string, Rec]>)
    .find(([r, s]) => r !== homeSr && s.content_type !== 'iso' && (s.allowed_operations as string[]).includes('vdi_create'))![0];
  const data = await call('VDI.create', { name_label: 'e2e data disk', name_description: '', SR: otherSr, virtual_size: 3 * 1024 ** 3, type: 'user', sharable: false, read_only: false, other_config: {} }) as string;
  await call('VBD.create', { VM: vmRef, VDI: data, userdevice: '5', bootable: false, mode: 'RO', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} });

  const app = await connect(page);
  await (await findInTree(app, name)).click();
  await page.getByRole('tab', { name: 'Storage' }).click();
  const grid = page.getByRole('tabpanel').getByRole('grid', { name: 'Virtual disks' });
  await expect(grid).toBeVisible();

  // What the server says, read through XAPI: one row per VBD, in device order.
  const expected: Array<{ position: string; name: string; type: string; size?: number; sr: string; mode: string }> = [];
  for (const vbdRef of await call('VM.get_VBDs', vmRef) as string[]) {
    const vbd = await call('VBD.get_record', vbdRef) as Rec;
    const empty = vbd.empty === true;
    const vdi = empty ? undefined : await call('VDI.get_record', vbd.VDI) as Rec;
    expected.push({
      position: String(vbd.userdevice), type: String(vbd.type), mode: String(vbd.mode),
      name: vdi ? String(vdi.name_label) : 'Empty',
      size: vdi ? Number(vdi.virtual_size) : undefined,
      sr: vdi ? String(await call('SR.get_name_label', vdi.SR)) : '',
    });
  }
  expected.sort((a, b) => Number(a.position) - Number(b.position));
  expect(expected.length).toBeGreaterThanOrEqual(2);
  const rows = grid.locator('tbody tr');
  await expect(rows).toHaveCount(expected.length);
  for (const [i, e] of expected.entries()) {
    const cells = rows.nth(i).locator('td');
    await expect(cells.nth(0), `row ${i} position`).toHaveText(e.position);
    await expect(cells.nth(1), `row ${i} name`).toHaveText(e.name);
    await expect(cells.nth(2), `row ${i} type`).toHaveText(e.type);
    await expect(cells.nth(4), `row ${i} SR`).toHaveText(e.sr);
    await expect(cells.nth(5), `row ${i} mode`).toHaveText(e.mode);
    const shown = (await cells.nth(3).textContent()) ?? '';
    if (e.size === undefined) expect(shown, `row ${i} size`).toBe('');
    else expect(Math.abs(parseSize(shown) - e.size) / e.size, `row ${i} size "${shown}" for ${e.size} bytes`).toBeLessThan(0.05);
  }
  const added = rows.filter({ hasText: 'e2e data disk' });
  await expect(added.locator('td').nth(3)).toHaveText('3 GiB');
  await expect(added.locator('td').nth(4)).toHaveText(String(await call('SR.get_name_label', otherSr)));
  await page.screenshot(shot('vm-storage-tab'));

  // Changes made elsewhere show without a refresh: a resize, then the disk detached from the VM.
  await call('VDI.resize', data, 5 * 1024 ** 3);
  await expect(added.locator('td').nth(3)).toHaveText('5 GiB');
  const vbd = (await call('VDI.get_VBDs', data) as string[])[0];
  await call('VBD.destroy', vbd);
  await expect(rows).toHaveCount(expected.length - 1);
  await expect(rows.filter({ hasText: 'e2e data disk' })).toHaveCount(0);
});

test('Restart Toolstack on the coordinator: the client reconnects and every running VM is still running', async ({ page }) => {
  const coordinator = String(([...sim.records('pool').values()][0] as Rec).master);
  const hostName = String((sim.records('host').get(coordinator) as Rec).name_label);
  const oldSession = await login(sim.url);
  // Every running guest, with where it runs and its domain: a restarted toolstack must keep all three.
  const before = new Map<string, { resident: string; domid: number; name: string }>();
  for (const [ref, v] of guests()) {
    if (v.power_state === 'Running') before.set(ref, { resident: String(v.resident_on), domid: Number(v.domid), name: String(v.name_label) });
  }
  expect([...before.values()].some((v) => v.resident === coordinator)).toBe(true);

  const app = await connect(page);
  await (await findInTree(app, hostName)).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Restart Toolstack…', exact: true }).click();
  const warn = page.getByRole('alertdialog', { name: 'Restart Toolstack' });
  await expect(warn).toContainText('Its running VMs are not affected');
  await warn.getByRole('button', { name: 'Restart Toolstack' }).click();
  await expect(taskRow(app, `Restarting toolstack '${hostName}'`)).toHaveAttribute('data-status', 'success', { timeout: 20_000 });

  // The toolstack did restart: sessions from before it are gone...
  await expect.poll(async () => rpc(sim.url, 'VM.get_all', oldSession).then(() => 'valid', (e: unknown) => (e instanceof RpcError ? e.code : String(e))), { timeout: 15_000 })
    .toBe('SESSION_INVALID');
  // ...and the client came back by itself.
  await expect(page.getByRole('contentinfo', { name: 'Status bar' }).getByLabel('Servers')).toHaveText('1 server: 1 connected', { timeout: 30_000 });

  for (const [ref, b] of before) {
    expect(await call('VM.get_power_state', ref), b.name).toBe('Running');
    expect(await call('VM.get_resident_on', ref), b.name).toBe(b.resident);
    expect(await call('VM.get_domid', ref), `${b.name} kept its domain`).toBe(b.domid);
  }
  // The client follows the restarted toolstack: a change made after it shows on screen.
  const [onRef, onCoordinator] = [...before.entries()].find(([, v]) => v.resident === coordinator)!;
  const renamed = `${onCoordinator.name} (after restart)`;
  await call('VM.set_name_label', onRef, renamed);
  await expect(async () => expect(await findInTree(app, renamed)).toBeVisible({ timeout: 1000 })).toPass({ timeout: 20_000 });
  // On screen too: a VM on the coordinator still shows Running after the reconnection.
  await (await findInTree(app, renamed)).click();
  await expect(general(page, 'Power state')).toHaveText('Running');
  await expect(general(page, 'Resident on')).toHaveText(hostName);
  await page.screenshot(shot('host-restart-toolstack-vms-running'));
});

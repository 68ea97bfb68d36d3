// Several objects at once, as in XenCenter: Ctrl-click and Shift+arrows select several VMs; the
// toolbar and the context menu run a command on each of them that allows it (one Events entry
// each), and the details pane lists the selection. Checked on screen and through XAPI.
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, connectExpanded, drag, findInTree } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { simXapi, type Rec } from './support/sim-xapi';

let sim: Simulator;
let host: RunningHost;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 8, taskDurationMs: 200 }, (s, h) => { sim = s; host = h; });

const { call, guests } = simXapi(() => sim);
const taskRow = (app: AppPage, text: string) => app.eventsPanel.locator('tr.task-row').filter({ hasText: text }).first();
const modifier = process.platform === 'darwin' ? 'Meta' : 'Control';

const connect = (page: Page): Promise<AppPage> => connectExpanded(page, host.url, sim.url);

test('Ctrl-click three running VMs and a halted one: Shut Down shuts down the three, one task each', async ({ page }) => {
  const running = guests().filter(([, v]) => v.power_state === 'Running' && (v.allowed_operations as string[]).includes('clean_shutdown')).slice(0, 3);
  expect(running).toHaveLength(3);
  // A fourth VM, halted (shut down first when the simulator started it running).
  const [haltedRef, fourth] = guests().find(([ref, v]) => !running.some(([r]) => r === ref) && ['Running', 'Halted'].includes(String(v.power_state)))!;
  if (fourth.power_state === 'Running') await call('VM.hard_shutdown', haltedRef);
  const halted = String(sim.records('VM').get(haltedRef)!.name_label);
  const names = running.map(([, v]) => String(v.name_label));
  const app = await connect(page);
  await expect(app.tree).toHaveAttribute('aria-multiselectable', 'true');

  await (await findInTree(app, names[0])).click();
  for (const n of [...names.slice(1), halted]) await (await findInTree(app, n)).click({ modifiers: [modifier] });
  for (const n of [...names, halted]) await expect(app.treeItem(n), n).toHaveAttribute('aria-selected', 'true');
  // The details pane lists the selection.
  await expect(page.getByRole('heading', { name: '4 VMs selected' })).toBeVisible();
  const list = page.getByRole('grid', { name: 'Selected objects' });
  await expect(list.getByRole('row')).toHaveCount(5);
  for (const n of [...names, halted]) await expect(list.getByRole('row').filter({ hasText: n })).toHaveCount(1);
  await shotAtSizes(page, 'multi-select-four-vms');

  // Shut Down applies to the three that can; Start to the halted one alone.
  await expect(app.toolbarButton('Start')).toBeEnabled();
  await app.toolbarButton('Shut Down').click();
  const question = page.getByRole('alertdialog', { name: 'Shut Down Multiple VMs' });
  await expect(question).toContainText('Are you sure you want to shut down the selected VMs?');
  const asked = question.getByRole('list', { name: 'Selected VMs' }).getByRole('listitem');
  await expect(asked).toHaveText(names, { useInnerText: true });
  await question.getByRole('button', { name: 'Shut Down', exact: true }).click();
  for (const n of names) await expect(taskRow(app, `Shutting down VM '${n}'`), n).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: `Shutting down VM '${halted}'` })).toHaveCount(0);
  for (const [ref] of running) expect(await call('VM.get_power_state', ref)).toBe('Halted');
  expect(await call('VM.get_power_state', haltedRef)).toBe('Halted');
  // Nothing is running any more: Shut Down is greyed, Start is not, and the selection stayed.
  await expect(app.toolbarButton('Shut Down')).toBeDisabled();
  await expect(app.toolbarButton('Start')).toBeEnabled();
  await expect(page.getByRole('heading', { name: '4 VMs selected' })).toBeVisible();

  // Ctrl-click again: a VM leaves the selection.
  await app.treeItem(halted).click({ modifiers: [modifier] });
  await expect(app.treeItem(halted)).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByRole('heading', { name: '3 VMs selected' })).toBeVisible();

  // Start from the context menu of a selected row: all three (the menu acts on the selection).
  await app.treeItem(names[1]).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Start' }).click();
  for (const n of names) await expect(taskRow(app, `Starting VM '${n}'`), n).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  for (const [ref] of running) expect(await call('VM.get_power_state', ref)).toBe('Running');
  expect(await call('VM.get_power_state', haltedRef)).toBe('Halted');

  // A plain click selects one row again, with its tabs.
  await app.treeItem(names[0]).click();
  await expect(app.tree.locator('[aria-selected="true"]')).toHaveCount(1);
  await expect(page.getByRole('tab', { name: 'General' })).toBeVisible();
});

test('Shift+arrows select a range by keyboard; a VM deleted meanwhile leaves the selection', async ({ page }) => {
  const app = await connect(page);
  const rows = app.tree.getByRole('treeitem');
  // The first VM row under a host, then two rows more with Shift+ArrowDown.
  const first = app.tree.locator('[role="treeitem"][data-kind="vm"]').first();
  const firstName = await first.getAttribute('aria-label');
  await first.click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  const selected = app.tree.locator('[aria-selected="true"]');
  await expect(selected).toHaveCount(3);
  const selectedNames = await selected.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  expect(selectedNames[0]).toBe(firstName);
  // Shift+ArrowUp shrinks the range back towards the anchor.
  await page.keyboard.press('Shift+ArrowUp');
  await expect(selected).toHaveCount(2);
  expect(await rows.count()).toBeGreaterThan(3);

  // One of them is destroyed by another client: the other stays selected, as a single selection.
  const gone = selectedNames[1]!;
  const [goneRef] = guests().find(([, v]) => v.name_label === gone)!;
  if (sim.records('VM').get(goneRef)!.power_state !== 'Halted') await call('VM.hard_shutdown', goneRef);
  await call('VM.destroy', goneRef);
  await expect(app.treeItem(gone)).toHaveCount(0);
  await expect(selected).toHaveCount(1);
  await expect(app.treeItem(firstName!)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'General' })).toBeVisible();
});

test('dragging two selected VMs onto another server migrates both; a drop on their own server is refused with the reason', async ({ page }) => {
  const hosts = [...sim.records('host').entries()] as Array<[string, Rec]>;
  const hostName = (ref: string) => String(hosts.find(([r]) => r === ref)![1].name_label);
  // Two running VMs of one server that the other server would take (asked of XAPI, not guessed).
  let pair: Array<[string, Rec]> = [], dest = '';
  for (const [to] of hosts) {
    const ok: Array<[string, Rec]> = [];
    for (const [ref, v] of guests()) {
      if (v.power_state !== 'Running' || v.resident_on === to || !(v.allowed_operations as string[]).includes('pool_migrate')) continue;
      if (ok.length && ok[0][1].resident_on !== v.resident_on) continue;
      try { await call('VM.assert_can_boot_here', ref, to); ok.push([ref, v]); } catch { /* this one cannot go there */ }
    }
    if (ok.length >= 2) { pair = ok.slice(0, 2); dest = to; break; }
  }
  expect(pair, 'two VMs the simulator would migrate to one server').toHaveLength(2);
  const [a, b] = pair.map(([, v]) => String(v.name_label));
  const from = hostName(String(pair[0][1].resident_on));
  const to = hostName(dest);
  const app = await connect(page);
  await (await findInTree(app, a)).click();
  await (await findInTree(app, b)).click({ modifiers: [modifier] });

  const hint = page.getByRole('status').filter({ hasText: /drop|Migrate/ });
  // Over their own server: refused, with why, before the mouse is released.
  let d = await drag(page, app.treeItem(a));
  await d.over(app.treeItem(from));
  await expect(app.treeItem(from)).toHaveAttribute('data-drop', 'refused');
  await expect(hint).toHaveText(`Cannot drop here: '${a}' is already on ${from}`);
  // Over the other server: the drop would migrate both.
  await d.over(app.treeItem(to));
  await expect(app.treeItem(to)).toHaveAttribute('data-drop', 'ok');
  await expect(app.treeItem(from)).not.toHaveAttribute('data-drop', /./);
  await expect(hint).toHaveText(`Migrate 2 VMs to ${to}`);
  await shotAtSizes(page, 'drag-migrate-two-vms');
  await d.drop(app.treeItem(to));
  await expect(hint).toHaveCount(0);
  for (const n of [a, b]) await expect(taskRow(app, `Migrating VM '${n}'`), n).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  for (const [ref] of pair) expect(await call('VM.get_resident_on', ref)).toBe(dest);
  // The tree follows: both now under the other server, still selected.
  for (const n of [a, b]) await expect(app.treeItem(n)).toHaveAttribute('aria-selected', 'true');

  // A refused drop released anyway does nothing.
  d = await drag(page, app.treeItem(a));
  await d.over(app.treeItem(to));
  await expect(app.treeItem(to)).toHaveAttribute('data-drop', 'refused');
  await d.drop(app.treeItem(to));
  await expect(hint).toHaveCount(0);
  await expect(app.eventsPanel.locator('tr.task-row').filter({ hasText: 'Migrating VM' })).toHaveCount(2);
  for (const [ref] of pair) expect(await call('VM.get_resident_on', ref)).toBe(dest);
});

test('Delete VM… on two halted VMs and a running one: one question for the two, each deleted with its own disks', async ({ page }) => {
  // Two halted VMs (shut down through XAPI when running) and a running one.
  const all = guests().filter(([, v]) => ['Running', 'Halted'].includes(String(v.power_state)));
  const doomed = all.slice(0, 2);
  const [keepRef, keep] = all.find(([, v], i) => i >= 2 && v.power_state === 'Running') ?? all[2];
  for (const [ref, v] of doomed) if (v.power_state === 'Running') await call('VM.hard_shutdown', ref);
  if (keep.power_state !== 'Running') await call('VM.start', keepRef, false, false);
  const names = doomed.map(([, v]) => String(v.name_label));
  // Each VM's disks, marked its own (VBD other_config owner, as a provisioned VM's are), to see them go.
  const disksOf = async (vmRef: string) => {
    const vbds = await call('VM.get_VBDs', vmRef) as string[];
    const out: string[] = [];
    for (const vbd of vbds) {
      const r = await call('VBD.get_record', vbd) as Rec;
      if (r.type !== 'Disk' || r.VDI === 'OpaqueRef:NULL') continue;
      if (!('owner' in (r.other_config as Rec))) await call('VBD.add_to_other_config', vbd, 'owner', '');
      out.push(String(r.VDI));
    }
    return out;
  };
  const vdis = (await Promise.all(doomed.map(([ref]) => disksOf(ref)))).flat();
  expect(vdis.length).toBeGreaterThan(0);

  const app = await connect(page);
  await (await findInTree(app, names[0])).click();
  for (const n of [names[1], String(keep.name_label)]) await (await findInTree(app, n)).click({ modifiers: [modifier] });
  await app.treeItem(names[0]).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Delete VM…' }).click();
  const question = page.getByRole('alertdialog', { name: 'Delete Multiple VMs' });
  await expect(question.getByRole('list', { name: 'VMs to delete' }).getByRole('listitem')).toHaveText(names);
  await expect(question.getByRole('checkbox', { name: `Delete their own disks (${vdis.length} disk${vdis.length === 1 ? '' : 's'})` })).toBeChecked();
  await expect(question.getByRole('checkbox', { name: /Delete their snapshots/ })).not.toBeChecked();
  await shotAtSizes(page, 'delete-multiple-vms');
  await question.getByRole('button', { name: 'Delete', exact: true }).click();
  for (const n of names) await expect(taskRow(app, n), n).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  // Through XAPI: both VMs and their disks gone; the running VM untouched.
  for (const [ref] of doomed) await expect(call('VM.get_record', ref)).rejects.toMatchObject({ code: 'HANDLE_INVALID' });
  for (const vdi of vdis) await expect(call('VDI.get_record', vdi)).rejects.toMatchObject({ code: 'HANDLE_INVALID' });
  expect(await call('VM.get_power_state', keepRef)).toBe('Running');
  for (const n of names) await expect(app.treeItem(n)).toHaveCount(0);
});

test('Migrate to Server… on three VMs: the servers with how many each takes, then one pool_migrate per VM', async ({ page }) => {
  // A pool and a host of its own: the tests above moved and deleted VMs of the shared pool, whose
  // connection the shared host keeps (its VMs' names would be in the tree twice).
  const pool = await startSimulator({ port: 0, hosts: 2, vms: 8, taskDurationMs: 200 });
  const web = await startHost();
  try { await migrateThree(page, pool, web); } finally { await web.stop(); await pool.close(); }
});

async function migrateThree(page: Page, pool: Simulator, web: RunningHost): Promise<void> {
  const { call, guests } = simXapi(() => pool);
  const hosts = [...pool.records('host').entries()] as Array<[string, Rec]>;
  const [[fromRef, fromRec], [destRef, destRec]] = hosts;
  // Three guests running on the first server (started there, or moved there, through XAPI) that the second would take.
  const three: Array<[string, Rec]> = [];
  for (const [ref, v] of guests()) {
    if (three.length === 3) break;
    if (!['Running', 'Halted'].includes(String(v.power_state))) continue;
    try {
      if (v.power_state === 'Halted') await call('VM.start_on', ref, fromRef, false, false);
      else if (v.resident_on !== fromRef) await call('VM.pool_migrate', ref, fromRef, {});
      await call('VM.assert_can_boot_here', ref, destRef);
      three.push([ref, v]);
    } catch { /* on one server's local storage: not this one */ }
  }
  expect(three, 'three VMs the simulator would migrate to one server').toHaveLength(3);
  const names = three.map(([, v]) => String(v.name_label));
  const from = String(fromRec.name_label);
  const to = String(destRec.name_label);
  const app = await connectExpanded(page, web.url, pool.url);
  await (await findInTree(app, names[0])).click();
  for (const n of names.slice(1)) await (await findInTree(app, n)).click({ modifiers: [modifier] });
  await expect(page.getByRole('heading', { name: '3 VMs selected' })).toBeVisible();

  await app.treeItem(names[0]).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Migrate to Server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate VMs' });
  // Each server of the pool with how many of the VMs it takes: theirs none (they are on it), the other all three.
  const own = dialog.getByRole('radio', { name: from, exact: true });
  const other = dialog.getByRole('radio', { name: to, exact: true });
  await expect(other).toHaveAccessibleDescription('can take all 3 VMs');
  await expect(own).toHaveAccessibleDescription('they are all on it already');
  // The one that takes the most is chosen first; the list says each VM goes.
  await expect(other).toBeChecked();
  const list = dialog.getByRole('list', { name: `The VMs and ${to}` }).getByRole('listitem');
  await expect(list).toHaveText(names.map((n) => `${n} goes`));
  // Their own server: each VM says why it stays, and Migrate is greyed.
  await own.check();
  await expect(dialog.getByRole('list', { name: `The VMs and ${from}` }).getByRole('listitem')).toHaveText(names.map((n) => `${n} is on it already`));
  await expect(dialog.getByRole('button', { name: 'Migrate' })).toBeDisabled();
  await other.check();
  await shotAtSizes(page, 'migrate-three-vms');
  await dialog.getByRole('button', { name: 'Migrate 3 VMs' }).click();
  await expect(dialog).toHaveCount(0);

  for (const n of names) await expect(taskRow(app, `Migrating VM '${n}'`), n).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  for (const [ref] of three) expect(await call('VM.get_resident_on', ref)).toBe(destRef);
}

test('Edit Tags… on a VM and a server: shared tags checked, the others half-checked; a tag added to both, one removed from both', async ({ page }) => {
  const [vmRef, vmRec] = guests()[0];
  const [hostRef, hostRec] = [...sim.records('host').entries()][0] as [string, Rec];
  const setTags = async (cls: string, ref: string, tags: string[]) => {
    for (const t of await call(`${cls}.get_tags`, ref) as string[]) await call(`${cls}.remove_tags`, ref, t);
    for (const t of tags) await call(`${cls}.add_tags`, ref, t);
  };
  await setTags('VM', vmRef, ['alpha', 'common']);
  await setTags('host', hostRef, ['common']);
  const vmName = String(vmRec.name_label);
  const hostName = String(hostRec.name_label);
  const app = await connect(page);
  await (await findInTree(app, vmName)).click();
  await (await findInTree(app, hostName)).click({ modifiers: [modifier] });
  await expect(page.getByRole('heading', { name: '2 objects selected' })).toBeVisible();

  await app.treeItem(hostName).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: 'Edit Tags…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Tags — 2 objects' });
  const tags = dialog.getByRole('group', { name: 'Tags' });
  await expect(tags.getByRole('checkbox', { name: 'common' })).toBeChecked();
  await expect(tags.getByRole('checkbox', { name: /alpha/ })).toBeChecked({ indeterminate: true });
  await expect(tags.getByText('on 1 of 2')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'OK' })).toBeDisabled();

  await dialog.getByLabel('New tag').fill('both-new');
  await dialog.getByLabel('New tag').press('Enter');
  await expect(tags.getByRole('checkbox', { name: 'both-new' })).toBeChecked();
  await tags.getByRole('checkbox', { name: 'common' }).uncheck();
  await expect(dialog).toContainText('OK changes the tags of 2 of the 2 objects');
  await shotAtSizes(page, 'edit-tags-two-objects');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);

  for (const n of [vmName, hostName]) await expect(taskRow(app, `Changing the tags of '${n}'`), n).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
  expect((await call('VM.get_tags', vmRef) as string[]).sort()).toEqual(['alpha', 'both-new']);
  expect(await call('host.get_tags', hostRef)).toEqual(['both-new']);
});

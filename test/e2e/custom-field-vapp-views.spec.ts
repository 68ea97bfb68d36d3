// View > Objects by Custom Field and View > Objects by vApp: another client (XAPI) defines custom fields
// in the pool's gui_config and gives VMs values in their other_config, makes a vApp and puts VMs in it;
// the views show Custom Fields → field → value → objects and vApps → vApp → VMs, and follow each change live.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, chooseView } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });
const KEY = 'XenCenter.CustomFields';
const NULL = 'OpaqueRef:NULL';
// Dates show in local time: a fixed zone makes the row's text known (UTC+1 in January).
test.use({ timezoneId: 'Europe/Paris' });

simulatorAndHostForFile({ port: 0, hosts: 1, vms: 5 }, (s, h) => { sim = s; host = h; });

const { call, guests } = simXapi(() => sim);
const poolRef = (): string => [...sim.records('pool').keys()][0];
const poolName = (): string => String((sim.records('pool').get(poolRef()) as Rec).name_label);
const defs = (...d: Array<[string, string]>) =>
  `<CustomFieldDefinitions>${d.map(([n, t]) => `<CustomFieldDefinition name="${n}" type="${t}" defaultValue="" />`).join('')}</CustomFieldDefinitions>`;

/** The rows drawn, top to bottom, as "level name". */
async function drawnRows(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[role="tree"] [role="treeitem"]')]
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .map((r) => `${r.getAttribute('aria-level')} ${r.getAttribute('aria-label')}`));
}

test('Objects by Custom Field and Objects by vApp follow XAPI changes live', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();
  const [a, b, c] = guests().map(([ref, v]) => ({ ref, name: String(v.name_label) })).sort((x, y) => (x.name < y.name ? -1 : 1));

  // No field defined yet: the root alone.
  await chooseView(page, 'Objects by Custom Field');
  await expect(app.tree).toHaveAttribute('aria-label', 'Objects by Custom Field');
  await expect(page.locator('.pane-title')).toHaveText('Objects by Custom Field');
  await expect.poll(() => drawnRows(page)).toEqual(['1 Custom Fields']);

  // Another client defines two fields (as XenCenter writes them) and sets values.
  await call('pool.set_gui_config', poolRef(), { [KEY]: defs(['Owner', 'String'], ['Expires', 'Date']) });
  await call('VM.add_to_other_config', a.ref, `${KEY}.Owner`, 'alice');
  await call('VM.add_to_other_config', b.ref, `${KEY}.Owner`, 'alice');
  await call('VM.add_to_other_config', c.ref, `${KEY}.Owner`, 'bob');
  await call('VM.add_to_other_config', b.ref, `${KEY}.Expires`, '2027-01-02 03:04:05Z');
  await call('pool.add_to_other_config', poolRef(), `${KEY}.Owner`, 'ops');
  await expect.poll(() => drawnRows(page)).toEqual([
    '1 Custom Fields',
    '2 Expires', '3 Jan 2, 2027 4:04:05 AM', `4 ${b.name}`,
    '2 Owner', '3 alice', `4 ${a.name}`, `4 ${b.name}`, '3 bob', `4 ${c.name}`, '3 ops', `4 ${poolName()}`,
  ]);

  // A value row lists its members; a row under it is its object.
  await app.treeItem('alice').click();
  const members = page.getByRole('grid', { name: 'Members of alice' });
  await expect(members.getByRole('row')).toHaveCount(3);
  await page.screenshot(shot('objects-by-custom-field'));
  await app.tree.getByRole('treeitem', { name: c.name, exact: true }).click();
  await expect(page.getByRole('tab', { name: 'General' })).toBeVisible();

  // A value changed, one removed, a field dropped from the definitions: the view follows.
  await call('VM.remove_from_other_config', c.ref, `${KEY}.Owner`);
  await call('VM.add_to_other_config', c.ref, `${KEY}.Owner`, 'alice');
  await call('pool.set_gui_config', poolRef(), { [KEY]: defs(['Owner', 'String']) });
  await call('pool.remove_from_other_config', poolRef(), `${KEY}.Owner`);
  await expect.poll(() => drawnRows(page)).toEqual(['1 Custom Fields', '2 Owner', '3 alice', ...[a, b, c].map((v) => `4 ${v.name}`)]);

  // Objects by vApp: a vApp made by another client, and two VMs put in it.
  await chooseView(page, 'Objects by vApp');
  await expect(app.tree).toHaveAttribute('aria-label', 'Objects by vApp');
  await expect.poll(() => drawnRows(page)).toEqual(['1 vApps']);
  const vapp = await call('VM_appliance.create', { name_label: 'Web shop', name_description: 'front and back' }) as string;
  const empty = await call('VM_appliance.create', { name_label: 'Empty', name_description: '' }) as string;
  await call('VM.set_appliance', c.ref, vapp);
  await call('VM.set_appliance', a.ref, vapp);
  await expect.poll(() => drawnRows(page)).toEqual(['1 vApps', '2 Web shop', `3 ${a.name}`, `3 ${c.name}`]);
  await app.treeItem('Web shop').click();
  await expect(page.getByRole('grid', { name: 'Members of Web shop' }).getByRole('row')).toHaveCount(3);
  await page.screenshot(shot('objects-by-vapp'));

  // Renamed, a VM moved to the other vApp, one taken out: the view follows.
  await call('VM_appliance.set_name_label', vapp, 'Web shop 10');
  await call('VM_appliance.set_name_label', empty, 'Web shop 2');
  await call('VM.set_appliance', a.ref, empty);
  await call('VM.set_appliance', c.ref, NULL);
  await call('VM.set_appliance', b.ref, vapp);
  await expect.poll(() => drawnRows(page)).toEqual(['1 vApps', '2 Web shop 2', `3 ${a.name}`, '2 Web shop 10', `3 ${b.name}`]);

  // Choosing the checked view again goes back to Infrastructure.
  await chooseView(page, 'Objects by vApp');
  await expect(app.tree).toHaveAttribute('aria-label', 'Infrastructure');
});

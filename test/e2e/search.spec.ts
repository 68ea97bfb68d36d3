// The Search tab and Saved Searches: a query built in the tab, grouped, saved to the pool's gui_config
// as XenCenter saves it (read back through XAPI), listed under View > Saved Searches, live as VMs
// change; a search XenCenter wrote runs here; .xensearch export and import.
import { test, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { connectExpanded, type AppPage, chooseView } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';

let sim: Simulator;
let host: RunningHost;
const xapi = simXapi(() => sim);
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 6 }, (s, h) => { sim = s; host = h; });

const poolRef = (): string => [...sim.records('pool').keys()][0] as string;
const poolName = (): string => String(([...sim.records('pool').values()] as Rec[])[0].name_label);
const running = (): string[] => xapi.guests().filter(([, v]) => v.power_state === 'Running').map(([, v]) => String(v.name_label)).sort();

async function openSearchTab(page: Page, app: AppPage, row: string): Promise<void> {
  await app.treeItem(row).click();
  await page.getByRole('tab', { name: 'Search' }).click();
  await expect(page.getByRole('treegrid')).toBeVisible();
}
/** The result rows drawn, top to bottom, as "level name" (group rows end with their count). */
async function resultRows(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[role="treegrid"] .search-body [role="row"]')]
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .map((r) => `${r.getAttribute('aria-level')} ${(r.querySelector('.search-name')?.textContent ?? '').trim()}`));
}

/** The names of the object rows, in order. */
async function resultNames(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[role="treegrid"] .search-item-row')]
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .map((r) => (r.querySelector('.search-obj-name')?.textContent ?? '').trim()));
}
async function savedKeys(): Promise<Record<string, string>> {
  const gc = await xapi.call('pool.get_gui_config', poolRef()) as Record<string, string>;
  return Object.fromEntries(Object.entries(gc).filter(([k]) => k.startsWith('XenSearch.Search-')));
}
// As XenCenter's SearchMarshalling writes a search into gui_config (XmlNode.OuterXml): halted VMs by server, newest name first.
const XENCENTER_SEARCH = (uuid: string) => `<Search uuid="${uuid}" name="Halted VMs (XenCenter)" major_version="2" minor_version="0"><Query><QueryScope><VM /></QueryScope>`
  + '<EnumPropertyQuery property="power_state" equals="yes" query="Halted" /></Query><XenModelObjectPropertyGrouping property="host" />'
  + '<columns><column name="name" width="260" /><column name="ip" width="120" /></columns><sorting><sort column="name" ascending="no" /></sorting></Search>';

test('a search built in the Search tab, saved to the pool as XenCenter saves it, listed in Saved Searches, live, exported and imported', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = await connectExpanded(page, host.url, sim.url);

  // The pool's Search tab opens with XenCenter's search for a pool: its objects by server.
  await openSearchTab(page, app, poolName());
  const rows = await resultRows(page);
  expect(rows[0]).toMatch(new RegExp(`^1 ▾${poolName()}\\(\\d+\\)$`));
  for (const [, h] of sim.records('host') as Map<string, Rec>) expect(rows.some((r) => r.startsWith(`2 ▾${String(h.name_label)}(`))).toBe(true);
  for (const [, v] of xapi.guests()) expect(await resultNames(page)).toContain(String(v.name_label));
  await page.screenshot(shot('search-pool'));

  // VMs only, running: the results are the running VMs, found by the simulator's own records.
  await page.getByRole('button', { name: /^Search for:/ }).click();
  for (const t of ['Servers', 'Disconnected servers', 'Remote SRs', 'Custom templates']) await page.getByRole('checkbox', { name: t, exact: true }).uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Search for: VMs' })).toBeVisible();
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByRole('combobox', { name: 'Condition', exact: true }).nth(1).selectOption({ label: 'Power state' });
  await expect(page.getByRole('combobox', { name: 'Power state: value' })).toHaveValue('Running');
  await page.getByRole('combobox', { name: 'Group by', exact: true }).selectOption({ label: 'Nothing' });
  await expect.poll(() => resultNames(page)).toEqual(running());
  await expect(page.getByRole('status').filter({ hasText: /objects?$/ })).toHaveText(`${running().length} objects`);

  // Save it to the pool: one gui_config key, XenCenter's XML.
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByRole('textbox', { name: 'Name:' }).fill('Running VMs');
  await page.screenshot(shot('search-save'));
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => Object.keys(await savedKeys()).length).toBe(1);
  const [key, xml] = Object.entries(await savedKeys())[0];
  const uuid = key.slice('XenSearch.Search-'.length);
  expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
  expect(xml).toContain(`<Search uuid="${uuid}" name="Running VMs" major_version="2" minor_version="0"><Query><QueryScope><VM /></QueryScope>`);
  expect(xml).toContain('<EnumPropertyQuery property="power_state" equals="yes" query="Running" />');

  // View > Saved Searches: XenCenter's built-in searches and this one; it runs, and follows the VMs live.
  await chooseView(page, 'Saved Searches');
  await expect(app.treeItem('VMs by power state')).toBeVisible();
  await app.treeItem('Running VMs').click();
  await expect(page.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => resultNames(page)).toEqual(running());
  const halted = xapi.guests().find(([, v]) => v.power_state === 'Halted')!;
  await xapi.call('VM.start', halted[0], false, false);
  await expect.poll(() => resultNames(page)).toContain(String(halted[1].name_label));
  const stop = xapi.guests().find(([, v]) => v.power_state === 'Running' && v.name_label !== halted[1].name_label)!;
  await xapi.call('VM.hard_shutdown', stop[0]);
  await expect.poll(() => resultNames(page)).not.toContain(String(stop[1].name_label));
  expect(await resultNames(page)).toEqual(running());
  await page.screenshot(shot('search-saved-live'));

  // A search XenCenter saved in the pool appears and runs as XenCenter defined it: grouped by server, names descending.
  await xapi.call('pool.add_to_gui_config', poolRef(), 'XenSearch.Search-2f1c7a52-0000-4000-8000-00000000c3a1', XENCENTER_SEARCH('2f1c7a52-0000-4000-8000-00000000c3a1'));
  await app.treeItem('Halted VMs (XenCenter)').click();
  const haltedNames = xapi.guests().filter(([, v]) => v.power_state === 'Halted').map(([, v]) => String(v.name_label));
  await expect.poll(async () => (await resultNames(page)).sort()).toEqual([...haltedNames].sort());
  await expect(page.getByRole('treegrid').getByRole('columnheader')).toHaveText(['Name ▼', 'Address']);

  // Export: a .xensearch file as XenCenter writes it; import it back under another name.
  await app.treeItem('Running VMs').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export…' }).click()]);
  expect(download.suggestedFilename()).toBe('Running VMs.xensearch');
  const file = await readFile(await download.path(), 'utf8');
  expect(file.split('\n').slice(0, 3)).toEqual([
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!DOCTYPE xensearch PUBLIC "-//XENSEARCH//DTD XENSEARCH 1//EN" "xensearch-1.dtd">',
    '<Searches xmlns="http://www.citrix.com/XenCenter/XenSearch/schema">',
  ]);
  expect(file).toContain(`<Search uuid="${uuid}" name="Running VMs"`);
  await page.getByLabel('Search file to import').setInputFiles({ name: 'copy.xensearch', mimeType: 'application/xml', buffer: Buffer.from(file.replace('name="Running VMs"', 'name="Imported VMs"')) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText("Imported 'Imported VMs'. Save it to keep it in a pool.");
  await expect(page.locator('.search-title')).toContainText('Imported VMs');
  await expect.poll(() => resultNames(page)).toEqual(running());
  // Unsaved until saved: it cannot overwrite the saved search it was exported from.
  await expect(page.getByRole('button', { name: 'Save…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await page.screenshot(shot('search-imported'));

  // Delete the saved one: the key leaves gui_config and the row the view.
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Delete Saved Search' });
  await expect(ask).toContainText("Delete the saved search 'Running VMs'?");
  await page.screenshot(shot('search-delete'));
  await ask.getByRole('button', { name: 'Cancel' }).click();
  expect(Object.keys(await savedKeys())).toHaveLength(2);
  await page.getByRole('button', { name: 'Delete' }).click();
  await ask.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(async () => Object.keys(await savedKeys())).toEqual(['XenSearch.Search-2f1c7a52-0000-4000-8000-00000000c3a1']);
  await expect(app.treeItem('Running VMs')).toHaveCount(0);
});

test('several selected rows and a tag row keep a Search tab', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = await connectExpanded(page, host.url, sim.url);
  const [a, b] = xapi.guests().map(([, v]) => String(v.name_label));
  await app.treeItem(a).click();
  await app.treeItem(b).click({ modifiers: ['Control'] });
  await expect(page.getByRole('tab')).toHaveText(['Selection', 'Search']);
  await page.getByRole('tab', { name: 'Search' }).click();
  // XenCenter's search for several objects: whatever is in their pool.
  await expect.poll(() => resultNames(page)).toEqual(expect.arrayContaining([a, b]));
  await page.screenshot(shot('search-selection'));

  // A tag row: its members, and a Search tab of the objects with that tag, following a tag added elsewhere.
  const [[refA], [refB]] = xapi.guests();
  await xapi.call('VM.add_tags', refA, 'blue');
  await chooseView(page, 'Objects by Tag');
  await app.treeItem('blue').click();
  await expect(page.getByRole('tab')).toHaveText(['Overview', 'Search']);
  await page.getByRole('tab', { name: 'Search' }).click();
  await expect.poll(() => resultNames(page)).toEqual([a]);
  await xapi.call('VM.add_tags', refB, 'blue');
  await expect.poll(async () => (await resultNames(page)).sort()).toEqual([a, b].sort());
});

test('the Search tab at 1920x1080: a VM search grouped by server with every column', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const app = await connectExpanded(page, host.url, sim.url);
  await openSearchTab(page, app, poolName());
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'HA' }).uncheck();
  await page.keyboard.press('Escape');
  await page.getByRole('treegrid').getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page.getByRole('treegrid').getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => page.locator('.usage-text').count()).toBeGreaterThan(0);
  // Disks and Network in XenCenter's place and words: "avg/max" KiB/s under "(avg / max KBs)".
  const heads = page.getByRole('treegrid').getByRole('columnheader');
  await expect(heads).toHaveText([/^Name/, 'CPU Usage', 'Used Memory', 'Disks (avg / max KBs)', 'Network (avg / max KBs)', 'Address', 'Uptime']);
  await expect(page.getByRole('treegrid').getByRole('gridcell', { name: /^\d+\/\d+$/ }).first()).toBeVisible();
  await page.screenshot(shot('search-1920'));
});

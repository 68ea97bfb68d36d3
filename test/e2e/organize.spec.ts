// Folders and tags managed as XenCenter does, checked through XAPI as a second client sees them: Move to
// Folder… on two VMs (other_config folder), New Folder… (the pool's other_config EMPTY_FOLDERS, and the
// row in Objects by Folder), a VM dragged onto a tag row (its tags), and Rename Tag… (every object's tags).
import { test, expect, type Locator, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { chooseView, connectExpanded, drag, findInTree } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });
const modifier = process.platform === 'darwin' ? 'Meta' : 'Control';

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 8 }, (s, h) => { sim = s; host = h; });

const { call } = simXapi(() => sim);
const vmRef = (name: string): string => [...sim.records('VM').entries() as Iterable<[string, Rec]>].find(([, v]) => v.name_label === name)![0];
const poolRef = (): string => [...sim.records('pool').keys()][0];
const taggedWith = async (tag: string): Promise<string[]> => {
  const out: string[] = [];
  for (const cls of ['VM', 'host', 'SR', 'network', 'pool']) {
    const all = await call(`${cls}.get_all_records`) as Record<string, Rec>;
    for (const r of Object.values(all)) if ((r.tags as string[]).includes(tag)) out.push(String(r.name_label));
  }
  return out.sort();
};

async function rowMenu(page: Page, row: Locator, item: string) {
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: item }).click();
}

test('Move to Folder…, New/Rename/Delete Folder, drags into a folder and onto a tag, Untag, Rename/Delete Tag: stored where XenCenter stores them', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = await connectExpanded(page, host.url, sim.url);

  // Two VMs, Ctrl-click, then Tools > Move to Folder…: the path typed loosely is stored normalised.
  await (await findInTree(app, 'db-01')).click();
  await (await findInTree(app, 'cache-01')).click({ modifiers: [modifier] });
  await page.getByRole('menuitem', { name: 'Tools', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Move to Folder…' }).click();
  const move = page.getByRole('dialog', { name: 'Move 2 objects to Folder' });
  await expect(move.getByRole('option', { name: 'Production' })).toBeVisible();
  await move.getByRole('textbox', { name: 'Path' }).fill(' Apps//Data/ ');
  await expect(move.getByText('Moves 2 objects to /Apps/Data.')).toBeVisible();
  await page.screenshot(shot('organize-move-to-folder'));
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(move).toBeHidden();
  await expect.poll(async () => ((await call('VM.get_other_config', vmRef('db-01'))) as Rec).folder).toBe('/Apps/Data');
  await expect.poll(async () => ((await call('VM.get_other_config', vmRef('cache-01'))) as Rec).folder).toBe('/Apps/Data');
  await expect(app.eventsPanel.getByText('Moving to folder /Apps/Data').first()).toBeVisible();

  // Objects by Folder: the two VMs under Apps → Data; New Folder… on the Folders root makes an empty folder.
  await chooseView(page, 'Objects by Folder');
  await app.reveal(['Folders', 'Apps', 'Data', 'db-01']);
  await expect(app.treeItem('cache-01')).toBeVisible();
  await rowMenu(page, app.treeItem('Folders'), 'New Folder…');
  const create = page.getByRole('dialog', { name: 'New Folder' });
  await create.getByLabel('Name').fill('Staging');
  await page.screenshot(shot('organize-new-folder'));
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  await expect.poll(async () => ((await call('pool.get_other_config', poolRef())) as Rec).EMPTY_FOLDERS).toBe('/Staging');
  await expect(app.treeItem('Staging')).toBeVisible();
  // A folder of that name exists now: New Folder… says so and will not make it twice.
  await rowMenu(page, app.treeItem('Folders'), 'New Folder…');
  await create.getByLabel('Name').fill('Staging');
  await expect(create.getByRole('button', { name: 'Create' })).toBeDisabled();
  await expect(create.getByRole('button', { name: 'Create' })).toHaveAttribute('title', 'There is already a folder /Staging');
  await create.getByRole('button', { name: 'Cancel' }).click();
  // Dragging cache-01 into the empty folder: it moves, and the folder is no longer listed as empty.
  const d0 = await drag(page, app.treeItem('cache-01'));
  await d0.over(app.treeItem('Staging'));
  await expect(page.locator('.nav-pane').getByText("Move 'cache-01' to /Staging")).toBeVisible();
  await d0.drop(app.treeItem('Staging'));
  await expect.poll(async () => ((await call('VM.get_other_config', vmRef('cache-01'))) as Rec).folder).toBe('/Staging');
  await expect.poll(async () => ((await call('pool.get_other_config', poolRef())) as Rec).EMPTY_FOLDERS ?? '').toBe('');

  // A folder dragged onto another moves there with what it holds; dragged onto Folders, back to the top.
  const f1 = await drag(page, app.treeItem('Staging'));
  await f1.over(app.treeItem('Apps'));
  await expect(page.locator('.nav-pane').getByText('Move folder /Staging to /Apps')).toBeVisible();
  await f1.drop(app.treeItem('Apps'));
  await expect.poll(async () => ((await call('VM.get_other_config', vmRef('cache-01'))) as Rec).folder).toBe('/Apps/Staging');
  await app.reveal(['Folders', 'Apps', 'Staging']);
  const f2 = await drag(page, app.treeItem('Staging'));
  await f2.over(app.treeItem('Apps'));
  await expect(page.locator('.nav-pane').getByText('/Apps/Staging is already in /Apps')).toBeVisible();
  await f2.over(app.treeItem('Folders'));
  await f2.drop(app.treeItem('Folders'));
  await expect.poll(async () => ((await call('VM.get_other_config', vmRef('cache-01'))) as Rec).folder).toBe('/Staging');

  // Rename Folder… on Apps: db-01 (in /Apps/Data) moves along; Delete Folder asks, then db-01 is in no folder.
  await rowMenu(page, app.treeItem('Apps'), 'Rename Folder…');
  const renameFolder = page.getByRole('dialog', { name: 'Rename Folder /Apps' });
  await renameFolder.getByLabel('New name').fill('Services');
  await page.screenshot(shot('organize-rename-folder'));
  await renameFolder.getByRole('button', { name: 'Rename' }).click();
  await expect.poll(async () => ((await call('VM.get_other_config', vmRef('db-01'))) as Rec).folder).toBe('/Services/Data');
  await rowMenu(page, app.treeItem('Services'), 'Delete Folder');
  const askFolder = page.getByRole('alertdialog', { name: 'Delete Folder' });
  await expect(askFolder).toContainText('Delete the folder /Services and its 1 object and 1 subfolder?');
  await page.screenshot(shot('organize-delete-folder'));
  await askFolder.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(async () => 'folder' in ((await call('VM.get_other_config', vmRef('db-01'))) as Rec)).toBe(false);
  await expect(app.treeItem('Services')).toHaveCount(0);

  // Objects by Tag: cache-01 (tagged 'cache' by another client) dragged onto the 'web' row gets 'web' too.
  await call('VM.add_tags', vmRef('cache-01'), 'cache');
  await call('VM.add_tags', vmRef('web-01'), 'web');
  const hostRef = [...sim.records('host').keys()][0];
  await call('host.add_tags', hostRef, 'web');
  await chooseView(page, 'Objects by Tag');
  await app.reveal(['Tags', 'cache', 'cache-01']);
  const web = app.treeItem('web');
  const d = await drag(page, app.treeItem('cache-01'));
  await d.over(web);
  await expect(page.locator('.nav-pane').getByText("Add tag 'web' to 'cache-01'")).toBeVisible();
  await d.drop(web);
  await expect.poll(async () => (await call('VM.get_tags', vmRef('cache-01'))) as string[]).toEqual(expect.arrayContaining(['cache', 'web']));

  // Rename Tag… on the 'web' row: every object with it, VM or server, has the new name instead.
  const before = await taggedWith('web');
  const hostName = String(sim.records('host').get(hostRef)!.name_label);
  expect(before).toEqual(expect.arrayContaining(['cache-01', 'web-01', hostName]));
  await rowMenu(page, app.treeItem('web'), 'Rename Tag…');
  const rename = page.getByRole('dialog', { name: "Rename Tag 'web'" });
  await expect(rename.getByText(`${before.length} objects have this tag; each gets the new name.`)).toBeVisible();
  await rename.getByLabel('New name').fill('frontend');
  await page.screenshot(shot('organize-rename-tag'));
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await expect.poll(() => taggedWith('frontend')).toEqual(before);
  expect(await taggedWith('web')).toEqual([]);
  await expect(app.treeItem('frontend')).toBeVisible();
  await expect(app.treeItem('web')).toHaveCount(0);

  // Untag on cache-01's row under 'cache': that tag alone goes.
  await rowMenu(page, app.tree.locator(`[role="treeitem"][data-node-id$="|vm|${vmRef('cache-01')}|tag:cache"]`), 'Untag');
  await expect.poll(async () => (await call('VM.get_tags', vmRef('cache-01'))) as string[]).not.toContain('cache');
  expect(await call('VM.get_tags', vmRef('cache-01'))).toContain('frontend');

  // Delete Tag asks first; then no object has it.
  await rowMenu(page, app.treeItem('frontend'), 'Delete Tag');
  const ask = page.getByRole('alertdialog', { name: 'Delete Tag' });
  await expect(ask).toContainText(`Remove the tag frontend from ${before.length} objects?`);
  await page.screenshot(shot('organize-delete-tag'));
  await ask.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => taggedWith('frontend')).toEqual([]);
});

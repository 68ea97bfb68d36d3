// The tree's search box, tags edited from the General tab (checked through XAPI), the Objects by Tag
// view with another client's change arriving live, and the Objects by Folder view.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, chooseView } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 10 }, (s, h) => { sim = s; host = h; });

const vmRef = (name: string): string => [...sim.records('VM').entries() as Iterable<[string, Rec]>].find(([, v]) => v.name_label === name)![0];
const poolName = (): string => String(([...sim.records('pool').values()] as Rec[])[0].name_label);

test('search the tree, edit tags from the General tab, Objects by Tag and by Folder', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search the tree' });
  const count = page.locator('.nav-pane').getByRole('status');

  // Part of a name: only the VM and its path (pool → server) stay, expanded.
  await search.fill('ache-0');
  await expect(count).toHaveText('1 object found');
  const rows = app.tree.getByRole('treeitem');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('aria-label', poolName());
  await expect(rows.nth(1)).toHaveAttribute('data-kind', 'host');
  await expect(rows.nth(2)).toHaveAttribute('aria-label', 'cache-01');
  await expect(rows.nth(1)).toHaveAttribute('aria-expanded', 'true');
  await page.screenshot(shot('search-one-vm'));
  await search.fill('no such object');
  await expect(count).toHaveText('No objects found');
  await expect(rows).toHaveCount(0);
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(app.treeItem('web-01')).toBeVisible();

  // Add "critical" to db-01 from its General tab; XAPI has it, the tab shows it.
  const db = vmRef('db-01');
  await app.treeItem('db-01').click();
  const panel = page.getByRole('tabpanel');
  await panel.getByRole('button', { name: 'Edit Tags…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Tags — db-01' });
  await dialog.getByLabel('New tag').fill('critical');
  await dialog.getByLabel('New tag').press('Enter');
  await expect(dialog.getByRole('listitem')).toHaveText(['critical×']);
  await page.screenshot(shot('edit-tags-dialog'));
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  const s = await login(sim.url);
  expect(await rpc(sim.url, 'VM.get_tags', s, db)).toEqual(['critical']);
  await expect(panel.getByRole('list', { name: 'Tags' })).toHaveText('critical');
  await page.screenshot(shot('general-tags'));

  // Objects by Tag: Tags → critical → db-01. The selection goes with the Infrastructure view, so no
  // VM command acts on db-01 while the new view shows nothing selected.
  const forceShutdown = page.getByRole('toolbar', { name: 'Toolbar' }).getByRole('button', { name: 'Force Shut Down' });
  await expect(forceShutdown).toBeEnabled();
  await chooseView(page, 'Objects by Tag');
  await expect(page.locator('.pane-title')).toHaveText('Objects by Tag');
  await expect(forceShutdown).toBeDisabled();
  await expect(app.tree).toHaveAttribute('aria-label', 'Objects by Tag');
  await app.reveal(['Tags', 'critical']);
  const critical = app.treeItem('critical');
  if ((await critical.getAttribute('aria-expanded')) === 'false') { await critical.click(); await critical.press('ArrowRight'); }
  const taggedRow = app.tree.locator(`[role="treeitem"][data-node-id$="|vm|${db}|tag:critical"]`);
  await expect(taggedRow).toHaveAttribute('aria-label', 'db-01');
  await page.screenshot(shot('tags-view'));

  // Remove it again (with the selection still on db-01 in the Tags view).
  await taggedRow.click();
  await panel.getByRole('button', { name: 'Edit Tags…' }).click();
  await dialog.getByRole('button', { name: 'Remove tag critical' }).click();
  await expect(dialog.getByText('No tags')).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect(await rpc(sim.url, 'VM.get_tags', s, db)).toEqual([]);
  await expect(app.treeItem('critical')).toHaveCount(0);

  // Another client tags the VM: the Tags view and the General tab follow (event.from).
  await rpc(sim.url, 'VM.add_tags', s, db, 'from-elsewhere');
  await expect(app.treeItem('from-elsewhere')).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Tags' })).toHaveText('from-elsewhere');
  // The search works in this view too, by tag.
  await search.fill('elsewhere');
  await expect(count).toHaveText('1 object found');
  await expect(app.tree.getByRole('treeitem')).toHaveCount(3);
  await search.press('Escape');

  // Objects by Folder: the demo pool put web-01 in /Production.
  await chooseView(page, 'Objects by Folder');
  await expect(app.tree).toHaveAttribute('aria-label', 'Objects by Folder');
  await app.reveal(['Folders', 'Production']);
  const production = app.treeItem('Production');
  if ((await production.getAttribute('aria-expanded')) === 'false') { await production.click(); await production.press('ArrowRight'); }
  const webRow = app.treeItem('web-01');
  await expect(webRow).toBeVisible();
  expect(Number(await webRow.getAttribute('aria-level'))).toBe(3);
  await page.screenshot(shot('folders-view'));

  // Choosing the checked view again goes back to Infrastructure.
  await chooseView(page, 'Objects by Folder');
  await expect(app.tree).toHaveAttribute('aria-label', 'Infrastructure');
});

test('Edit Tags… is a command: from a server\'s context menu and from Tools on the pool (checked through XAPI)', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  if (!(await app.tree.count()) || !(await app.treeItem(poolName()).count())) await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();
  const s = await login(sim.url);
  const hostRec = ([...sim.records('host').entries()] as Array<[string, Rec]>)[0];
  const [hRef, h] = hostRec;

  // The server's context menu offers it with the others; OK adds the tag to the host.
  const hostRow = app.treeItem(String(h.name_label));
  await hostRow.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Context menu' });
  await menu.getByRole('menuitem', { name: 'Edit Tags…' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit Tags — ${String(h.name_label)}` });
  await dialog.getByLabel('New tag').fill('rack-4');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect(await rpc(sim.url, 'host.get_tags', s, hRef)).toContain('rack-4');

  // Tools > Edit Tags… on the selected pool; Cancel sends nothing.
  const [pRef] = ([...sim.records('pool').entries()] as Array<[string, Rec]>)[0];
  const before = await rpc(sim.url, 'pool.get_tags', s, pRef);
  await app.treeItem(poolName()).click();
  await page.getByRole('menuitem', { name: 'Tools', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Edit Tags…' }).click();
  const poolDialog = page.getByRole('dialog', { name: `Edit Tags — ${poolName()}` });
  await poolDialog.getByLabel('New tag').fill('lab');
  await poolDialog.getByRole('button', { name: 'Add' }).click();
  await poolDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(poolDialog).toBeHidden();
  expect(await rpc(sim.url, 'pool.get_tags', s, pRef)).toEqual(before);
  await page.getByRole('menuitem', { name: 'Tools', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Edit Tags…' }).click();
  await poolDialog.getByLabel('New tag').fill('lab');
  await poolDialog.getByRole('button', { name: 'Add' }).click();
  await poolDialog.getByRole('button', { name: 'OK' }).click();
  await expect(poolDialog).toBeHidden();
  expect(await rpc(sim.url, 'pool.get_tags', s, pRef)).toContain('lab');
  await expect(page.getByRole('tabpanel').getByRole('list', { name: 'Tags' })).toContainText('lab');
  await page.screenshot(shot('edit-tags-from-tools'));
});

// View > Objects by Type: XenCenter's groups in its order and the rows of each, following a rename and
// a new template made by another client (event.from), and the View options.
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, chooseView } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;
const shot = (name: string) => ({ path: `test-results/screens/${name}.png` });

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 5 }, (s, h) => { sim = s; host = h; });

const vms = (): Array<[string, Rec]> => [...sim.records('VM').entries() as Iterable<[string, Rec]>];
const plainVmNames = (): string[] => vms().filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain).map(([, v]) => String(v.name_label));
const poolName = (): string => String(([...sim.records('pool').values()] as Rec[])[0].name_label);

/** The rows drawn, top to bottom, as "level name". */
async function drawnRows(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[role="tree"] [role="treeitem"]')]
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .map((r) => `${r.getAttribute('aria-level')} ${r.getAttribute('aria-label')}`));
}
/** The rows under a group row, in order. */
async function groupRows(page: Page, group: string): Promise<string[]> {
  const rows = await drawnRows(page);
  const i = rows.indexOf(`2 ${group}`);
  if (i < 0) return [];
  const out: string[] = [];
  for (const r of rows.slice(i + 1)) { if (!r.startsWith('3 ')) break; out.push(r.slice(2)); }
  return out;
}
const groupNames = async (page: Page) => (await drawnRows(page)).filter((r) => r.startsWith('2 ')).map((r) => r.slice(2));

test('Objects by Type: XenCenter\'s groups and order, live after XAPI changes, with the View options', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();

  await chooseView(page, 'Objects by Type');
  await expect(app.tree).toHaveAttribute('aria-label', 'Objects by Type');
  await expect(page.locator('.pane-title')).toHaveText('Objects by Type');
  await expect(app.treeItem('Objects by Type')).toBeVisible();
  // The defaults: no default templates, snapshots nor networks; the View menu shows it checked.
  await expect.poll(() => groupNames(page)).toEqual([
    'Pools', 'Servers', 'VMs', 'Custom Templates', 'Remote Storage Repositories', 'Local Storage Repositories',
  ]);
  await page.getByRole('menuitem', { name: 'View', exact: true }).click();
  await expect(page.getByRole('menuitemcheckbox', { name: 'Objects by Type' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');

  const hosts = ([...sim.records('host').entries()] as Array<[string, Rec]>);
  const master = String(([...sim.records('pool').values()] as Rec[])[0].master);
  const hostName = (ref: string) => String(hosts.find(([r]) => r === ref)![1].name_label);
  expect(await groupRows(page, 'Pools')).toEqual([poolName()]);
  // The coordinator first, then the members.
  expect(await groupRows(page, 'Servers')).toEqual([hostName(master), ...hosts.filter(([r]) => r !== master).map(([r]) => hostName(r)).sort()]);
  expect(await groupRows(page, 'VMs')).toEqual(plainVmNames().sort());
  expect(await groupRows(page, 'Custom Templates')).toEqual(['Debian 12 web base']);
  expect(await groupRows(page, 'Remote Storage Repositories')).toEqual(['ISO library', 'NFS shared storage']);
  // Every server's own SR says whose it is.
  expect(await groupRows(page, 'Local Storage Repositories')).toEqual(hosts.map(([r]) => `Local storage on ${hostName(r)}`).sort());
  await page.screenshot(shot('objects-by-type'));

  // A row is its object: selecting it opens its tabs.
  const first = plainVmNames().sort()[0];
  await app.treeItem(first).click();
  await expect(page.getByRole('tab', { name: 'General' })).toBeVisible();
  await expect(page.getByRole('tabpanel')).toContainText(first);

  // A group row stands for no object: it lists its members, as a tag's does.
  await app.treeItem('VMs').click();
  const members = page.getByRole('grid', { name: 'Members of VMs' });
  await expect(members).toBeVisible();
  await expect(page.getByRole('heading', { name: 'VMs' })).toBeVisible();
  await expect(members.getByRole('row')).toHaveCount(plainVmNames().length + 1);
  await page.screenshot(shot('objects-by-type-group'));

  // Another client renames the last VM to sort first, and makes a template: the view follows.
  const s = await login(sim.url);
  const last = plainVmNames().sort().at(-1)!;
  const lastRef = vms().find(([, v]) => v.name_label === last)![0];
  await rpc(sim.url, 'VM.set_name_label', s, lastRef, 'aardvark 10');
  const template = vms().find(([, v]) => v.name_label === 'Debian 12 web base')![0];
  await rpc(sim.url, 'VM.clone', s, template, 'Alpine base');
  await expect.poll(() => groupRows(page, 'VMs')).toEqual(['aardvark 10', ...plainVmNames().filter((n) => n !== 'aardvark 10').sort()]);
  await expect.poll(() => groupRows(page, 'Custom Templates')).toEqual(['Alpine base', 'Debian 12 web base']);

  // The View options apply here as in Infrastructure: default templates come after the custom ones,
  // and no local storage takes its group away.
  await chooseView(page, 'Show Default Templates');
  await expect.poll(async () => (await groupNames(page)).slice(3, 5)).toEqual(['Custom Templates', 'Default Templates']);
  await page.screenshot(shot('objects-by-type-default-templates'));
  await chooseView(page, 'Show Default Templates');
  await chooseView(page, 'Show Local Storage');
  await expect.poll(() => groupNames(page)).toEqual(['Pools', 'Servers', 'VMs', 'Custom Templates', 'Remote Storage Repositories']);
  await chooseView(page, 'Show Local Storage');

  // The tree's search box works in this view: a VM's row with its group and the root.
  const search = page.getByRole('searchbox', { name: 'Search the tree' });
  await search.fill('aardvark');
  await expect(page.locator('.nav-pane').getByRole('status')).toHaveText('1 object found');
  await expect.poll(() => drawnRows(page)).toEqual(['1 Objects by Type', '2 VMs', '3 aardvark 10']);
  await search.press('Escape');

  // Choosing it again goes back to Infrastructure.
  await chooseView(page, 'Objects by Type');
  await expect(app.tree).toHaveAttribute('aria-label', 'Infrastructure');
});

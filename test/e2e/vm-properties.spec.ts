// VM Properties end to end: a halted VM renamed, its vCPUs and topology changed and a home server set
// through the dialog's pages (a cores-per-socket mistake shown on its page first), checked through
// XAPI and in the Events panel; Alt+Enter opens it on a running VM whose vCPU change the server
// refuses, and the dialog stays open with the error's words and code.
import { test, expect } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage, findInTree } from './support/app-page';
import { login, rpc } from '../support/xapi-rpc';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
type Rec = Record<string, unknown>;

simulatorAndHostForFile({ port: 0, hosts: 2, vms: 10 }, (s, h) => { sim = s; host = h; });

const vms = () => [...sim.records('VM').entries() as Iterable<[string, Rec]>].filter(([, v]) => !v.is_control_domain && !v.is_a_template && !v.is_a_snapshot);
const poolName = (): string => String(([...sim.records('pool').values()] as Rec[])[0].name_label);

test('rename a VM, change its vCPUs and home server; a refusal stays in the dialog', async ({ page }) => {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem(poolName())).toBeVisible();
  const s = await login(sim.url);

  const [vmRef, vm] = vms().find(([, v]) => v.power_state === 'Halted')!;
  const name = String(vm.name_label);
  const [hostRef, hostRec] = [...sim.records('host').entries() as Iterable<[string, Rec]>][1];
  await (await findInTree(app, name)).click({ button: 'right' });
  const item = page.getByRole('menu', { name: 'Context menu' }).getByRole('menuitem', { name: /^Properties/ });
  await expect(item).toContainText('Alt+Enter');
  await item.click();
  const dialog = page.getByRole('dialog', { name: `'${name}' Properties` });
  await expect(dialog).toBeVisible();
  const tabs = dialog.getByRole('tablist', { name: 'Pages' });
  // Advanced Options (shadow memory) is for HVM guests only.
  const hvm = String(vm.HVM_boot_policy ?? '') !== '';
  await expect(tabs.getByRole('tab')).toHaveText(['General', 'Custom Fields', 'CPU', 'Home Server', 'Start Options', 'Boot Options', 'Alerts', ...(hvm ? ['Advanced Options'] : [])]);

  await dialog.getByLabel('Name', { exact: true }).fill('renamed-vm');
  await dialog.getByLabel('Folder').fill('/Production/Web');
  await shotAtSizes(page, 'vm-properties-general');

  // CPU: 4 vCPUs with 3 cores per socket is refused on its page, in words, before anything is sent.
  await tabs.getByRole('tab', { name: 'CPU' }).click();
  await dialog.getByLabel('Maximum vCPUs').fill('4');
  await dialog.getByLabel('Number of vCPUs').fill('4');
  await dialog.getByLabel('Cores per socket').fill('3');
  await tabs.getByRole('tab', { name: 'General' }).click();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(tabs.getByRole('tab', { selected: true })).toHaveText(/CPU/);
  await expect(dialog.getByRole('alert')).toHaveText('Cores per socket (3) must divide the number of vCPUs (4).');
  await shotAtSizes(page, 'vm-properties-cpu-problem');
  await dialog.getByLabel('Cores per socket').fill('2');
  await shotAtSizes(page, 'vm-properties-cpu');

  // Home Server, reached with the keyboard from the page list.
  await tabs.getByRole('tab', { name: /CPU/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(tabs.getByRole('tab', { name: 'Home Server' })).toHaveAttribute('aria-selected', 'true');
  await dialog.getByRole('radio', { name: String(hostRec.name_label) }).check();
  await shotAtSizes(page, 'vm-properties-home');
  for (const p of ['Start Options', 'Boot Options', ...(hvm ? ['Advanced Options'] : [])]) {
    await tabs.getByRole('tab', { name: p }).click();
    await shotAtSizes(page, `vm-properties-${p.split(' ')[0].toLowerCase()}`);
  }
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();

  const rec = await rpc(sim.url, 'VM.get_record', s, vmRef) as Rec;
  expect(rec).toMatchObject({ name_label: 'renamed-vm', affinity: hostRef });
  expect([Number(rec.VCPUs_max), Number(rec.VCPUs_at_startup)]).toEqual([4, 4]);
  expect(rec.platform).toMatchObject({ 'cores-per-socket': '2' });
  expect(rec.other_config).toMatchObject({ folder: '/Production/Web' });
  await expect(app.eventsPanel.getByText(`Changing properties of '${name}'`)).toBeVisible();

  // A running VM whose vCPU change the server refuses: Alt+Enter opens it, the error stays in the dialog.
  const [runRef, run] = vms().find(([, v]) => v.power_state === 'Running' && Number(v.VCPUs_max) >= 2)!;
  await rpc(sim.url, 'VM.set_VCPUs_number_live', s, runRef, 1);
  await rpc(sim.url, 'VM.add_to_blocked_operations', s, runRef, 'changing_VCPUs_live', 'blocked for the test');
  await (await findInTree(app, String(run.name_label))).click();
  // The dialog copies the VM's values when it opens: first let the other client's change reach the
  // screen (a stale 2 vCPUs there made the 2 typed below no change at all, and OK just closed).
  await page.getByRole('tab', { name: 'General' }).click();
  await expect(page.getByRole('tabpanel').locator('.prop-row').filter({ has: page.locator('dt', { hasText: /^vCPUs$/ }) }).locator('dd')).toHaveText('1');
  await page.keyboard.press('Alt+Enter');
  const dialog2 = page.getByRole('dialog', { name: `'${String(run.name_label)}' Properties` });
  await expect(dialog2).toBeVisible();
  for (const p of ['Boot Options', 'Advanced Options']) {
    const tab = dialog2.getByRole('tablist').getByRole('tab', { name: p });
    if (await tab.count()) { await tab.click(); await shotAtSizes(page, `vm-properties-running-${p.split(' ')[0].toLowerCase()}`); }
  }
  await dialog2.getByRole('tablist').getByRole('tab', { name: 'CPU' }).click();
  await expect(dialog2.getByLabel('Maximum vCPUs')).toBeDisabled();
  await dialog2.getByLabel('Number of vCPUs').fill('2');
  await dialog2.getByRole('button', { name: 'OK' }).click();
  await expect(dialog2.locator('.dialog-error')).toContainText('OPERATION_BLOCKED');
  await shotAtSizes(page, 'vm-properties-refused');
  await expect(dialog2).toBeVisible();
  expect(Number(await rpc(sim.url, 'VM.get_VCPUs_at_startup', s, runRef))).toBe(1);
  await dialog2.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog2).toBeHidden();

  // An HVM guest from the VM menu: its boot order (Move Up) and shadow memory pages.
  const hvmVm = vms().find(([, v]) => String(v.HVM_boot_policy ?? '') !== '');
  if (hvmVm) {
    const [hvmRef, hvmRec] = hvmVm;
    await (await findInTree(app, String(hvmRec.name_label))).click();
    await page.getByRole('menuitem', { name: 'VM', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Properties/ }).click();
    const d3 = page.getByRole('dialog', { name: `'${String(hvmRec.name_label)}' Properties` });
    await d3.getByRole('tab', { name: 'Boot Options' }).click();
    // XenCenter's boot list: a tick per device; the second device moves to the top, then every device is ticked.
    const names: Record<string, string> = { c: 'Hard Disk', d: 'DVD Drive', n: 'Network' };
    const before = [...String((hvmRec.HVM_boot_params as Rec | undefined)?.order ?? 'cd')];
    const list = [...before, ...['c', 'd', 'n'].filter((c) => !before.includes(c))];
    const expected = [list[1], list[0], list[2]];
    for (const c of list) await expect(d3.getByRole('option', { name: names[c] })).toHaveAttribute('aria-checked', String(before.includes(c)));
    await d3.getByRole('option', { name: names[list[1]] }).click();
    await d3.getByRole('button', { name: 'Move Up' }).click();
    await expect(d3.getByRole('option')).toHaveText(expected.map((c) => names[c]));
    for (const c of expected) {
      const option = d3.getByRole('option', { name: names[c] });
      await option.click();
      if ((await option.getAttribute('aria-checked')) !== 'true') await d3.getByRole('listbox', { name: 'Boot order' }).press('Space');
      await expect(option).toHaveAttribute('aria-checked', 'true');
    }
    await shotAtSizes(page, 'vm-properties-boot-hvm');
    await d3.getByRole('tab', { name: 'Advanced Options' }).click();
    await shotAtSizes(page, 'vm-properties-advanced');
    await d3.getByRole('button', { name: 'OK' }).click();
    await expect(d3).toBeHidden();
    expect(((await rpc(sim.url, 'VM.get_HVM_boot_params', s, hvmRef)) as Rec).order).toBe(expected.join(''));
  }
});

// HA as XenCenter does it, in the real browser host against the simulator: the pool's HA tab, the
// Configure HA wizard (heartbeat SR with the unusable ones saying why, priorities per VM with start order
// and delay, failures to tolerate against the server's maximum), then a host failure (the simulator's
// faults) with the "Restart" VM restarted elsewhere and the "Do not restart" one left halted, the
// priorities edited while HA is on, and Disable HA; every step checked through XAPI. The wizard's warning
// of broken shared SRs, and a full SR refused as the heartbeat (xapi's free-space check).
import { test, expect, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage } from './support/app-page';
import { simXapi, type Rec } from './support/sim-xapi';
import { shotAtSizes } from './support/screens';

let sim: Simulator;
let host: RunningHost;
const x = simXapi(() => sim);

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

const rec = (cls: string, ref: unknown) => sim.records(cls).get(String(ref)) as Rec | undefined;
const onShared = (v: Rec) => (v.VBDs as string[]).every((b) => {
  const vbd = rec('VBD', b)!;
  return vbd.type !== 'Disk' || rec('SR', rec('VDI', vbd.VDI)?.SR)?.shared === true;
});

/** Two agile guests running on one member (not the coordinator), put there through XAPI. */
async function twoOnOneMember(master: string): Promise<{ member: string; keep: [string, Rec]; drop: [string, Rec] }> {
  const member = [...sim.records('host').keys()].find((h) => h !== master)!;
  const agile = x.guests().filter(([, v]) => onShared(v) && (v.power_state === 'Running' || v.power_state === 'Halted')).slice(0, 2);
  expect(agile).toHaveLength(2);
  for (const [vm, v] of agile) {
    if (v.power_state === 'Halted') await x.call('VM.start_on', vm, member, false, false);
    else if (v.resident_on !== member) await x.call('VM.pool_migrate', vm, member, {});
  }
  const [keep, drop] = agile.map(([vm]) => [vm, rec('VM', vm)!] as [string, Rec]);
  return { member, keep, drop };
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

/** Connects to the simulator, selects the pool and opens Configure HA… from its HA tab. */
async function openWizard(page: Page, poolName: string) {
  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await app.treeItem(poolName).click();
  await page.getByRole('tab', { name: 'HA', exact: true }).click();
  await page.getByRole('tabpanel').getByRole('button', { name: 'Configure HA…' }).click();
  return { app, wizard: page.getByRole('dialog', { name: `Configure HA - ${poolName}` }) };
}

test('configure HA through the wizard, survive a host failure, edit the priorities, disable HA', async ({ page }) => {
  test.setTimeout(120_000);
  const [poolRef, pool] = [...sim.records('pool').entries()][0] as [string, Rec];
  const { member, keep, drop } = await twoOnOneMember(String(pool.master));
  const [keepRef, keepRec] = keep;
  const [dropRef, dropRec] = drop;
  const keepName = String(keepRec.name_label);
  const dropName = String(dropRec.name_label);

  const app = new AppPage(page);
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await app.treeItem(String(pool.name_label)).click();
  await page.getByRole('tab', { name: 'HA', exact: true }).click();
  const tab = page.getByRole('tabpanel');
  await expect(tab.getByText(`HA is not currently enabled for pool '${String(pool.name_label)}'.`)).toBeVisible();
  await expect(tab.getByRole('button', { name: 'Disable HA' })).toHaveCount(0);
  await expect(row(page, keepName)).toContainText('Do not restart');
  await shotAtSizes(page, 'ha-tab-off');

  // The wizard.
  await tab.getByRole('button', { name: 'Configure HA…' }).click();
  const wizard = page.getByRole('dialog', { name: `Configure HA - ${String(pool.name_label)}` });
  await expect(wizard.getByRole('heading', { name: 'HA configuration prerequisites' })).toBeVisible();
  await shotAtSizes(page, 'ha-wizard-prerequisites');
  await wizard.getByRole('button', { name: 'Next >', exact: true }).click();

  // Heartbeat SR: the NFS SR chosen; the ISO library is listed, greyed, with why.
  const nfs = wizard.getByRole('radio', { name: 'NFS shared storage' });
  await expect(nfs).toBeChecked();
  const iso = wizard.getByRole('row').filter({ hasText: /ISO/ }).first();
  await expect(iso.getByRole('radio')).toBeDisabled();
  await expect(iso).toContainText(/\((SR_OPERATION_NOT_SUPPORTED|SR_HAS_NO_PBDS)\)/);
  await shotAtSizes(page, 'ha-wizard-heartbeat-sr');
  await wizard.getByRole('button', { name: 'Next >', exact: true }).click();

  // HA Plan: agile VMs start at Restart; the maximum is asked of the server.
  const keepPriority = wizard.getByLabel(`Restart priority of ${keepName}`);
  await expect(keepPriority).toBeEnabled();
  await expect(keepPriority).toHaveValue('restart');
  await wizard.getByLabel(`Start order of ${keepName}`).fill('1');
  await wizard.getByLabel(`Delay after starting ${keepName}`).fill('5');
  await wizard.getByLabel(`Restart priority of ${dropName}`).selectOption({ label: 'Do not restart' });
  // The maximum shown is the server's for these priorities (agile VMs Restart, the others Restart if possible).
  const config: Record<string, string> = {};
  for (const [vm] of x.guests()) config[vm] = vm === dropRef ? '' : await x.call('VM.assert_agile', vm).then(() => 'restart', () => 'best-effort');
  const max = await x.call('pool.ha_compute_hypothetical_max_host_failures_to_tolerate', config) as number;
  expect(max).toBeGreaterThanOrEqual(1);
  await expect(wizard.getByText(`(max = ${max})`, { exact: true })).toBeVisible();
  // More failures than the plan allows is refused, in XenCenter's words.
  const ntol = wizard.getByLabel('Number of server failures to tolerate:');
  await ntol.fill(String(max + 1));
  await expect(wizard.getByRole('status').filter({ hasText: 'greater than the maximum failover capacity' })).toBeVisible();
  await expect(wizard.getByRole('button', { name: 'Next >', exact: true })).toBeDisabled();
  await ntol.fill('1');
  await expect(wizard.getByRole('status').filter({ hasText: 'HA is guaranteed' })).toBeVisible();
  await shotAtSizes(page, 'ha-wizard-priorities');
  await wizard.getByRole('button', { name: 'Next >', exact: true }).click();

  // Finish: the summary, then HA on.
  await expect(wizard.getByRole('heading', { name: 'Review configuration and activate HA' })).toBeVisible();
  await expect(wizard.getByText('NFS shared storage')).toBeVisible();
  await shotAtSizes(page, 'ha-wizard-finish');
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard).toBeHidden({ timeout: 30_000 });
  expect(await x.call('pool.get_record', poolRef)).toMatchObject({ ha_enabled: true, ha_host_failures_to_tolerate: 1 });
  expect(await x.call('VM.get_record', keepRef)).toMatchObject({ ha_restart_priority: 'restart', order: 1, start_delay: 5 });
  expect(await x.call('VM.get_ha_restart_priority', dropRef)).toBe('');
  const nfsRef = [...sim.records('SR').entries()].find(([, s]) => (s as Rec).name_label === 'NFS shared storage')![0];
  const statefiles = await x.call('pool.get_ha_statefiles', poolRef) as string[];
  expect(rec('VDI', statefiles[0])?.SR).toBe(nfsRef);

  // The HA tab, live.
  await expect(tab.getByText(`HA is currently enabled for pool '${String(pool.name_label)}'.`)).toBeVisible();
  await expect(tab.getByTestId('ha-configured')).toHaveText('1');
  await expect(tab.getByTestId('ha-current')).toHaveText('1');
  await expect(row(page, keepName)).toContainText('Restart');
  await expect(row(page, String(rec('host', member)!.name_label))).toContainText('Healthy');
  await shotAtSizes(page, 'ha-tab-on');

  // The member fails: HA restarts the protected VM elsewhere, not the "Do not restart" one.
  await sim.faults.failHost(member, { detectMs: 200 });
  await expect.poll(async () => (await x.call('VM.get_record', keepRef) as Rec).power_state, { timeout: 20_000 }).toBe('Running');
  const restarted = await x.call('VM.get_record', keepRef) as Rec;
  expect(restarted.resident_on).not.toBe(member);
  expect(await x.call('VM.get_power_state', dropRef)).toBe('Halted');
  await sim.faults.recoverHost(member);
  await expect.poll(async () => (await x.call('host_metrics.get_live', (await x.call('host.get_metrics', member)) as string))).toBe(true);

  // Edit while HA is on: only the changes are sent.
  const configure = tab.getByRole('button', { name: 'Configure HA…' });
  await expect(configure).toBeEnabled({ timeout: 15_000 });
  await configure.click();
  const edit = page.getByRole('dialog', { name: `Configure HA - ${String(pool.name_label)}` });
  const dropPriority = edit.getByLabel(`Restart priority of ${dropName}`);
  await expect(dropPriority).toBeEnabled();
  await expect(edit.getByLabel('Number of server failures to tolerate:')).toHaveValue('1');
  await dropPriority.selectOption({ label: 'Restart if possible' });
  await edit.getByLabel(`Start order of ${keepName}`).fill('3');
  await shotAtSizes(page, 'ha-edit-priorities');
  // No failure tolerated: asked first, as XenCenter does; No sends nothing.
  await edit.getByLabel('Number of server failures to tolerate:').fill('0');
  await edit.getByRole('button', { name: 'OK' }).click();
  const question = edit.getByRole('alertdialog', { name: 'Failure tolerance 0' });
  await expect(question).toContainText('the failover tolerance of your pool would be 0 (zero)');
  await question.getByRole('button', { name: 'No' }).click();
  await expect(question).toBeHidden();
  expect(await x.call('VM.get_ha_restart_priority', dropRef)).toBe('');
  await edit.getByRole('button', { name: 'OK' }).click();
  await edit.getByRole('alertdialog', { name: 'Failure tolerance 0' }).getByRole('button', { name: 'Yes' }).click();
  await expect(edit).toBeHidden();
  await expect.poll(async () => (await x.call('VM.get_record', dropRef) as Rec).ha_restart_priority, { timeout: 20_000 }).toBe('best-effort');
  expect(await x.call('VM.get_record', keepRef)).toMatchObject({ ha_restart_priority: 'restart', order: 3, start_delay: 5 });
  await expect.poll(() => x.call('pool.get_ha_host_failures_to_tolerate', poolRef)).toBe(0);
  await expect(tab.getByTestId('ha-configured')).toHaveText('0 - HA cannot guarantee to restart your protected VMs after server failure');

  // Disable HA.
  await tab.getByRole('button', { name: 'Disable HA' }).click();
  await expect.poll(() => x.call('pool.get_ha_enabled', poolRef), { timeout: 20_000 }).toBe(false);
  await expect(tab.getByText(`HA is not currently enabled for pool '${String(pool.name_label)}'.`)).toBeVisible();
});

test('Finish says why in words and code when the pool changed meanwhile: a server down, or HA turned on by another client', async ({ page }) => {
  test.setTimeout(90_000);
  const [poolRef, pool] = [...sim.records('pool').entries()][0] as [string, Rec];
  const member = [...sim.records('host').keys()].find((h) => h !== pool.master)!;
  const memberName = String(rec('host', member)!.name_label);
  const { app, wizard } = await openWizard(page, String(pool.name_label));
  await wizard.getByRole('button', { name: 'Next >', exact: true }).click();
  await expect(wizard.getByRole('radio', { name: 'NFS shared storage' })).toBeChecked();
  await wizard.getByRole('button', { name: 'Next >', exact: true }).click();
  await expect(wizard.getByText(/^\(max = \d+\)$/)).toBeVisible();
  await wizard.getByLabel('Number of server failures to tolerate:').fill('1');
  await wizard.getByRole('button', { name: 'Next >', exact: true }).click();
  const priorities = Object.fromEntries(x.guests().map(([vm, v]) => [vm, v.ha_restart_priority]));

  // A member loses power: Finish sends nothing and says why.
  await sim.faults.failHost(member);
  // Once the client has heard of it (until then the server's own HOST_OFFLINE refusal is what shows).
  await expect(app.treeItem(memberName)).toHaveAttribute('data-state', 'dead', { timeout: 15_000 });
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard.getByRole('alert')).toHaveText(`HA needs every server up: '${memberName}' is not reachable (HOST_OFFLINE)`);
  expect(await x.call('pool.get_ha_enabled', poolRef)).toBe(false);
  expect(Object.fromEntries(x.guests().map(([vm, v]) => [vm, v.ha_restart_priority]))).toEqual(priorities);
  await sim.faults.recoverHost(member);

  // Another client turns HA on first: the task fails, its XAPI error shows in the wizard, which stays open.
  const nfs = [...sim.records('SR').entries()].find(([, s]) => (s as Rec).name_label === 'NFS shared storage')![0];
  await x.call('pool.enable_ha', [nfs], {});
  await wizard.getByRole('button', { name: 'Finish', exact: true }).click();
  await expect(wizard.getByRole('alert')).toHaveText(/^.+ \([A-Z_]+\)$/, { timeout: 20_000 });
  await expect(wizard).toBeVisible();
  await shotAtSizes(page, 'ha-wizard-finish-failed');
  await x.call('pool.disable_ha');
});

test('the wizard names the broken shared SRs, and an SR without room for the heartbeat says so in words and code', async ({ page }) => {
  test.setTimeout(90_000);
  const [, pool] = [...sim.records('pool').entries()][0] as [string, Rec];
  const nfs = [...sim.records('SR').entries()].find(([, s]) => (s as Rec).name_label === 'NFS shared storage')![0];
  const size = Number(rec('SR', nfs)!.physical_size);
  // A shared SR that only one server has (a PBD missing elsewhere, not plugged): XenCenter's IsBroken.
  const broken = String(await x.call('SR.introduce', crypto.randomUUID(), 'Broken iSCSI', '', 'lvmoiscsi', 'user', true, {}));
  const pbd = String(await x.call('PBD.create', { host: pool.master, SR: broken, device_config: {}, other_config: {} }));
  // The NFS SR full: no room for a new statefile and redo log (and none left from an earlier HA to re-use).
  for (const v of rec('SR', nfs)!.VDIs as string[]) {
    if (['ha_statefile', 'redo_log'].includes(String(rec('VDI', v)?.type))) await x.call('VDI.destroy', v);
  }
  await x.call('SR.set_physical_size', nfs, Number(rec('SR', nfs)!.physical_utilisation));
  await expect(x.call('SR.assert_can_host_ha_statefile', nfs)).rejects.toThrow(/SR_SOURCE_SPACE_INSUFFICIENT/);
  try {
    const { wizard } = await openWizard(page, String(pool.name_label));
    const warning = wizard.getByRole('alert', { name: 'Broken SRs' });
    await expect(warning).toHaveText('The following SRs are broken. It is recommended you fix them before enabling HA.Broken iSCSI');
    await shotAtSizes(page, 'ha-wizard-broken-srs');
    await wizard.getByRole('button', { name: 'Next >', exact: true }).click();

    const full = wizard.getByRole('row').filter({ hasText: 'NFS shared storage' });
    await expect(full.getByRole('radio')).toBeDisabled();
    await expect(full).toContainText('The source SR does not have sufficient temporary space available to proceed the operation (SR_SOURCE_SPACE_INSUFFICIENT)');
    await expect(wizard.getByRole('row').filter({ hasText: 'Broken iSCSI' })).toContainText(/The SR is currently detached\.? \(SR_HAS_NO_PBDS\)/);
    await expect(wizard.getByRole('button', { name: 'Next >', exact: true })).toBeDisabled();
    await shotAtSizes(page, 'ha-wizard-heartbeat-sr-full');
    await wizard.getByRole('button', { name: 'Cancel', exact: true }).click();
  } finally {
    await x.call('SR.set_physical_size', nfs, size);
    await x.call('PBD.destroy', pbd);
    await x.call('SR.forget', broken);
  }
});

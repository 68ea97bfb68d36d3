// Users and roles in the browser host against the simulator's AD domain (simulator/ad-domain.ts): join the
// domain from the Users tab (a wrong password first), add a user and a group (and a name the domain does
// not know), give them roles, then connect in the same app as those domain users (another server entry,
// through a member's address) and see what their roles allow; log a subject out, leave the domain. Each
// step is checked through XAPI as well as on the screen. The steps build on each other.
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage } from './support/app-page';
import { shotAtSizes } from './support/screens';
import { simXapi, type Rec } from './support/sim-xapi';
import { login, rpc } from '../support/xapi-rpc';

test.describe.configure({ mode: 'serial' });

let sim: Simulator;
let host: RunningHost;
let page: Page;
let app: AppPage;
const xapi = simXapi(() => sim);
const DOMAIN = 'corp.example.com';

test.beforeAll(async ({ browser }) => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 300, memberListeners: true });
  host = await startHost();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  app = new AppPage(page);
});
test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  await sim?.close();
});

const hosts = () => [...sim.records('host').values()];
const subjects = async () => Object.values((await xapi.call('subject.get_all_records')) as Record<string, Rec>);
const roleRef = async (name: string) => ((await xapi.call('role.get_by_name_label', name)) as string[])[0];
const usersTab = () => page.getByRole('tabpanel');
const subjectRow = (name: string) => usersTab().getByRole('grid', { name: 'Users and groups with access' }).getByRole('row').filter({ hasText: name });
const tabButton = (name: string) => usersTab().getByRole('button', { name, exact: true });
/** The member's address: the same pool under another server entry (the client follows HOST_IS_SLAVE). */
const memberUrl = () => sim.url.replace('127.0.0.1', '127.0.0.2');

async function openUsersTab(top: string | RegExp) {
  await app.tree.getByRole('treeitem', { name: top }).first().click();
  await page.getByRole('tab', { name: 'Users' }).click();
}

test('join the domain from the Users tab: a wrong password is refused in words, then it joins', async () => {
  await page.goto(host.url);
  await app.addServer(sim.url, 'root', 'xenroot');
  await expect(app.treeItem('Demo Pool')).toBeVisible();
  await openUsersTab('Demo Pool');
  await expect(usersTab()).toContainText("AD is not currently configured for pool 'Demo Pool'. To enable AD authentication, click Join Domain.");
  await expect(subjectRow('Local root account')).toContainText('Pool Admin');
  await expect(tabButton('Add…')).toBeDisabled();
  await expect(tabButton('Add…')).toHaveAttribute('title', /^Join pool 'Demo Pool' to a domain first/);
  await shotAtSizes(page, 'users-tab-no-domain');
  // A pool member has no Users tab of its own (XenCenter: its users are its pool's).
  const member = [...sim.records('host').values()].map((h) => String(h.name_label))[0];
  await app.treeItem(member).click();
  await expect(page.getByRole('tab', { name: 'Performance' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Users' })).toHaveCount(0);
  await openUsersTab('Demo Pool');

  const join = async (password: string) => {
    await usersTab().getByRole('button', { name: 'Join Domain…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join Active Directory Domain' });
    await expect(dialog).toBeVisible();
    const ok = dialog.getByRole('button', { name: 'Join Domain', exact: true });
    await expect(ok).toHaveAttribute('title', /^Domain: /);
    await dialog.getByLabel('Domain').fill(DOMAIN);
    await dialog.getByLabel('User name').fill('Administrator');
    await dialog.getByLabel('Password').fill(password);
    await expect(ok).toBeEnabled();
    if (password === 'adpass') await shotAtSizes(page, 'users-join-dialog');
    await ok.click();
    await expect(dialog).toBeHidden();
  };
  await join('wrong');
  const failed = app.eventsPanel.locator('tr.task-row').filter({ hasText: `Joining domain ${DOMAIN}` }).first();
  await expect(failed).toHaveAttribute('data-status', 'failure', { timeout: 10_000 });
  await expect(failed).toContainText('POOL_AUTH_ENABLE_FAILED_WRONG_CREDENTIALS');
  for (const h of hosts()) expect(h.external_auth_type).toBe('');

  await join('adpass');
  await expect(usersTab()).toContainText(`Pool 'Demo Pool' belongs to domain '${DOMAIN}'.`, { timeout: 10_000 });
  // Through XAPI: every server in the domain, and no password kept.
  for (const h of hosts()) {
    expect(h).toMatchObject({ external_auth_type: 'AD', external_auth_service_name: DOMAIN });
    expect(h.external_auth_configuration).toEqual({ user: 'Administrator', domain: DOMAIN });
  }
  const fresh = await login(sim.url);
  for (const ref of Object.keys((await rpc(sim.url, 'host.get_all_records', fresh)) as Record<string, Rec>)) {
    expect(await rpc(sim.url, 'host.get_external_auth_type', fresh, ref)).toBe('AD');
  }
});

test('Add…: names resolved one by one (found, not found), the new subjects listed without a role', async () => {
  await tabButton('Add…').click();
  const dialog = page.getByRole('dialog', { name: 'Add Users and Groups' });
  await dialog.getByRole('textbox').fill('CORP\\alice, bob-not-here, CORP\\Operators');
  await dialog.getByRole('button', { name: 'Grant Access' }).click();
  const results = dialog.getByRole('table', { name: 'Names resolved' });
  await expect(results.getByRole('row').filter({ hasText: 'CORP\\alice' })).toContainText('Granted access');
  await expect(results.getByRole('row').filter({ hasText: 'bob-not-here' })).toContainText('Not found in the domain');
  await expect(results.getByRole('row').filter({ hasText: 'CORP\\Operators' })).toContainText('Granted access');
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeVisible();
  await shotAtSizes(page, 'users-add-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(subjectRow('CORP\\alice')).toContainText('No role');
  await expect(subjectRow('CORP\\alice')).toContainText('Alice Archer');
  await expect(subjectRow('CORP\\Operators')).toContainText('Group');
  const recs = await subjects();
  expect(recs.map((s) => (s.other_config as Rec)['subject-name']).sort()).toEqual(['CORP\\Operators', 'CORP\\alice']);
  for (const s of recs) expect(s.roles).toEqual([]);
});

test('Change Role…: one role each, with the descriptions; XAPI has it', async () => {
  const change = async (subject: string, role: string, shot?: string) => {
    await subjectRow(subject).click();
    await tabButton('Change Role…').click();
    const dialog = page.getByRole('dialog', { name: `Change Role — ${subject}` });
    await expect(dialog).toContainText('The VM Operator role can use VMs and interact with VM consoles');
    await dialog.getByRole('radio', { name: new RegExp(`^${role}`) }).check();
    if (shot) await shotAtSizes(page, shot);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
  };
  await change('CORP\\alice', 'Pool Admin');
  await change('CORP\\alice', 'Read Only', 'users-change-role-dialog');
  await change('CORP\\Operators', 'VM Operator');
  await expect(subjectRow('CORP\\alice')).toContainText('Read Only');
  await expect(subjectRow('CORP\\Operators')).toContainText('VM Operator');
  const byName = Object.fromEntries((await subjects()).map((s) => [(s.other_config as Rec)['subject-name'], s.roles]));
  expect(byName['CORP\\alice']).toEqual([await roleRef('read-only')]);
  expect(byName['CORP\\Operators']).toEqual([await roleRef('vm-operator')]);
  await shotAtSizes(page, 'users-tab-domain');
});

const tops = () => app.tree.locator('[role="treeitem"][aria-level="1"]');

/** Adds the pool again as `user` through the member's address (another server entry); returns its top row, the last. */
async function connectAs(user: string, password: string) {
  const before = await tops().count();
  const dialog = await app.addServer(memberUrl(), user, password);
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  await expect(tops()).toHaveCount(before + 1);
  return tops().last();
}

/** Folds every server entry but the last, then unfolds the last one's rows, so its rows are the ones in view. */
async function showOnlyLast() {
  const n = await tops().count();
  for (let i = 0; i < n - 1; i++) {
    if ((await tops().nth(i).getAttribute('aria-expanded')) === 'true') { await tops().nth(i).click(); await page.keyboard.press('ArrowLeft'); }
  }
  for (let pass = 0; pass < 4; pass++) {
    const collapsed = app.tree.locator('[role="treeitem"][aria-expanded="false"]');
    const idx = await collapsed.evaluateAll((rows, skip) => rows.findIndex((_r, i) => i >= skip), n - 1);
    if (idx < 0) return;
    await collapsed.nth(idx).click();
    await page.keyboard.press('ArrowRight');
  }
}

/** A running guest VM: [ref, name]. */
function runningVm(): [string, string] {
  const [ref, vm] = xapi.guests().find(([, v]) => v.power_state === 'Running')!;
  return [ref, String(vm.name_label)];
}

test('as CORP\\alice (Read Only): commands greyed with the role they need; the Users tab too', async () => {
  const top = await connectAs('CORP\\alice', 'alicepass');
  await showOnlyLast();
  const [vmRef, vmName] = runningVm();
  await app.treeItem(vmName).click();
  const shutDown = app.toolbarButton('Shut Down');
  await expect(shutDown).toBeDisabled();
  await expect(shutDown).toHaveAttribute('title', /^Shut Down needs the VM Operator role or higher; your role on .+ is Read Only$/);
  await top.click();
  await page.getByRole('tab', { name: 'Users' }).click();
  await expect(usersTab().getByRole('button', { name: 'Leave Domain…' })).toHaveAttribute('title', /needs the Pool Admin role or higher; your role on .+ is Read Only$/);
  await expect(tabButton('Logout User')).toBeDisabled();
  await subjectRow('CORP\\Operators').click();
  await expect(tabButton('Change Role…')).toHaveAttribute('title', /^Change Role needs the Pool Admin role or higher/);
  await shotAtSizes(page, 'users-tab-read-only');
  // The server agrees: alice's own session is refused.
  const s = await login(sim.url, 'CORP\\alice', 'alicepass');
  await expect(rpc(sim.url, 'VM.clean_shutdown', s, vmRef)).rejects.toMatchObject({ code: 'RBAC_PERMISSION_DENIED' });
});

test('as bob through the Operators group (VM Operator): Shut Down works, New VM is greyed', async () => {
  await connectAs('bob@corp.example.com', 'bobpass');
  await showOnlyLast();
  const [vmRef, vmName] = runningVm();
  await app.treeItem(vmName).click();
  await expect(app.toolbarButton('New VM')).toHaveAttribute('title', /^New VM needs the VM Admin role or higher; your role on .+ is VM Operator$/);
  const shutDown = app.toolbarButton('Shut Down');
  await expect(shutDown).toBeEnabled();
  await shutDown.click();
  const confirm = page.getByRole('alertdialog', { name: 'Shut Down VM' });
  await confirm.getByRole('button', { name: 'Shut Down', exact: true }).click();
  await expect.poll(() => sim.records('VM').get(vmRef)?.power_state, { timeout: 15_000 }).toBe('Halted');
  // The session that did it is bob's, through the group.
  const bobSid = (await xapi.call('auth.get_subject_identifier', 'CORP\\bob')) as string;
  expect([...sim.records('session').values()].some((r) => r.auth_user_sid === bobSid && r.auth_user_name === 'CORP\\bob')).toBe(true);
});

test('root: the group shows logged in; demoted and logged out, bob comes back Read Only and sees Shut Down greyed', async () => {
  await tops().first().click();
  await page.getByRole('tab', { name: 'Users' }).click();
  await expect(subjectRow('CORP\\Operators')).toContainText('Yes', { timeout: 10_000 });
  await expect(subjectRow('CORP\\alice')).toContainText('Yes');
  // Demote the group, then log it out: bob's sessions end; his entry logs in again with the new role.
  await subjectRow('CORP\\Operators').click();
  await tabButton('Change Role…').click();
  const role = page.getByRole('dialog', { name: 'Change Role — CORP\\Operators' });
  await role.getByRole('radio', { name: /^Read Only/ }).check();
  await role.getByRole('button', { name: 'Save' }).click();
  await expect(subjectRow('CORP\\Operators')).toContainText('Read Only');
  const bobSid = (await xapi.call('auth.get_subject_identifier', 'CORP\\bob')) as string;
  const bobSessions = () => [...sim.records('session').entries()].filter(([, r]) => r.auth_user_sid === bobSid).map(([ref]) => ref);
  const before = bobSessions();
  expect(before.length).toBeGreaterThan(0);
  await tabButton('Logout User').click();
  const dialog = page.getByRole('dialog', { name: 'Logout User' });
  await expect(dialog).toContainText("Are you sure you want to log out every member of the group 'CORP\\Operators'?");
  await shotAtSizes(page, 'users-logout-dialog');
  await dialog.getByRole('button', { name: 'Log Out' }).click();
  await expect(dialog).toBeHidden();
  // Through XAPI: those sessions are gone.
  await expect.poll(() => before.filter((r) => bobSessions().includes(r))).toEqual([]);
  // Bob's entry (the last) logged in again, Read Only now.
  await showOnlyLast();
  const [, vmName] = runningVm();
  await app.treeItem(vmName).click();
  await expect(app.toolbarButton('Shut Down')).toHaveAttribute('title', /your role on .+ is Read Only$/, { timeout: 15_000 });
});

test('several subjects at once: Change Role… with mixed roles, Logout User, Remove… with a refusal for one', async () => {
  await tops().first().click();
  await page.getByRole('tab', { name: 'Users' }).click();
  const grid = usersTab().getByRole('grid', { name: 'Users and groups with access' });
  await expect(grid).toHaveAttribute('aria-multiselectable', 'true');
  // alice Pool Operator (through XAPI), the Operators group Read Only: the roles differ.
  const alice = (await subjects()).find((x) => (x.other_config as Rec)['subject-name'] === 'CORP\\alice')!;
  const aliceRef = Object.entries((await xapi.call('subject.get_all_records')) as Record<string, Rec>).find(([, x]) => x.subject_identifier === alice.subject_identifier)![0];
  await xapi.call('subject.add_to_roles', aliceRef, await roleRef('pool-operator'));
  await xapi.call('subject.remove_from_roles', aliceRef, await roleRef('read-only'));
  await expect(subjectRow('CORP\\alice')).toContainText('Pool Operator');

  // Click, then Shift-click: the group and alice; the root row is not among them.
  await subjectRow('CORP\\Operators').click();
  await subjectRow('CORP\\alice').click({ modifiers: ['Shift'] });
  await expect(grid.locator('tr[aria-selected="true"]')).toHaveCount(2);
  await tabButton('Change Role…').click();
  const role = page.getByRole('dialog', { name: 'Change Role — 2 users and groups' });
  await expect(role).toContainText('Select the role you want to assign to these users and groups.');
  await expect(role.getByRole('checkbox', { name: /^Pool Operator/ })).toHaveAttribute('aria-checked', 'mixed');
  await expect(role.getByRole('checkbox', { name: /^Read Only/ })).toHaveAttribute('aria-checked', 'mixed');
  await expect(role.getByRole('checkbox', { name: /^VM Admin/ })).not.toBeChecked();
  await expect(role.getByRole('button', { name: 'Save' })).toBeDisabled();
  await shotAtSizes(page, 'users-change-role-several');
  await role.getByRole('checkbox', { name: /^VM Admin/ }).check();
  await expect(role.getByRole('checkbox', { name: /^Pool Operator/ })).not.toBeChecked();
  await role.getByRole('button', { name: 'Save' }).click();
  await expect(role).toBeHidden();
  await expect(subjectRow('CORP\\alice')).toContainText('VM Admin');
  await expect(subjectRow('CORP\\Operators')).toContainText('VM Admin');
  for (const x of await subjects()) expect(x.roles).toEqual([await roleRef('vm-admin')]);

  // Logout User on both (alice's and bob's entries are logged in): XenCenter's question by count.
  const aliceSid = alice.subject_identifier as string;
  const bobSid = (await xapi.call('auth.get_subject_identifier', 'CORP\\bob')) as string;
  const sessionsOf = (sid: string) => [...sim.records('session').entries()].filter(([, r]) => r.auth_user_sid === sid).map(([ref]) => ref);
  const before = [...sessionsOf(aliceSid), ...sessionsOf(bobSid)];
  expect(before.length).toBeGreaterThanOrEqual(2);
  await expect(subjectRow('CORP\\alice')).toContainText('Yes', { timeout: 10_000 });
  await tabButton('Logout User').click();
  const logout = page.getByRole('dialog', { name: 'Logout User' });
  await expect(logout).toContainText('Are you sure you want to log out these 2 users?');
  await logout.getByRole('button', { name: 'Log Out' }).click();
  await expect(logout).toBeHidden();
  await expect.poll(() => before.filter((r) => sim.records('session').has(r))).toEqual([]);

  // Two more subjects, by keyboard: Ctrl+Space adds a row, and Remove… on both, the server refusing the first.
  const s = await login(sim.url);
  for (const name of ['CORP\\carol', 'CORP\\Auditors']) {
    await rpc(sim.url, 'subject.create', s, { subject_identifier: await rpc(sim.url, 'auth.get_subject_identifier', s, name), other_config: {}, roles: [] });
  }
  await expect(subjectRow('CORP\\carol')).toBeVisible();
  await subjectRow('CORP\\Auditors').click();
  // Groups first (Auditors, Operators), then users (alice, carol): move to carol with Ctrl+arrows, add her with Ctrl+Space.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+ArrowDown');
  await page.keyboard.press('Control+Space');
  await expect(grid.locator('tr[aria-selected="true"]')).toHaveCount(2);
  await tabButton('Remove…').click();
  const remove = page.getByRole('dialog', { name: 'Remove Users and Groups' });
  await expect(remove).toContainText('Are you sure you want to remove these 2 users?');
  await expect(remove.getByRole('list', { name: 'Users and groups to remove' })).toContainText('CORP\\carol');
  const auditorsRef = Object.entries((await xapi.call('subject.get_all_records')) as Record<string, Rec>).find(([, x]) => (x.other_config as Rec)['subject-name'] === 'CORP\\Auditors')![0];
  sim.faults.failMethod('subject.destroy', { code: 'HANDLE_INVALID', params: ['subject', auditorsRef], count: 1 });
  await remove.getByRole('button', { name: 'Remove' }).click();
  const results = remove.getByRole('table', { name: 'Results' });
  await expect(remove.getByRole('alert')).toHaveText('Done for 1 of 2; the server refused 1.');
  await expect(results.getByRole('row').filter({ hasText: 'CORP\\Auditors' })).toContainText(/Failed: .+\(HANDLE_INVALID\)/);
  await expect(results.getByRole('row').filter({ hasText: 'CORP\\carol' })).toContainText('Done');
  await shotAtSizes(page, 'users-remove-several-partial');
  await remove.getByRole('button', { name: 'Close' }).click();
  // Through XAPI: carol went, the Auditors stayed.
  const names = (await subjects()).map((x) => (x.other_config as Rec)['subject-name']).sort();
  expect(names).toEqual(['CORP\\Auditors', 'CORP\\Operators', 'CORP\\alice']);
  await subjectRow('CORP\\Auditors').click();
  await tabButton('Remove…').click();
  await page.getByRole('dialog', { name: 'Remove Group' }).getByRole('button', { name: 'Remove' }).click();
  await expect(subjectRow('CORP\\Auditors')).toHaveCount(0);
});

test('Remove…: asks, then the subject and its sessions go', async () => {
  await tops().first().click();
  await page.getByRole('tab', { name: 'Users' }).click();
  await subjectRow('CORP\\alice').click();
  await tabButton('Remove…').click();
  const dialog = page.getByRole('dialog', { name: 'Remove User' });
  await expect(dialog).toContainText("Are you sure you want to remove the user 'CORP\\alice'?");
  await shotAtSizes(page, 'users-remove-dialog');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog).toBeHidden();
  await expect(subjectRow('CORP\\alice')).toHaveCount(0);
  const aliceSid = (await xapi.call('auth.get_subject_identifier', 'CORP\\alice')) as string;
  expect((await subjects()).some((s) => s.subject_identifier === aliceSid)).toBe(false);
  // She cannot come back: the server no longer lets her in.
  await expect(login(sim.url, 'CORP\\alice', 'alicepass')).rejects.toMatchObject({ code: 'SESSION_AUTHORIZATION_FAILED' });
});

test('Leave Domain…: asks, then every server leaves; the domain users are disconnected', async () => {
  await usersTab().getByRole('button', { name: 'Leave Domain…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Leave Active Directory Domain' });
  await expect(dialog).toContainText(`You are about to remove pool 'Demo Pool' from the AD domain '${DOMAIN}'.`);
  await shotAtSizes(page, 'users-leave-dialog');
  await dialog.getByRole('button', { name: 'Leave Domain' }).click();
  // Then XenCenter's credentials prompt: an account that may remove the machine accounts (Disable), or Ignore.
  const creds = page.getByRole('dialog', { name: 'Disabling AD authentication' });
  await expect(creds.getByLabel('Domain')).toHaveValue(DOMAIN);
  await expect(creds.getByLabel('Domain')).toBeDisabled();
  const disable = creds.getByRole('button', { name: 'Disable', exact: true });
  await expect(disable).toBeDisabled();
  await expect(disable).toHaveAttribute('title', /^User name: /);
  await creds.getByLabel('User name').fill('CORP\\Administrator');
  await creds.getByLabel('Password').fill('adpass');
  await shotAtSizes(page, 'users-leave-credentials');
  await disable.click();
  await expect(creds).toBeHidden();
  await expect(usersTab()).toContainText("AD is not currently configured for pool 'Demo Pool'.", { timeout: 10_000 });
  for (const h of hosts()) expect([h.external_auth_type, h.external_auth_service_name, h.external_auth_configuration]).toEqual(['', '', {}]);
  // The domain controller's side: every server's machine account disabled.
  expect(Object.values(sim.adMachineAccounts())).toEqual(hosts().map(() => false));
  expect([...sim.records('session').values()].filter((r) => String(r.auth_user_sid) !== '')).toEqual([]);
});

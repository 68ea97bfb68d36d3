// Main's users.* requests against the simulator's AD domain: the join (password checked by the server,
// a refusal with its code), the logged-in subjects, logging a subject out; and the role main reports for
// a domain user's connection (through a group subject), and what the server refuses it, in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { errorText } from '../../renderer/src/xapi-model/errors';
import { login, rpc } from '../support/xapi-rpc';
import { ok, recordEvents, until, taskEnd as harnessTaskEnd } from '../support/core-harness';
import type { BridgeEvent } from '../../shared/ipc/contract';

let sim: Simulator;
let core: AppCore;
let rootConn: string;
let pool: string;
let events: BridgeEvent[];
beforeAll(async () => {
  sim = await startSimulator({ hosts: 2, vms: 2, metricsIntervalMs: 0, taskDurationMs: 50 });
  core = new AppCore({ flushIntervalMs: 10 });
  events = recordEvents(core);
  rootConn = ok<{ connectionId: string }>(await core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false })).connectionId;
  pool = [...sim.records('pool').keys()][0];
});
afterAll(async () => {
  await core?.dispose();
  await sim?.close();
});

const taskEnd = (taskRef: string) => harnessTaskEnd(events, taskRef);

describe('users.* in main', () => {
  it('joinDomain: refused with the server\'s code for a wrong password; joins with the right one', async () => {
    const bad = ok<{ taskRef: string }>(await core.request('users.joinDomain', { connectionId: rootConn, poolRef: pool, domain: 'corp.example.com', user: 'Administrator', password: 'nope' }));
    expect(((await taskEnd(bad.taskRef)).error_info as string[])[0]).toBe('POOL_AUTH_ENABLE_FAILED_WRONG_CREDENTIALS');
    const good = ok<{ taskRef: string }>(await core.request('users.joinDomain', { connectionId: rootConn, poolRef: pool, domain: 'corp.example.com', user: 'Administrator', password: 'adpass' }));
    expect((await taskEnd(good.taskRef)).status).toBe('success');
    for (const h of sim.records('host').values()) expect(h.external_auth_type).toBe('AD');
    // Invalid input is refused before anything is sent.
    const r = await core.request('users.joinDomain', { connectionId: rootConn, poolRef: pool, domain: 'not a domain', user: 'x', password: 'y' });
    expect(r.ok).toBe(false);
  });

  it('a domain user let in through a group gets the group\'s role; main reports it; refusals read in words', async () => {
    const s = await login(sim.url);
    const ops = (await rpc(sim.url, 'auth.get_subject_identifier', s, 'CORP\\Operators')) as string;
    const subj = (await rpc(sim.url, 'subject.create', s, { subject_identifier: ops, other_config: {}, roles: [] })) as string;
    await rpc(sim.url, 'subject.add_to_roles', s, subj, ((await rpc(sim.url, 'role.get_by_name_label', s, 'vm-operator')) as string[])[0]);
    const bob = ok<{ connectionId: string }>(await core.request('servers.add', { address: sim.url, user: 'CORP\\bob', password: 'bobpass', save: false })).connectionId;
    const snap = ok<{ connections: ConnectionInfo[] }>(await core.request('state.snapshot', {}));
    expect(snap.connections.find((c) => c.id === bob)?.role).toBe('vm-operator');
    const vm = ((await rpc(sim.url, 'VM.get_all', s)) as string[])[0];
    const refused = await core.request('xapi.call', { connectionId: bob, method: 'VM.destroy', args: [vm] });
    expect(refused.ok).toBe(false);
    const error = (refused as { error: { code: string; params: string[]; message: string } }).error;
    expect(error.code).toBe('RBAC_PERMISSION_DENIED');
    expect(errorText(error)).toBe('You do not have permission to do this (RBAC_PERMISSION_DENIED)');

    // users.loggedIn lists bob and the group; users.logout of the group ends his session.
    const bobSid = (await rpc(sim.url, 'auth.get_subject_identifier', s, 'bob')) as string;
    const { sids } = ok<{ sids: string[] }>(await core.request('users.loggedIn', { connectionId: rootConn }));
    expect(sids).toEqual(expect.arrayContaining([bobSid, ops]));
    const before = [...sim.records('session').entries()].filter(([, r]) => r.auth_user_sid === bobSid).map(([ref]) => ref);
    // Demoted first: bob's connection logs in again after the logout and reports the new role.
    const [vmOp] = (await rpc(sim.url, 'role.get_by_name_label', s, 'vm-operator')) as string[];
    const [readOnly] = (await rpc(sim.url, 'role.get_by_name_label', s, 'read-only')) as string[];
    await rpc(sim.url, 'subject.add_to_roles', s, subj, readOnly);
    await rpc(sim.url, 'subject.remove_from_roles', s, subj, vmOp);
    ok(await core.request('users.logout', { connectionId: rootConn, sid: ops }));
    for (const ref of before) expect(sim.records('session').has(ref)).toBe(false);
    // The page hears it (connection.state), not only a later snapshot.
    await until(() => events.some((e) => e.channel === 'connection.state' && (e.payload as ConnectionInfo).id === bob && (e.payload as ConnectionInfo).role === 'read-only'),
      "bob's connection announcing read-only after logging in again");
    expect((await core.request('users.logout', { connectionId: rootConn, sid: 'bob' })).ok).toBe(false);
  });

  const hostnames = () => [...sim.records('host').values()].map((h) => String(h.hostname).toLowerCase()).sort();
  const join = async () => {
    const t = ok<{ taskRef: string }>(await core.request('users.joinDomain', { connectionId: rootConn, poolRef: pool, domain: 'corp.example.com', user: 'Administrator', password: 'adpass' }));
    expect((await taskEnd(t.taskRef)).status).toBe('success');
  };
  const leave = async (credentials?: { user: string; password: string }) =>
    taskEnd(ok<{ taskRef: string }>(await core.request('users.leaveDomain', { connectionId: rootConn, poolRef: pool, ...(credentials ? { credentials } : {}) })).taskRef);

  it('leaveDomain without credentials clears every server; the machine accounts stay enabled in AD', async () => {
    expect(Object.keys(sim.adMachineAccounts()).sort()).toEqual(hostnames());
    expect((await leave()).status).toBe('success');
    for (const h of sim.records('host').values()) expect(h.external_auth_type).toBe('');
    expect(Object.values(sim.adMachineAccounts())).toEqual(hostnames().map(() => true));
  });

  it('leaveDomain with a wrong password: every server leaves anyway, the task fails with the server\'s code, the accounts stay', async () => {
    await join();
    const end = await leave({ user: 'Administrator', password: 'wrong' });
    expect(end.status).toBe('failure');
    const info = end.error_info as string[];
    expect(info[0]).toBe('POOL_AUTH_DISABLE_FAILED_WRONG_CREDENTIALS');
    expect(sim.records('host').has(info[1])).toBe(true);
    expect(info[2]).toMatch(/user name or password is incorrect/);
    expect(errorText({ code: info[0], params: info.slice(1), message: '' })).toContain('POOL_AUTH_DISABLE_FAILED_WRONG_CREDENTIALS');
    for (const h of sim.records('host').values()) expect([h.external_auth_type, h.external_auth_configuration]).toEqual(['', {}]);
    expect(Object.values(sim.adMachineAccounts())).toEqual(hostnames().map(() => true));
  });

  it('leaveDomain with an account that may not: PERMISSION_DENIED; with the right one the machine accounts are disabled', async () => {
    await join();
    expect(((await leave({ user: 'CORP\\bob', password: 'bobpass' })).error_info as string[])[0]).toBe('POOL_AUTH_DISABLE_FAILED_PERMISSION_DENIED');
    await join();
    expect((await leave({ user: 'CORP\\Administrator', password: 'adpass' })).status).toBe('success');
    expect(Object.values(sim.adMachineAccounts())).toEqual(hostnames().map(() => false));
    for (const h of sim.records('host').values()) expect(h.external_auth_type).toBe('');
    // The password is not kept anywhere the page can read, nor in the servers' records.
    const snap = JSON.stringify(ok(await core.request('state.snapshot', {})));
    expect(snap).not.toContain('adpass');
    // Bad input is refused before anything is sent.
    for (const credentials of [{ user: '', password: 'x' }, { user: 'a' }, { user: 'a', password: 'b', domain: 'c' }, 'Administrator:adpass']) {
      const r = await core.request('users.leaveDomain', { connectionId: rootConn, poolRef: pool, credentials });
      expect(r.ok).toBe(false);
      expect((r as { error: { code: string } }).error.code).toBe('IPC_INVALID_REQUEST');
    }
  });
});

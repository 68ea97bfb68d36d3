// Main reads the logged-in session's role after login and tells the renderer (ConnectionInfo.role),
// so commands the role cannot run are greyed with the role they need: root is pool-admin, a user
// of a lesser role is that role, and what the role may not do the server refuses too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { missingRole } from '../../shared/xapi/roles';
import { login, rpc, RpcError } from '../support/xapi-rpc';
import { ok } from '../support/core-harness';

let sim: Simulator;
let core: AppCore;
beforeAll(async () => {
  sim = await startSimulator({ hosts: 1, vms: 2, metricsIntervalMs: 0, users: [{ user: 'operator', password: 'op-pw', role: 'vm-operator' }] });
  core = new AppCore({ flushIntervalMs: 10 });
});
afterAll(async () => {
  await core?.dispose();
  await sim?.close();
});

const roleOf = async (user: string, password: string): Promise<ConnectionInfo['role']> => {
  const { connectionId } = ok<{ connectionId: string }>(await core.request('servers.add', { address: sim.url, user, password, save: false }));
  const snap = ok<{ connections: ConnectionInfo[] }>(await core.request('state.snapshot', {}));
  return snap.connections.find((c) => c.id === connectionId)?.role;
};

describe('the session role main reports', () => {
  it('root is pool-admin; a VM Operator user is vm-operator, and the server refuses what that role lacks', async () => {
    expect(await roleOf('root', 'xenroot')).toBe('pool-admin');
    expect(await roleOf('operator', 'op-pw')).toBe('vm-operator');
    // What the client would grey (VM.destroy needs vm-admin) the server indeed refuses for this user.
    expect(missingRole('vm-operator', 'VM.destroy')).toBe('vm-admin');
    const s = await login(sim.url, 'operator', 'op-pw');
    const vm = (await rpc(sim.url, 'VM.get_all', s) as string[])[0];
    const code = await rpc(sim.url, 'VM.destroy', s, vm).then(() => 'accepted', (e: unknown) => (e instanceof RpcError ? e.code : String(e)));
    expect(code).toBe('RBAC_PERMISSION_DENIED');
  });
});

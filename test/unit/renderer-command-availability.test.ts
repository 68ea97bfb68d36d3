// Commands on objects of a server that is not connected cannot run, with the reason in words
// (renderer/src/framework/availability.ts); commands on the connection itself still can.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { commandState, noActionsReason, notConnectedReason, serverName } from '../../renderer/src/framework/availability';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { SERVER_COMMANDS, ALL_SERVERS_COMMANDS } from '../../renderer/src/features/servers/commands';
import type { ConnObjects } from '../../renderer/src/state/store';

const conn = (status: ConnectionInfo['status'], extra: Partial<ConnectionInfo> = {}): ConnectionInfo =>
  ({ id: 'c1', url: 'https://10.0.0.1', hostname: '10.0.0.1', user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [], ...extra });

function store(status: ConnectionInfo['status'], extra: Partial<ConnectionInfo> = {}) {
  const objects: ConnObjects = new Map([
    ['pool', new Map([['p', { name_label: 'Lab pool' }]])],
    ['vm', new Map([['v', { name_label: 'web', power_state: 'Running', allowed_operations: ['clean_shutdown', 'hard_shutdown'] }]])],
  ]);
  return { connections: new Map([['c1', conn(status, extra)]]), objects: new Map([['c1', objects]]) };
}
const vm = [{ connectionId: 'c1', cls: 'vm', ref: 'v' }];
const shutdown = VM_COMMANDS.find((c) => c.id === 'vm.shutdown')!;

describe('command availability', () => {
  it('a connected server: the command\'s own rule', () => {
    expect(commandState(shutdown, vm, store('connected'))).toEqual({ enabled: true });
    expect(commandState(VM_COMMANDS.find((c) => c.id === 'vm.start')!, vm, store('connected'))).toEqual({ enabled: false, reason: "'web' is already running" });
  });

  it('not connected: greyed with the reason, whatever allowed_operations still says', () => {
    for (const status of ['reconnecting', 'connecting', 'failed', 'disconnected'] as const) {
      expect(commandState(shutdown, vm, store(status))).toEqual({ enabled: false, reason: 'The connection to Lab pool is not connected' });
    }
    expect(notConnectedReason(vm, store('reconnecting', { friendlyName: 'Lab' }))).toBe('The connection to Lab is not connected');
  });

  it('names the server by its friendly name, pool, host, then address', () => {
    expect(serverName(store('connected'), 'c1')).toBe('Lab pool');
    const bare = { connections: new Map([['c1', conn('failed')]]), objects: new Map() };
    expect(serverName(bare, 'c1')).toBe('10.0.0.1');
  });

  it('commands on the connection itself still run while it reconnects', () => {
    const poolSel = [{ connectionId: 'c1', cls: 'pool', ref: 'p' }];
    const disconnect = SERVER_COMMANDS.find((c) => c.id === 'server.disconnect')!;
    expect(commandState(disconnect, poolSel, store('reconnecting'))).toEqual({ enabled: true });
    const disconnectAll = ALL_SERVERS_COMMANDS.find((c) => c.id === 'server.disconnectAll')!;
    expect(commandState(disconnectAll, [], store('reconnecting'))).toEqual({ enabled: true });
  });

  it('a big pool still loading its full records (shared/first-load.ts): commands on its objects wait, with why', () => {
    const loading = { ...store('connected'), loading: new Set(['c1']) };
    expect(commandState(shutdown, vm, loading)).toEqual({ enabled: false, reason: 'Still loading the objects of Lab pool' });
    expect(commandState(shutdown, vm, { ...loading, loading: new Set(['other']) })).toEqual({ enabled: true });
    // A context menu with nothing enabled says why.
    expect(noActionsReason(vm, loading)).toBe('Still loading the objects of Lab pool');
    expect(noActionsReason(vm, store('failed'))).toBe('The connection to Lab pool is not connected');
    expect(noActionsReason(vm, store('connected'))).toBe('No actions available');
  });
});

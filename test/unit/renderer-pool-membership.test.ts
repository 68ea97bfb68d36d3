// Add Server to Pool… and Remove Server from Pool: which servers and pools qualify (from the
// cache), what each command sends, and the context menu's groups.
import { NETWORK_PROPERTIES_COMMAND, POOL_PROPERTIES_COMMAND, SR_PROPERTIES_COMMAND } from '../../renderer/src/features/object-properties/command';
import { VM_PROPERTIES_COMMAND } from '../../renderer/src/features/vm-properties/command';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo, ObjectChange } from '../../shared/ipc/contract';
import { ADD_TO_POOL, REMOVE_FROM_POOL } from '../../renderer/src/features/pool-membership/commands';
import { OPERATIONS_COMMAND } from '../../renderer/src/features/operations/command';
import { MIGRATE_COMMAND } from '../../renderer/src/features/migrate/commands';
import { EXPORT_COMMAND } from '../../renderer/src/features/transfer/commands';
import { CONVERT_TO_TEMPLATE_COMMAND } from '../../renderer/src/features/templates/commands';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { commandState } from '../../renderer/src/framework/availability';
import { contextMenuGroups } from '../../renderer/src/app/menu-model';
import { EDIT_TAGS_COMMAND } from '../../renderer/src/features/tags/command';
import { MOVE_TO_FOLDER } from '../../renderer/src/features/organize/actions';
import { type Selection } from '../../renderer/src/framework/command';
import { COPY_VM_COMMAND, DELETE_VM_COMMAND, TAKE_SNAPSHOT_COMMAND } from '../../renderer/src/features/vm-lifecycle/commands';
import {
  addToPoolStart, ejectHost, ejectableHost, isPool, isStandalone, joinPool, joiningServers, targetPools, vmsLostOnEject,
} from '../../renderer/src/features/pool-membership/commands';
import { createAppStore } from '../../renderer/src/state/store';
import { REATTACH_SR_COMMAND } from '../../renderer/src/features/new-sr/command';
import { DESTROY_SR_COMMAND, DETACH_SR_COMMAND, FORGET_SR_COMMAND, REPAIR_SR_COMMAND, SET_DEFAULT_SR_COMMAND } from '../../renderer/src/features/sr-commands/commands';
import { RecordingBridge, add, conn } from '../support/store-fixtures';
import { ASSIGN_COMMAND } from '../../renderer/src/features/snapshot-schedules/assign-menu';
import { ASSIGN_VAPP } from '../../renderer/src/features/vapps/assign';

type Rec = Record<string, unknown>;

/** A pool of `hosts` hosts (the first the coordinator), named `name` ('' for a standalone server). */
function server(id: string, name: string, hosts: number, pool: Rec = {}): ObjectChange[] {
  const out: ObjectChange[] = [add('pool', `OpaqueRef:${id}-pool`, { name_label: name, uuid: `${id}-uuid`, master: `OpaqueRef:${id}-h1`, allowed_operations: ['eject'], ...pool })];
  for (let i = 1; i <= hosts; i++) {
    out.push(add('host', `OpaqueRef:${id}-h${i}`, { name_label: `${id}-host-${i}`, uuid: `${id}-h${i}`, metrics: `OpaqueRef:${id}-m${i}` }));
    out.push(add('host_metrics', `OpaqueRef:${id}-m${i}`, { live: true }));
  }
  return out;
}

function store(extra: { [id: string]: ObjectChange[] } = {}, statuses: Record<string, ConnectionInfo['status']> = {}) {
  const s = createAppStore();
  const servers: Record<string, ObjectChange[]> = {
    pool: server('pool', 'Lab', 3),
    lone: server('lone', '', 1),
    lone2: server('lone2', '', 1),
    ...extra,
  };
  s.getState().applySnapshot({
    connections: Object.keys(servers).map((id) => conn(id, statuses[id])),
    deltas: Object.entries(servers).map(([id, changes]) => ({ connectionId: id, reset: true, changes })),
  });
  return s.getState();
}

const host = (connectionId: string, n = 1): Selection => [{ connectionId, cls: 'host', ref: `OpaqueRef:${connectionId}-h${n}` }];
const poolSel = (connectionId: string): Selection => [{ connectionId, cls: 'pool', ref: `OpaqueRef:${connectionId}-pool` }];

describe('standalone servers and pools', () => {
  it('a standalone server has one host; a pool is named or has more than one; both must be connected', () => {
    const s = store({ named1: server('named1', 'Solo', 1), off: server('off', '', 1) }, { off: 'disconnected' });
    expect(['pool', 'lone', 'named1', 'off'].map((id) => [isStandalone(s, id), isPool(s, id)])).toEqual([
      [false, true], [true, false], [true, true], [false, false],
    ]);
  });

  it('lists the servers that can join a pool and the pools a server can join, never the same pool twice', () => {
    // "twin" is a second connection to the Lab pool (same pool uuid).
    const s = store({ twin: server('pool', 'Lab', 3), other: server('other', 'Other', 2) });
    expect(joiningServers(s, 'pool').map((c) => c.name)).toEqual(['lone-host-1', 'lone2-host-1']);
    expect(targetPools(s, 'lone').map((c) => c.connectionId)).toEqual(['pool', 'twin', 'other']); // by name: Lab, Lab, Other
    expect(targetPools(s, 'twin').map((c) => c.connectionId)).toEqual(['other']);
  });
});

describe('Add Server to Pool…', () => {
  it('starts from a standalone server (pick the pool) or from a pool (pick the server)', () => {
    const s = store();
    expect(addToPoolStart(host('lone'), s)).toEqual({ server: 'lone' });
    expect(addToPoolStart(poolSel('pool'), s)).toEqual({ pool: 'pool' });
    // A member host of a pool, a VM, two servers, nothing: not offered.
    expect(addToPoolStart(host('pool', 2), s)).toBeNull();
    expect(addToPoolStart([{ connectionId: 'pool', cls: 'vm', ref: 'OpaqueRef:v' }], s)).toBeNull();
    expect(addToPoolStart([...host('lone'), ...host('lone2')], s)).toBeNull();
    expect(ADD_TO_POOL.canExecute(host('lone'), s)).toBe(true);
    expect(ADD_TO_POOL.canExecute(poolSel('pool'), s)).toBe(true);
  });

  it('is off when there is nothing on the other side', () => {
    const noPool = store({ pool: server('pool', 'Lab', 3) }, { pool: 'disconnected' });
    expect(ADD_TO_POOL.canExecute(host('lone'), noPool)).toBe(false);
    const noServer = store({ lone: server('lone', '', 2), lone2: server('lone2', '', 1) }, { lone2: 'failed' });
    expect(ADD_TO_POOL.canExecute(poolSel('pool'), noServer)).toBe(false);
  });

  it('asks main for pool.join (the joiner, the pool: never a password) and names both in the title', async () => {
    const bridge = new RecordingBridge();
    const out = await joinPool(bridge, 'lone', 'pool', store());
    expect(bridge.calls).toEqual([{ channel: 'pool.join', args: { connectionId: 'lone', poolConnectionId: 'pool' } }]);
    expect(out).toMatchObject({ taskRef: 'OpaqueRef:task', title: "Adding 'lone-host-1' to pool 'Lab'", target: { connectionId: 'lone' } });
    // Without its dialog: the selected pool takes the first standalone server.
    const b2 = new RecordingBridge();
    await ADD_TO_POOL.execute(poolSel('pool'), b2, store());
    expect(b2.calls[0].args).toEqual({ connectionId: 'lone', poolConnectionId: 'pool' });
  });
});

describe('Remove Server from Pool', () => {
  it('is offered for a member that is not the coordinator, when the pool allows eject', () => {
    const s = store();
    expect(REMOVE_FROM_POOL.canExecute(host('pool', 2), s)).toBe(true);
    expect(REMOVE_FROM_POOL.canExecute(host('pool', 1), s)).toBe(false); // the coordinator
    expect(REMOVE_FROM_POOL.canExecute(host('lone'), s)).toBe(false); // alone
    expect(REMOVE_FROM_POOL.canExecute(poolSel('pool'), s)).toBe(false);
    expect(REMOVE_FROM_POOL.canExecute(host('pool', 2), store({ pool: server('pool', 'Lab', 3, { allowed_operations: ['ha_enable'] }) }))).toBe(false);
    expect(ejectableHost(host('pool', 2), store({}, { pool: 'reconnecting' }))).toBeNull();
    // A member that is not live (shut down, unreachable): XenCenter's reason, as for the coordinator.
    const dead = store({ pool: [...server('pool', 'Lab', 3), add('host_metrics', 'OpaqueRef:pool-m2', { live: false })] });
    expect(commandState(REMOVE_FROM_POOL, host('pool', 2), dead)).toEqual({ enabled: false, reason: 'The server is unreachable.' });
    expect(commandState(REMOVE_FROM_POOL, host('pool', 1), s)).toEqual({ enabled: false, reason: 'You cannot remove the coordinator from the pool.' });
  });

  it('sends Async pool.eject(host) on the pool', async () => {
    const bridge = new RecordingBridge();
    const out = await ejectHost(bridge, host('pool', 2)[0], store());
    expect(bridge.calls).toEqual([{ channel: 'xapi.callAsync', args: { connectionId: 'pool', method: 'pool.eject', args: ['OpaqueRef:pool-h2'] } }]);
    expect(out).toMatchObject({ title: 'Removing server from pool', vm: 'pool-host-2', taskRef: 'OpaqueRef:task' });
  });

  it('names the VMs with a disk on the server\'s local storage (what ejecting it destroys)', () => {
    const h2 = 'OpaqueRef:pool-h2';
    const disk = (vm: string, sr: string): ObjectChange[] => [
      add('vbd', `OpaqueRef:b-${vm}`, { VDI: `OpaqueRef:d-${vm}` }), add('vdi', `OpaqueRef:d-${vm}`, { SR: sr }),
    ];
    const s = store({
      pool: [
        ...server('pool', 'Lab', 3),
        add('sr', 'OpaqueRef:local2', { shared: false, PBDs: ['OpaqueRef:pbd2'] }), add('pbd', 'OpaqueRef:pbd2', { host: h2 }),
        add('sr', 'OpaqueRef:nfs', { shared: true, PBDs: ['OpaqueRef:pbd-n'] }), add('pbd', 'OpaqueRef:pbd-n', { host: h2 }),
        add('vm', 'OpaqueRef:v10', { name_label: 'vm 10', VBDs: ['OpaqueRef:b-v10'] }), ...disk('v10', 'OpaqueRef:local2'),
        add('vm', 'OpaqueRef:v2', { name_label: 'vm 2', VBDs: ['OpaqueRef:b-v2'] }), ...disk('v2', 'OpaqueRef:local2'),
        add('vm', 'OpaqueRef:shared', { name_label: 'on nfs', VBDs: ['OpaqueRef:b-shared'] }), ...disk('shared', 'OpaqueRef:nfs'),
        add('vm', 'OpaqueRef:snap', { name_label: 'snapshot', is_a_snapshot: true, VBDs: ['OpaqueRef:b-v2'] }),
      ],
    });
    expect(vmsLostOnEject(s, 'pool', h2)).toEqual(['vm 2', 'vm 10']);
    expect(vmsLostOnEject(s, 'pool', 'OpaqueRef:pool-h3')).toEqual([]);
  });
});

describe('the context menu', () => {
  it('groups: VMs (power, migrate, snapshot+copy, convert+export+schedule+vApp, delete, properties); pools (HA+schedules, server, membership, all); hosts (server, membership, all); Edit Tags… then XAPI Operations last for one object', () => {
    const vm = contextMenuGroups([{ connectionId: 'pool', cls: 'vm', ref: 'OpaqueRef:v' }]);
    // The Properties of each class share a group; the menu shows the one that can run on the selection
    // (an SR's is in its own context menu, 'context:sr').
    const PROPS = [NETWORK_PROPERTIES_COMMAND];
    expect(vm).toEqual([VM_COMMANDS, [MIGRATE_COMMAND], [TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND], [CONVERT_TO_TEMPLATE_COMMAND, EXPORT_COMMAND, ASSIGN_COMMAND, ASSIGN_VAPP], [DELETE_VM_COMMAND], [VM_PROPERTIES_COMMAND, ...PROPS], [EDIT_TAGS_COMMAND, MOVE_TO_FOLDER], [OPERATIONS_COMMAND]]);
    const labels = (sel: Selection) => contextMenuGroups(sel).map((g) => g.map((c) => c.label));
    expect(labels(poolSel('pool'))).toEqual([
      ['New VM…', 'New SR…'], ['Configure HA…', 'Disable HA', 'VM Snapshot Schedules…', 'Manage vApps…'], ['Reconnect', 'Disconnect', 'Reconnect As…', 'Forget'],
      ['Add Server to Pool…', 'Remove Server from Pool'], ['Connect All', 'Disconnect All'], ['Properties', 'Properties'], ['Edit Tags…', 'Move to Folder…'], ['XAPI Operations…'],
    ]);
    expect(contextMenuGroups(poolSel('pool'))[5]).toEqual([POOL_PROPERTIES_COMMAND, ...PROPS]);
    expect(labels(host('lone'))[2]).toEqual(['Add Server to Pool…', 'Remove Server from Pool']);
    expect(contextMenuGroups([{ connectionId: 'pool', cls: 'sr', ref: 'OpaqueRef:s' }])).toEqual([
      [REPAIR_SR_COMMAND, SET_DEFAULT_SR_COMMAND], [DETACH_SR_COMMAND, REATTACH_SR_COMMAND, FORGET_SR_COMMAND, DESTROY_SR_COMMAND],
      [SR_PROPERTIES_COMMAND, ...PROPS], [EDIT_TAGS_COMMAND, MOVE_TO_FOLDER], [OPERATIONS_COMMAND]]);
    expect(contextMenuGroups([{ connectionId: 'pool', cls: 'vm', ref: 'OpaqueRef:a' }, { connectionId: 'pool', cls: 'vm', ref: 'OpaqueRef:b' }])).toEqual([VM_COMMANDS, [MIGRATE_COMMAND], [TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND], [CONVERT_TO_TEMPLATE_COMMAND, EXPORT_COMMAND, ASSIGN_COMMAND, ASSIGN_VAPP], [DELETE_VM_COMMAND], [VM_PROPERTIES_COMMAND], [EDIT_TAGS_COMMAND, MOVE_TO_FOLDER]]);
  });
});

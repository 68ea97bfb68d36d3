import { describe, expect, it } from 'vitest';
import type { RequestArgs, RequestChannel, RequestResult, BridgeEvent } from '../../shared/ipc/contract';
import type { Bridge } from '../../renderer/src/bridge/types';
import { BridgeError } from '../../renderer/src/bridge/types';
import { CONFIGURE_HA, DISABLE_HA, ENABLE_HA, configureHa, heartbeatSrs } from '../../renderer/src/features/ha/commands';
import { MIGRATE_COMMAND, migrateHosts, migrateVm } from '../../renderer/src/features/migrate/commands';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { runCommand } from '../../renderer/src/framework/run-command';
import { createAppStore } from '../../renderer/src/state/store';
import { ENUMS } from '../../shared/xapi/model';

class RecordingBridge implements Bridge {
  calls: Array<{ channel: string; args: unknown }> = [];
  fail: BridgeError | null = null;
  async request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    this.calls.push({ channel, args });
    if (this.fail) throw this.fail;
    return { taskRef: `OpaqueRef:task-${this.calls.length}` } as RequestResult<C>;
  }
  subscribe(_l: (e: BridgeEvent) => void): () => void { return () => {}; }
}

type Rec = Record<string, unknown>;
function store(vm: Rec = {}, pool: Rec = {}, extra: Array<{ cls: string; ref: string; record: Rec }> = []) {
  const s = createAppStore();
  const host = (n: number, enabled = true, live = true) => [
    { cls: 'host', ref: `OpaqueRef:h${n}`, op: 'add' as const, record: { name_label: `host ${n}`, enabled, metrics: `OpaqueRef:m${n}` } },
    { cls: 'host_metrics', ref: `OpaqueRef:m${n}`, op: 'add' as const, record: { live } },
  ];
  s.getState().applySnapshot({
    connections: [{ id: 'c1', url: 'https://h', hostname: 'h', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] }],
    deltas: [{ connectionId: 'c1', reset: true, changes: [
      ...host(1), ...host(2), ...host(3, false, true), ...host(4, true, false), ...host(10),
      { cls: 'vm', ref: 'OpaqueRef:vm1', op: 'add', record: { name_label: 'Web 1', power_state: 'Running', resident_on: 'OpaqueRef:h1', allowed_operations: ['pool_migrate'], ...vm } },
      { cls: 'pool', ref: 'OpaqueRef:p', op: 'add', record: { name_label: 'Lab', default_SR: 'OpaqueRef:nfs', ha_enabled: false, allowed_operations: ['ha_enable'], ...pool } },
      { cls: 'sr', ref: 'OpaqueRef:nfs', op: 'add', record: { name_label: 'NFS', shared: true, content_type: 'user', type: 'nfs' } },
      { cls: 'sr', ref: 'OpaqueRef:a-iscsi', op: 'add', record: { name_label: 'A iSCSI', shared: true, content_type: '', type: 'lvmoiscsi' } },
      { cls: 'sr', ref: 'OpaqueRef:iso', op: 'add', record: { name_label: 'ISO', shared: true, content_type: 'iso', type: 'iso' } },
      { cls: 'sr', ref: 'OpaqueRef:local', op: 'add', record: { name_label: 'Local', shared: false, content_type: 'user', type: 'ext' } },
      ...extra.map((e) => ({ ...e, op: 'add' as const })),
    ] }],
  });
  return s;
}
const vmSel = [{ connectionId: 'c1', cls: 'vm', ref: 'OpaqueRef:vm1' }];
const poolSel = [{ connectionId: 'c1', cls: 'pool', ref: 'OpaqueRef:p' }];

describe('Migrate to Server', () => {
  it('is not one of VM_COMMANDS (that list is the toolbar\'s)', () => {
    expect(VM_COMMANDS).not.toContain(MIGRATE_COMMAND);
    expect(MIGRATE_COMMAND.label).toBe('Migrate to Server…');
  });

  it('with no other pool connected, is enabled exactly when the VM\'s allowed_operations contain pool_migrate', () => {
    expect(MIGRATE_COMMAND.canExecute(vmSel, store().getState())).toBe(true);
    expect(MIGRATE_COMMAND.canExecute(vmSel, store({ allowed_operations: ENUMS.vm_operations.filter((o) => o !== 'pool_migrate') }).getState())).toBe(false);
    expect(MIGRATE_COMMAND.canExecute(vmSel, store({ allowed_operations: [] }).getState())).toBe(false);
    // The server's rules, not ours: a Halted VM the server lets migrate is enabled.
    expect(MIGRATE_COMMAND.canExecute(vmSel, store({ power_state: 'Halted' }).getState())).toBe(true);
    expect(MIGRATE_COMMAND.canExecute([], store().getState())).toBe(false);
    expect(MIGRATE_COMMAND.canExecute(poolSel, store().getState())).toBe(false);
    expect(MIGRATE_COMMAND.canExecute([{ connectionId: 'c1', cls: 'vm', ref: 'OpaqueRef:missing' }], store().getState())).toBe(false);
  });

  it('lists the other live, enabled hosts: never the resident host, a disabled or a dead one', () => {
    expect(migrateHosts(store().getState(), vmSel[0])).toEqual([
      { ref: 'OpaqueRef:h2', name: 'host 2' }, { ref: 'OpaqueRef:h10', name: 'host 10' },
    ]);
    expect(migrateHosts(store({ resident_on: 'OpaqueRef:h2' }).getState(), vmSel[0]).map((h) => h.ref)).toEqual(['OpaqueRef:h1', 'OpaqueRef:h10']);
    expect(migrateHosts(store().getState(), { connectionId: 'c1', cls: 'vm', ref: 'OpaqueRef:missing' })).toEqual([]);
  });

  it('sends Async VM.pool_migrate(vm, host, {})', async () => {
    const bridge = new RecordingBridge();
    const out = await migrateVm(bridge, vmSel[0], 'OpaqueRef:h2', store().getState());
    expect(bridge.calls).toEqual([{ channel: 'xapi.callAsync', args: { connectionId: 'c1', method: 'VM.pool_migrate', args: ['OpaqueRef:vm1', 'OpaqueRef:h2', {}] } }]);
    expect(out).toMatchObject({ taskRef: 'OpaqueRef:task-1', title: 'Migrating VM', vm: 'Web 1' });
    // Without the dialog: the first host it can go to.
    const b2 = new RecordingBridge();
    await MIGRATE_COMMAND.execute(vmSel, b2, store().getState());
    expect(b2.calls[0].args).toMatchObject({ method: 'VM.pool_migrate', args: ['OpaqueRef:vm1', 'OpaqueRef:h2', {}] });
  });

  it('a refused migration becomes a failed Events row with words and code', async () => {
    const s = store();
    const bridge = new RecordingBridge();
    bridge.fail = new BridgeError({ code: 'VM_REQUIRES_SR', params: ['OpaqueRef:vm1', 'OpaqueRef:local'], message: 'x' });
    const alerts: string[] = [];
    await runCommand(MIGRATE_COMMAND, vmSel, bridge, s, (m) => alerts.push(m));
    const row = [...s.getState().tasks.values()][0];
    expect(row).toMatchObject({ status: 'failure', local: true });
    expect(row.errorInfo[0]).toBe('VM_REQUIRES_SR');
    expect(alerts[0]).toContain("Migrating VM 'Web 1' failed");
    expect(alerts[0]).toContain('VM_REQUIRES_SR');
  });
});

describe('Pool HA', () => {
  it('Enable HA… is enabled exactly when HA is off, allowed_operations contain ha_enable and every host is live', () => {
    // The fixture's host 4 is not live: enable_ha would answer HOST_OFFLINE.
    const up = [{ cls: 'host_metrics', ref: 'OpaqueRef:m4', record: { live: true } }];
    expect(ENABLE_HA.canExecute(poolSel, store({}, {}, up).getState())).toBe(true);
    expect(ENABLE_HA.canExecute(poolSel, store().getState())).toBe(false);
    expect(ENABLE_HA.canExecute(poolSel, store({}, { allowed_operations: [] }, up).getState())).toBe(false);
    expect(ENABLE_HA.canExecute(poolSel, store({}, { allowed_operations: ['ha_disable'] }, up).getState())).toBe(false);
    expect(ENABLE_HA.canExecute(poolSel, store({}, { ha_enabled: true, allowed_operations: ['ha_enable'] }, up).getState())).toBe(false);
    expect(ENABLE_HA.canExecute(vmSel, store({}, {}, up).getState())).toBe(false);
    expect(ENABLE_HA.canExecute([], store({}, {}, up).getState())).toBe(false);
  });

  it('Disable HA is enabled exactly when HA is on and allowed_operations contain ha_disable', () => {
    const on = { ha_enabled: true, allowed_operations: ['ha_disable'] };
    expect(DISABLE_HA.canExecute(poolSel, store({}, on).getState())).toBe(true);
    expect(DISABLE_HA.canExecute(poolSel, store({}, { ...on, ha_enabled: false }).getState())).toBe(false);
    expect(DISABLE_HA.canExecute(poolSel, store({}, { ...on, allowed_operations: [] }).getState())).toBe(false);
    expect(DISABLE_HA.canExecute(poolSel, store().getState())).toBe(false);
    expect(DISABLE_HA.canExecute(vmSel, store({}, on).getState())).toBe(false);
  });

  it('offers shared, non-ISO SRs for the heartbeat, the pool default first', () => {
    expect(heartbeatSrs(store().getState(), 'c1')).toEqual([
      { ref: 'OpaqueRef:nfs', name: 'NFS', isDefault: true },
      { ref: 'OpaqueRef:a-iscsi', name: 'A iSCSI', isDefault: false },
    ]);
  });

  it('sends Async pool.enable_ha([sr], {}) and pool.disable_ha()', async () => {
    const bridge = new RecordingBridge();
    const out = await ENABLE_HA.execute(poolSel, bridge, store().getState());
    expect(bridge.calls).toEqual([{ channel: 'xapi.callAsync', args: { connectionId: 'c1', method: 'pool.enable_ha', args: [['OpaqueRef:nfs'], {}] } }]);
    expect(out[0]).toMatchObject({ taskRef: 'OpaqueRef:task-1', title: 'Enabling HA' });
    const b2 = new RecordingBridge();
    const out2 = await DISABLE_HA.execute(poolSel, b2, store({}, { ha_enabled: true, allowed_operations: ['ha_disable'] }).getState());
    expect(b2.calls).toEqual([{ channel: 'xapi.callAsync', args: { connectionId: 'c1', method: 'pool.disable_ha', args: [] } }]);
    expect(out2[0]).toMatchObject({ taskRef: 'OpaqueRef:task-1', title: 'Disabling HA' });
  });

  it('Configure HA…: while HA is off, Enable HA\'s rules and reason; while on, every server must be live to edit', () => {
    const up = [{ cls: 'host_metrics', ref: 'OpaqueRef:m4', record: { live: true } }];
    expect(CONFIGURE_HA.canExecute(poolSel, store({}, {}, up).getState())).toBe(true);
    expect(CONFIGURE_HA.canExecute(poolSel, store().getState())).toBe(false);
    expect(CONFIGURE_HA.disabledReason?.(poolSel, store().getState())).toBe(ENABLE_HA.disabledReason?.(poolSel, store().getState()));
    const on = { ha_enabled: true, allowed_operations: ['ha_disable'] };
    expect(CONFIGURE_HA.canExecute(poolSel, store({}, on, up).getState())).toBe(true);
    expect(CONFIGURE_HA.disabledReason?.(poolSel, store({}, on, up).getState())).toBeUndefined();
    // host 4 is not live: XenCenter's EditVmHaPrioritiesDialog refuses with its words.
    expect(CONFIGURE_HA.canExecute(poolSel, store({}, on).getState())).toBe(false);
    expect(CONFIGURE_HA.disabledReason?.(poolSel, store({}, on).getState())).toBe('In order to edit the HA restart priorities of your virtual machines, all servers in the pool must be live: host 4 is not');
    expect(CONFIGURE_HA.canExecute(poolSel, store({}, { ...on, current_operations: { t: 'ha_disable' } }, up).getState())).toBe(false);
    expect(CONFIGURE_HA.canExecute(vmSel, store({}, on, up).getState())).toBe(false);
  });

  it('Configure HA… sends one ha.configure request: with the heartbeat SR from the wizard, without it from the edit', async () => {
    const bridge = new RecordingBridge();
    const vms = [{ vmRef: 'OpaqueRef:vm1', priority: 'restart' as const, order: 2 }];
    const out = await configureHa(bridge, poolSel[0], { heartbeatSrRef: 'OpaqueRef:nfs', vms, failuresToTolerate: 1 }, store().getState());
    expect(bridge.calls).toEqual([{ channel: 'ha.configure', args: { connectionId: 'c1', poolRef: 'OpaqueRef:p', heartbeatSrRef: 'OpaqueRef:nfs', vms, failuresToTolerate: 1 } }]);
    expect(out).toMatchObject({ taskRef: 'OpaqueRef:task-1', title: 'Enabling HA', vm: 'Lab' });
    const b2 = new RecordingBridge();
    const out2 = await configureHa(b2, poolSel[0], { vms: [], failuresToTolerate: 0 });
    expect(b2.calls[0].args).toEqual({ connectionId: 'c1', poolRef: 'OpaqueRef:p', vms: [], failuresToTolerate: 0 });
    expect(out2).toMatchObject({ title: 'Setting HA protection levels' });
  });
});

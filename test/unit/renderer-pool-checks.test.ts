// XAPI's pool.join pre-join checks and enable_ha checks, made from the cache before the click.
import { describe, expect, it } from 'vitest';
import type { ObjectChange } from '../../shared/ipc/contract';
import { blockerText, enableHaBlocker, joinBlocker } from '../../renderer/src/xapi-model/pool-checks';
import { ADD_TO_POOL } from '../../renderer/src/features/pool-membership/commands';
import { ENABLE_HA } from '../../renderer/src/features/ha/commands';
import { commandState } from '../../renderer/src/framework/availability';
import { createAppStore } from '../../renderer/src/state/store';
import { add, conn } from '../support/store-fixtures';

const host = (ref: string, name: string, live = true, extra: Record<string, unknown> = {}): ObjectChange[] => [
  add('host', ref, { name_label: name, enabled: true, metrics: `${ref}-m`, cpu_info: { vendor: 'GenuineIntel' }, software_version: { product_version: '8.2.1' }, API_version_major: 2, API_version_minor: 21, ...extra }),
  add('host_metrics', `${ref}-m`, { live }),
];
const POOL: ObjectChange[] = [
  add('pool', 'OpaqueRef:p', { name_label: 'Prod', uuid: 'prod', master: 'OpaqueRef:h1', allowed_operations: ['ha_enable'], ha_enabled: false }),
  ...host('OpaqueRef:h1', 'prod-1'), ...host('OpaqueRef:h2', 'prod-2'),
  add('sr', 'OpaqueRef:nfs', { name_label: 'NFS', shared: true, content_type: 'user', type: 'nfs' }),
];
const lone = (extra: ObjectChange[] = [], hostExtra: Record<string, unknown> = {}): ObjectChange[] => [
  add('pool', 'OpaqueRef:lp', { name_label: '', uuid: 'lone', master: 'OpaqueRef:l1' }), ...host('OpaqueRef:l1', 'lone-1', true, hostExtra),
  add('sr', 'OpaqueRef:tools', { name_label: 'XenServer Tools', shared: true, is_tools_sr: true, type: 'udev' }),
  add('vm', 'OpaqueRef:dom0', { name_label: 'Control domain', is_control_domain: true, power_state: 'Running' }), ...extra,
];

function store(loneChanges = lone(), poolChanges = POOL) {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [conn('pool'), conn('lone')],
    deltas: [{ connectionId: 'pool', reset: true, changes: poolChanges }, { connectionId: 'lone', reset: true, changes: loneChanges }],
  });
  return s.getState();
}

describe('joinBlocker (pool.join pre-join checks)', () => {
  it('lets a server with halted VMs and only the tools SR join', () => {
    expect(joinBlocker(store(lone([add('vm', 'OpaqueRef:v', { name_label: 'a', power_state: 'Halted' })])), 'lone', 'pool')).toBeNull();
    expect(commandState(ADD_TO_POOL, [{ connectionId: 'pool', cls: 'pool', ref: 'OpaqueRef:p' }], store())).toEqual({ enabled: true });
  });

  it('refuses running VMs, naming them, and greys the command with that reason', () => {
    const s = store(lone([add('vm', 'OpaqueRef:v', { name_label: 'web', power_state: 'Running' }), add('vm', 'OpaqueRef:w', { name_label: 'db', power_state: 'Paused' })]));
    const b = joinBlocker(s, 'lone', 'pool')!;
    expect(b.code).toBe('JOINING_HOST_CANNOT_HAVE_RUNNING_VMS');
    expect(blockerText(b)).toBe("The server has running VMs ('web', 'db'): shut them down or move them first (JOINING_HOST_CANNOT_HAVE_RUNNING_VMS)");
    expect(commandState(ADD_TO_POOL, [{ connectionId: 'lone', cls: 'host', ref: 'OpaqueRef:l1' }], s))
      .toEqual({ enabled: false, reason: `'lone-1' cannot join 'Prod': ${blockerText(b)}` });
  });

  it('follows XAPI\'s order: HA before VMs, VMs before homogeneity, then shared SRs, bonds, VLANs, API version', () => {
    const haPool = POOL.map((c) => (c.cls === 'pool' ? add('pool', c.ref, { ...c.record, ha_enabled: true }) : c));
    expect(joinBlocker(store(lone([add('vm', 'OpaqueRef:v', { name_label: 'web', power_state: 'Running' })]), haPool), 'lone', 'pool')?.code).toBe('HA_IS_ENABLED');
    expect(joinBlocker(store(lone([], { cpu_info: { vendor: 'AuthenticAMD' } })), 'lone', 'pool')?.code).toBe('HOSTS_NOT_HOMOGENEOUS');
    expect(joinBlocker(store(lone([add('vm', 'OpaqueRef:v', { name_label: 'x', power_state: 'Halted', current_operations: { t: 'start' } })])), 'lone', 'pool')?.code).toBe('JOINING_HOST_CANNOT_HAVE_VMS_WITH_CURRENT_OPERATIONS');
    expect(joinBlocker(store(lone([add('sr', 'OpaqueRef:s', { name_label: 'iSCSI', shared: true, type: 'lvmoiscsi' })])), 'lone', 'pool'))
      .toEqual({ reason: "The server has shared storage ('iSCSI'): detach it first", code: 'JOINING_HOST_CANNOT_CONTAIN_SHARED_SRS' });
    expect(joinBlocker(store(lone([add('bond', 'OpaqueRef:b', {})])), 'lone', 'pool')?.code).toBe('POOL_JOINING_HOST_HAS_BONDS');
    expect(joinBlocker(store(lone([add('pif', 'OpaqueRef:v5', { VLAN: 5, management: false })])), 'lone', 'pool')?.code).toBe('POOL_JOINING_HOST_HAS_NON_MANAGEMENT_VLANS');
    expect(joinBlocker(store(lone([], { API_version_minor: 20 })), 'lone', 'pool'))
      .toEqual({ reason: "The server's API version 2.20 differs from the pool's 2.21", code: 'POOL_JOINING_HOST_MUST_HAVE_SAME_API_VERSION' });
  });
});

describe('enableHaBlocker (pool.enable_ha checks)', () => {
  const sel = [{ connectionId: 'pool', cls: 'pool', ref: 'OpaqueRef:p' }];
  it('a host that is not live greys Enable HA with HOST_OFFLINE, naming it', () => {
    const down = [...POOL.filter((c) => c.ref !== 'OpaqueRef:h2-m'), add('host_metrics', 'OpaqueRef:h2-m', { live: false })];
    const s = store(lone(), down);
    expect(enableHaBlocker(s, 'pool', 1)).toEqual({ reason: "HA needs every server up: 'prod-2' is not reachable", code: 'HOST_OFFLINE' });
    expect(commandState(ENABLE_HA, sel, s)).toEqual({ enabled: false, reason: "HA needs every server up: 'prod-2' is not reachable (HOST_OFFLINE)" });
    expect(commandState(ENABLE_HA, sel, store())).toEqual({ enabled: true });
  });
  it('an unplugged required PIF, then no shared SR for the heartbeat', () => {
    expect(enableHaBlocker(store(lone(), [...POOL, add('pif', 'OpaqueRef:pf', { disallow_unplug: true, currently_attached: false })]), 'pool', 1)?.code).toBe('REQUIRED_PIF_IS_UNPLUGGED');
    const noSr = store(lone(), POOL.filter((c) => c.cls !== 'sr'));
    expect(commandState(ENABLE_HA, sel, noSr)).toEqual({ enabled: false, reason: 'There is no shared storage for the heartbeat (CANNOT_CREATE_STATE_FILE)' });
  });
});

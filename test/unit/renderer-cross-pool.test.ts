// Migrate to Server across pools: which hosts of other pools are offered, when the command is
// enabled for it, and the storage and network mappings with their defaults.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo, ObjectChange } from '../../shared/ipc/contract';
import { MIGRATE_COMMAND, migrateDestinations } from '../../renderer/src/features/migrate/commands';
import {
  crossPoolMigrateVm, crossPoolPlan, defaultNetwork, destinationNetworks, destinationSrs, migrateDiskVdis, otherPoolHosts, vmVifs,
} from '../../renderer/src/features/migrate/cross-pool';
import { createAppStore } from '../../renderer/src/state/store';
import { RecordingBridge, add, conn } from '../support/store-fixtures';

const host = (ref: string, name: string, live = true, enabled = true): ObjectChange[] => [
  add('host', ref, { name_label: name, enabled, metrics: `${ref}-m` }), add('host_metrics', `${ref}-m`, { live }),
];

/** The source pool "src": a VM with a disk on NFS, a CD from the ISO library, an empty drive, and two VIFs. */
const SOURCE: ObjectChange[] = [
  add('pool', 'OpaqueRef:sp', { name_label: 'Lab', uuid: 'lab' }),
  ...host('OpaqueRef:s1', 'lab-1'), ...host('OpaqueRef:s2', 'lab-2'),
  add('vm', 'OpaqueRef:vm', {
    name_label: 'web', power_state: 'Halted', allowed_operations: ['migrate_send', 'start'], suspend_VDI: 'OpaqueRef:NULL',
    VBDs: ['OpaqueRef:b-disk', 'OpaqueRef:b-cd', 'OpaqueRef:b-empty', 'OpaqueRef:b-disk2'], VIFs: ['OpaqueRef:vif1', 'OpaqueRef:vif0'],
  }),
  add('vbd', 'OpaqueRef:b-disk', { VDI: 'OpaqueRef:d1', type: 'Disk' }),
  add('vbd', 'OpaqueRef:b-disk2', { VDI: 'OpaqueRef:d2', type: 'Disk' }),
  add('vbd', 'OpaqueRef:b-cd', { VDI: 'OpaqueRef:iso1', type: 'CD' }),
  add('vbd', 'OpaqueRef:b-empty', { VDI: 'OpaqueRef:NULL', type: 'CD', empty: true }),
  add('vdi', 'OpaqueRef:d1', { SR: 'OpaqueRef:nfs' }), add('vdi', 'OpaqueRef:d2', { SR: 'OpaqueRef:nfs' }),
  add('vdi', 'OpaqueRef:iso1', { SR: 'OpaqueRef:isosr' }),
  add('sr', 'OpaqueRef:nfs', { content_type: 'user', type: 'nfs', shared: true }),
  add('sr', 'OpaqueRef:isosr', { content_type: 'iso', type: 'iso', shared: true }),
  add('vif', 'OpaqueRef:vif0', { device: '0', network: 'OpaqueRef:sn0' }),
  add('vif', 'OpaqueRef:vif1', { device: '1', network: 'OpaqueRef:sn1' }),
  add('network', 'OpaqueRef:sn0', { name_label: 'Pool-wide network associated with eth0', bridge: 'xenbr0' }),
  add('network', 'OpaqueRef:sn1', { name_label: 'Lab storage', bridge: 'xenbr1' }),
];

/** The destination "dst": two hosts, SRs of each kind, networks (one internal). */
const DEST: ObjectChange[] = [
  add('pool', 'OpaqueRef:dp', { name_label: '', uuid: 'dst', default_SR: 'OpaqueRef:d-local2' }),
  ...host('OpaqueRef:d1h', 'dst-1'), ...host('OpaqueRef:d2h', 'dst-2'), ...host('OpaqueRef:d3h', 'dst-3', false), ...host('OpaqueRef:d4h', 'dst-4', true, false),
  add('sr', 'OpaqueRef:d-local1', { name_label: 'Local storage', content_type: 'user', shared: false, PBDs: ['OpaqueRef:p1'] }),
  add('pbd', 'OpaqueRef:p1', { host: 'OpaqueRef:d1h' }),
  add('sr', 'OpaqueRef:d-local2', { name_label: 'Local storage 2', content_type: 'user', shared: false, PBDs: ['OpaqueRef:p2'] }),
  add('pbd', 'OpaqueRef:p2', { host: 'OpaqueRef:d2h' }),
  add('sr', 'OpaqueRef:d-nfs', { name_label: 'Big NFS', content_type: 'user', shared: true, PBDs: [] }),
  add('sr', 'OpaqueRef:d-iso', { name_label: 'ISOs', content_type: 'iso', shared: true, PBDs: [] }),
  add('sr', 'OpaqueRef:d-tools', { name_label: 'Tools', content_type: 'iso', type: 'udev', shared: true, PBDs: [] }),
  add('network', 'OpaqueRef:dn-a', { name_label: 'A guests', bridge: 'xenbr5' }),
  add('network', 'OpaqueRef:dn-mgmt', { name_label: 'Pool-wide network associated with eth0', bridge: 'xenbr0' }),
  add('network', 'OpaqueRef:dn-st', { name_label: 'Storage', bridge: 'xenbr1' }),
  add('network', 'OpaqueRef:dn-int', { name_label: 'Host internal management network', bridge: 'xenapi', other_config: { is_host_internal_management_network: 'true' } }),
  add('pif', 'OpaqueRef:pif1', { host: 'OpaqueRef:d1h', network: 'OpaqueRef:dn-mgmt', management: true }),
];

function store(conns: Record<string, ObjectChange[]> = {}, statuses: Record<string, ConnectionInfo['status']> = {}) {
  const s = createAppStore();
  const all = { src: SOURCE, dst: DEST, ...conns };
  s.getState().applySnapshot({
    connections: Object.keys(all).map((id) => conn(id, statuses[id])),
    deltas: Object.entries(all).map(([id, changes]) => ({ connectionId: id, reset: true, changes })),
  });
  return s.getState();
}
const vm = { connectionId: 'src', cls: 'vm', ref: 'OpaqueRef:vm' };

describe('destinations in other pools', () => {
  it('lists the live, enabled hosts of other connected pools, never another connection to the same pool', () => {
    const s = store({
      twin: [add('pool', 'OpaqueRef:tp', { name_label: 'Lab', uuid: 'lab' }), ...host('OpaqueRef:t1', 'lab-1')],
      off: [add('pool', 'OpaqueRef:op', { name_label: 'Off', uuid: 'off' }), ...host('OpaqueRef:o1', 'off-1')],
    }, { off: 'disconnected' });
    expect(otherPoolHosts(s, vm)).toEqual([{ connectionId: 'dst', poolName: 'dst-1', hosts: [{ ref: 'OpaqueRef:d1h', name: 'dst-1' }, { ref: 'OpaqueRef:d2h', name: 'dst-2' }] }]);
  });

  it('Migrate to Server… is enabled for a halted VM (migrate_send) only when another pool has a host', () => {
    expect(MIGRATE_COMMAND.canExecute([vm], store())).toBe(true);
    expect(MIGRATE_COMMAND.canExecute([vm], store({}, { dst: 'reconnecting' }))).toBe(false);
    const noSend = store({ src: SOURCE.map((c) => (c.ref === 'OpaqueRef:vm' ? { ...c, record: { ...c.record, allowed_operations: ['start'] } } : c)) });
    expect(MIGRATE_COMMAND.canExecute([vm], noSend)).toBe(false);
  });

  it('groups the destinations: its own pool (pool_migrate) first, then the other pools (migrate_send)', () => {
    const running = store({ src: SOURCE.map((c) => (c.ref === 'OpaqueRef:vm'
      ? { ...c, record: { ...c.record, power_state: 'Running', resident_on: 'OpaqueRef:s1', allowed_operations: ['pool_migrate', 'migrate_send'] } } : c)) });
    expect(migrateDestinations(running, vm).map((g) => [g.poolName, g.crossPool, g.hosts.map((h) => h.name)])).toEqual([
      ['Lab', false, ['lab-2']], ['dst-1', true, ['dst-1', 'dst-2']],
    ]);
    expect(migrateDestinations(store(), vm).map((g) => g.crossPool)).toEqual([true]);
  });
});

describe('mappings', () => {
  it('maps every disk (not CDs from ISO libraries, not empty drives) and the suspend image', () => {
    expect(migrateDiskVdis(store(), 'src', 'OpaqueRef:vm')).toEqual(['OpaqueRef:d1', 'OpaqueRef:d2']);
    const suspended = store({ src: [...SOURCE.map((c) => (c.ref === 'OpaqueRef:vm' ? { ...c, record: { ...c.record, suspend_VDI: 'OpaqueRef:sus' } } : c)),
      add('vdi', 'OpaqueRef:sus', { SR: 'OpaqueRef:nfs' })] });
    expect(migrateDiskVdis(suspended, 'src', 'OpaqueRef:vm')).toEqual(['OpaqueRef:d1', 'OpaqueRef:d2', 'OpaqueRef:sus']);
  });

  it('offers user SRs the receiving host can reach (shared, or plugged into it), the pool default first', () => {
    const s = store();
    expect(destinationSrs(s, 'dst', 'OpaqueRef:d1h').map((x) => [x.name, x.isDefault])).toEqual([['Big NFS', false], ['Local storage on dst-1', false]]);
    expect(destinationSrs(s, 'dst', 'OpaqueRef:d2h').map((x) => [x.name, x.isDefault])).toEqual([['Local storage 2 on dst-2', true], ['Big NFS', false]]);
  });

  it('offers the networks (not the internal management one), the host\'s management network first', () => {
    expect(destinationNetworks(store(), 'dst', 'OpaqueRef:d1h').map((n) => n.name)).toEqual(['Pool-wide network associated with eth0', 'A guests', 'Storage']);
  });

  it('a VIF goes to the network of the same name, else the same bridge, else the first', () => {
    const s = store();
    const offered = destinationNetworks(s, 'dst', 'OpaqueRef:d1h');
    const [vif0, vif1] = vmVifs(s, 'src', 'OpaqueRef:vm');
    expect([vif0.device, vif1.device]).toEqual(['0', '1']);
    expect(defaultNetwork(s, 'dst', vif0, offered)).toBe('OpaqueRef:dn-mgmt'); // same name
    expect(defaultNetwork(s, 'dst', vif1, offered)).toBe('OpaqueRef:dn-st'); // same bridge xenbr1
    expect(defaultNetwork(s, 'dst', { ...vif1, bridge: 'xenbr9', networkName: 'elsewhere' }, offered)).toBe('OpaqueRef:dn-mgmt'); // the first
    expect(defaultNetwork(s, 'dst', vif1, [])).toBeUndefined();
  });

  it('the plan takes the user\'s picks when they are offered, the defaults otherwise, and says when it is complete', () => {
    const s = store();
    const plan = crossPoolPlan(s, vm, 'dst', 'OpaqueRef:d2h');
    expect(plan.srRef).toBe('OpaqueRef:d-local2');
    expect(plan.vifs.map((v) => v.network)).toEqual(['OpaqueRef:dn-mgmt', 'OpaqueRef:dn-st']);
    expect(plan.complete).toBe(true);
    const picked = crossPoolPlan(s, vm, 'dst', 'OpaqueRef:d2h', { srRef: 'OpaqueRef:d-nfs', networks: { 'OpaqueRef:vif1': 'OpaqueRef:dn-a', 'OpaqueRef:vif0': 'OpaqueRef:dn-int' } });
    expect(picked.srRef).toBe('OpaqueRef:d-nfs');
    // The internal network is not offered: vif0 keeps its default.
    expect(picked.vifs.map((v) => v.network)).toEqual(['OpaqueRef:dn-mgmt', 'OpaqueRef:dn-a']);
    // A destination with no usable SR for the disks: incomplete.
    const noSr = store({ dst: DEST.filter((c) => c.cls !== 'sr') });
    expect(crossPoolPlan(noSr, vm, 'dst', 'OpaqueRef:d1h').complete).toBe(false);
  });

  it('asks main for vm.crossPoolMigrate with every disk on the chosen SR and each VIF on its network', async () => {
    const bridge = new RecordingBridge();
    const out = await crossPoolMigrateVm(bridge, vm, { connectionId: 'dst', hostRef: 'OpaqueRef:d1h', srRef: 'OpaqueRef:d-nfs', vifNetworks: { 'OpaqueRef:vif0': 'OpaqueRef:dn-mgmt', 'OpaqueRef:vif1': 'OpaqueRef:dn-st' } }, store());
    expect(bridge.calls).toEqual([{ channel: 'vm.crossPoolMigrate', args: {
      connectionId: 'src', vmRef: 'OpaqueRef:vm', destConnectionId: 'dst', hostRef: 'OpaqueRef:d1h',
      vdiMap: { 'OpaqueRef:d1': 'OpaqueRef:d-nfs', 'OpaqueRef:d2': 'OpaqueRef:d-nfs' },
      vifMap: { 'OpaqueRef:vif0': 'OpaqueRef:dn-mgmt', 'OpaqueRef:vif1': 'OpaqueRef:dn-st' },
    } }]);
    expect(out).toMatchObject({ title: 'Migrating VM', vm: 'web', taskRef: 'OpaqueRef:task' });
  });
});

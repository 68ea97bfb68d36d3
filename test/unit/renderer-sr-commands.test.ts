// The SR commands' enablement and reasons (XenCenter's rules over allowed_operations and PBD state), and
// the pool's and server's Storage tab rows.
import { describe, expect, it } from 'vitest';
import { commandState } from '../../renderer/src/framework/availability';
import {
  DESTROY_SR_COMMAND, DETACH_SR_COMMAND, FORGET_SR_COMMAND, REPAIR_SR_COMMAND, RESCAN_SR_COMMAND, SET_DEFAULT_SR_COMMAND, TRIM_SR_COMMAND,
} from '../../renderer/src/features/sr-commands/commands';
import { srFacts } from '../../renderer/src/features/sr-commands/model';
import { hostStatuses } from '../../renderer/src/features/sr-commands/SrDialogs';
import { physicalStorageRows, usageText } from '../../renderer/src/features/physical-storage/model';
import { contextMenuGroups } from '../../renderer/src/app/menu-model';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects } from '../../renderer/src/state/store';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;
const ATTACHED_OPS = ['scan', 'plug', 'unplug', 'update', 'vdi_create', 'vdi_destroy', 'vdi_resize', 'vdi_clone', 'vdi_snapshot', 'pbd_create', 'pbd_destroy'];

function world(edit: (o: Record<string, Map<string, Rec>>) => void = () => undefined) {
  const o: Record<string, Map<string, Rec>> = {
    pool: new Map([['OpaqueRef:pool', { name_label: 'Demo', master: 'OpaqueRef:h1', default_SR: 'OpaqueRef:local1' }]]),
    host: new Map([['OpaqueRef:h1', { name_label: 'h1' }], ['OpaqueRef:h2', { name_label: 'h2' }]]),
    sr: new Map<string, Rec>([
      ['OpaqueRef:nfs', { name_label: 'NFS', name_description: 'vms', type: 'nfs', content_type: 'user', shared: true, PBDs: ['OpaqueRef:p1', 'OpaqueRef:p2'], VDIs: ['OpaqueRef:d1'],
        allowed_operations: ATTACHED_OPS, current_operations: {}, physical_size: 100 * GiB, physical_utilisation: 25 * GiB, virtual_allocation: 40 * GiB, other_config: {} }],
      ['OpaqueRef:local1', { name_label: 'Local storage', type: 'ext', content_type: 'user', shared: false, PBDs: ['OpaqueRef:l1'], VDIs: [],
        allowed_operations: ATTACHED_OPS, current_operations: {}, physical_size: 10 * GiB, physical_utilisation: 0, virtual_allocation: 0, other_config: {} }],
      ['OpaqueRef:iso', { name_label: 'ISO library', type: 'iso', content_type: 'iso', shared: true, PBDs: ['OpaqueRef:i1', 'OpaqueRef:i2'], VDIs: ['OpaqueRef:iso1'],
        allowed_operations: ['scan', 'plug', 'unplug'], current_operations: {}, physical_size: 0, other_config: {} }],
    ]),
    pbd: new Map<string, Rec>([
      ['OpaqueRef:p1', { host: 'OpaqueRef:h1', SR: 'OpaqueRef:nfs', currently_attached: true }],
      ['OpaqueRef:p2', { host: 'OpaqueRef:h2', SR: 'OpaqueRef:nfs', currently_attached: true }],
      ['OpaqueRef:l1', { host: 'OpaqueRef:h1', SR: 'OpaqueRef:local1', currently_attached: true }],
      ['OpaqueRef:i1', { host: 'OpaqueRef:h1', SR: 'OpaqueRef:iso', currently_attached: true }],
      ['OpaqueRef:i2', { host: 'OpaqueRef:h2', SR: 'OpaqueRef:iso', currently_attached: true }],
    ]),
    vdi: new Map<string, Rec>([
      ['OpaqueRef:d1', { name_label: 'web disk', virtual_size: 8 * GiB, managed: true, type: 'user', VBDs: ['OpaqueRef:b1'] }],
      ['OpaqueRef:iso1', { name_label: 'debian.iso', virtual_size: GiB, managed: true, type: 'user', VBDs: [] }],
    ]),
    vbd: new Map([['OpaqueRef:b1', { VM: 'OpaqueRef:vm', VDI: 'OpaqueRef:d1' }]]),
    vm: new Map([['OpaqueRef:vm', { name_label: 'web', power_state: 'Halted' }]]),
    sm: new Map([['OpaqueRef:sm-nfs', { type: 'nfs', capabilities: ['VDI_CREATE'], features: { VDI_CREATE: 1 } }], ['OpaqueRef:sm-lvm', { type: 'lvmoiscsi', capabilities: ['VDI_CREATE', 'SR_TRIM'], features: { VDI_CREATE: 1, SR_TRIM: 1 } }]]),
  };
  edit(o);
  const conn: ConnectionInfo = { id: 'c', url: 'https://10.0.0.1', hostname: '10.0.0.1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
  const objects: ConnObjects = new Map(Object.entries(o));
  return { connections: new Map([['c', conn]]), objects: new Map([['c', objects]]) };
}
const sr = (ref: string) => [{ connectionId: 'c', cls: 'sr', ref: `OpaqueRef:${ref}` }];
const set = (o: Record<string, Map<string, Rec>>, cls: string, ref: string, patch: Rec) => o[cls].set(`OpaqueRef:${ref}`, { ...o[cls].get(`OpaqueRef:${ref}`), ...patch });

describe('the SR commands', () => {
  it('on a healthy shared NFS SR: Set as Default, Rescan, Detach, Forget (unplugs first), Destroy (its disks first); no Repair, no trim', () => {
    const s = world();
    expect(commandState(SET_DEFAULT_SR_COMMAND, sr('nfs'), s)).toEqual({ enabled: true });
    expect(commandState(RESCAN_SR_COMMAND, sr('nfs'), s)).toEqual({ enabled: true });
    expect(commandState(DETACH_SR_COMMAND, sr('nfs'), s)).toEqual({ enabled: true });
    expect(commandState(FORGET_SR_COMMAND, sr('nfs'), s)).toEqual({ enabled: true });
    expect(commandState(DESTROY_SR_COMMAND, sr('nfs'), s)).toEqual({ enabled: true });
    expect(commandState(REPAIR_SR_COMMAND, sr('nfs'), s).reason).toBe('Every server has the SR plugged: there is nothing to repair');
    expect(commandState(TRIM_SR_COMMAND, sr('nfs'), s).reason).toBe('Reclaiming freed space is not supported on this SR');
  });

  it('Repair for a PBD unplugged or missing; the dialog words each server\'s state', () => {
    const unplugged = world((o) => set(o, 'pbd', 'p2', { currently_attached: false }));
    expect(commandState(REPAIR_SR_COMMAND, sr('nfs'), unplugged)).toEqual({ enabled: true });
    expect(hostStatuses(srFacts(unplugged, 'c', 'OpaqueRef:nfs')!)).toEqual([{ host: 'h1', status: 'Connected' }, { host: 'h2', status: 'Unplugged' }]);
    const missing = world((o) => { set(o, 'sr', 'nfs', { PBDs: ['OpaqueRef:p1'] }); o.pbd.delete('OpaqueRef:p2'); });
    expect(commandState(REPAIR_SR_COMMAND, sr('nfs'), missing)).toEqual({ enabled: true });
    expect(hostStatuses(srFacts(missing, 'c', 'OpaqueRef:nfs')!)[1]).toEqual({ host: 'h2', status: 'Connection Missing' });
    const none = world((o) => set(o, 'sr', 'nfs', { PBDs: [] }));
    expect(commandState(REPAIR_SR_COMMAND, sr('nfs'), none).reason).toBe('The SR has no PBDs: reattach it instead');
  });

  it('says why not: default already, local SR of a pool, ISO, running VMs, busy, detached, not XenCenter\'s type', () => {
    const s = world();
    expect(commandState(SET_DEFAULT_SR_COMMAND, sr('local1'), s).reason).toBe('This SR is already the default');
    const s2 = world((o) => set(o, 'pool', 'pool', { default_SR: 'OpaqueRef:nfs' }));
    expect(commandState(SET_DEFAULT_SR_COMMAND, sr('local1'), s2).reason).toBe('Only a shared SR can be the default SR of a pool');
    expect(commandState(SET_DEFAULT_SR_COMMAND, sr('iso'), s2).reason).toBe('An ISO library cannot be the default SR');
    expect(commandState(FORGET_SR_COMMAND, sr('local1'), s).reason).toBe('This SR cannot be forgotten with PoolDesk');
    expect(commandState(DESTROY_SR_COMMAND, sr('local1'), s).reason).toBe('This SR cannot be destroyed with PoolDesk');
    expect(commandState(DESTROY_SR_COMMAND, sr('iso'), s).reason).toBe('The virtual disks of this SR cannot be deleted: forget it instead');
    const running = world((o) => set(o, 'vm', 'vm', { power_state: 'Running' }));
    for (const c of [DETACH_SR_COMMAND, FORGET_SR_COMMAND, DESTROY_SR_COMMAND]) expect(commandState(c, sr('nfs'), running).reason).toBe('The SR is in use by running VMs');
    const busy = world((o) => set(o, 'sr', 'nfs', { current_operations: { t: 'scan' }, allowed_operations: ['plug'] }));
    expect(commandState(RESCAN_SR_COMMAND, sr('nfs'), busy).reason).toBe('There is currently an action in progress on this SR.');
    const detached = world((o) => { set(o, 'pbd', 'p1', { currently_attached: false }); set(o, 'pbd', 'p2', { currently_attached: false }); set(o, 'sr', 'nfs', { allowed_operations: ['plug', 'forget', 'pbd_create', 'pbd_destroy'] }); });
    expect(commandState(DETACH_SR_COMMAND, sr('nfs'), detached).reason).toBe('The SR is currently detached.');
    expect(commandState(RESCAN_SR_COMMAND, sr('nfs'), detached).reason).toBe('The SR is currently detached.');
    expect(commandState(FORGET_SR_COMMAND, sr('nfs'), detached)).toEqual({ enabled: true });
    expect(commandState(DESTROY_SR_COMMAND, sr('nfs'), detached).reason).toBe('The SR is detached: repair it first, so that its virtual disks can be deleted');
    expect(commandState(REPAIR_SR_COMMAND, sr('nfs'), detached)).toEqual({ enabled: true });
  });

  it('Reclaim freed space where the SR\'s driver has SR_TRIM and it is plugged', () => {
    const s = world((o) => set(o, 'sr', 'nfs', { type: 'lvmoiscsi' }));
    expect(commandState(TRIM_SR_COMMAND, sr('nfs'), s)).toEqual({ enabled: true });
    const off = world((o) => { set(o, 'sr', 'nfs', { type: 'lvmoiscsi' }); set(o, 'pbd', 'p1', { currently_attached: false }); set(o, 'pbd', 'p2', { currently_attached: false }); });
    expect(commandState(TRIM_SR_COMMAND, sr('nfs'), off).reason).toBe('Cannot reclaim freed space because the SR is detached.');
  });

  it('Destroy lists the disks it deletes, with the VMs using them', () => {
    expect(srFacts(world(), 'c', 'OpaqueRef:nfs')!.disks).toEqual([{ ref: 'OpaqueRef:d1', name: 'web disk', size: 8 * GiB, vms: ['web'] }]);
  });

  it('the SR context menu: Repair and Set as Default, then Detach, Forget, Destroy, then Properties', () => {
    // As XenCenter's AddIfEnabled: the shown (enabled) entries; Repair shows when the SR is broken.
    const s = world((o) => set(o, 'pbd', 'p2', { currently_attached: false }));
    const labels = contextMenuGroups(sr('nfs')).map((g) => g.filter((e) => 'perform' in e || commandState(e, sr('nfs'), s).enabled).map((e) => e.label));
    expect(labels.slice(0, 3)).toEqual([['Repair…', 'Set as Default'], ['Detach…', 'Forget…', 'Destroy…'], ['Properties']]);
  });
});

describe('the pool\'s and server\'s Storage tab', () => {
  it('a pool: every SR by name, the default marked, usage, and each server\'s connection', () => {
    const rows = physicalStorageRows(world((o) => set(o, 'pbd', 'p2', { currently_attached: false })), 'c');
    expect(rows.map((r) => r.name)).toEqual(['ISO library', 'Local storage', 'NFS']);
    const nfs = rows[2];
    expect(nfs).toMatchObject({ type: 'NFS', shared: true, isDefault: false, size: 100 * GiB, virtualAllocation: 40 * GiB, usage: 0.25 });
    expect(usageText(nfs)).toBe('25 GiB used (25%)');
    expect(nfs.pbds.map((p) => [p.hostName, p.state])).toEqual([['h1', 'Connected'], ['h2', 'Unplugged']]);
    expect(rows[1]).toMatchObject({ isDefault: true, type: 'EXT', shared: false });
    expect(rows[1].pbds.map((p) => p.hostName)).toEqual(['h1']);
    expect(usageText(rows[0])).toBe('—');
  });

  it('a server: its own SRs and its own connection; a shared SR it lacks a PBD for shows as missing', () => {
    const rows = physicalStorageRows(world((o) => { set(o, 'sr', 'nfs', { PBDs: ['OpaqueRef:p1'] }); o.pbd.delete('OpaqueRef:p2'); }), 'c', 'OpaqueRef:h2');
    expect(rows.map((r) => [r.name, r.pbds.map((p) => p.state)])).toEqual([['ISO library', ['Connected']], ['NFS', ['Connection Missing']]]);
  });
});

// Take Snapshot, Copy VM, Delete VM and the Snapshots tab's commands: what they read from the
// store (snapshots, disks and their default choice, copy targets, names), when they are enabled
// (allowed_operations), the one request each makes, and how main validates those requests.
import { NETWORK_PROPERTIES_COMMAND } from '../../renderer/src/features/object-properties/command';
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../shared/ipc/validate';
import { COPY_VM_COMMAND, DELETE_SNAPSHOT_COMMAND, DELETE_VM_COMMAND, REVERT_SNAPSHOT_COMMAND, SNAPSHOT_COMMANDS, TAKE_SNAPSHOT_COMMAND } from '../../renderer/src/features/vm-lifecycle/commands';
import { OPERATIONS_COMMAND } from '../../renderer/src/features/operations/command';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { commandState } from '../../renderer/src/framework/availability';
import { contextMenuGroups } from '../../renderer/src/app/menu-model';
import { NEW_VM_FROM_SNAPSHOT_COMMAND } from '../../renderer/src/features/new-vm/from-snapshot';
import type { Command } from '../../renderer/src/framework/command';
import { EDIT_TAGS_COMMAND } from '../../renderer/src/features/tags/command';
import { copyName, copyTargets, snapshotName, snapshotRows, vmDisks } from '../../renderer/src/features/vm-lifecycle/model';
import { uniqueName } from '../../renderer/src/features/vm-lifecycle/model';
import { createAppStore } from '../../renderer/src/state/store';
import { RecordingBridge } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;
const R = (s: string) => `OpaqueRef:${s}`;

/** A pool: h1, h2; local SRs on each, NFS on both, an ISO SR; VM "web" on local1 with two disks. */
function store(vm: Rec = {}, extra: Array<{ cls: string; ref: string; record: Rec }> = []) {
  const s = createAppStore();
  const add = (cls: string, ref: string, record: Rec) => ({ cls, ref: R(ref), op: 'add' as const, record });
  const sr = (ref: string, name: string, hosts: string[], rec: Rec = {}) => [
    add('sr', ref, { name_label: name, content_type: 'user', physical_size: 100 * GiB, physical_utilisation: 10 * GiB, PBDs: hosts.map((h) => R(`pbd-${ref}-${h}`)), ...rec }),
    ...hosts.map((h) => add('pbd', `pbd-${ref}-${h}`, { host: R(h), SR: R(ref), currently_attached: true })),
  ];
  s.getState().applySnapshot({
    connections: [{ id: 'c1', url: 'https://h', hostname: 'h', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] }],
    deltas: [{ connectionId: 'c1', reset: true, changes: [
      add('pool', 'pool', { name_label: 'Lab', default_SR: R('nfs') }),
      ...sr('local1', 'Local storage 1', ['h1']), ...sr('local2', 'Local storage 2', ['h2']),
      ...sr('nfs', 'NFS', ['h1', 'h2'], { physical_utilisation: 95 * GiB }), ...sr('big', 'Big NFS', ['h1', 'h2']),
      ...sr('iso', 'ISO', ['h1', 'h2'], { content_type: 'iso' }),
      add('vm', 'web', { name_label: 'web', power_state: 'Halted', allowed_operations: ['snapshot', 'clone', 'copy', 'destroy', 'start'],
        VBDs: [R('b0'), R('b1'), R('cd'), R('b2')], snapshots: [R('s-old'), R('s-new')], suspend_VDI: 'OpaqueRef:NULL', ...vm }),
      add('vbd', 'b0', { VM: R('web'), VDI: R('d0'), type: 'Disk', userdevice: '0', other_config: { owner: '' } }),
      add('vbd', 'b1', { VM: R('web'), VDI: R('d1'), type: 'Disk', userdevice: '1', other_config: {} }),
      add('vbd', 'b2', { VM: R('web'), VDI: R('d2'), type: 'Disk', userdevice: '2', other_config: { owner: 'true' } }),
      add('vbd', 'cd', { VM: R('web'), VDI: R('iso1'), type: 'CD', userdevice: '3', other_config: { owner: '' } }),
      add('vbd', 'other', { VM: R('db'), VDI: R('d2'), type: 'Disk', userdevice: '1', other_config: {} }),
      add('vm', 'db', { name_label: 'db', VBDs: [R('other')] }),
      add('vdi', 'd0', { name_label: 'system', virtual_size: 8 * GiB, SR: R('local1'), VBDs: [R('b0')] }),
      add('vdi', 'd1', { name_label: 'data', virtual_size: 2 * GiB, SR: R('local1'), VBDs: [R('b1')] }),
      add('vdi', 'd2', { name_label: 'shared', virtual_size: 1 * GiB, SR: R('local1'), VBDs: [R('b2'), R('other')] }),
      add('vdi', 'iso1', { name_label: 'debian.iso', SR: R('iso'), VBDs: [R('cd')] }),
      add('vm', 's-old', { name_label: 'before upgrade', name_description: 'first', is_a_snapshot: true, is_a_template: true, snapshot_of: R('web'),
        snapshot_time: '20260101T02:00:00Z', power_state: 'Halted', allowed_operations: ['revert', 'destroy'], VBDs: [R('sb')] }),
      add('vbd', 'sb', { VM: R('s-old'), VDI: R('sd'), type: 'Disk', userdevice: '0' }),
      add('vdi', 'sd', { name_label: 'system', virtual_size: 8 * GiB, SR: R('local1'), VBDs: [R('sb')] }),
      add('vm', 's-new', { name_label: 'with memory', is_a_snapshot: true, is_a_template: true, snapshot_of: R('web'),
        snapshot_time: '20260301T10:30:00Z', power_state: 'Suspended', allowed_operations: ['revert'], VBDs: [] }),
      add('vm', 'copy', { name_label: 'Copy of web' }),
      ...extra.map((e) => ({ ...e, op: 'add' as const })),
    ] }],
  });
  return s.getState();
}
const sel = (ref: string) => [{ connectionId: 'c1', cls: 'vm', ref: R(ref) }];

describe('the store reads', () => {
  it('lists the VM\'s snapshots newest first, a suspended one as "with memory"', () => {
    const rows = snapshotRows(store(), 'c1', R('web'));
    expect(rows.map((r) => r.name)).toEqual(['with memory', 'before upgrade']);
    expect(rows[0]).toMatchObject({ withMemory: true, canRevert: true, canDelete: false, taken: Date.UTC(2026, 2, 1, 10, 30) });
    expect(rows[1]).toMatchObject({ withMemory: false, canDelete: true, description: 'first' });
  });

  it('ticks the disks the VM owns and no other VM uses; CD drives are not disks', () => {
    const disks = vmDisks(store(), 'c1', R('web'));
    expect(disks.map((d) => [d.name, d.deleteByDefault, d.sharedWith])).toEqual([
      ['system', true, []], ['data', false, []], ['shared', false, ['db']],
    ]);
  });

  it('offers user SRs a host of the disks can reach, with room for them, own SR first then the default', () => {
    const t = copyTargets(store(), 'c1', R('web'));
    // Local storage 2 is on h2 only, which cannot see the disks' local SR; ISO is not for VM disks.
    expect(t.map((x) => x.name)).toEqual(['Local storage 1', 'NFS', 'Big NFS']);
    expect(t.find((x) => x.name === 'NFS')).toMatchObject({ enoughSpace: false, free: 5 * GiB, isDefault: true });
    expect(t.find((x) => x.name === 'Big NFS')).toMatchObject({ enoughSpace: true, free: 90 * GiB, size: 100 * GiB });
  });

  it('names a copy "Copy of <name>", unique among the pool\'s VMs', () => {
    expect(copyName(store(), 'c1', R('web'))).toBe('Copy of web (2)');
    expect(uniqueName('a', ['a', 'a (2)'])).toBe('a (3)');
    expect(uniqueName('b', ['a'])).toBe('b');
    expect(snapshotName('web', new Date(2026, 0, 5, 9, 7))).toBe('web 2026-01-05 09:07');
  });
});

describe('enablement from allowed_operations', () => {
  it('Take Snapshot needs snapshot or checkpoint; Copy needs clone or copy; Delete needs destroy', () => {
    const s = store();
    expect([TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND, DELETE_VM_COMMAND].map((c) => c.canExecute(sel('web'), s))).toEqual([true, true, true]);
    const running = store({ power_state: 'Running', allowed_operations: ['checkpoint', 'clean_shutdown'] });
    expect([TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND, DELETE_VM_COMMAND].map((c) => c.canExecute(sel('web'), running))).toEqual([true, false, false]);
    const none = store({ allowed_operations: [] });
    expect([TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND, DELETE_VM_COMMAND].map((c) => c.canExecute(sel('web'), none))).toEqual([false, false, false]);
  });

  it('the VM commands are not offered on snapshots, nor for several VMs', () => {
    const s = store({}, [{ cls: 'vm', ref: R('s-x'), record: { is_a_snapshot: true, is_a_template: true, allowed_operations: ['clone', 'copy', 'destroy', 'snapshot'] } }]);
    expect(COPY_VM_COMMAND.canExecute(sel('s-x'), s)).toBe(false);
    expect(DELETE_VM_COMMAND.canExecute(sel('s-x'), s)).toBe(false);
    expect(DELETE_VM_COMMAND.canExecute([...sel('web'), ...sel('db')], s)).toBe(false);
  });

  it('Revert and Delete follow the snapshot\'s own allowed_operations', () => {
    const s = store();
    expect(REVERT_SNAPSHOT_COMMAND.canExecute(sel('s-new'), s)).toBe(true);
    expect(DELETE_SNAPSHOT_COMMAND.canExecute(sel('s-new'), s)).toBe(false);
    expect(DELETE_SNAPSHOT_COMMAND.canExecute(sel('s-old'), s)).toBe(true);
    expect(REVERT_SNAPSHOT_COMMAND.canExecute(sel('web'), s)).toBe(false);
  });

  it('a snapshot\'s tree node offers its own commands (XenCenter\'s snapshot menu), never the VM\'s', () => {
    const s = store();
    // (The network Properties sits in every single object's menu, shown only for networks; the SR's has the SR menu.)
    expect(contextMenuGroups(sel('s-old'), s)).toEqual([[NEW_VM_FROM_SNAPSHOT_COMMAND, ...SNAPSHOT_COMMANDS], [NETWORK_PROPERTIES_COMMAND], [EDIT_TAGS_COMMAND], [OPERATIONS_COMMAND]]);
    expect(contextMenuGroups(sel('s-old'), s)[0].map((c) => c.label)).toEqual(['New VM from Snapshot…', 'Revert To…', 'Delete Snapshot…']);
    // A VM keeps its menu when the store is given.
    expect(contextMenuGroups(sel('web'), s).flat()).toContain(TAKE_SNAPSHOT_COMMAND);
    // The menus ask first: each has its dialog.
    expect(contextMenuGroups(sel('s-old'), s)[0].map((c) => (c as Command).dialog)).toEqual(['newVm', 'revertSnapshot', 'deleteSnapshot']);
  });

  it('no power command acts on a snapshot, though XAPI allows hard_shutdown on one with memory', () => {
    const s = store({}, [{ cls: 'vm', ref: R('s-mem'), record: { is_a_snapshot: true, is_a_template: true, power_state: 'Suspended', allowed_operations: ['hard_shutdown', 'revert'] } }]);
    expect(VM_COMMANDS.filter((c) => c.canExecute(sel('s-mem'), s))).toEqual([]);
    expect(VM_COMMANDS.find((c) => c.id === 'vm.start')!.canExecute(sel('web'), s)).toBe(true);
  });

  it('New VM from Snapshot: a disk-only snapshot the server lets clone or copy; why not, in words', () => {
    const s = store({}, [
      { cls: 'vm', ref: R('s-disk'), record: { name_label: 'disks', is_a_snapshot: true, is_a_template: true, power_state: 'Halted', allowed_operations: ['clone', 'copy', 'destroy'] } },
      { cls: 'vm', ref: R('s-busy'), record: { name_label: 'busy', is_a_snapshot: true, is_a_template: true, power_state: 'Halted', allowed_operations: [], current_operations: { t1: 'export' } } },
    ]);
    expect(NEW_VM_FROM_SNAPSHOT_COMMAND.canExecute(sel('s-disk'), s)).toBe(true);
    // s-old: halted but the server does not allow clone/copy; s-new holds memory (a clone would be suspended).
    expect(commandState(NEW_VM_FROM_SNAPSHOT_COMMAND, sel('s-old'), s)).toEqual({ enabled: false, reason: 'The server does not allow this snapshot to be cloned or copied now' });
    expect(commandState(NEW_VM_FROM_SNAPSHOT_COMMAND, sel('s-new'), s).reason).toMatch(/holds the VM's memory too/);
    expect(commandState(NEW_VM_FROM_SNAPSHOT_COMMAND, sel('web'), s)).toEqual({ enabled: false, reason: 'Select one snapshot' });
    // Revert and Delete give the reasons every VM command gives (xapi-model/refusal.ts).
    expect(commandState(DELETE_SNAPSHOT_COMMAND, sel('s-busy'), s)).toEqual({ enabled: false, reason: "'busy' is busy: it is being exported" });
    expect(commandState(DELETE_SNAPSHOT_COMMAND, sel('s-new'), s)).toMatchObject({ enabled: false, reason: expect.stringMatching(/does not allow .* to be deleted now/) });
    expect(commandState(REVERT_SNAPSHOT_COMMAND, sel('web'), s).reason).toMatch(/is not a snapshot/);
  });

  it('the VM context menu has Take Snapshot and Copy VM together, Delete VM in a group of its own', () => {
    const groups = contextMenuGroups(sel('web')).map((g) => g.map((c) => c.id));
    expect(groups).toContainEqual(['vm.takeSnapshot', 'vm.copy']);
    expect(groups).toContainEqual(['vm.delete']);
  });
});

describe('one request per command', () => {
  it('Delete VM without its dialog deletes the owned, unshared disks and no snapshot', async () => {
    const b = new RecordingBridge();
    const [o] = await DELETE_VM_COMMAND.execute(sel('web'), b, store());
    expect(b.calls).toEqual([{ channel: 'vm.delete', args: { connectionId: 'c1', vmRef: R('web'), vdiRefs: [R('d0')], snapshotRefs: [] } }]);
    expect(o).toMatchObject({ title: 'Deleting VM', vm: 'web', taskRef: 'OpaqueRef:task' });
  });

  it('deleting a snapshot takes all its disks; reverting is Async VM.revert on the snapshot', async () => {
    const b = new RecordingBridge();
    await DELETE_SNAPSHOT_COMMAND.execute(sel('s-old'), b, store());
    await REVERT_SNAPSHOT_COMMAND.execute(sel('s-new'), b, store());
    expect(b.calls).toEqual([
      { channel: 'vm.delete', args: { connectionId: 'c1', vmRef: R('s-old'), vdiRefs: [R('sd')], snapshotRefs: [] } },
      { channel: 'xapi.callAsync', args: { connectionId: 'c1', method: 'VM.revert', args: [R('s-new')] } },
    ]);
  });

  it('Copy VM without its dialog: a fast clone when allowed, else a full copy to an SR with room', async () => {
    const b = new RecordingBridge();
    await COPY_VM_COMMAND.execute(sel('web'), b, store());
    await COPY_VM_COMMAND.execute(sel('web'), b, store({ allowed_operations: ['copy'] }));
    expect(b.calls.map((c) => c.args)).toEqual([
      { connectionId: 'c1', vmRef: R('web'), name: 'Copy of web (2)', description: '' },
      { connectionId: 'c1', vmRef: R('web'), name: 'Copy of web (2)', description: '', srRef: R('local1') },
    ]);
  });

  it('a refused request becomes an outcome with the error, not a throw', async () => {
    const b = new RecordingBridge();
    b.request = async () => { throw Object.assign(new Error('x'), { code: 'VM_BAD_POWER_STATE', params: [] }); };
    const [o] = await TAKE_SNAPSHOT_COMMAND.execute(sel('web'), b, store());
    expect(o.error).toBeDefined();
    expect(o.taskRef).toBeUndefined();
  });
});

describe('main validates the requests', () => {
  const base = { connectionId: 'c1', vmRef: R('web') };
  it('accepts well-formed ones (names trimmed, duplicate refs dropped)', () => {
    expect(validateRequest('vm.snapshot', { ...base, name: ' s1 ', description: '', mode: 'checkpoint' }).args).toEqual({ ...base, name: 's1', description: '', mode: 'checkpoint' });
    expect(validateRequest('vm.copy', { ...base, name: 'c', description: 'd', srRef: R('nfs') }).args).toEqual({ ...base, name: 'c', description: 'd', srRef: R('nfs') });
    expect(validateRequest('vm.delete', { ...base, vdiRefs: [R('d0'), R('d0')], snapshotRefs: [] }).args).toEqual({ ...base, vdiRefs: [R('d0')], snapshotRefs: [] });
  });
  it('refuses blank names, unknown modes, non-refs and extra fields', () => {
    expect(() => validateRequest('vm.snapshot', { ...base, name: '  ', description: '', mode: 'snapshot' })).toThrow(/name/);
    expect(() => validateRequest('vm.snapshot', { ...base, name: 'a', description: '', mode: 'memory' })).toThrow(/mode/);
    expect(() => validateRequest('vm.copy', { ...base, name: 'a', description: '', srRef: 'nfs' })).toThrow(/OpaqueRef/);
    expect(() => validateRequest('vm.delete', { ...base, vdiRefs: ['x'], snapshotRefs: [] })).toThrow(/OpaqueRef/);
    expect(() => validateRequest('vm.delete', { ...base, vdiRefs: [], snapshotRefs: [], force: true })).toThrow(/unexpected/);
  });
});

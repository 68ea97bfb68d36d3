// The VM Storage tab's pure reads and commands: its rows, the SRs a new disk can go on (shared or
// local to the VM's host; default first, free space shown), attachable disks and ISOs, the size
// field, each command's state and reason in words from power state and allowed_operations, and
// main's check of storage.change requests; Move… (its targets and mode), Activate / Deactivate, and
// the SR Storage tab (its rows, Add…, Rescan, Delete, Properties…).
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../shared/ipc/validate';
import {
  attachableVdis, cdDrive, diskRows, isoChoices, looseSrChoices, moveMode, moveTargets, positionBlocker, positionChoices, resizeMode, sizeProblem, srChoices,
  srDiskRows,
} from '../../renderer/src/features/storage/model';
import {
  ACTIVATE_DISK_COMMAND, DEACTIVATE_DISK_COMMAND, MOVE_DISK_COMMAND, SR_ADD_DISK_COMMAND, SR_RESCAN_COMMAND, VDI_DELETE_COMMAND, VDI_PROPERTIES_COMMAND,
} from '../../renderer/src/features/storage/commands';
import {
  ADD_DISK_COMMAND, ADD_DVD_COMMAND, ATTACH_DISK_COMMAND, CHANGE_DVD_COMMAND, DELETE_DISK_COMMAND, DETACH_DISK_COMMAND, DISK_PROPERTIES_COMMAND, EJECT_DVD_COMMAND,
} from '../../renderer/src/features/storage/commands';
import { commandState } from '../../renderer/src/framework/availability';
import type { Command } from '../../renderer/src/framework/command';
import { createAppStore } from '../../renderer/src/state/store';
import { add, conn } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const R = (s: string) => `OpaqueRef:${s}`;
const GiB = 1024 ** 3;

function store(vm: Rec = {}, vbds: Record<string, Rec> = {}, extra: Array<[string, string, Rec]> = []) {
  const s = createAppStore();
  const pbd = (sr: string, host: string): [string, string, Rec] => ['pbd', `pbd-${sr}-${host}`, { SR: R(sr), host: R(host), currently_attached: true }];
  const sr = (ref: string, rec: Rec, hosts: string[]): Array<[string, string, Rec]> => [
    ['sr', ref, { allowed_operations: ['vdi_create', 'vdi_destroy', 'vdi_resize'], PBDs: hosts.map((h) => R(`pbd-${ref}-${h}`)), physical_size: 100 * GiB, physical_utilisation: 40 * GiB, ...rec }],
    ...hosts.map((h) => pbd(ref, h)),
  ];
  const rows: Array<[string, string, Rec]> = [
    ['pool', 'pool', { default_SR: R('nfs') }],
    ['host', 'h1', { name_label: 'h1' }], ['host', 'h2', { name_label: 'h2' }],
    ...sr('nfs', { name_label: 'NFS', shared: true }, ['h1', 'h2']),
    ...sr('local1', { name_label: 'Local h1', shared: false }, ['h1']),
    ...sr('local2', { name_label: 'Local h2', shared: false }, ['h2']),
    ...sr('iso', { name_label: 'ISOs', shared: true, content_type: 'iso', type: 'iso', VDIs: [R('iso1'), R('iso2')], allowed_operations: [] }, ['h1', 'h2']),
    ['vdi', 'iso1', { name_label: 'debian.iso', SR: R('iso'), VBDs: [] }],
    ['vdi', 'iso2', { name_label: 'alpine.iso', SR: R('iso'), VBDs: [] }],
    ['vdi', 'sys', { name_label: 'system', SR: R('nfs'), virtual_size: 8 * GiB, type: 'user', VBDs: [R('disk')], allowed_operations: ['resize', 'destroy'] }],
    ['vdi', 'free', { name_label: 'spare', SR: R('nfs'), virtual_size: GiB, type: 'user', VBDs: [] }],
    ['vdi', 'far', { name_label: 'far away', SR: R('local2'), virtual_size: GiB, type: 'user', VBDs: [] }],
    ['vdi', 'used', { name_label: 'other VM', SR: R('nfs'), virtual_size: GiB, type: 'user', VBDs: [R('othervbd')] }],
    ['vbd', 'othervbd', { VM: R('other'), VDI: R('used'), type: 'Disk' }],
    ...Object.entries({
      disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), empty: false, currently_attached: false, allowed_operations: ['attach'], unpluggable: true },
      cd: { userdevice: '3', type: 'CD', mode: 'RO', VDI: 'OpaqueRef:NULL', empty: true, currently_attached: false, allowed_operations: ['attach', 'insert'] },
      ...vbds,
    }).map(([ref, rec]): [string, string, Rec] => ['vbd', ref, { VM: R('vm'), ...rec }]),
    ...extra,
  ];
  const vbdRefs = ['disk', 'cd', ...Object.keys(vbds)].filter((k) => !(vbds[k] && vbds[k].gone)).map(R);
  s.getState().applySnapshot({
    connections: [conn('c1')],
    deltas: [{ connectionId: 'c1', reset: true, changes: [
      add('vm', R('vm'), { name_label: 'web', power_state: 'Halted', affinity: R('h1'), VBDs: vbdRefs, ...vm }),
      ...rows.map(([cls, ref, rec]) => add(cls, R(ref), rec)),
    ] }],
  });
  return s.getState();
}

const vmSel = [{ connectionId: 'c1', cls: 'vm', ref: R('vm') }];
const vbdSel = (ref: string) => [{ connectionId: 'c1', cls: 'vbd', ref: R(ref) }];
const state = (cmd: Command, sel: typeof vmSel, s: ReturnType<typeof store>) => commandState(cmd, sel, s);

describe('Storage tab rows and choices', () => {
  it('lists every VBD in position order, an empty CD as Empty', () => {
    const rows = diskRows(store(), 'c1', R('vm'));
    expect(rows.map((r) => [r.position, r.name, r.type, r.size, r.sr, r.mode])).toEqual([['0', 'system', 'Disk', '8 GiB', 'NFS', 'RW'], ['3', 'Empty', 'CD', '', '', 'RO']]);
    expect(cdDrive(store(), 'c1', R('vm'))).toEqual({ ref: R('cd'), vdiRef: '' });
  });
  it('offers shared SRs and the home host\'s local SRs, the default first with its free space; never ISO libraries', () => {
    const srs = srChoices(store(), 'c1', R('vm'));
    expect(srs.map((x) => x.name)).toEqual(['NFS', 'Local h1 on h1']);
    expect(srs[0].label).toBe('NFS (60 GiB free, default)');
    // Running on h2: that host's local SR instead.
    expect(srChoices(store({ power_state: 'Running', resident_on: R('h2') }), 'c1', R('vm')).map((x) => x.name)).toEqual(['NFS', 'Local h2 on h2']);
  });
  it('attaches only free user disks the VM can see; lists every ISO by SR', () => {
    expect(attachableVdis(store(), 'c1', R('vm')).map((v) => v.name)).toEqual(['spare']);
    expect(isoChoices(store(), 'c1', R('vm')).map((i) => i.name)).toEqual(['alpine.iso', 'debian.iso']);
  });
  it('reads a size with its unit, whole MiB, growth only', () => {
    expect(sizeProblem('1', 'GiB')).toEqual({ bytes: GiB, problem: '' });
    expect(sizeProblem('1.5', 'TiB').bytes).toBe(1.5 * 1024 * GiB);
    expect(sizeProblem('abc', 'GiB').problem).toMatch(/positive number/);
    expect(sizeProblem('0', 'MiB').problem).toMatch(/at least 1 MiB/);
    expect(sizeProblem('1', 'GiB', 2 * GiB).problem).toMatch(/only grow.*2 GiB/);
  });
  it('resizes offline when detached, online when attached and the server allows it', () => {
    expect(resizeMode(store(), 'c1', R('disk')).op).toBe('resize');
    const s = store({}, {}, [['vdi', 'sys', { name_label: 'system', SR: R('nfs'), VBDs: [R('disk')], allowed_operations: ['resize_online'] }]]);
    expect(resizeMode(s, 'c1', R('disk')).op).toBe('resize_online');
  });
});

describe('Storage commands: states and reasons', () => {
  it('a halted VM: add, attach, detach, delete, properties, DVD insert and add-drive refused (it has one)', () => {
    const s = store();
    for (const c of [ADD_DISK_COMMAND, ATTACH_DISK_COMMAND, CHANGE_DVD_COMMAND]) expect(state(c, vmSel, s)).toEqual({ enabled: true });
    for (const c of [DETACH_DISK_COMMAND, DELETE_DISK_COMMAND, DISK_PROPERTIES_COMMAND]) expect(state(c, vbdSel('disk'), s)).toEqual({ enabled: true });
    expect(state(EJECT_DVD_COMMAND, vmSel, s)).toEqual({ enabled: false, reason: 'The DVD drive is empty' });
    expect(state(ADD_DVD_COMMAND, vmSel, s)).toEqual({ enabled: false, reason: 'The VM already has a DVD drive' });
    expect(state(DETACH_DISK_COMMAND, vbdSel('cd'), s).reason).toMatch(/DVD drive list/);
    expect(state(DETACH_DISK_COMMAND, [], s).reason).toBe('Select a disk first');
  });
  it('a running VM: detach needs the server to allow unplug; a non-unpluggable disk says so', () => {
    const running = { power_state: 'Running', resident_on: R('h1') };
    const s = store(running, { disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), currently_attached: true, allowed_operations: ['attach'], unpluggable: false } });
    expect(state(DETACH_DISK_COMMAND, vbdSel('disk'), s).reason).toMatch(/not unpluggable/);
    expect(state(DELETE_DISK_COMMAND, vbdSel('disk'), s).reason).toMatch(/not unpluggable/);
    const t = store(running, { disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), currently_attached: true, allowed_operations: ['attach', 'unplug'], unpluggable: true } });
    expect(state(DETACH_DISK_COMMAND, vbdSel('disk'), t)).toEqual({ enabled: true });
    expect(state(ADD_DVD_COMMAND, vmSel, store(running, { cd: { gone: true } })).reason).toMatch(/running: a DVD drive is added only while it is shut down/);
  });
  it('suspended and snapshot VMs: refused in words', () => {
    expect(state(ADD_DISK_COMMAND, vmSel, store({ power_state: 'Suspended' })).reason).toMatch(/suspended: disks are added only/);
    expect(state(CHANGE_DVD_COMMAND, vmSel, store({ power_state: 'Suspended' })).reason).toMatch(/suspended/);
    expect(state(ADD_DISK_COMMAND, vmSel, store({ is_a_snapshot: true })).reason).toMatch(/snapshot/);
  });
  it('delete refuses a disk another VM uses, and an SR that cannot delete', () => {
    const s = store({}, {}, [['vdi', 'sys', { name_label: 'system', SR: R('nfs'), VBDs: [R('disk'), R('othervbd')], allowed_operations: ['destroy'] }]]);
    expect(state(DELETE_DISK_COMMAND, vbdSel('disk'), s).reason).toMatch(/Another VM/);
  });
  it('a role below the messages greys with the role', () => {
    const s = store();
    const withRole = { ...s, connections: new Map([['c1', { ...s.connections.get('c1')!, role: 'read-only' as const }]]) };
    expect(state(ADD_DISK_COMMAND, vmSel, withRole as never).reason).toMatch(/needs the .* role/);
  });
});

describe('storage.change requests', () => {
  const ok = (o: Rec) => validateRequest('storage.change', { connectionId: 'c1', ...o }).args;
  it('accepts each kind and refuses bad refs, sizes, modes and extra keys', () => {
    expect(ok({ kind: 'addDisk', vmRef: R('vm'), srRef: R('sr'), name: 'd', description: '', size: GiB })).toMatchObject({ size: GiB });
    expect(ok({ kind: 'editDisk', vbdRef: R('b'), size: 2 * GiB })).toEqual({ kind: 'editDisk', connectionId: 'c1', vbdRef: R('b'), size: 2 * GiB });
    expect(ok({ kind: 'insertCd', vbdRef: R('b'), vdiRef: '' })).toMatchObject({ vdiRef: '' });
    expect(ok({ kind: 'addCd', vmRef: R('vm') })).toMatchObject({ kind: 'addCd' });
    expect(() => ok({ kind: 'addDisk', vmRef: R('vm'), srRef: R('sr'), name: ' ', description: '', size: GiB })).toThrow(/name/);
    expect(() => ok({ kind: 'addDisk', vmRef: R('vm'), srRef: R('sr'), name: 'd', description: '', size: 1.5 })).toThrow(/size/);
    expect(() => ok({ kind: 'editDisk', vbdRef: R('b'), mode: 'RX' })).toThrow(/mode/);
    expect(() => ok({ kind: 'detachDisk', vbdRef: 'nope' })).toThrow(/OpaqueRef/);
    expect(() => ok({ kind: 'detachDisk', vbdRef: R('b'), extra: 1 })).toThrow(/unexpected/);
    expect(() => ok({ kind: 'attachDisk', vmRef: R('vm'), vdiRef: R('v') })).toThrow(/readOnly/);
  });
});

const vdiSel = (ref: string) => [{ connectionId: 'c1', cls: 'vdi', ref: R(ref) }];
const srSel = (ref: string) => [{ connectionId: 'c1', cls: 'sr', ref: R(ref) }];
const copyable = ['clone', 'copy', 'resize', 'snapshot', 'destroy'];
const sysVdi = (rec: Rec = {}): [string, string, Rec] => ['vdi', 'sys', { name_label: 'system', SR: R('nfs'), virtual_size: 8 * GiB, type: 'user', VBDs: [R('disk')], allowed_operations: copyable, ...rec }];

describe('Move…', () => {
  it('a halted VM\'s disk: copy and swap to SRs the VM can see, not its own, never ISO; too small ones greyed with why', () => {
    const s = store({}, {}, [sysVdi(), ['sr', 'local1', { name_label: 'Local h1', shared: false, allowed_operations: ['vdi_create'], PBDs: [R('pbd-local1-h1')], physical_size: 10 * GiB, physical_utilisation: 5 * GiB }]]);
    expect(moveMode(s, 'c1', R('sys'))).toBe('copy');
    const t = moveTargets(s, 'c1', R('sys'));
    expect(t.map((x) => x.name)).toEqual(['Local h1 on h1']);
    expect(t[0].reason).toBe('only 5 GiB free, the disk is 8 GiB');
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), s).reason).toBe('No other storage repository has room for the disk');
    const roomy = store({}, {}, [sysVdi()]);
    expect(moveTargets(roomy, 'c1', R('sys')).map((x) => [x.name, x.reason])).toEqual([['Local h1 on h1', '']]);
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), roomy)).toEqual({ enabled: true });
  });
  it('a running VM with the disk attached: pool_migrate to SRs its host sees', () => {
    const s = store({ power_state: 'Running', resident_on: R('h2') }, { disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), currently_attached: true, allowed_operations: ['attach', 'unplug'] } },
      [sysVdi({ allowed_operations: ['clone', 'snapshot'] })]);
    expect(moveMode(s, 'c1', R('sys'))).toBe('migrate');
    expect(moveTargets(s, 'c1', R('sys')).map((x) => x.name)).toEqual(['Local h2 on h2']);
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), s)).toEqual({ enabled: true });
  });
  it('refuses snapshots, suspended VMs, CBT, a disk the server will not copy, and a busy one, in words', () => {
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), store({}, {}, [sysVdi({ is_a_snapshot: true })])).reason).toMatch(/snapshot/);
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), store({ power_state: 'Suspended' }, {}, [sysVdi()])).reason).toBe("'web' is suspended: shut it down or resume it first");
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), store({}, {}, [sysVdi({ cbt_enabled: true })])).reason).toMatch(/Changed block tracking/);
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), store({}, {}, [sysVdi({ allowed_operations: ['destroy'] })])).reason).toMatch(/copied/);
    expect(state(MOVE_DISK_COMMAND, vdiSel('sys'), store({}, {}, [sysVdi({ current_operations: { t: 'copy' } })])).reason).toMatch(/busy/);
    expect(state(MOVE_DISK_COMMAND, vdiSel('iso1'), store()).reason).toMatch(/ISO/);
  });
  it('a disk of no VM moves to SRs sharing a host with its own', () => {
    expect(moveTargets(store(), 'c1', R('far')).map((x) => x.name)).toEqual(['NFS']);
  });
});

describe('Activate / Deactivate', () => {
  const running = { power_state: 'Running', resident_on: R('h1') };
  it('activates a detached disk of a running VM the server lets plug; deactivates an attached unpluggable one', () => {
    const off = store(running, { disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), currently_attached: false, allowed_operations: ['attach', 'plug'] } });
    expect(state(ACTIVATE_DISK_COMMAND, vbdSel('disk'), off)).toEqual({ enabled: true });
    expect(state(DEACTIVATE_DISK_COMMAND, vbdSel('disk'), off).reason).toBe('The disk is not active');
    const on = store(running, { disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), currently_attached: true, unpluggable: true, allowed_operations: ['attach', 'unplug'] } });
    expect(state(DEACTIVATE_DISK_COMMAND, vbdSel('disk'), on)).toEqual({ enabled: true });
    expect(state(ACTIVATE_DISK_COMMAND, vbdSel('disk'), on).reason).toBe('The disk is already active');
  });
  it('refuses a halted VM, the DVD drive, and a disk the server will not plug', () => {
    expect(state(ACTIVATE_DISK_COMMAND, vbdSel('disk'), store()).reason).toMatch(/only while the VM is running/);
    expect(state(ACTIVATE_DISK_COMMAND, vbdSel('cd'), store(running)).reason).toMatch(/DVD drive list/);
    const noPlug = store(running, { disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), currently_attached: false, allowed_operations: ['attach'] } });
    expect(state(ACTIVATE_DISK_COMMAND, vbdSel('disk'), noPlug).reason).toMatch(/does not allow/);
  });
});

describe('SR Storage tab', () => {
  it('lists the SR\'s disks with their VMs (a snapshot\'s marked), not hidden, missing or storage-motion ones; an ISO library its ISOs', () => {
    const s = store({}, {}, [
      ['sr', 'nfs', { name_label: 'NFS', shared: true, allowed_operations: ['vdi_create', 'vdi_destroy'], PBDs: [R('pbd-nfs-h1')], VDIs: ['sys', 'free', 'used', 'hid', 'gone', 'mirror', 'snap'].map(R), physical_size: 100 * GiB, physical_utilisation: 40 * GiB }],
      ['vdi', 'hid', { name_label: 'hidden', SR: R('nfs'), other_config: { HideFromXenCenter: 'true' }, VBDs: [] }],
      ['vdi', 'gone', { name_label: 'missing', SR: R('nfs'), missing: true, VBDs: [] }],
      ['vdi', 'mirror', { name_label: 'mirror', SR: R('nfs'), sm_config: { base_mirror: 'x' }, VBDs: [] }],
      ['vdi', 'snap', { name_label: 'system', SR: R('nfs'), is_a_snapshot: true, virtual_size: 8 * GiB, VBDs: [R('snapvbd')] }],
      ['vbd', 'snapvbd', { VM: R('snapvm'), VDI: R('snap'), type: 'Disk' }],
      ['vm', 'snapvm', { name_label: 'web before', is_a_snapshot: true }],
      ['vm', 'other', { name_label: 'db' }],
    ]);
    expect(srDiskRows(s, 'c1', R('nfs')).map((r) => [r.name, r.vms, r.snapshot])).toEqual([
      ['other VM', 'db', false], ['spare', '', false], ['system', 'web', false], ['system', 'web before (snapshot)', true],
    ]);
    expect(srDiskRows(store(), 'c1', R('iso')).map((r) => r.name)).toEqual(['alpine.iso', 'debian.iso']);
  });
  it('Add… and Rescan on an attached SR; refused on an ISO library (Add) or a detached SR', () => {
    const s = store();
    expect(state(SR_ADD_DISK_COMMAND, srSel('nfs'), s)).toEqual({ enabled: true });
    expect(state(SR_RESCAN_COMMAND, srSel('nfs'), s)).toEqual({ enabled: true });
    expect(state(SR_ADD_DISK_COMMAND, srSel('iso'), s).reason).toMatch(/ISO library/);
    const detached = store({}, {}, [['pbd', 'pbd-local1-h1', { SR: R('local1'), host: R('h1'), currently_attached: false }]]);
    expect(state(SR_RESCAN_COMMAND, srSel('local1'), detached).reason).toBe('The storage repository is detached');
    expect(looseSrChoices(s, 'c1').map((x) => x.name)).toEqual(['NFS', 'Local h1 on h1', 'Local h2 on h2']);
  });
  it('Delete is refused while a running VM has the disk attached, with the VM named; Properties refuses snapshots', () => {
    const running = store({ power_state: 'Running', resident_on: R('h1') }, { disk: { userdevice: '0', type: 'Disk', mode: 'RW', VDI: R('sys'), currently_attached: true } }, [sysVdi()]);
    expect(state(VDI_DELETE_COMMAND, vdiSel('sys'), running).reason).toBe("'web' is running with this disk attached: deactivate or detach it first");
    expect(state(VDI_DELETE_COMMAND, vdiSel('sys'), store({}, {}, [sysVdi()]))).toEqual({ enabled: true });
    expect(state(VDI_PROPERTIES_COMMAND, vdiSel('sys'), store({}, {}, [sysVdi({ is_a_snapshot: true })])).reason).toMatch(/snapshot/);
  });
});

describe('storage.change: the new kinds', () => {
  const ok = (o: Rec) => validateRequest('storage.change', { connectionId: 'c1', ...o }).args;
  it('accepts moveDisk, plug/unplugDisk, createDisk, destroyDisk, editVdi, scanSr; refuses bad ones', () => {
    expect(ok({ kind: 'moveDisk', vdiRef: R('v'), srRef: R('s') })).toEqual({ kind: 'moveDisk', connectionId: 'c1', vdiRef: R('v'), srRef: R('s') });
    expect(ok({ kind: 'plugDisk', vbdRef: R('b') })).toMatchObject({ kind: 'plugDisk' });
    expect(ok({ kind: 'unplugDisk', vbdRef: R('b') })).toMatchObject({ kind: 'unplugDisk' });
    expect(ok({ kind: 'createDisk', srRef: R('s'), name: 'n', description: '', size: GiB })).toMatchObject({ size: GiB });
    expect(ok({ kind: 'destroyDisk', vdiRef: R('v') })).toMatchObject({ kind: 'destroyDisk' });
    expect(ok({ kind: 'editVdi', vdiRef: R('v'), name: 'x' })).toEqual({ kind: 'editVdi', connectionId: 'c1', vdiRef: R('v'), name: 'x' });
    expect(ok({ kind: 'scanSr', srRef: R('s') })).toMatchObject({ kind: 'scanSr' });
    expect(() => ok({ kind: 'moveDisk', vdiRef: R('v') })).toThrow(/srRef/);
    expect(() => ok({ kind: 'editVdi', vdiRef: R('v'), mode: 'RO' })).toThrow(/unexpected/);
    expect(() => ok({ kind: 'createDisk', srRef: R('s'), name: '', description: '', size: GiB })).toThrow(/name/);
  });
});

describe('device position (Properties… of a VM\'s disk)', () => {
  it('offers 0..15, naming the drive that holds a position (choosing it swaps the two)', () => {
    const s = store();
    const choices = positionChoices(s, 'c1', R('disk'));
    expect(choices.map((c) => c.position)).toEqual([...Array(16).keys()].map(String));
    expect(choices.find((c) => c.position === '3')).toEqual({ position: '3', heldBy: 'the DVD drive' });
    expect(choices.find((c) => c.position === '0')).toEqual({ position: '0', heldBy: undefined });
    expect(choices.find((c) => c.position === '1')?.heldBy).toBeUndefined();
  });

  it('changes only while the VM is shut down, and main checks the number', () => {
    expect(positionBlocker(store(), 'c1', R('disk'))).toBe('');
    expect(positionBlocker(store({ power_state: 'Running' }), 'c1', R('disk'))).toBe('The position changes only while the VM is shut down');
    expect(validateRequest('storage.change', { kind: 'editDisk', connectionId: 'c1', vbdRef: R('disk'), position: '4' }).args).toMatchObject({ position: '4' });
    for (const bad of ['255', '-1', '01', 'x', 4]) {
      expect(() => validateRequest('storage.change', { kind: 'editDisk', connectionId: 'c1', vbdRef: R('disk'), position: bad })).toThrow(/position/);
    }
  });
});

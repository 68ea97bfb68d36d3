// The VM Storage tab's pure reads and commands: its rows, the SRs a new disk can go on (shared or
// local to the VM's host; default first, free space shown), attachable disks and ISOs, the size
// field, each command's state and reason in words from power state and allowed_operations, and
// main's check of storage.change requests.
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../shared/ipc/validate';
import { attachableVdis, cdDrive, diskRows, isoChoices, resizeMode, sizeProblem, srChoices } from '../../renderer/src/features/storage/model';
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
    expect(srs.map((x) => x.name)).toEqual(['NFS', 'Local h1']);
    expect(srs[0].label).toBe('NFS (60 GiB free, default)');
    // Running on h2: that host's local SR instead.
    expect(srChoices(store({ power_state: 'Running', resident_on: R('h2') }), 'c1', R('vm')).map((x) => x.name)).toEqual(['NFS', 'Local h2']);
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

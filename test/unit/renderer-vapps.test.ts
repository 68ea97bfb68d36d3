// vApps (features/vapps): the start plan Start vApp follows, the calls a draft sends, the VMs a vApp can
// hold and which move, the reasons Start/Shut Down are greyed, the delete question, the vApp row's menu.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects } from '../../renderer/src/state/store';
import { contextSlots } from '../../renderer/src/framework/menu-model';
import {
  candidateVms, draftOf, movingVms, nameProblems, sequenceProblems, setMember, startSequence, toggleMember, vappOpReason, vappRows,
} from '../../renderer/src/features/vapps/vapp-model';
import { vappActionReason, vappOfRow } from '../../renderer/src/features/vapps/commands';
import { deleteQuestion } from '../../renderer/src/features/vapps/ManageVAppsDialog';
import { createVApp, deleteVApps, updateVApp } from '../../renderer/src/features/vapps/apply';
import { vappGroupId } from '../../renderer/src/tree/vapp-view';
import { RecordingBridge } from '../support/store-fixtures';
import { assignPlan, assignQuestion, assignReason, vappMenuText } from '../../renderer/src/features/vapps/assign-model';
import { ASSIGN_VAPP } from '../../renderer/src/features/vapps/assign';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';
const vm = (name: string, extra: Rec = {}): Rec => ({ name_label: name, name_description: '', power_state: 'Halted', appliance: NULL, order: 0, start_delay: 0, shutdown_delay: 0, ...extra });

function world(over: { role?: ConnectionInfo['role']; webAllowed?: string[]; webBusy?: Rec } = {}) {
  const objects: ConnObjects = new Map<string, Map<string, Rec>>([
    ['vm', new Map<string, Rec>([
      ['db', vm('db', { appliance: 'A:web', order: 0, start_delay: 30, power_state: 'Running' })],
      ['app', vm('app', { appliance: 'A:web', order: 1, start_delay: 10, shutdown_delay: 5 })],
      ['batch', vm('batch', { appliance: 'A:ops', order: 3 })],
      ['free', vm('free 10')], ['free2', vm('free 9')],
      ['tpl', vm('tpl', { is_a_template: true })], ['snap', vm('snap', { is_a_snapshot: true })], ['dom0', vm('dom0', { is_control_domain: true })],
    ])],
    ['vm_appliance', new Map<string, Rec>([
      ['A:web', { name_label: 'web', name_description: 'front', VMs: ['db', 'app'], allowed_operations: over.webAllowed ?? ['start', 'clean_shutdown', 'hard_shutdown', 'shutdown'], current_operations: over.webBusy ?? {} }],
      ['A:ops', { name_label: 'ops', name_description: '', VMs: ['batch'], allowed_operations: ['start'], current_operations: {} }],
      ['A:empty', { name_label: 'Empty', name_description: '', VMs: [], allowed_operations: [], current_operations: {} }],
    ])],
  ]);
  const connection: ConnectionInfo = { id: 'c1', url: 'https://c1', hostname: 'c1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [], ...(over.role ? { role: over.role } : {}) };
  return { objects: new Map([['c1', objects]]), connections: new Map([['c1', connection]]) };
}

describe('the start plan', () => {
  it('groups equal orders, ascending; the next group waits the longest start delay of the one before', () => {
    const steps = startSequence([
      { vm: 'web', order: 2, startDelay: 0, shutdownDelay: 0 },
      { vm: 'app1', order: 1, startDelay: 5, shutdownDelay: 0 }, { vm: 'app2', order: 1, startDelay: 20, shutdownDelay: 0 },
      { vm: 'db', order: 0, startDelay: 30, shutdownDelay: 0 },
    ]);
    expect(steps).toEqual([{ order: 0, vms: ['db'], at: 0 }, { order: 1, vms: ['app1', 'app2'], at: 30 }, { order: 2, vms: ['web'], at: 50 }]);
    expect(startSequence([])).toEqual([]);
  });
});

describe('the calls a draft sends', () => {
  it('a new vApp is one vapps.create request with its name and each member\'s order and delays', async () => {
    const bridge = new RecordingBridge();
    bridge.request = (async (channel: string, args: unknown) => { bridge.calls.push({ channel, args }); return { vappRef: 'A:new', taskRef: 'T' }; }) as RecordingBridge['request'];
    const ref = await createVApp(bridge, 'c1', { name: ' n ', description: 'd', members: [{ vm: 'free', order: 2, startDelay: 3, shutdownDelay: 4 }] });
    expect(ref).toBe('A:new');
    expect(bridge.calls).toEqual([{ channel: 'vapps.create', args: { connectionId: 'c1', name: 'n', description: 'd', members: [{ vmRef: 'free', order: 2, startDelay: 3, shutdownDelay: 4 }] } }]);
  });

  it('an edit is one vapps.update request with the vApp as the draft has it: a member that left is not in it', async () => {
    const before = draftOf(world(), 'c1', 'A:web');
    expect(before).toEqual({ name: 'web', description: 'front', members: [
      { vm: 'app', order: 1, startDelay: 10, shutdownDelay: 5 }, { vm: 'db', order: 0, startDelay: 30, shutdownDelay: 0 }] });
    let after = toggleMember(before, candidateVms(world(), 'c1').find((c) => c.ref === 'app')!, false);
    after = setMember(after, 'db', { startDelay: 45 });
    const bridge = new RecordingBridge();
    await updateVApp(bridge, 'c1', 'A:web', { ...after, name: 'web tier' });
    expect(bridge.calls).toEqual([{ channel: 'vapps.update', args: { connectionId: 'c1', vappRef: 'A:web', name: 'web tier', description: 'front', members: [{ vmRef: 'db', order: 0, startDelay: 45, shutdownDelay: 0 }] } }]);
  });

  it('delete: the VMs leave first, then the vApp goes; the question counts its VMs', async () => {
    const bridge = new RecordingBridge();
    await deleteVApps(bridge, 'c1', [{ ref: 'A:web', vms: ['db', 'app'] }]);
    expect(bridge.calls.map((c) => (c.args as { method: string; args: unknown[] }).method + ' ' + String((c.args as { args: unknown[] }).args[0]))).toEqual([
      'VM.set_appliance db', 'VM.set_appliance app', 'VM_appliance.destroy A:web']);
    expect(deleteQuestion([{ name: 'web', vms: ['a', 'b'] }])).toContain("Do you want to delete vApp 'web'?\n\n2 VMs are currently included in this vApp.");
    expect(deleteQuestion([{ name: 'x', vms: ['a'] }])).toContain('1 VM is currently included in this vApp.');
    expect(deleteQuestion([{ name: 'x', vms: [] }])).not.toContain('included');
  });

  it('deleting several: one question for the selected vApps, then each vApp\'s VMs leave and it goes', async () => {
    expect(deleteQuestion([{ name: 'a', vms: ['1', '2'] }, { name: 'b', vms: ['3'] }])).toMatch(/^Do you want to delete the selected vApps\?\n\n3 VMs are currently included in these vApps\./);
    expect(deleteQuestion([{ name: 'a', vms: [] }, { name: 'b', vms: ['3'] }])).toContain('1 VM is currently included in one of these vApps.');
    expect(deleteQuestion([{ name: 'a', vms: [] }, { name: 'b', vms: [] }])).not.toContain('included');
    const bridge = new RecordingBridge();
    await deleteVApps(bridge, 'c1', [{ ref: 'A:web', vms: ['db'] }, { ref: 'A:empty', vms: [] }]);
    expect(bridge.calls.map((c) => (c.args as { method: string }).method)).toEqual(['VM.set_appliance', 'VM_appliance.destroy', 'VM_appliance.destroy']);
  });
});

describe('the VMs and the pages', () => {
  it('candidates are real VMs by natural name, with their current vApp; choosing one from another vApp moves it', () => {
    const c = candidateVms(world(), 'c1');
    expect(c.map((v) => v.name)).toEqual(['app', 'batch', 'db', 'free 9', 'free 10']);
    expect(c.find((v) => v.ref === 'batch')).toMatchObject({ appliance: 'A:ops', applianceName: 'ops', order: 3 });
    const draft = draftOf(world(), 'c1', 'A:web');
    const withBatch = toggleMember(draft, c.find((v) => v.ref === 'batch')!, true);
    expect(withBatch.members.find((m) => m.vm === 'batch')).toEqual({ vm: 'batch', order: 3, startDelay: 0, shutdownDelay: 0 });
    expect(movingVms(withBatch, c, 'A:web').map((v) => v.ref)).toEqual(['batch']);
    expect(movingVms(draft, c, 'A:web')).toEqual([]);
  });

  it('a name is needed; orders and delays are whole numbers from 0', () => {
    expect(nameProblems({ name: '  ', description: '', members: [] })).toEqual(['Enter a name for the vApp']);
    const bad = { name: 'x', description: '', members: [{ vm: 'db', order: -1, startDelay: Number.NaN, shutdownDelay: 1.5 }] };
    expect(sequenceProblems(bad, () => 'db')).toEqual([
      'db: the start order must be a whole number from 0', 'db: the start delay must be a whole number of seconds from 0', 'db: the shutdown delay must be a whole number of seconds from 0']);
  });
});

describe('Start and Shut Down', () => {
  it('follow allowed_operations, with xapi\'s reasons in words', () => {
    const w = world();
    expect(vappRows(w, 'c1').map((r) => [r.name, r.vms.length])).toEqual([['Empty', 0], ['ops', 1], ['web', 2]]);
    expect(vappOpReason(w, 'c1', 'A:web', 'start')).toBeUndefined();
    expect(vappOpReason(w, 'c1', 'A:empty', 'start')).toBe('Empty has no VMs');
    expect(vappOpReason(w, 'c1', 'A:ops', 'shutdown')).toBe('Every VM in ops is already shut down');
    expect(vappOpReason(w, 'c1', 'A:gone', 'start')).toBe('The vApp is no longer on the server');
    const busy = world({ webAllowed: [], webBusy: { 'OpaqueRef:t': 'start' } });
    expect(vappOpReason(busy, 'c1', 'A:web', 'shutdown')).toBe('web is busy: start is in progress');
  });

  it('a role below pool-operator greys them with the role they need', () => {
    const w = world({ role: 'vm-operator' });
    expect(vappActionReason({ connectionId: 'c1', cls: 'vm_appliance', ref: 'A:web' }, 'start', w)).toMatch(/Pool Operator/i);
    expect(vappActionReason({ connectionId: 'c1', cls: 'vm_appliance', ref: 'A:web' }, 'start', world())).toBeUndefined();
  });

  it('a vApp row of Objects by vApp gets the vApp menu and names its vApp', () => {
    const id = vappGroupId('c1', 'OpaqueRef:abc');
    expect(contextSlots([], undefined, id)).toEqual(['context:vapp']);
    expect(vappOfRow(id)).toEqual({ connectionId: 'c1', cls: 'vm_appliance', ref: 'OpaqueRef:abc' });
    expect(vappOfRow('group|vapps')).toBeUndefined();
  });
});

describe('VM > Assign to vApp', () => {
  const sel = (...refs: string[]) => refs.map((ref) => ({ connectionId: 'c1', cls: 'vm', ref }));
  const store = () => world() as never;

  it('is for VMs of one pool, not templates or snapshots', () => {
    expect(assignReason(store(), sel('free', 'db'))).toBeUndefined();
    expect(assignReason(store(), sel('tpl'))).toMatch(/Only VMs/);
    expect(assignReason(store(), sel('snap'))).toMatch(/Only VMs/);
    expect(assignReason(store(), [...sel('free'), { connectionId: 'c2', cls: 'vm', ref: 'x' }])).toMatch(/Only VMs|one pool/);
    expect(assignReason(store(), [])).toBe('Select one or more VMs');
  });

  it('the submenu: New vApp… first, then the vApps by name, the single VM\'s own checked', () => {
    const items = ASSIGN_VAPP.submenu!(sel('db'), world() as never);
    expect(items.map((i) => [i.command.label, i.checked, !!i.separatorBefore])).toEqual([
      ['&New vApp…', undefined, false], ['&1   Empty', false, true], ['&2   ops', false, false], ['&3   web', true, false]]);
    // Several VMs: no check marks (XenCenter checks only for one).
    expect(ASSIGN_VAPP.submenu!(sel('db', 'batch'), world() as never).map((i) => i.checked)).toEqual([undefined, undefined, undefined, undefined]);
    expect(vappMenuText(0, 'x'.repeat(40))).toBe(`&1   ${'x'.repeat(29)}…`);
    expect(vappMenuText(9, 'R&D')).toBe('     R&&D');
  });

  it('choosing a vApp adds the VMs with their order and delays; the checked one of a single VM takes it out', () => {
    const add = assignPlan(store(), 'c1', 'A:web', ['free', 'free2']);
    expect(add.kind).toBe('add');
    expect(add.draft.members.map((m) => m.vm).sort()).toEqual(['app', 'db', 'free', 'free2']);
    expect(add.kind === 'add' && add.moving).toEqual([]);
    const remove = assignPlan(store(), 'c1', 'A:web', ['db']);
    expect(remove).toMatchObject({ kind: 'remove' });
    expect(remove.draft.members.map((m) => m.vm)).toEqual(['app']);
  });

  it('VMs in another vApp move after XenCenter\'s question', () => {
    const one = assignPlan(store(), 'c1', 'A:ops', ['db', 'free']);
    expect(one.kind === 'add' && one.moving).toEqual([{ vm: 'db', name: 'db', from: 'web' }]);
    expect(assignQuestion('ops', [{ name: 'db', from: 'web' }])).toBe("The VM 'db' is already assigned to the vApp 'web'.\n\nDo you want to assign it to the vApp 'ops' instead?");
    expect(assignQuestion('ops', [{ name: 'db', from: 'web' }, { name: 'app', from: 'web' }])).toMatch(/^Some of the VMs you selected are already assigned to a different vApp\.\n\nDo you want to assign these VMs to the vApp 'ops' instead\?$/);
  });
});

// VM > Assign to Snapshot Schedule as XenCenter's AssignGroupToolStripMenuItem<VMSS>: New Snapshot Schedule…
// first, then the pool's schedules by name with access keys 1…9 (a single VM's own one checked; quiesced ones
// left out for VMs that cannot quiesce); choosing one assigns the VMs, or takes the one VM out of its own
// schedule, and VMs that leave another schedule are asked about first (the question's dialog, nothing sent).
import { afterEach, describe, expect, it } from 'vitest';
import { ASSIGN_COMMAND, assignPlan, assignSubmenu, scheduleMenuText } from '../../renderer/src/features/snapshot-schedules/assign-menu';
import { commandState } from '../../renderer/src/framework/availability';
import { useUi } from '../../renderer/src/state/ui';
import { conn, ObjectsFixture, RecordingBridge } from '../support/store-fixtures';

const vm = (name: string, schedule = 'OpaqueRef:NULL', quiesce = false) => ({
  name_label: name, is_a_template: false, is_a_snapshot: false, is_control_domain: false, snapshot_schedule: schedule,
  allowed_operations: quiesce ? ['snapshot', 'snapshot_with_quiesce'] : ['snapshot'],
});
const vmss = (name: string, type = 'snapshot') => ({ uuid: `u-${name}`, name_label: name, type, frequency: 'daily', schedule: { hour: '1', min: '0' }, enabled: true, VMs: [] });

function world() {
  const o = new ObjectsFixture()
    .add('vm', 'OpaqueRef:a', vm('web', 'OpaqueRef:nightly'))
    .add('vm', 'OpaqueRef:b', vm('db'))
    .add('vm', 'OpaqueRef:t', { ...vm('tmpl'), is_a_template: true })
    .add('vmss', 'OpaqueRef:nightly', vmss('nightly'))
    .add('vmss', 'OpaqueRef:hourly', vmss('hourly & more'))
    .add('vmss', 'OpaqueRef:quiet', vmss('quiet', 'snapshot_with_quiesce'));
  return { connections: new Map([['c', conn('c')], ['d', conn('d')]]), objects: new Map([['c', o.objects], ['d', new ObjectsFixture().add('vm', 'OpaqueRef:x', vm('other')).objects]]) };
}
const sel = (...refs: string[]) => refs.map((ref) => ({ connectionId: ref === 'OpaqueRef:x' ? 'd' : 'c', cls: 'vm', ref }));
const labels = (s: ReturnType<typeof world>, selection: ReturnType<typeof sel>) =>
  assignSubmenu(selection, s).map((i) => `${i.separatorBefore ? '— ' : ''}${i.command.label}${i.checked ? ' ✓' : ''}`);

afterEach(() => useUi.getState().closeDialog());

describe('the submenu', () => {
  it('lists New Snapshot Schedule…, then the schedules by name with access keys, the VM\'s own checked', () => {
    const s = world();
    expect(labels(s, sel('OpaqueRef:a'))).toEqual(['&New Snapshot Schedule…', '— &1   hourly && more', '&2   nightly ✓']);
    // Several VMs: nothing checked. Quiesced schedules only when every VM can quiesce.
    expect(labels(s, sel('OpaqueRef:a', 'OpaqueRef:b'))).toEqual(['&New Snapshot Schedule…', '— &1   hourly && more', '&2   nightly']);
    s.objects.get('c')!.set('vm', new Map([...s.objects.get('c')!.get('vm')!].map(([r, v]) => [r, { ...v, allowed_operations: ['snapshot_with_quiesce'] }])));
    expect(labels(s, sel('OpaqueRef:b'))).toEqual(['&New Snapshot Schedule…', '— &1   hourly && more', '&2   nightly', '&3   quiet']);
  });

  it('numbers nine schedules, then aligns the rest without a key; cuts long names', () => {
    expect(scheduleMenuText(0, 'a')).toBe('&1   a');
    expect(scheduleMenuText(8, 'i')).toBe('&9   i');
    expect(scheduleMenuText(9, 'j')).toBe('     j');
    expect(scheduleMenuText(0, 'x'.repeat(40))).toBe(`&1   ${'x'.repeat(29)}…`);
  });

  it('runs on VMs of one server, not on templates alone or VMs of two servers', () => {
    const s = world();
    expect(commandState(ASSIGN_COMMAND, sel('OpaqueRef:a', 'OpaqueRef:b'), s).enabled).toBe(true);
    expect(commandState(ASSIGN_COMMAND, sel('OpaqueRef:t'), s)).toMatchObject({ enabled: false, reason: 'Only VMs (not templates or snapshots) can be in a snapshot schedule' });
    expect(commandState(ASSIGN_COMMAND, sel('OpaqueRef:a', 'OpaqueRef:x'), s)).toMatchObject({ enabled: false, reason: 'The VMs are on different servers' });
  });
});

describe('choosing a schedule', () => {
  it('plans: the one VM in it leaves; otherwise those not in it join, those of another schedule move', () => {
    const a = { ref: 'a', name: 'web', schedule: 'n', scheduleName: 'nightly', quiesce: false };
    const b = { ref: 'b', name: 'db', schedule: '', scheduleName: '', quiesce: false };
    expect(assignPlan([a], 'n')).toEqual({ remove: [a], join: [], moving: [] });
    expect(assignPlan([a, b], 'n')).toEqual({ remove: [], join: [b], moving: [] });
    expect(assignPlan([a, b], 'h')).toEqual({ remove: [], join: [a, b], moving: [a] });
  });

  it('assigns a VM with no schedule at once; takes the checked VM out of its own', async () => {
    const s = world();
    const bridge = new RecordingBridge();
    const entry = (selection: ReturnType<typeof sel>, name: string) => assignSubmenu(selection, s).find((i) => i.command.label.endsWith(name))!.command;
    await entry(sel('OpaqueRef:b'), 'nightly').execute(sel('OpaqueRef:b'), bridge, s);
    await entry(sel('OpaqueRef:a'), 'nightly').execute(sel('OpaqueRef:a'), bridge, s);
    expect(bridge.calls.map((c) => c.args)).toEqual([
      { connectionId: 'c', method: 'VM.set_snapshot_schedule', args: ['OpaqueRef:b', 'OpaqueRef:nightly'] },
      { connectionId: 'c', method: 'VM.set_snapshot_schedule', args: ['OpaqueRef:a', 'OpaqueRef:NULL'] },
    ]);
  });

  it('asks before a VM leaves another schedule: the question opens, nothing is sent', async () => {
    const s = world();
    const bridge = new RecordingBridge();
    const hourly = assignSubmenu(sel('OpaqueRef:a', 'OpaqueRef:b'), s)[1].command;
    expect(await hourly.execute(sel('OpaqueRef:a', 'OpaqueRef:b'), bridge, s)).toEqual([]);
    expect(bridge.calls).toEqual([]);
    expect(useUi.getState().dialog).toEqual({ kind: 'vmssMoveWarning', targets: sel('OpaqueRef:a', 'OpaqueRef:b'), partner: { connectionId: 'c', cls: 'vmss', ref: 'OpaqueRef:hourly' } });
  });
});

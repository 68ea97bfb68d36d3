// VM > Assign to Snapshot Schedule (XenCenter's AssignGroupToolStripMenuItem<VMSS>): a submenu of
// "New Snapshot Schedule…" (the wizard with the selected VMs chosen), then the pool's schedules by
// name ("&1   nightly"; the one a single selected VM is in checked). Choosing the checked one takes that
// VM out of it (RemoveVMsFromPolicyAction); another puts the selected VMs in it
// (AssignVMsToPolicyAction), asking first when some of them leave another schedule (ChangesOK).
// Quiesced schedules are left out when a selected VM cannot take quiesced snapshots.
import type { Command, CommandOutcome, Selection, SubmenuItem } from '../../framework/command';
import type { StoreView } from '../../state/store';
import { useUi } from '../../state/ui';
import { record } from '../../xapi-model/records';
import { isPlainVm } from '../../xapi-model/predicates';
import { NULL_REF } from '../../xapi-model/refs';
import { poolSchedules, poolVms, type PoolVm, type ScheduleRow } from './pool-schedules';

export const NEW_FOR_VMS_DIALOG = 'vmssWizardForVms';
export const MOVE_WARNING_DIALOG = 'vmssMoveWarning';

/** VMs only, of one server or pool, at least one of them a real VM (XenCenter's CanRunCore). */
function assignable(selection: Selection, store: StoreView): boolean {
  return selection.length > 0 && selection.every((s) => s.cls === 'vm' && s.connectionId === selection[0].connectionId)
    && selection.some((s) => isPlainVm(record(store, s.connectionId, 'vm', s.ref)));
}
function assignReason(selection: Selection): string {
  if (!selection.every((s) => s.cls === 'vm')) return 'Only VMs (not templates or snapshots) can be in a snapshot schedule';
  if (!selection.every((s) => s.connectionId === selection[0].connectionId)) return 'The VMs are on different servers';
  return 'Only VMs (not templates or snapshots) can be in a snapshot schedule';
}

/** The selected real VMs as the pool lists them, with the schedule each is in. */
export function selectedVms(selection: Selection, store: StoreView): PoolVm[] {
  const refs = new Set(selection.map((s) => s.ref));
  return selection.length ? poolVms(store, selection[0].connectionId).filter((v) => refs.has(v.ref)) : [];
}

/** What choosing `schedule` does to the selected VMs: one VM already in it leaves it; else those not in it join, and
 * `moving` are those that leave another schedule for it (XenCenter asks first). */
export function assignPlan(vms: readonly PoolVm[], schedule: string): { remove: PoolVm[]; join: PoolVm[]; moving: PoolVm[] } {
  if (vms.length === 1 && vms[0].schedule === schedule) return { remove: [vms[0]], join: [], moving: [] };
  const join = vms.filter((v) => v.schedule !== schedule);
  return { remove: [], join, moving: join.filter((v) => v.schedule) };
}

/** XenCenter's menu text: an access key 1…9 for the first nine, then aligned without one; long names cut to 30. */
export function scheduleMenuText(index: number, name: string): string {
  const cut = (name.length > 30 ? `${name.slice(0, 29)}…` : name).replace(/&/g, '&&');
  return index < 9 ? `&${index + 1}   ${cut}` : `     ${cut}`;
}

/** Sends VM.set_snapshot_schedule for each VM of the plan; a refusal becomes that VM's failed outcome. */
export async function sendPlan(plan: ReturnType<typeof assignPlan>, s: Pick<ScheduleRow, 'ref' | 'name'>, connectionId: string,
  bridge: Parameters<Command['execute']>[1]): Promise<CommandOutcome[]> {
  const out: CommandOutcome[] = [];
  const calls = [...plan.remove.map((v) => ({ v, to: NULL_REF, title: `Removing VM from snapshot schedule '${s.name}'` })),
    ...plan.join.map((v) => ({ v, to: s.ref, title: `Assigning VM to snapshot schedule '${s.name}'` }))];
  for (const { v, to, title } of calls) {
    try {
      await bridge.request('xapi.call', { connectionId, method: 'VM.set_snapshot_schedule', args: [v.ref, to] });
    } catch (error) {
      out.push({ target: { connectionId, cls: 'vm', ref: v.ref }, title, vm: v.name, error });
    }
  }
  return out;
}

/** One schedule's entry: assigns, or removes the one VM already in it; asks first when VMs move. */
function scheduleCommand(s: ScheduleRow, index: number): Command {
  return {
    id: `vmss.assignTo:${s.ref}`,
    label: scheduleMenuText(index, s.name),
    methods: ['VM.set_snapshot_schedule'],
    canExecute: (selection, store) => assignable(selection, store),
    disabledReason: (selection) => assignReason(selection),
    async execute(selection, bridge, store) {
      if (!store) return [];
      const plan = assignPlan(selectedVms(selection, store), s.ref);
      if (plan.moving.length) {
        useUi.getState().set('dialog', { kind: MOVE_WARNING_DIALOG, targets: [...selection], partner: { connectionId: selection[0].connectionId, cls: 'vmss', ref: s.ref } });
        return [];
      }
      return sendPlan(plan, s, selection[0].connectionId, bridge);
    },
  };
}

export const NEW_FOR_VMS_COMMAND: Command = {
  id: 'vmss.newForVms',
  label: '&New Snapshot Schedule…',
  dialog: NEW_FOR_VMS_DIALOG,
  multiDialog: NEW_FOR_VMS_DIALOG,
  methods: ['VMSS.create', 'VM.set_snapshot_schedule'],
  canExecute: (selection, store) => assignable(selection, store),
  disabledReason: (selection) => assignReason(selection),
  async execute() { return []; },
};

/** The submenu's entries for the selection, read when it opens. */
export function assignSubmenu(selection: Selection, store: StoreView): SubmenuItem[] {
  const items: SubmenuItem[] = [{ command: NEW_FOR_VMS_COMMAND }];
  if (!assignable(selection, store)) return items;
  const vms = selectedVms(selection, store);
  const shown = poolSchedules(store, selection[0].connectionId)
    .filter((s) => s.type !== 'snapshot_with_quiesce' || vms.every((v) => v.quiesce));
  shown.forEach((s, i) => items.push({
    command: scheduleCommand(s, i), separatorBefore: i === 0, checked: vms.length === 1 ? vms[0].schedule === s.ref : undefined,
  }));
  return items;
}

export const ASSIGN_COMMAND: Command = {
  id: 'vmss.assign',
  label: 'Assign to Snapshot Schedu&le',
  methods: ['VM.set_snapshot_schedule'],
  canExecute: (selection, store) => assignable(selection, store),
  disabledReason: (selection) => assignReason(selection),
  submenu: (selection, store) => assignSubmenu(selection, store),
  async execute() { return []; },
};

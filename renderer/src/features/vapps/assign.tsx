// VM > Assign to vApp: the submenu (assign-model.ts), its question before VMs move from another vApp, and
// New vApp… opening the wizard with the selected VMs chosen. Each change is one vapps.update request (main's
// undoable task, shown in the Events panel); a refusal is an outcome the Events panel shows with its code.
import { useMemo, useState } from 'react';
import type { Command, CommandOutcome, SelectedObject, SubmenuItem } from '../../framework/command';
import type { Bridge } from '../../bridge/types';
import type { StoreView } from '../../state/store';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { noteOutcomes } from '../../framework/run-command';
import { record } from '../../xapi-model/records';
import { Dialog } from '../../ui/Dialog';
import { applianceOf, assignPlan, assignQuestion, assignReason, vappMenuText } from './assign-model';
import { emptyDraft, candidateVms, poolNameOf, vappRows, type VAppDraft } from './vapp-model';
import { updateVApp } from './apply';
import { vappSubject } from './commands';
import { NewVAppWizard } from './VAppEditors';

export const ASSIGN_DIALOGS = { confirm: 'vapps.assignConfirm', newWith: 'vapps.newWithVms' } as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Sends the vApp as it becomes; a refusal is the outcome's error (the Events panel shows its words and code). */
async function apply(bridge: Bridge, connectionId: string, vapp: string, draft: VAppDraft): Promise<CommandOutcome[]> {
  try {
    await updateVApp(bridge, connectionId, vapp, draft);
    return [];
  } catch (error) {
    return [{ target: vappSubject(connectionId, vapp), title: `Assigning VMs to vApp '${draft.name}'`, error }];
  }
}

/** One vApp's entry: adds the selected VMs (asking first when some leave another vApp), or takes the one VM
 * already in it out. */
function vappCommand(ref: string, name: string, index: number): Command {
  return {
    id: `vapps.assignTo:${ref}`,
    label: vappMenuText(index, name),
    methods: ASSIGN_METHODS,
    canExecute: (selection, store) => !assignReason(store as StoreView, selection),
    disabledReason: (selection, store) => assignReason(store as StoreView, selection),
    async execute(selection, bridge) {
      const { connectionId } = selection[0];
      const plan = assignPlan(appStore.getState(), connectionId, ref, selection.map((s) => s.ref));
      if (plan.kind === 'add' && plan.moving.length > 0) {
        useUi.getState().openDialogOn(ASSIGN_DIALOGS.confirm, [vappSubject(connectionId, ref), ...selection]);
        return [];
      }
      return apply(bridge, connectionId, ref, plan.draft);
    },
  };
}

const ASSIGN_METHODS = ['VM.set_appliance', 'VM.set_order', 'VM.set_start_delay', 'VM.set_shutdown_delay'];

/** New vApp… (XenCenter's NewGroupCommand): the wizard with the selected VMs chosen. */
export const NEW_VAPP_FOR_VMS: Command = {
  id: 'vapps.newForVms',
  label: '&New vApp…',
  dialog: ASSIGN_DIALOGS.newWith,
  multiDialog: ASSIGN_DIALOGS.newWith,
  methods: ['VM_appliance.create', ...ASSIGN_METHODS],
  canExecute: (selection, store) => !assignReason(store as StoreView, selection),
  disabledReason: (selection, store) => assignReason(store as StoreView, selection),
  async execute() { return []; },
};

export const ASSIGN_VAPP: Command = {
  id: 'vapps.assign',
  label: 'Assign to vA&pp',
  methods: ASSIGN_METHODS,
  canExecute: (selection, store) => !assignReason(store as StoreView, selection),
  disabledReason: (selection, store) => assignReason(store as StoreView, selection),
  async execute() { return []; },
  submenu: (selection, store): SubmenuItem[] => {
    const { connectionId } = selection[0];
    // XenCenter checks the vApp only when one VM is selected.
    const current = selection.length === 1 ? applianceOf(store as StoreView, connectionId, selection[0].ref) : undefined;
    return [
      { command: NEW_VAPP_FOR_VMS },
      ...vappRows(store as StoreView, connectionId).map((r, i) => ({
        command: vappCommand(r.ref, r.name, i), separatorBefore: i === 0, checked: current === undefined ? undefined : r.ref === current,
      })),
    ];
  },
};

/** "Assign VM to vApp": XenCenter's question before VMs leave another vApp; Yes sends the change. Its targets:
 * the vApp, then the VMs. */
export function AssignConfirmDialog({ targets: [target, ...vms] }: { targets: SelectedObject[] }) {
  const onClose = useUi((s) => s.closeDialog);
  const pushAlert = useUi((s) => s.pushAlert);
  const bridge = useBridge();
  const [plan] = useState(() => assignPlan(appStore.getState(), target.connectionId, target.ref, vms.map((t) => t.ref)));
  const name = useApp((s) => str(record(s, target.connectionId, 'vm_appliance', target.ref)?.name_label));
  const moving = plan.kind === 'add' ? plan.moving : [];
  return (
    <Dialog title="Assign VM to vApp" onCancel={onClose} className="vapp-question" role="alertdialog">
      <p className="vapp-question-text">{assignQuestion(name, moving)}</p>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={() => { onClose(); void apply(bridge, target.connectionId, target.ref, plan.draft).then((o) => noteOutcomes(o, appStore, pushAlert)); }}>Yes</button>
        <button type="button" onClick={onClose}>No</button>
      </div>
    </Dialog>
  );
}

/** New vApp… from the submenu: the wizard with the selected VMs chosen (NewVMApplianceWizard(pool, vms)). */
export function NewVAppWithVmsDialog({ target, targets = target ? [target] : [] }: { target?: SelectedObject; targets?: SelectedObject[] }) {
  const onClose = useUi((s) => s.closeDialog);
  const { connectionId } = targets[0];
  const poolName = useApp((s) => poolNameOf(s, connectionId));
  const initial = useMemo(() => {
    const chosen = new Set(targets.map((t) => t.ref));
    const members = candidateVms(appStore.getState(), connectionId).filter((c) => chosen.has(c.ref))
      .map((c) => ({ vm: c.ref, order: c.order, startDelay: c.startDelay, shutdownDelay: c.shutdownDelay }));
    return { ...emptyDraft(), members };
  }, [targets, connectionId]);
  return <NewVAppWizard connectionId={connectionId} poolName={poolName} initial={initial} onDone={onClose} />;
}

// VM power commands: enabled exactly when every selected VM's allowed_operations contains the op
// (the server's rules, not ours); executed as Async.VM.<method>.
import type { VmOperations } from '../../../../shared/xapi/types.generated';
import type { StoreView } from '../../state/store';
import type { Command, CommandOutcome, Selection } from '../../framework/command';
import { CONFIRMATIONS } from '../../framework/confirmation';
import { vmSelectionRefusal } from '../../xapi-model/refusal';
import { allows } from '../../xapi-model/predicates';
import { record, type XRec } from '../../xapi-model/records';

interface VmCommandSpec {
  id: string;
  label: string;
  op: VmOperations;
  method: string;
  /** Extra arguments after the VM ref. */
  extraArgs: unknown[];
  progressTitle: string;
}

const SPECS: VmCommandSpec[] = [
  { id: 'vm.start', label: 'Start', op: 'start', method: 'VM.start', extraArgs: [false, false], progressTitle: 'Starting VM' },
  { id: 'vm.shutdown', label: 'Shut Down', op: 'clean_shutdown', method: 'VM.clean_shutdown', extraArgs: [], progressTitle: 'Shutting down VM' },
  { id: 'vm.forceShutdown', label: 'Force Shut Down', op: 'hard_shutdown', method: 'VM.hard_shutdown', extraArgs: [], progressTitle: 'Forcing VM shutdown' },
  { id: 'vm.reboot', label: 'Reboot', op: 'clean_reboot', method: 'VM.clean_reboot', extraArgs: [], progressTitle: 'Rebooting VM' },
  { id: 'vm.forceReboot', label: 'Force Reboot', op: 'hard_reboot', method: 'VM.hard_reboot', extraArgs: [], progressTitle: 'Forcing VM reboot' },
  { id: 'vm.suspend', label: 'Suspend', op: 'suspend', method: 'VM.suspend', extraArgs: [], progressTitle: 'Suspending VM' },
  { id: 'vm.resume', label: 'Resume', op: 'resume', method: 'VM.resume', extraArgs: [false, false], progressTitle: 'Resuming VM' },
  { id: 'vm.pause', label: 'Pause', op: 'pause', method: 'VM.pause', extraArgs: [], progressTitle: 'Pausing VM' },
  { id: 'vm.unpause', label: 'Unpause', op: 'unpause', method: 'VM.unpause', extraArgs: [], progressTitle: 'Unpausing VM' },
];

function vmRecord(store: StoreView, connectionId: string, ref: string): XRec<'vm'> | undefined {
  return record(store, connectionId, 'vm', ref);
}

function makeVmCommand(spec: VmCommandSpec): Command & { op: VmOperations; method: string; title: string } {
  return {
    id: spec.id,
    label: spec.label,
    op: spec.op,
    method: spec.method,
    title: spec.progressTitle,
    methods: [spec.method],
    eachObject: true,
    ...(CONFIRMATIONS[spec.id] ? { confirmation: CONFIRMATIONS[spec.id] } : {}),
    canExecute(selection: Selection, store: StoreView): boolean {
      if (selection.length === 0) return false;
      return selection.every((s) => {
        if (s.cls !== 'vm') return false;
        const vm = vmRecord(store, s.connectionId, s.ref);
        // Templates and snapshots (a snapshot is a template too) are never powered, as in XenCenter: a
        // checkpoint's hard_shutdown (XAPI allows it) would throw away the memory it was taken for.
        if (vm?.is_a_template === true) return false;
        return allows(vm, spec.op);
      });
    },
    disabledReason: (selection, store) => vmSelectionRefusal(selection, store, [spec.op]),
    async execute(selection, bridge, store): Promise<CommandOutcome[]> {
      return Promise.all(selection.map(async (target): Promise<CommandOutcome> => {
        const vm = store ? vmRecord(store, target.connectionId, target.ref) : undefined;
        const name = typeof vm?.name_label === 'string' ? vm.name_label : undefined;
        try {
          const { taskRef } = await bridge.request('xapi.callAsync', {
            connectionId: target.connectionId, method: spec.method, args: [target.ref, ...spec.extraArgs],
          });
          return { target, title: spec.progressTitle, vm: name, taskRef };
        } catch (error) {
          return { target, title: spec.progressTitle, vm: name, error };
        }
      }));
    },
  };
}

export const VM_COMMANDS = SPECS.map(makeVmCommand);
export const vmCommand = (id: string) => VM_COMMANDS.find((c) => c.id === id);

// Memory Settings… (the VM Memory tab's "Edit…", as in XenCenter, which offers it nowhere else): enabled
// when XAPI allows the VM's dynamic range or its whole memory range to change (allowed_operations:
// changing_dynamic_range, changing_static_range), with the reason in words when it does not.
import { allows, isPlainVm } from '../../xapi-model/predicates';
import type { Bridge } from '../../bridge/types';
import { getRecord, type AppState } from '../../state/store';
import type { Command, CommandOutcome, Selection, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import { vmSelectionRefusal } from '../../xapi-model/refusal';
import { str } from '../../xapi-model/format';
import type { MemoryCall } from './model';

type StoreView = Pick<AppState, 'objects' | 'connections'>;

export const MEMORY_TITLE = 'Changing memory settings';
// changing_memory_limits is never listed (xapi); a halted VM lists changing_static_range instead.
const OPS = ['changing_dynamic_range', 'changing_static_range', 'changing_memory_limits'] as const;

function plainVm(selection: Selection, store: StoreView) {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return undefined;
  const vm = getRecord(store, selection[0].connectionId, 'vm', selection[0].ref);
  if (!isPlainVm(vm)) return undefined;
  return vm;
}

/** Why the memory of the selected VM cannot change now, in words; undefined when it can. */
export function memoryRefusal(selection: Selection, store: StoreView): string | undefined {
  const vm = plainVm(selection, store);
  if (!vm) return vmSelectionRefusal(selection, store, OPS, { single: true });
  if (OPS.some((o) => allows(vm, o))) return undefined;
  const name = str(vm.name_label) || selection[0].ref;
  const ps = str(vm.power_state);
  if (ps === 'Suspended' || ps === 'Paused') return `'${name}' is ${ps.toLowerCase()}: its memory can be changed when it is running or shut down`;
  return vmSelectionRefusal(selection, store, OPS, { single: true });
}

export const MEMORY_COMMAND: Command = {
  id: 'vm.memory',
  label: 'Memory Settings…',
  dialog: 'vmMemory',
  methods: ['VM.set_memory_dynamic_range', 'VM.set_memory_limits'],
  canExecute: (selection, store) => memoryRefusal(selection, store) === undefined,
  disabledReason: (selection, store) => memoryRefusal(selection, store),
  // Nothing to change without the dialog's choice.
  async execute() { return []; },
};

/** Sends the dialog's one call as a task (Async), for the Events panel. */
export function sendMemory(bridge: Bridge, target: SelectedObject, call: MemoryCall, store?: StoreView): Promise<CommandOutcome> {
  const name = store ? str(getRecord(store, target.connectionId, 'vm', target.ref)?.name_label) : '';
  return requestOutcome(target, MEMORY_TITLE, name || undefined,
    () => bridge.request('xapi.callAsync', { connectionId: target.connectionId, method: call.method, args: [target.ref, ...call.args] }));
}

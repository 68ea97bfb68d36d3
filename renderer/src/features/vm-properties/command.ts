// Properties: XenCenter's property pages of one VM or template (not a snapshot, not a control
// domain), from the VM menu and the VM context menu; Alt+Enter on the selection.
import { isControlDomain, isSnapshot } from '../../xapi-model/predicates';
import type { Command, Selection } from '../../framework/command';
import type { AppState } from '../../state/store';
import { getRecord } from '../../xapi-model/lookup';

type StoreView = Pick<AppState, 'objects' | 'connections'>;

function refusal(selection: Selection, store: StoreView): string | undefined {
  if (selection.length !== 1) return 'Select one VM to see its properties';
  const t = selection[0];
  if (t.cls !== 'vm') return 'Select a VM or a template';
  const vm = getRecord(store, t.connectionId, 'vm', t.ref);
  if (!vm) return 'The VM is no longer on the server';
  const name = typeof vm.name_label === 'string' && vm.name_label ? vm.name_label : t.ref;
  if (isSnapshot(vm)) return `'${name}' is a snapshot`;
  if (isControlDomain(vm)) return `'${name}' is the control domain of its server`;
  return undefined;
}

export const VM_PROPERTIES_COMMAND: Command = {
  id: 'vm.properties',
  label: 'Properties',
  dialog: 'vmProperties',
  shortcut: 'Alt+Enter',
  // Renaming needs VM Admin's set_name_label; the rest are VM Power Admin or below.
  methods: ['VM.set_name_label'],
  canExecute: (selection, store) => refusal(selection, store) === undefined,
  disabledReason: (selection, store) => refusal(selection, store),
  // The dialog sends the changes; there is nothing to run without it.
  async execute() { return []; },
};

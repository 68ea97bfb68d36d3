// VM > New VM… (toolbar "New VM", the context menu of a pool, server or connection): opens the
// wizard for the selected object's pool; Finish sends one vm.create request (main runs the steps).
import type { Bridge } from '../../bridge/types';
import type { Command, CommandOutcome, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import type { NewVmSpec } from '../../../../shared/new-vm/spec';
import { isTemplate } from '../../xapi-model/predicates';
import { table } from '../../xapi-model/records';

export const NEW_VM_TITLE = 'New VM';

export const NEW_VM_COMMAND: Command = {
  id: 'vm.new',
  methods: ['VM.clone', 'VM.provision'],
  label: 'New VM…',
  dialog: 'newVm',
  canExecute(selection, store) {
    if (selection.length !== 1) return false;
    const { connectionId } = selection[0];
    if (store.connections.get(connectionId)?.status !== 'connected') return false;
    return table(store, connectionId, 'vm').some(isTemplate);
  },
  disabledReason(selection) {
    if (selection.length === 0) return 'Select a pool or server to make the VM on';
    if (selection.length > 1) return 'Select one pool or server';
    // Connected (availability.ts checks first) but no template to start from.
    return 'The server has no templates to make a VM from';
  },
  // The menus open the wizard; there is nothing to run without its choices.
  async execute(selection) {
    return [{ target: selection[0], title: NEW_VM_TITLE, error: { code: 'NEEDS_WIZARD', params: [], message: 'New VM needs the wizard' } }];
  },
};

/** The wizard's Finish: one request; the task it returns (or its refusal) goes to the Events panel. */
export function createVm(bridge: Bridge, target: SelectedObject, spec: NewVmSpec): Promise<CommandOutcome> {
  return requestOutcome(target, NEW_VM_TITLE, spec.name, () => bridge.request('vm.create', spec));
}

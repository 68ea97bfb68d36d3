// Convert to Template… (a halted VM: vm.convertToTemplate, main's task around VM.set_is_a_template) and a template's own commands: New VM…
// (the New VM wizard with the template chosen), Copy Template… (vm.copy: VM.clone or VM.copy),
// Delete Template… (vm.delete: VM.destroy, then the ticked disks), Export Template… and Properties
// (the transfer and VM Properties features' commands, run by id). The menus open each one's dialog;
// execute without it (tests, scripts) uses the dialog's defaults.
import type { Bridge } from '../../bridge/types';
import type { StoreView } from '../../state/store';
import type { Command, CommandOutcome, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import { commandById } from '../../framework/registry';
import { str } from '../../xapi-model/format';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import { convertRefusal, copyName, copyTargets, templateDisks, templateRefusal } from './model';

export const CONVERT_TITLE = 'Converting a VM to a template';
export const COPY_TEMPLATE_TITLE = 'Copying template';
export const DELETE_TEMPLATE_TITLE = 'Deleting template';

const nameOf = (store: StoreView | undefined, t: SelectedObject): string | undefined =>
  (store ? str(record(store, t.connectionId, 'vm', t.ref)?.name_label) : '') || undefined;

/** The Events panel's title: "Converting 'web' to a template" (main's task reads the same). */
export function convertTitle(name: string | undefined): string {
  return name ? `Converting '${name}' to a template` : CONVERT_TITLE;
}

/** vm.convertToTemplate: main runs VM.set_is_a_template(vm, true) (a field setter, so XAPI has no Async.
 * form) on a task of its own, which the Events panel follows to its end, or its refusal's words and code. */
export function convertToTemplate(bridge: Bridge, target: SelectedObject, store?: StoreView): Promise<CommandOutcome> {
  return requestOutcome(target, convertTitle(nameOf(store, target)), undefined,
    () => bridge.request('vm.convertToTemplate', { connectionId: target.connectionId, vmRef: target.ref }));
}

/** srRef absent: fast clone (VM.clone); else full copy to that SR (VM.copy). */
export function copyTemplate(bridge: Bridge, target: SelectedObject, choice: { name: string; description: string; srRef?: string }, store?: StoreView): Promise<CommandOutcome> {
  return requestOutcome(target, COPY_TEMPLATE_TITLE, nameOf(store, target), () => bridge.request('vm.copy', {
    connectionId: target.connectionId, vmRef: target.ref, name: choice.name, description: choice.description,
    ...(choice.srRef ? { srRef: choice.srRef } : {}),
  }));
}

export function deleteTemplate(bridge: Bridge, target: SelectedObject, vdiRefs: string[], store?: StoreView): Promise<CommandOutcome> {
  return requestOutcome(target, DELETE_TEMPLATE_TITLE, nameOf(store, target), () => bridge.request('vm.delete', {
    connectionId: target.connectionId, vmRef: target.ref, vdiRefs, snapshotRefs: [],
  }));
}

/** XenCenter's ConvertVMToTemplateCommand: a halted VM proper; asked first (dialog convertToTemplate). */
export const CONVERT_TO_TEMPLATE_COMMAND: Command = {
  id: 'vm.convertToTemplate',
  methods: ['VM.set_is_a_template'],
  label: 'Convert to Template…',
  dialog: 'convertToTemplate',
  canExecute: (selection, store) => convertRefusal(selection, store) === undefined,
  disabledReason: (selection, store) => convertRefusal(selection, store),
  async execute(selection, bridge, store) {
    return [await convertToTemplate(bridge, selection[0], store)];
  },
};

/** New VM… on a template: the New VM wizard (dialog newVm) opens with the template chosen. */
export const NEW_VM_FROM_TEMPLATE_COMMAND: Command = {
  id: 'template.newVm',
  methods: ['VM.clone', 'VM.provision'],
  label: 'New VM…',
  dialog: 'newVm',
  canExecute: (selection, store) => templateRefusal(selection, store, ['clone', 'copy'], 'used for a new VM') === undefined,
  disabledReason: (selection, store) => templateRefusal(selection, store, ['clone', 'copy'], 'used for a new VM'),
  // The menus open the wizard; there is nothing to run without its choices.
  async execute(selection) {
    return [{ target: selection[0], title: 'New VM', error: { code: 'NEEDS_WIZARD', params: [], message: 'New VM needs the wizard' } }];
  },
};

export const COPY_TEMPLATE_COMMAND: Command = {
  id: 'template.copy',
  methods: ['VM.clone'],
  label: 'Copy Template…',
  dialog: 'copyTemplate',
  canExecute: (selection, store) => templateRefusal(selection, store, ['clone', 'copy'], 'copied') === undefined,
  disabledReason: (selection, store) => templateRefusal(selection, store, ['clone', 'copy'], 'copied'),
  async execute(selection, bridge, store) {
    const t = selection[0];
    const name = store ? copyName(store, t.connectionId, t.ref) : 'Copy';
    const fast = !store || allows(record(store, t.connectionId, 'vm', t.ref), 'clone');
    const srRef = fast || !store ? undefined : copyTargets(store, t.connectionId, t.ref).find((s) => s.enoughSpace)?.ref;
    return [await copyTemplate(bridge, t, { name, description: '', srRef }, store)];
  },
};

/** XenCenter's DeleteTemplateCommand: a custom template (not one that comes with the server); asked first. */
export const DELETE_TEMPLATE_COMMAND: Command = {
  id: 'template.delete',
  methods: ['VM.destroy'],
  label: 'Delete Template…',
  dialog: 'deleteTemplate',
  canExecute: (selection, store) => templateRefusal(selection, store, ['destroy'], 'deleted', true) === undefined,
  disabledReason: (selection, store) => templateRefusal(selection, store, ['destroy'], 'deleted', true),
  async execute(selection, bridge, store) {
    const t = selection[0];
    const vdiRefs = store ? templateDisks(store, t.connectionId, t.ref).filter((d) => d.deleteByDefault).map((d) => d.vdiRef) : [];
    return [await deleteTemplate(bridge, t, vdiRefs, store)];
  },
};

/** Export Template…: the transfer feature's Export… (vm.export) on the template. */
export const EXPORT_TEMPLATE_COMMAND: Command = {
  id: 'template.export',
  methods: ['VM.export'],
  label: 'Export Template…',
  canExecute: (selection, store) => templateRefusal(selection, store, ['export'], 'exported') === undefined && !!commandById('vm.export'),
  disabledReason: (selection, store) => templateRefusal(selection, store, ['export'], 'exported') ?? (commandById('vm.export') ? undefined : 'Export is not available'),
  async execute(selection, bridge, store) {
    const exp = commandById('vm.export');
    return exp ? exp.execute(selection, bridge, store) : [];
  },
};

/** Properties on a template: the VM Properties feature's dialog (vmProperties), which takes templates too. */
export const TEMPLATE_PROPERTIES_COMMAND: Command = {
  id: 'template.properties',
  methods: ['VM.set_name_label'],
  label: 'Properties',
  dialog: 'vmProperties',
  // Shown in the template's context menu as on the VM's; either command opens the same dialog.
  shortcut: 'Alt+Enter',
  canExecute: (selection, store) => commandById('vm.properties')?.canExecute(selection, store) === true,
  disabledReason: (selection, store) => commandById('vm.properties')?.disabledReason?.(selection, store) ?? 'Properties is not available',
  async execute() { return []; },
};

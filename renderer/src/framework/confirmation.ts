// The question a command asks before it runs (XenCenter's wording, Messages.resx CONFIRM_*_VM*),
// and whether the user said not to ask it again (main's settings, settings.confirmations).
import type { ConfirmationId } from '../../../shared/settings/confirmations';
import { getRecord, type StoreView } from '../state/store';
import type { Selection } from './command';

/** What a confirmable command asks: XenCenter's title and text for one VM and for several. */
export interface ConfirmationSpec {
  id: ConfirmationId;
  one: { title: string; text: string };
  many: { title: string; text: string };
  /** Forced operations cancel the VM's running tasks: XenCenter says so when it has any. */
  withTasks?: { one: string; many: string };
}

export interface ConfirmationQuestion { id: ConfirmationId; title: string; text: string; names: string[] }

const FORCE = (verb: string, title: string, titleMany: string): ConfirmationSpec => ({
  id: verb === 'reboot' ? 'vm.forceReboot' : 'vm.forceShutdown',
  one: { title, text: `Are you sure you want to forcibly ${verb} the selected VM? This operation can result in data loss.` },
  many: { title: titleMany, text: `Are you sure you want to forcibly ${verb} the selected VMs? This operation can result in data loss.` },
  withTasks: {
    one: `Are you sure you want to forcibly ${verb} the selected VM? This operation will cancel all running tasks for the VM and can result in data loss.`,
    many: `Are you sure you want to forcibly ${verb} the selected VMs? This operation will cancel all running tasks for ${verb === 'reboot' ? 'the VMs' : 'each of the selected VMs'} and can result in data loss.`,
  },
});

/** By command id: the VM power commands that XenCenter asks about. */
export const CONFIRMATIONS: Record<string, ConfirmationSpec> = {
  'vm.shutdown': {
    id: 'vm.shutdown',
    one: { title: 'Shut Down VM', text: 'Are you sure you want to shut down the selected VM?' },
    many: { title: 'Shut Down Multiple VMs', text: 'Are you sure you want to shut down the selected VMs?' },
  },
  'vm.reboot': {
    id: 'vm.reboot',
    one: { title: 'Reboot VM', text: 'Are you sure you want to reboot the selected VM?' },
    many: { title: 'Reboot Multiple VMs', text: 'Are you sure you want to reboot the selected VMs?' },
  },
  'vm.suspend': {
    id: 'vm.suspend',
    one: { title: 'Suspend VM', text: 'Are you sure you want to suspend the selected VM?' },
    many: { title: 'Suspend Multiple VMs', text: 'Are you sure you want to suspend the selected VMs?' },
  },
  'vm.forceShutdown': FORCE('shut down', 'Force Shut Down VM', 'Force Shut Down Multiple VMs'),
  'vm.forceReboot': FORCE('reboot', 'Force VM Reboot', 'Force Reboot Multiple VMs'),
};

/** The question for this selection, with the VMs named. */
export function confirmationQuestion(spec: ConfirmationSpec, selection: Selection, store: StoreView): ConfirmationQuestion {
  const records = selection.map((s) => getRecord(store, s.connectionId, s.cls, s.ref));
  const names = records.map((r, i) => (typeof r?.name_label === 'string' && r.name_label ? r.name_label : selection[i].ref));
  const many = selection.length > 1;
  const busy = records.some((r) => r && typeof r.current_operations === 'object' && r.current_operations !== null
    && Object.keys(r.current_operations).length > 0);
  const form = many ? spec.many : spec.one;
  const text = busy && spec.withTasks ? (many ? spec.withTasks.many : spec.withTasks.one) : form.text;
  return { id: spec.id, title: form.title, text, names };
}

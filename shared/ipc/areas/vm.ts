// VM lifecycle: Take Snapshot, Copy VM, Delete VM/snapshot/template, Convert to Template, and the New VM wizard's vm.create.
import type { NewVmSpec } from '../../new-vm/spec';
import { parseNewVmSpec } from '../../new-vm/spec';
import { ContractError, exactKeys, ref, refList, str, type Validators } from '../checks';

export interface VmRequests {
  /**
   * Take Snapshot: Async VM.snapshot (mode 'snapshot'), VM.checkpoint ('checkpoint', with memory)
   * or VM.snapshot_with_quiesce ('quiesce'); main sets the description once the task succeeded.
   */
  'vm.snapshot': { args: { connectionId: string; vmRef: string; name: string; description: string; mode: 'snapshot' | 'checkpoint' | 'quiesce' }; result: { taskRef: string } };
  /** Copy VM: Async VM.clone (no srRef: fast clone) or VM.copy to srRef (full copy); then the description. */
  'vm.copy': { args: { connectionId: string; vmRef: string; name: string; description: string; srRef?: string }; result: { taskRef: string } };
  /**
   * Delete a VM or a snapshot as XenCenter does: the chosen snapshots of the VM (with all their
   * disks), VM.destroy, then VDI.destroy of `vdiRefs` (disks of the VM's own VBDs) and the suspend
   * VDI. Resolves with a task made with task.create that reports the steps and ends with the first error.
   */
  'vm.delete': { args: { connectionId: string; vmRef: string; vdiRefs: string[]; snapshotRefs: string[] }; result: { taskRef: string } };
  /**
   * Convert to Template: VM.set_is_a_template(vm, true), a field setter with no Async. form, run on a
   * task made with task.create ("Converting '<name>' to a template") so the Events panel shows it end
   * done or with the XAPI error.
   */
  'vm.convertToTemplate': { args: { connectionId: string; vmRef: string }; result: { taskRef: string } };
  /**
   * New VM wizard: main clones (or copies) the template and runs every step (electron/core/features/vm/create-vm.ts);
   * resolves at once with the task made with task.create that carries the steps and the first error.
   */
  'vm.create': { args: NewVmSpec; result: { taskRef: string } };
}

const MAX_VM_NAME = 1024;
/** The name (non-blank) and description a new VM or snapshot gets. */
function vmNaming(o: Record<string, unknown>): { name: string; description: string } {
  const name = str(o, 'name').trim();
  if (!name || name.length > MAX_VM_NAME) throw new ContractError(`"name" must be a name of at most ${MAX_VM_NAME} characters`);
  const description = str(o, 'description', { allowEmpty: true });
  if (description.length > MAX_VM_NAME * 4) throw new ContractError('"description" is too long');
  return { name, description };
}

export const VM_VALIDATORS: Validators<VmRequests> = {
  'vm.snapshot': (o) => {
    exactKeys(o, ['connectionId', 'vmRef', 'name', 'description', 'mode']);
    const mode = o.mode;
    if (mode !== 'snapshot' && mode !== 'checkpoint' && mode !== 'quiesce') throw new ContractError('"mode" must be snapshot, checkpoint or quiesce');
    return { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), ...vmNaming(o), mode };
  },
  'vm.copy': (o) => {
    exactKeys(o, ['connectionId', 'vmRef', 'name', 'description', 'srRef']);
    return { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), ...vmNaming(o), ...(o.srRef !== undefined ? { srRef: ref(o, 'srRef') } : {}) };
  },
  'vm.delete': (o) => {
    exactKeys(o, ['connectionId', 'vmRef', 'vdiRefs', 'snapshotRefs']);
    return { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), vdiRefs: refList(o, 'vdiRefs'), snapshotRefs: refList(o, 'snapshotRefs') };
  },
  'vm.convertToTemplate': (o) => {
    exactKeys(o, ['connectionId', 'vmRef']);
    return { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef') };
  },
  'vm.create': (o) => parseNewVmSpec(o, (m) => new ContractError(m)),
};

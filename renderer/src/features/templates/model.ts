// Pure reads behind the template commands: why a VM cannot become a template or a template cannot be
// copied, deleted or exported (in words), its disks with the default choice for deletion, where a full
// copy can go, and the copy's name.
import type { ObjectsView, StoreView } from '../../state/store';
import type { Selection } from '../../framework/command';
import type { VmOperations } from '../../../../shared/xapi/types.generated';
import { str } from '../../xapi-model/format';
import { srDisplayName } from '../../xapi-model/names';
import { allows, isPlainVm, isTemplate } from '../../xapi-model/predicates';
import { opDoing, vmSelectionRefusal } from '../../xapi-model/refusal';
import { entries, record, table, type XRec } from '../../xapi-model/records';
import { refs } from '../../xapi-model/refs';

type Vm = XRec<'vm'>;

const nameOf = (vm: Vm, ref: string): string => str(vm.name_label) || ref;

function busy(vm: Vm): string | undefined {
  const cur = vm.current_operations && typeof vm.current_operations === 'object' ? Object.values(vm.current_operations as Record<string, unknown>).map(String) : [];
  return cur.length ? `'${str(vm.name_label)}' is busy: it is ${opDoing(cur[0])}` : undefined;
}

/** A default template: it comes with the server (is_default_template, or other_config default_template). */
export function isDefaultTemplate(vm: Vm | undefined): boolean {
  const other = vm?.other_config;
  return vm?.is_default_template === true || (typeof other === 'object' && other !== null && Object.hasOwn(other, 'default_template'));
}

/** Why Convert to Template cannot run (undefined: it can): one halted plain VM whose server allows make_into_template. */
export function convertRefusal(selection: Selection, store: StoreView): string | undefined {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return selection.length > 1 ? 'Select one VM' : 'No VM is selected';
  const { connectionId, ref } = selection[0];
  const vm = record(store, connectionId, 'vm', ref);
  if (!vm) return 'The VM is no longer on the server';
  if (!isPlainVm(vm)) return vmSelectionRefusal(selection, store, ['make_into_template'], { single: true });
  if (allows(vm, 'make_into_template')) return undefined;
  const name = nameOf(vm, ref);
  const why = busy(vm);
  if (why) return why;
  if (vm.power_state === 'Running' || vm.power_state === 'Paused') return `'${name}' is running: shut it down first`;
  if (vm.power_state === 'Suspended') return `'${name}' is suspended: shut it down first`;
  return `The server does not allow '${name}' to be converted to a template now`;
}

/** Why a template command cannot run on the selection (undefined: it can): one template proper whose
 * server allows one of `ops`; `custom` also refuses the server's default templates. */
export function templateRefusal(selection: Selection, store: StoreView, ops: readonly VmOperations[], verb: string, custom = false): string | undefined {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return selection.length > 1 ? 'Select one template' : 'No template is selected';
  const { connectionId, ref } = selection[0];
  const vm = record(store, connectionId, 'vm', ref);
  if (!vm) return 'The template is no longer on the server';
  const name = nameOf(vm, ref);
  if (!isTemplate(vm)) return `'${name}' is not a template`;
  if (custom && isDefaultTemplate(vm)) return `'${name}' is a default template: it comes with the server and cannot be ${verb}`;
  if (ops.some((op) => allows(vm, op))) return undefined;
  return busy(vm) ?? `The server does not allow '${name}' to be ${verb} now`;
}

// The template's disks, as a VM's (xapi-model/vm-disks.ts).
export { vmDisks as templateDisks, type DiskRow } from '../../xapi-model/vm-disks';
import { vmDisks as templateDisks } from '../../xapi-model/vm-disks';

export interface CopyTarget { ref: string; name: string; free: number; size: number; enoughSpace: boolean }

/**
 * Where a full copy can put the template's disks: the pool's SRs for VM disks (content_type user) with a
 * plugged PBD, each with its free space; the pool's default first.
 */
export function copyTargets(store: ObjectsView, connectionId: string, vmRef: string): CopyTarget[] {
  const need = templateDisks(store, connectionId, vmRef).reduce((n, d) => n + d.size, 0);
  const def = str(table(store, connectionId, 'pool')[0]?.default_SR);
  const out: CopyTarget[] = [];
  for (const [ref, sr] of entries(store, connectionId, 'sr')) {
    if (str(sr.content_type) !== 'user') continue;
    const plugged = refs(sr.PBDs).some((p) => record(store, connectionId, 'pbd', p)?.currently_attached === true);
    if (!plugged) continue;
    const size = Number(sr.physical_size) || 0;
    const free = Math.max(0, size - (Number(sr.physical_utilisation) || 0));
    out.push({ ref, name: srDisplayName(store, connectionId, ref), free, size, enoughSpace: free >= need });
  }
  return out.sort((a, b) => Number(b.ref === def) - Number(a.ref === def) || a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** "Copy of <name>", unique among the pool's VMs, templates and snapshots (XenCenter's MakeUniqueName). */
export function copyName(store: ObjectsView, connectionId: string, vmRef: string): string {
  const base = `Copy of ${str(record(store, connectionId, 'vm', vmRef)?.name_label)}`;
  const taken = new Set(table(store, connectionId, 'vm').map((v) => str(v.name_label)));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

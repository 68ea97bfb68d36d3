// One check for a MAC address a user types for a VM's interface (New VM wizard, Add Interface):
// the format XAPI accepts (MAC_INVALID), a unicast address (not multicast, broadcast or all zeros),
// and one no other interface has: another of the same VM, or one of another real VM of the pool
// (XenCenter's VIFDialog checks VMs that are not templates, snapshots or control domains).
import { MAC_PATTERN, unicastMacProblem } from '../../../shared/network/change';
import type { ObjectsView } from '../state/store';
import { str } from './format';
import { isPlainVm } from './predicates';

export { MAC_PATTERN };
export const normalizeMac = (text: string): string => text.trim().toLowerCase();

/** Each MAC (lower case) of a real VM's interface on the connection, with the VM's name. */
export function macsInUse(s: ObjectsView, connectionId: string): Map<string, string> {
  const objs = s.objects.get(connectionId);
  const out = new Map<string, string>();
  for (const vif of objs?.get('vif')?.values() ?? []) {
    const mac = normalizeMac(str(vif.MAC));
    const vm = typeof vif.VM === 'string' ? objs?.get('vm')?.get(vif.VM) : undefined;
    if (!mac || !isPlainVm(vm)) continue;
    out.set(mac, str(vm.name_label));
  }
  return out;
}

/**
 * '' when `text` (not empty) is a MAC an interface may use, else why not. `inUse`: MACs other VMs'
 * interfaces have (macsInUse); `siblings`: the MACs of the VM's other interfaces.
 */
export function macAddressProblem(text: string, inUse: ReadonlyMap<string, string>, siblings: readonly string[] = []): string {
  const mac = normalizeMac(text);
  if (!MAC_PATTERN.test(mac)) return 'A MAC address is six pairs of hexadecimal digits separated by colons, e.g. 02:1a:2b:3c:4d:5e.';
  const unicast = unicastMacProblem(mac);
  if (unicast) return unicast;
  if (siblings.some((m) => normalizeMac(m) === mac)) return 'Another interface of this VM has this MAC address.';
  const owner = inUse.get(mac);
  if (owner !== undefined) return `This MAC address is already used by ${owner ? `'${owner}'` : 'another VM'}.`;
  return '';
}

// Main's own refusal of a MAC another VM already has (the renderer checks as the user types, but
// main decides): XAPI accepts duplicates, which break both VMs' networking on the same segment.
import type { ObjectCache } from './object-cache';
import { XapiError } from '../xapi/errors';

/** The name of a real VM (not a template, snapshot or control domain) with an interface of MAC `mac`. */
export function macOwner(cache: Pick<ObjectCache, 'get' | 'getAll'>, mac: string): string | undefined {
  const want = mac.trim().toLowerCase();
  if (!want) return undefined;
  for (const vif of cache.getAll('vif').values()) {
    if (String(vif.MAC ?? '').toLowerCase() !== want) continue;
    const vm = typeof vif.VM === 'string' ? cache.get('vm', vif.VM) : undefined;
    if (!vm || vm.is_a_template === true || vm.is_a_snapshot === true || vm.is_control_domain === true) continue;
    return String(vm.name_label ?? '');
  }
  return undefined;
}

/** Throws MAC_IN_USE for the first of `macs` another real VM has. */
export function assertMacsFree(cache: Pick<ObjectCache, 'get' | 'getAll'>, macs: readonly string[]): void {
  for (const mac of macs) {
    const owner = macOwner(cache, mac);
    if (owner !== undefined) {
      throw new XapiError('MAC_IN_USE', [mac, owner], { message: `The MAC address ${mac} is already used by ${owner ? `'${owner}'` : 'another VM'}` });
    }
  }
}

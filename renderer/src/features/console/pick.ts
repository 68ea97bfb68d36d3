// Which console a Console tab shows: a VM's own rfb console, or for a host its control domain's
// (the VM with is_control_domain = true resident on that host). Pure: works on the store's maps.
import type { ObjectsView } from '../../state/store';
import { classMap } from '../../state/store';
import { isControlDomain } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';

export interface ConsolePick {
  /** The VM whose console it is (the control domain for a host); null when there is none. */
  vmRef: string | null;
  /** The name to show: the VM's, or the host's for a host. */
  name: string;
  powerState: string;
  /** The rfb console record, or null (VM not running, or no console yet). */
  consoleRef: string | null;
  /** A host's console is its control domain's. */
  isHost: boolean;
}


/** The control domain resident on a host (dom0, domid 0, before any driver domain). */
export function controlDomainOf(s: ObjectsView, connectionId: string, hostRef: string): string | null {
  const vms = classMap(s, connectionId, 'vm');
  if (!vms) return null;
  let first: string | null = null;
  for (const [ref, vm] of vms) {
    if (!isControlDomain(vm) || vm.resident_on !== hostRef) continue;
    if (Number(vm.domid) === 0) return ref;
    first ??= ref;
  }
  return first;
}

/** The VM's console of `protocol`: from VM.consoles, else any console record pointing at the VM. */
export function rfbConsoleOf(s: ObjectsView, connectionId: string, vmRef: string, protocol = 'rfb'): string | null {
  const vm = record(s, connectionId, 'vm', vmRef);
  const consoles = classMap(s, connectionId, 'console');
  if (!consoles) return null;
  const listed = Array.isArray(vm?.consoles) ? (vm.consoles as unknown[]) : [];
  for (const ref of listed) {
    const c = typeof ref === 'string' ? consoles.get(ref) : undefined;
    if (c && c.protocol === protocol) return ref as string;
  }
  // The console's add event may be seen before the VM's consoles field is updated.
  for (const [ref, c] of consoles) if (c.VM === vmRef && c.protocol === protocol) return ref;
  return null;
}

export function pickConsole(s: ObjectsView, connectionId: string, cls: string, ref: string): ConsolePick {
  if (cls === 'host') {
    const host = record(s, connectionId, 'host', ref);
    const name = String(host?.name_label ?? '');
    const dom0 = controlDomainOf(s, connectionId, ref);
    if (!dom0) return { vmRef: null, name, powerState: '', consoleRef: null, isHost: true };
    const vm = record(s, connectionId, 'vm', dom0);
    return { vmRef: dom0, name, powerState: String(vm?.power_state ?? ''), consoleRef: rfbConsoleOf(s, connectionId, dom0), isHost: true };
  }
  const vm = record(s, connectionId, 'vm', ref);
  const powerState = String(vm?.power_state ?? '');
  const running = powerState === 'Running' || powerState === 'Paused';
  return {
    vmRef: vm ? ref : null,
    name: String(vm?.name_label ?? ''),
    powerState,
    // A halted VM's stale console record (if the server left one) is not connectable.
    consoleRef: vm && running ? rfbConsoleOf(s, connectionId, ref) : null,
    isHost: false,
  };
}

// Pure reading of a host's state for the server commands (SEMANTICS.md 5.1): which are enabled,
// which VMs an evacuation moves, and why the others block it, in words.
import { isInMaintenanceMode } from '../../../../shared/host/maintenance';
import { getRecord, type StoreView, type ObjectsView } from '../../state/store';
import { errorWords } from '../../xapi-model/errors';
import { allows, isControlDomain } from '../../xapi-model/predicates';
import type { Selection } from '../../framework/command';
import { record, type XRec } from '../../xapi-model/records';

type Rec = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export interface HostView {
  connectionId: string;
  ref: string;
  host: XRec<'host'>;
  name: string;
  /** host_metrics.live: the host's xapi is heartbeating. */
  live: boolean;
  enabled: boolean;
  maintenance: boolean;
}

/** The one selected host of a connected server, or null. */
export function selectedHost(selection: Selection, store: StoreView): HostView | null {
  if (selection.length !== 1 || selection[0].cls !== 'host') return null;
  const { connectionId, ref } = selection[0];
  if (store.connections.get(connectionId)?.status !== 'connected') return null;
  const host = record(store, connectionId, 'host', ref);
  if (!host) return null;
  const metrics = record(store, connectionId, 'host_metrics', host.metrics);
  return {
    connectionId, ref, host, name: str(host.name_label) || ref,
    live: metrics?.live === true,
    enabled: host.enabled === true,
    maintenance: isInMaintenanceMode(host),
  };
}

// XenCenter's rule for the toggle: an enabled host can enter maintenance mode, a disabled one exit it.
export const canEnterMaintenance = (h: HostView | null): boolean => !!h && h.live && h.enabled && allows(h.host, 'evacuate');
export const canExitMaintenance = (h: HostView | null): boolean => !!h && h.live && !h.enabled && allows(h.host, 'enable');

/**
 * Reboot / shutdown need a disabled host (HOST_NOT_DISABLED): the flow disables it first, so an
 * enabled host qualifies when it can be evacuated, a disabled one when the op itself is allowed.
 */
export function canPowerDown(h: HostView | null, op: 'reboot' | 'shutdown'): boolean {
  if (!h || !h.live) return false;
  return allows(h.host, op) || (h.enabled && allows(h.host, 'evacuate'));
}
/** power_on is only allowed for a host that is not live and has a power-on mode (5.1). */
export const canPowerOn = (h: HostView | null): boolean => !!h && !h.live && allows(h.host, 'power_on');
/** Why Power On cannot run, in XenCenter's words (PowerOnHostCommand), or undefined when it can or cannot tell. */
export function powerOnBlocker(h: HostView | null): string | undefined {
  if (!h) return undefined;
  if (h.live) return 'This server is already powered on.';
  if (str(h.host.power_on_mode) === '') return 'This host does not have its Power On mode set.';
  if (!allows(h.host, 'power_on')) return 'Another operation is in progress on this server.';
  return undefined;
}
/** Why a host that is not live cannot be rebooted, shut down or put into maintenance mode. */
export function notLiveBlocker(h: HostView | null, op?: 'shutdown'): string | undefined {
  if (!h || h.live) return undefined;
  return op === 'shutdown' ? 'This server is already shut down.' : 'Server is not reachable';
}
/**
 * Why a host command cannot run on a live host, in words: the selection, an operation in progress,
 * maintenance mode, else the missing allowed_operations entry. Undefined when `h` is not live
 * (notLiveBlocker says that) or nothing is wrong.
 */
export function liveHostBlocker(selection: Selection, h: HostView | null, action: 'enter' | 'exit' | 'reboot' | 'shutdown'): string | undefined {
  if (!h) return selection.length === 1 && selection[0].cls === 'host' ? 'The server is no longer in the pool' : 'Select one server';
  if (!h.live) return undefined;
  const current = h.host.current_operations && typeof h.host.current_operations === 'object' ? Object.values(h.host.current_operations as Rec) : [];
  if (current.length > 0) return `'${h.name}' is busy: ${str(current[0]).replace(/_/g, ' ')} is in progress`;
  if (action === 'enter' && !h.enabled) return h.maintenance ? `'${h.name}' is already in maintenance mode` : `'${h.name}' is disabled: use Exit Maintenance Mode to enable it`;
  if (action === 'exit' && h.enabled) return `'${h.name}' is not in maintenance mode`;
  if (action === 'exit') return `The server does not allow '${h.name}' to be enabled now`;
  return `The server does not allow '${h.name}' to be ${action === 'enter' ? 'evacuated' : action === 'reboot' ? 'rebooted' : 'shut down'} now`;
}

/** restart_agent is not a host op: any live host. */
export const canRestartToolstack = (h: HostView | null): boolean => !!h && h.live;

export interface ResidentVm { ref: string; name: string }

/** The guests running (or paused) on the host: what an evacuation has to move. */
export function residentVms(store: StoreView, connectionId: string, hostRef: string): ResidentVm[] {
  const out: ResidentVm[] = [];
  for (const [ref, vm] of store.objects.get(connectionId)?.get('vm') ?? []) {
    if (vm.resident_on !== hostRef || isControlDomain(vm)) continue;
    out.push({ ref, name: str(vm.name_label) || ref });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** Names of objects an evacuation error refers to (SRs, networks, hosts); the ref when unknown. */
export type NameOf = (cls: string, ref: string) => string;

/** Why a VM prevents evacuation (host.get_vms_which_prevent_evacuation's [CODE, params…]), in words. */
export function evacuationBlockReason(error: readonly string[], nameOf: NameOf): string {
  const [code = '', ...params] = error;
  switch (code) {
    case 'NO_HOSTS_AVAILABLE': return 'There is no other server in the pool that can run it';
    case 'VM_REQUIRES_SR': return `Its disks are on storage that the other servers cannot reach ('${nameOf('sr', params[1] ?? '')}')`;
    case 'VM_REQUIRES_NETWORK': return `It needs network '${nameOf('network', params[1] ?? '')}', which the other servers do not have`;
    case 'VM_REQUIRES_GPU':
    case 'VM_REQUIRES_VGPU': return 'It needs a GPU that the other servers do not have';
    case 'HOST_NOT_ENOUGH_FREE_MEMORY': return 'The other servers do not have enough free memory for it';
    case 'VM_BAD_POWER_STATE': return `It is ${params[2] ?? 'not running'}: only running VMs can be migrated`;
    case 'VM_LACKS_FEATURE':
    case 'VM_MISSING_PV_DRIVERS': return 'Its guest tools are not installed, so it cannot be migrated live';
    case 'HOST_EVACUATE_VM_NOT_HA_PROTECTED': return 'HA is on and it is not protected by HA: only protected VMs are moved';
    case 'VM_HAS_PCI_ATTACHED': return 'It has a PCI device passed through to it';
    case 'OTHER_OPERATION_IN_PROGRESS': return 'Another operation is in progress on it';
    default: return errorWords({ code, params });
  }
}

export interface EvacuationPlanView {
  /** Resident VMs that evacuate would migrate. */
  movable: ResidentVm[];
  /** Resident VMs that prevent evacuation, with the reason in words and the error code. */
  blocked: Array<ResidentVm & { reason: string; code: string }>;
}

/** Splits the host's resident VMs by the server's answer (VM ref -> [CODE, params…]). */
export function evacuationPlanView(resident: readonly ResidentVm[], blockers: Record<string, unknown>, nameOf: NameOf): EvacuationPlanView {
  const movable: ResidentVm[] = [];
  const blocked: EvacuationPlanView['blocked'] = [];
  const seen = new Set<string>();
  for (const vm of resident) {
    seen.add(vm.ref);
    const err = blockers[vm.ref];
    if (Array.isArray(err)) blocked.push({ ...vm, reason: evacuationBlockReason(err.map(String), nameOf), code: String(err[0] ?? '') });
    else movable.push(vm);
  }
  // A blocker the cache does not list as resident yet (it just arrived) still blocks.
  for (const [ref, err] of Object.entries(blockers)) {
    if (seen.has(ref) || !Array.isArray(err)) continue;
    blocked.push({ ref, name: nameOf('vm', ref), reason: evacuationBlockReason(err.map(String), nameOf), code: String(err[0] ?? '') });
  }
  return { movable, blocked };
}

/** nameOf over the store: name_label of the connection's object, else the ref. */
export function storeNames(store: ObjectsView, connectionId: string): NameOf {
  return (cls, ref) => str(getRecord(store, connectionId, cls, ref)?.name_label) || ref;
}

// Before Migrate to Server offers a host, ask the server whether it would take the VM there, as
// XenCenter's submenu does: VM.assert_can_boot_here for a host of the VM's own pool (what
// pool_migrate checks first, SEMANTICS.md 2.2/2.6), and, for a host of another pool, main's
// vm.crossPoolMigrateCheck (host.migrate_receive there, then VM.assert_can_migrate with the default
// storage and network maps). A refused host stays in the list, greyed, with the reason in words and code.
import type { StoreView } from '../../state/store';
import type { Bridge } from '../../bridge/types';
import type { ErrorInfo } from '../../../../shared/ipc/contract';
import type { SelectedObject } from '../../framework/command';
import { crossPoolPlan, vdiMapFor } from './cross-pool';
import { errorWords } from '../../xapi-model/errors';
import { objectName } from '../../xapi-model/names';

export type DestinationCheck =
  | { state: 'checking' }
  | { state: 'ok' }
  /** Main would have to ask the user before checking (Electron): offered, checked by the migration itself. */
  | { state: 'unchecked' }
  | { state: 'refused'; reason: string; code: string };

export interface CheckedDestination { connectionId: string; ref: string; crossPool: boolean }

/** Shorter words for what the servers refuse most, the object named; else the error's own words. */
export function refusalReason(err: Pick<ErrorInfo, 'code' | 'params'> & Partial<ErrorInfo>, nameOf: (ref: string) => string | undefined): string {
  const p = err.params ?? [];
  const named = (ref: string | undefined, what: string): string => {
    const n = ref ? nameOf(ref) : undefined;
    return n ? `${what} '${n}'` : what;
  };
  switch (err.code) {
    case 'VM_REQUIRES_SR': return `Cannot see ${named(p[1], "the VM's storage")}`;
    case 'VM_REQUIRES_NETWORK': return `Not connected to ${named(p[1], "the VM's network")}`;
    case 'VM_REQUIRES_GPU': case 'VM_REQUIRES_VGPU': return 'Has no GPU the VM can use';
    case 'HOST_NOT_ENOUGH_FREE_MEMORY': return 'Not enough free memory';
    case 'HOST_NOT_ENOUGH_PCPUS': return 'Not enough physical CPUs';
    case 'HOST_NOT_LIVE': case 'HOST_OFFLINE': return 'The server is not reachable';
    case 'HOST_DISABLED': case 'HOST_DISABLED_UNTIL_REBOOT': return 'The server is disabled (maintenance mode)';
    case 'VM_HOST_INCOMPATIBLE_VERSION': case 'VM_HOST_INCOMPATIBLE_VIRTUAL_HARDWARE_PLATFORM_VERSION': return 'The server runs an older version';
    case 'VM_INCOMPATIBLE_WITH_THIS_HOST': return 'The VM is not compatible with this server';
    default: return errorWords(err);
  }
}

/** "Cannot see the VM's storage 'Local storage on h1' (VM_REQUIRES_SR)": what the greyed entry says. */
export function refusalText(check: DestinationCheck): string {
  return check.state === 'refused' ? `${check.reason} (${check.code})` : '';
}

const toInfo = (e: unknown): ErrorInfo => {
  const o = (e ?? {}) as Partial<ErrorInfo>;
  return { code: typeof o.code === 'string' ? o.code : 'INTERNAL_ERROR', params: Array.isArray(o.params) ? o.params.map(String) : [], message: typeof o.message === 'string' ? o.message : String(e) };
};

/** Asks the server (through main for another pool) whether `dest` would take the VM. */
export async function checkDestination(bridge: Bridge, store: StoreView, vm: SelectedObject, dest: CheckedDestination): Promise<DestinationCheck> {
  const nameOf = (connectionId: string) => (ref: string) => objectName(store, connectionId, ref);
  try {
    if (!dest.crossPool) {
      await bridge.request('xapi.call', { connectionId: vm.connectionId, method: 'VM.assert_can_boot_here', args: [vm.ref, dest.ref] });
      return { state: 'ok' };
    }
    const plan = crossPoolPlan(store, vm, dest.connectionId, dest.ref);
    if (plan.diskCount > 0 && !plan.srRef) return { state: 'refused', reason: 'No storage there this server can use for the disks', code: 'VDI_NOT_IN_MAP' };
    if (!plan.complete) return { state: 'refused', reason: "No network there for the VM's interfaces", code: 'VIF_NOT_IN_MAP' };
    await bridge.request('vm.crossPoolMigrateCheck', {
      connectionId: vm.connectionId, vmRef: vm.ref, destConnectionId: dest.connectionId, hostRef: dest.ref,
      vdiMap: plan.srRef ? vdiMapFor(store, vm, plan.srRef) : {},
      vifMap: Object.fromEntries(plan.vifs.map((v) => [v.ref, v.network ?? ''])),
    });
    return { state: 'ok' };
  } catch (e) {
    const info = toInfo(e);
    if (info.code === 'CREDENTIAL_USE_UNCONFIRMED') return { state: 'unchecked' };
    // A refusal names objects of either pool (the VM's SR here, the host there).
    const names = (ref: string) => nameOf(dest.connectionId)(ref) ?? nameOf(vm.connectionId)(ref);
    return { state: 'refused', reason: refusalReason(info, names), code: info.code };
  }
}

// Hosts: a host's maintenance flows (shared/host/maintenance.ts).
import type { HostMaintenanceAction } from '../../host/maintenance';
import { HOST_MAINTENANCE_ACTIONS } from '../../host/maintenance';
import { ContractError, MAX_MAP_ENTRIES, OPAQUE_REF, exactKeys, ref, str, type Validators } from '../checks';

export interface HostRequests {
  /**
   * A host's maintenance flow (shared/host/maintenance.ts): enter / exit maintenance mode, or reboot /
   * shut down after disabling and evacuating it. Main runs every step and resolves at once with a
   * task made with task.create that carries the flow's progress and ends with its first error.
   */
  'host.maintenance': { args: { connectionId: string; hostRef: string; action: HostMaintenanceAction; shutDownVms?: string[] }; result: { taskRef: string } };
}

export const HOST_VALIDATORS: Validators<HostRequests> = {
  'host.maintenance': (o) => {
    exactKeys(o, ['connectionId', 'hostRef', 'action', 'shutDownVms']);
    const action = HOST_MAINTENANCE_ACTIONS.find((x) => x === o.action);
    if (!action) throw new ContractError(`"action" must be one of ${HOST_MAINTENANCE_ACTIONS.join(', ')}`);
    const vms = o.shutDownVms;
    if (vms !== undefined && (!Array.isArray(vms) || vms.length > MAX_MAP_ENTRIES || !vms.every((v) => typeof v === 'string' && OPAQUE_REF.test(v)))) {
      throw new ContractError('"shutDownVms" must be an array of OpaqueRefs');
    }
    return { connectionId: str(o, 'connectionId'), hostRef: ref(o, 'hostRef'), action, ...(vms !== undefined ? { shutDownVms: [...new Set(vms as string[])] } : {}) };
  },
};

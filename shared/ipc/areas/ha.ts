// High availability: the HA wizard's Finish and the Edit HA priorities dialog's OK, each one request
// that main runs as one task.create task (XenCenter's EnableHAAction and SetHaPrioritiesAction).
import { HA_PRIORITIES } from '../../vm-properties/plan';
import { ContractError, exactKeys, isPlainObject, MAX_MAP_ENTRIES, OPAQUE_REF, ref, str, type Validators } from '../checks';

export type HaPriority = (typeof HA_PRIORITIES)[number];

/** One VM's HA settings that changed; an absent field is left as it is. */
export interface HaVmChange { vmRef: string; priority?: HaPriority; order?: number; startDelay?: number }

export interface HaConfigure {
  connectionId: string;
  poolRef: string;
  /** Given: HA is off and is enabled with this heartbeat SR (the wizard). Absent: HA is on (the edit dialog). */
  heartbeatSrRef?: string;
  vms: HaVmChange[];
  /** pool.ha_host_failures_to_tolerate to set. */
  failuresToTolerate: number;
}

export interface HaRequests {
  /** Sets the changed VMs' priorities, orders and delays and the failures to tolerate, and enables HA
   *  when a heartbeat SR is given, on one task; the task ends with the first error. */
  'ha.configure': { args: HaConfigure; result: { taskRef: string } };
}

/** Largest order, delay (seconds) and failures to tolerate accepted: beyond any real pool. */
export const HA_MAX_NUMBER = 1_000_000;

function count(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > HA_MAX_NUMBER) throw new ContractError(`${what} must be a whole number from 0 to ${HA_MAX_NUMBER}`);
  return v;
}

function vmChange(v: unknown): HaVmChange {
  if (!isPlainObject(v)) throw new ContractError('each of "vms" must be an object');
  exactKeys(v, ['vmRef', 'priority', 'order', 'startDelay']);
  const out: HaVmChange = { vmRef: ref(v, 'vmRef') };
  if (v.priority !== undefined) {
    if (typeof v.priority !== 'string' || !(HA_PRIORITIES as readonly string[]).includes(v.priority)) throw new ContractError(`"priority" must be one of "restart", "best-effort", ""`);
    out.priority = v.priority as HaPriority;
  }
  if (v.order !== undefined) out.order = count(v.order, '"order"');
  if (v.startDelay !== undefined) out.startDelay = count(v.startDelay, '"startDelay"');
  return out;
}

export function parseHaConfigure(o: Record<string, unknown>): HaConfigure {
  exactKeys(o, ['connectionId', 'poolRef', 'heartbeatSrRef', 'vms', 'failuresToTolerate']);
  const out: HaConfigure = { connectionId: str(o, 'connectionId'), poolRef: ref(o, 'poolRef'), vms: [], failuresToTolerate: count(o.failuresToTolerate, '"failuresToTolerate"') };
  if (o.heartbeatSrRef !== undefined) {
    if (typeof o.heartbeatSrRef !== 'string' || !OPAQUE_REF.test(o.heartbeatSrRef)) throw new ContractError('"heartbeatSrRef" must be an OpaqueRef');
    out.heartbeatSrRef = o.heartbeatSrRef;
  }
  if (!Array.isArray(o.vms) || o.vms.length > MAX_MAP_ENTRIES * 16) throw new ContractError('"vms" must be an array');
  out.vms = o.vms.map(vmChange);
  if (new Set(out.vms.map((v) => v.vmRef)).size !== out.vms.length) throw new ContractError('"vms" names a VM twice');
  return out;
}

export const HA_VALIDATORS: Validators<HaRequests> = {
  'ha.configure': parseHaConfigure,
};

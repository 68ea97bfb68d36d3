// Storage repositories: the SR commands of several XAPI calls (XenCenter's SR actions), one bridge
// request each (sr.run); main runs the calls on one task.create task so the Events panel shows one
// row ("Repairing SR 'x'") ending with the first error, in XAPI's words and code.
import { ContractError, type Validators } from '../checks';

/**
 * - repair: PBD.create (device_config of an existing PBD) for each host of a shared SR that has none,
 *   then PBD.plug of every unplugged PBD, coordinator first (XenCenter's SrRepairAction).
 * - setDefault: pool.set_default_SR, set_suspend_image_SR, set_crash_dump_SR (SetSrAsDefaultAction).
 * - detach: PBD.unplug of every plugged PBD, the coordinator's last (DetachSrAction).
 * - forget: detach, then SR.forget (the data stays on the storage).
 * - destroy: VDI.destroy of each of its disks, detach, then SR.destroy.
 * - rescan: SR.scan.
 * - trim: host.call_plugin(host with the SR plugged, "trim", "do_trim", {sr_uuid}) (SrTrimAction).
 */
export const SR_ACTIONS = ['repair', 'setDefault', 'detach', 'forget', 'destroy', 'rescan', 'trim'] as const;
export type SrAction = (typeof SR_ACTIONS)[number];

export interface SrRun { connectionId: string; srRef: string; action: SrAction }

export interface SrRequests {
  /** One SR command, on one task.create task. */
  'sr.run': { args: SrRun; result: { taskRef: string } };
}

const OPAQUE_REF = /^OpaqueRef:[A-Za-z0-9-]{1,64}$/;

/** Checks a request from the renderer; `fail` makes the error to throw. */
export function parseSrRun(o: Record<string, unknown>, fail: (m: string) => Error): SrRun {
  for (const k of Object.keys(o)) if (k !== 'connectionId' && k !== 'srRef' && k !== 'action') throw fail(`unexpected key "${k}"`);
  const { connectionId, srRef, action } = o;
  if (typeof connectionId !== 'string' || !connectionId || connectionId.length > 1024) throw fail('"connectionId" must be a non-empty string');
  if (typeof srRef !== 'string' || !OPAQUE_REF.test(srRef)) throw fail('"srRef" must be an OpaqueRef');
  if (typeof action !== 'string' || !(SR_ACTIONS as readonly string[]).includes(action)) throw fail(`"action" must be one of ${SR_ACTIONS.join(', ')}`);
  return { connectionId, srRef, action: action as SrAction };
}

export const SR_VALIDATORS: Validators<SrRequests> = {
  'sr.run': (o) => parseSrRun(o, (m) => new ContractError(m)),
};

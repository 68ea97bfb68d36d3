// vApps: the New vApp wizard's Finish and vApp Properties' OK, each one request that main runs as one
// task.create task and undoes when a call fails halfway (XenCenter's CreateVMApplianceAction and the
// Properties pages send their calls one by one and leave what they reached).
import { ContractError, exactKeys, isPlainObject, MAX_MAP_ENTRIES, MAX_STRING, ref, str, type Validators } from '../checks';

/** One VM of the vApp with its place in the start sequence (VM.order, start_delay, shutdown_delay). */
export interface VAppMember { vmRef: string; order: number; startDelay: number; shutdownDelay: number }

/** The vApp as the user wants it: every member, not a difference (main compares with the server). */
export interface VAppSpec { connectionId: string; name: string; description: string; members: VAppMember[] }
export interface VAppUpdate extends VAppSpec { vappRef: string }

export interface VAppsRequests {
  /** VM_appliance.create, then each member's appliance, order and delays; on a failure everything done is undone. */
  'vapps.create': { args: VAppSpec; result: { vappRef: string; taskRef: string } };
  /** Name, description, members leaving and joining, changed orders and delays; on a failure everything done is undone. */
  'vapps.update': { args: VAppUpdate; result: { taskRef: string } };
}

/** xapi's orders and delays are int64; the dialogs accept what fits a 32-bit int (as XenCenter's spinners). */
export const VAPP_MAX_NUMBER = 2 ** 31 - 1;

function whole(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > VAPP_MAX_NUMBER) throw new ContractError(`${what} must be a whole number from 0 to ${VAPP_MAX_NUMBER}`);
  return v;
}

function member(v: unknown): VAppMember {
  if (!isPlainObject(v)) throw new ContractError('each of "members" must be an object');
  exactKeys(v, ['vmRef', 'order', 'startDelay', 'shutdownDelay']);
  return { vmRef: ref(v, 'vmRef'), order: whole(v.order, '"order"'), startDelay: whole(v.startDelay, '"startDelay"'), shutdownDelay: whole(v.shutdownDelay, '"shutdownDelay"') };
}

function spec(o: Record<string, unknown>): VAppSpec {
  const name = str(o, 'name').trim();
  if (!name) throw new ContractError('"name" must not be blank');
  const description = str(o, 'description', { allowEmpty: true });
  if (description.length > MAX_STRING) throw new ContractError('"description" is too long');
  if (!Array.isArray(o.members) || o.members.length > MAX_MAP_ENTRIES * 16) throw new ContractError('"members" must be an array');
  const members = o.members.map(member);
  if (new Set(members.map((m) => m.vmRef)).size !== members.length) throw new ContractError('"members" names a VM twice');
  return { connectionId: str(o, 'connectionId'), name, description, members };
}

export function parseVAppCreate(o: Record<string, unknown>): VAppSpec {
  exactKeys(o, ['connectionId', 'name', 'description', 'members']);
  return spec(o);
}

export function parseVAppUpdate(o: Record<string, unknown>): VAppUpdate {
  exactKeys(o, ['connectionId', 'vappRef', 'name', 'description', 'members']);
  return { ...spec(o), vappRef: ref(o, 'vappRef') };
}

export const VAPPS_VALIDATORS: Validators<VAppsRequests> = {
  'vapps.create': parseVAppCreate,
  'vapps.update': parseVAppUpdate,
};

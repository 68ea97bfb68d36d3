// The New SR wizard (and Reattach of a detached SR): SR.probe scans of a storage server, and the
// final create / introduce / reattach, which main runs on one task.create task. A password the user
// typed (CHAP secret, SMB password) comes in the request; main keeps it out of device_config (it
// becomes a secret, chappassword_secret …) and out of everything it sends back.
import { ContractError, type Validators } from '../checks';

/** The SM types the wizard makes: NFS, SMB, iSCSI, Hardware HBA, and ISO libraries (NFS or SMB). */
export const SR_WIZARD_TYPES = ['nfs', 'smb', 'lvmoiscsi', 'lvmohba', 'iso'] as const;
export type SrWizardSmType = (typeof SR_WIZARD_TYPES)[number];

/** The device_config keys XenCenter's wizard pages send (NewSRWizard_Pages/Frontends). */
export const SR_DEVICE_CONFIG_KEYS = [
  'server', 'serverpath', 'options', 'nfsversion', 'probeversion', // NFS, SMB
  'username', 'password', // SMB
  'location', 'type', 'iso_path', 'cifspassword', // ISO libraries
  'target', 'port', 'targetIQN', 'SCSIid', 'LUNSerial', 'chapuser', 'chappassword', // iSCSI, HBA
] as const;
/** The keys holding a password: never written to device_config as such (main makes a secret). */
export const SR_PASSWORD_KEYS = ['password', 'cifspassword', 'chappassword'] as const;

export interface SrProbeArgs { connectionId: string; type: SrWizardSmType; deviceConfig: Record<string, string> }

export type SrWizardMode = 'create' | 'introduce' | 'reattach';
export interface SrWizardFinish {
  connectionId: string;
  /** create: SR.create (formats where the backend does); introduce: SR.introduce of `uuid` found by a probe;
   * reattach: PBDs for the detached SR `srRef`. Each then has a plugged PBD on every server. */
  mode: SrWizardMode;
  type: SrWizardSmType;
  /** 'iso' for ISO libraries, '' for virtual disk storage (XenCenter's ContentType). */
  contentType: '' | 'iso';
  name: string;
  description: string;
  deviceConfig: Record<string, string>;
  /** introduce: the uuid the probe found. */
  uuid?: string;
  /** reattach: the detached SR. */
  srRef?: string;
  /** pool.set_default_SR (and the suspend image and crash dump SRs, as XenCenter) once it is attached. */
  setDefault: boolean;
}

export interface SrWizardRequests {
  /** SR.probe on the pool's coordinator; the backend's XML, or its error (whose params carry the XML of choices). */
  'srWizard.probe': { args: SrProbeArgs; result: { xml: string } };
  /** The wizard's Finish, on one task.create task. */
  'srWizard.finish': { args: SrWizardFinish; result: { taskRef: string } };
}

const OPAQUE_REF = /^OpaqueRef:[A-Za-z0-9-]{1,64}$/;
const UUID = /^[0-9a-fA-F-]{1,64}$/;
const MAX_VALUE = 1024;

function str(o: Record<string, unknown>, k: string, fail: (m: string) => Error, max = MAX_VALUE): string {
  const v = o[k];
  if (typeof v !== 'string' || v.length > max) throw fail(`"${k}" must be a string of at most ${max} characters`);
  return v;
}

function deviceConfig(v: unknown, fail: (m: string) => Error): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw fail('"deviceConfig" must be an object');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (!(SR_DEVICE_CONFIG_KEYS as readonly string[]).includes(k)) throw fail(`"deviceConfig" may not have the key "${k}"`);
    if (typeof val !== 'string' || val.length > MAX_VALUE) throw fail(`"deviceConfig.${k}" must be a string of at most ${MAX_VALUE} characters`);
    out[k] = val;
  }
  return out;
}

function smType(v: unknown, fail: (m: string) => Error): SrWizardSmType {
  if (typeof v !== 'string' || !(SR_WIZARD_TYPES as readonly string[]).includes(v)) throw fail(`"type" must be one of ${SR_WIZARD_TYPES.join(', ')}`);
  return v as SrWizardSmType;
}

function only(o: Record<string, unknown>, keys: string[], fail: (m: string) => Error): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw fail(`unexpected key "${k}"`);
}

export function parseSrProbe(o: Record<string, unknown>, fail: (m: string) => Error): SrProbeArgs {
  only(o, ['connectionId', 'type', 'deviceConfig'], fail);
  const connectionId = str(o, 'connectionId', fail);
  if (!connectionId) throw fail('"connectionId" must not be empty');
  return { connectionId, type: smType(o.type, fail), deviceConfig: deviceConfig(o.deviceConfig, fail) };
}

export function parseSrFinish(o: Record<string, unknown>, fail: (m: string) => Error): SrWizardFinish {
  only(o, ['connectionId', 'mode', 'type', 'contentType', 'name', 'description', 'deviceConfig', 'uuid', 'srRef', 'setDefault'], fail);
  const connectionId = str(o, 'connectionId', fail);
  if (!connectionId) throw fail('"connectionId" must not be empty');
  const mode = o.mode;
  if (mode !== 'create' && mode !== 'introduce' && mode !== 'reattach') throw fail('"mode" must be create, introduce or reattach');
  if (o.contentType !== '' && o.contentType !== 'iso') throw fail('"contentType" must be "" or "iso"');
  const name = str(o, 'name', fail);
  if (!name.trim()) throw fail('"name" must not be empty');
  if (typeof o.setDefault !== 'boolean') throw fail('"setDefault" must be a boolean');
  const out: SrWizardFinish = {
    connectionId, mode, type: smType(o.type, fail), contentType: o.contentType, name, description: str(o, 'description', fail),
    deviceConfig: deviceConfig(o.deviceConfig, fail), setDefault: o.setDefault,
  };
  if (mode === 'introduce') {
    const uuid = str(o, 'uuid', fail, 64);
    if (!UUID.test(uuid)) throw fail('"uuid" must be an SR uuid');
    out.uuid = uuid;
  } else if (o.uuid !== undefined) throw fail('"uuid" is only for introduce');
  if (mode === 'reattach') {
    const srRef = str(o, 'srRef', fail, 80);
    if (!OPAQUE_REF.test(srRef)) throw fail('"srRef" must be an OpaqueRef');
    out.srRef = srRef;
  } else if (o.srRef !== undefined) throw fail('"srRef" is only for reattach');
  return out;
}

export const SR_WIZARD_VALIDATORS: Validators<SrWizardRequests> = {
  'srWizard.probe': (o) => parseSrProbe(o, (m) => new ContractError(m)),
  'srWizard.finish': (o) => parseSrFinish(o, (m) => new ContractError(m)),
};

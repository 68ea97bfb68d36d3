// srWizard.probe / srWizard.finish: XenCenter's New SR wizard (NewSRWizard.cs) and its actions
// (SrProbeAction, SrCreateAction, SrIntroduceAction, SrReattachAction), each finish on one
// task.create task so every client's Events panel shows "Creating NFS SR 'x' on 'pool'".
// Passwords: a probe passes them as XenCenter does (the backend needs them to log in); a finish turns
// each into a secret (secret.create) and sends `<key>_secret` instead, so device_config never holds
// one. Nothing sent back (results, errors, task error_info) carries the password: scrubbed.
// Nothing half-made is left: a PBD that cannot be plugged is unplugged and destroyed, an introduced
// SR forgotten again, a secret made for a failed call destroyed.
import { ClientTask } from '../../tasks/client-task';
import { XapiError } from '../../xapi/errors';
import type { Connection } from '../../connection/connection';
import { SR_PASSWORD_KEYS, type SrProbeArgs, type SrWizardFinish, type SrWizardSmType } from '../../../../shared/ipc/areas/sr-wizard';

type Log = (m: string) => void;
type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';

/** XenCenter's friendly type names (SR.GetFriendlyTypeName). */
const TYPE_NAMES: Record<SrWizardSmType, string> = { nfs: 'NFS', smb: 'SMB', lvmoiscsi: 'iSCSI', lvmohba: 'Hardware HBA', iso: 'ISO' };

/** The passwords in a device_config, to scrub from whatever goes back. */
function passwordsOf(dc: Record<string, string>): string[] {
  return SR_PASSWORD_KEYS.map((k) => dc[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** `text` with each password replaced (a backend may echo what it was given). */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('********');
  return out;
}

function scrubError(e: unknown, secrets: readonly string[]): unknown {
  if (!secrets.length) return e;
  if (e instanceof XapiError) return new XapiError(e.code, e.params.map((p) => scrubText(p, secrets)), { message: scrubText(e.message, secrets) });
  if (e instanceof Error) return new Error(scrubText(e.message, secrets));
  return e;
}

async function coordinatorOf(c: Connection): Promise<{ pool: string; poolName: string; master: string }> {
  const pools = await c.call<Record<string, Rec>>('pool.get_all_records', []);
  const [pool, rec] = Object.entries(pools)[0] ?? [];
  if (!pool || !rec || typeof rec.master !== 'string' || rec.master === NULL) throw new XapiError('HANDLE_INVALID', ['pool', '']);
  let poolName = typeof rec.name_label === 'string' ? rec.name_label : '';
  if (!poolName) poolName = await c.call<string>('host.get_name_label', [rec.master]).catch(() => '');
  return { pool, poolName, master: rec.master };
}

/** SR.probe on the coordinator, as XenCenter's scans: the XML, or the backend's error (its params carry the XML of choices). */
export async function probeSr(c: Connection, a: SrProbeArgs): Promise<{ xml: string }> {
  const secrets = passwordsOf(a.deviceConfig);
  try {
    const { master } = await coordinatorOf(c);
    const xml = await c.call<unknown>('SR.probe', [master, a.deviceConfig, a.type, {}]);
    return { xml: scrubText(typeof xml === 'string' ? xml : '', secrets) };
  } catch (e) {
    throw scrubError(e, secrets);
  }
}

/** The Events panel's title (XenCenter's ACTION_SR_CREATING_TITLE / ACTION_SR_ATTACHING_TITLE). */
function title(f: SrWizardFinish, poolName: string): string {
  return f.mode === 'create'
    ? `Creating ${TYPE_NAMES[f.type]} SR '${f.name}' on '${poolName}'`
    : `Attaching SR '${f.name}' to '${poolName}'`;
}

export async function startSrWizard(c: Connection, f: SrWizardFinish, log: Log): Promise<{ taskRef: string }> {
  const secrets = passwordsOf(f.deviceConfig);
  const where = await coordinatorOf(c);
  if (f.mode === 'reattach') {
    // XenCenter refuses to reattach an SR that has PBDs (STORAGE_IN_USE); read live.
    const pbds = await c.call<string[]>('SR.get_PBDs', [f.srRef]);
    if (pbds.length > 0) throw new XapiError('SR_HAS_PBD', [f.srRef!], { message: `The SR '${f.name}' is in use on '${where.poolName}': detach it before attaching it again.` });
  }
  const name = title(f, where.poolName);
  const task = await ClientTask.create(c, name);
  void run(c, task, f, where).then((sr) => task.succeed(`<value>${sr}</value>`), (e: unknown) => {
    const clean = scrubError(e, secrets);
    log(`${name} failed: ${(clean as Error).message}`);
    return task.finish(clean);
  });
  return { taskRef: task.ref };
}

/** secret.create of `value`; its uuid for `<key>_secret`. */
async function makeSecret(c: Connection, value: string): Promise<{ ref: string; uuid: string }> {
  const ref = await c.call<string>('secret.create', [{ value, other_config: {} }]);
  const uuid = await c.call<string>('secret.get_uuid', [ref]);
  return { ref, uuid };
}

/** device_config with each password as a new secret; the secrets made, to destroy on failure. */
async function withSecrets(c: Connection, dc: Record<string, string>, made: string[]): Promise<Record<string, string>> {
  const out = { ...dc };
  for (const k of SR_PASSWORD_KEYS) {
    const v = out[k];
    if (v === undefined) continue;
    delete out[k];
    if (!v) continue;
    const s = await makeSecret(c, v);
    made.push(s.ref);
    out[`${k}_secret`] = s.uuid;
  }
  return out;
}

const destroySecrets = (c: Connection, refs: string[]) => Promise.all(refs.map((r) => c.call('secret.destroy', [r]).catch(() => undefined)));

async function hostsOf(c: Connection, master: string): Promise<Array<{ ref: string; name: string }>> {
  const hosts = await c.call<Record<string, Rec>>('host.get_all_records', []);
  const all = Object.entries(hosts).map(([ref, h]) => ({ ref, name: typeof h.name_label === 'string' ? h.name_label : ref }));
  // The coordinator first, as xapi makes the PBDs of a new shared SR.
  return [...all.filter((h) => h.ref === master), ...all.filter((h) => h.ref !== master)];
}

async function run(c: Connection, task: ClientTask, f: SrWizardFinish, where: { pool: string; master: string }): Promise<string> {
  let sr: string;
  if (f.mode === 'create') sr = await create(c, task, f, where.master);
  else sr = await attach(c, task, f, where.master);
  if (f.setDefault && f.contentType !== 'iso') {
    await task.step('Setting the default SR', 0.95);
    // XenCenter's SetSrAsDefaultAction: the default SR, and where suspend images and crash dumps go.
    await c.call('pool.set_default_SR', [where.pool, sr]);
    await c.call('pool.set_suspend_image_SR', [where.pool, sr]).catch(() => undefined);
    await c.call('pool.set_crash_dump_SR', [where.pool, sr]).catch(() => undefined);
  }
  return sr;
}

/** SrCreateAction: SR.create (shared) on the coordinator, then every PBD checked plugged, auto-scan for ISO libraries. */
async function create(c: Connection, task: ClientTask, f: SrWizardFinish, master: string): Promise<string> {
  const secrets: string[] = [];
  let sr: string;
  try {
    const dc = await withSecrets(c, f.deviceConfig, secrets);
    await task.step('Creating SR', 0.05);
    sr = await task.runAsync('SR.create', [master, dc, 0, f.name, f.description, f.type, f.contentType, true, {}], 0.05, 0.8);
  } finally {
    // As XenCenter: the server keeps its own copy of each secret with the SR's PBDs.
    await destroySecrets(c, secrets);
  }
  for (const pbd of await c.call<string[]>('SR.get_PBDs', [sr])) {
    if (await c.call<boolean>('PBD.get_currently_attached', [pbd])) continue;
    try {
      await c.call('PBD.plug', [pbd]);
    } catch (e) {
      const code = e instanceof XapiError ? e.code : '';
      if (code === 'HOST_OFFLINE' || code === 'HOST_STILL_BOOTING') continue;
      await forgetSr(c, sr);
      throw e;
    }
  }
  await c.call('SR.set_other_config', [sr, { 'auto-scan': f.contentType === 'iso' ? 'true' : 'false' }]).catch(() => undefined);
  return sr;
}

/** SrIntroduceAction / SrReattachAction: the SR record (introduce), then a PBD created and plugged on every server. */
async function attach(c: Connection, task: ClientTask, f: SrWizardFinish, master: string): Promise<string> {
  let sr: string;
  let introduced = false;
  if (f.mode === 'introduce') {
    // XenCenter forgets a stale record of that uuid first; one still attached refuses (SR_HAS_PBD), and introduce then says so.
    const stale = await c.call<string>('SR.get_by_uuid', [f.uuid]).catch(() => undefined);
    if (stale) {
      const pbds = await c.call<string[]>('SR.get_PBDs', [stale]).catch(() => ['?']);
      if (pbds.length === 0) await c.call('SR.forget', [stale]).catch(() => undefined);
    }
    await task.step('Attaching SR', 0.05);
    sr = await task.runAsync('SR.introduce', [f.uuid!, f.name, f.description, f.type, f.contentType, true, {}], 0.05, 0.1);
    introduced = true;
  } else {
    sr = f.srRef!;
  }
  const hosts = await hostsOf(c, master);
  const made: Array<{ pbd: string; secrets: string[] }> = [];
  try {
    const span = 0.85 / Math.max(1, hosts.length * 2);
    let at = 0.1;
    for (const h of hosts) {
      // One secret per PBD: destroying a PBD takes its secrets with it.
      const secrets: string[] = [];
      let pbd: string;
      try {
        const dc = await withSecrets(c, f.deviceConfig, secrets);
        await task.step(`Creating PBD for ${h.name}`, at);
        pbd = await task.runAsync('PBD.create', [{ host: h.ref, SR: sr, device_config: dc, other_config: {} } as never], at, at + span);
      } catch (e) {
        await destroySecrets(c, secrets);
        throw e;
      }
      made.push({ pbd, secrets });
      at += span;
      await task.step(`Plugging PBD for ${h.name}`, at);
      await task.runAsync('PBD.plug', [pbd], at, at + span);
      at += span;
    }
  } catch (e) {
    // Nothing half-made: unplug and destroy the PBDs made here, and forget the SR introduced here.
    for (const m of made.reverse()) {
      await c.call('PBD.unplug', [m.pbd]).catch(() => undefined);
      await c.call('PBD.destroy', [m.pbd]).catch(() => undefined);
      await destroySecrets(c, m.secrets);
    }
    if (introduced) await c.call('SR.forget', [sr]).catch(() => undefined);
    throw e;
  }
  if (f.mode === 'reattach') {
    await c.call('SR.set_name_label', [sr, f.name]);
    await c.call('SR.set_name_description', [sr, f.description]);
  }
  return sr;
}

/** XenCenter's ForgetFailedSR: unplug what is plugged, then forget (best effort). */
async function forgetSr(c: Connection, sr: string): Promise<void> {
  for (const pbd of await c.call<string[]>('SR.get_PBDs', [sr]).catch(() => [] as string[])) {
    if (await c.call<boolean>('PBD.get_currently_attached', [pbd]).catch(() => false)) await c.call('PBD.unplug', [pbd]).catch(() => undefined);
  }
  await c.call('SR.forget', [sr]).catch(() => undefined);
}

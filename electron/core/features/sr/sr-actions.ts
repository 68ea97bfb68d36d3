// sr.run: XenCenter's SR actions of several XAPI calls (Repair, Set as Default, Detach, Forget, Destroy,
// Rescan, Reclaim freed space), each on one task.create task (ClientTask) so every client's Events
// panel shows one row ending with the first error. Records are read live, not from the cache: another
// client may have just plugged a PBD or started a VM.
import { ClientTask } from '../../tasks/client-task';
import { XapiError } from '../../xapi/errors';
import { TypedXapi } from '../../xapi/typed-client';
import type { Connection } from '../../connection/connection';
import type { SrAction, SrRun } from '../../../../shared/ipc/areas/sr';
import type { PBDRecord } from '../../../../shared/xapi/types.generated';

type Log = (m: string) => void;
type Rec = Record<string, unknown>;
const name = (r: Rec | undefined): string => (typeof r?.name_label === 'string' ? r.name_label : '');

export async function startSrRun(c: Connection, run: SrRun, log: Log): Promise<{ taskRef: string }> {
  const cached = name(c.cache.get('sr', run.srRef));
  // Not in the cache yet (just made by another client): asked of the server.
  const srName = cached || await TypedXapi.fromConnection(c).call('SR.get_name_label', run.srRef).catch(() => run.srRef);
  const title = label(c, run, srName);
  const task = await ClientTask.create(c, title);
  void perform(c, task, run).then(() => task.succeed(), (e: unknown) => {
    log(`${title} failed: ${(e as Error).message}`);
    return task.fail(e);
  });
  return { taskRef: task.ref };
}

/** XenCenter's titles (Messages.ACTION_SR_*): the SR by name, the pool (or its server) where XenCenter names it. */
export function label(c: Connection, run: SrRun, sr: string): string {
  const pool = [...c.cache.getAll('pool').values()][0] as Rec | undefined;
  const where = name(pool) || name(c.cache.get('host', String(pool?.master ?? ''))) || c.id;
  const titles: Record<SrAction, string> = {
    repair: `Repairing SR '${sr}'`,
    setDefault: `Setting '${sr}' as default SR on '${where}'`,
    detach: `Detaching SR '${sr}' from '${where}'`,
    forget: `Forgetting SR '${sr}' on '${where}'`,
    destroy: `Destroying SR '${sr}' on '${where}'`,
    rescan: `Rescanning SR '${sr}'`,
    trim: `Reclaiming freed space on SR '${sr}'`,
  };
  return titles[run.action];
}

interface Pbd { ref: string; host: string; attached: boolean; deviceConfig: Record<string, string> }

async function pbdsOf(x: TypedXapi, sr: string): Promise<Pbd[]> {
  const refs = await x.call('SR.get_PBDs', sr);
  const out: Pbd[] = [];
  for (const ref of refs) {
    const p = await x.call('PBD.get_record', ref).catch(() => undefined);
    if (p) out.push({ ref, host: p.host, attached: p.currently_attached === true, deviceConfig: { ...(p.device_config as Record<string, string>) } });
  }
  return out;
}

/** Every host, the coordinator first (CA-176935: plug on the coordinator first, unplug it last). */
async function hostsCoordinatorFirst(x: TypedXapi): Promise<{ master: string; hosts: string[] }> {
  const pools = await x.call('pool.get_all');
  const master = pools.length ? await x.call('pool.get_master', pools[0]) : '';
  const all = await x.call('host.get_all');
  return { master, hosts: [...all.filter((h) => h === master), ...all.filter((h) => h !== master)] };
}

async function hostName(x: TypedXapi, host: string): Promise<string> {
  return x.call('host.get_name_label', host).catch(() => host);
}

async function perform(c: Connection, task: ClientTask, run: SrRun): Promise<void> {
  const x = TypedXapi.fromConnection(c);
  const sr = run.srRef;
  switch (run.action) {
    case 'repair': return repair(x, task, sr);
    case 'setDefault': {
      const pools = await x.call('pool.get_all');
      if (!pools.length) return;
      const pool = await x.call('pool.get_record', pools[0]);
      // Only what changes is sent (XenCenter's SaveChanges of the pool copy).
      if (pool.default_SR !== sr) await x.call('pool.set_default_SR', pools[0], sr);
      await task.progress(0.33);
      if (pool.suspend_image_SR !== sr) await x.call('pool.set_suspend_image_SR', pools[0], sr);
      await task.progress(0.66);
      if (pool.crash_dump_SR !== sr) await x.call('pool.set_crash_dump_SR', pools[0], sr);
      return;
    }
    case 'detach': return unplugAll(x, task, sr, 0, 0.99);
    case 'forget':
      await unplugAll(x, task, sr, 0, 0.5);
      await task.step('Forgetting the SR', 0.5);
      await task.runAsync('SR.forget', [sr], 0.5, 0.99);
      return;
    case 'destroy': {
      const vdis = await x.call('SR.get_VDIs', sr);
      let i = 0;
      for (const vdi of vdis) {
        const rec = await x.call('VDI.get_record', vdi).catch(() => undefined);
        i++;
        // Unmanaged VDIs and the SR's own statistics disk go with the SR; the rest must be deleted first (SR_NOT_EMPTY).
        if (!rec || rec.managed !== true || rec.type === 'rrd') continue;
        const from = (0.5 * (i - 1)) / vdis.length;
        await task.step(`Deleting virtual disk '${rec.name_label}'`, from);
        await task.runAsync('VDI.destroy', [vdi], from, (0.5 * i) / vdis.length);
      }
      await unplugAll(x, task, sr, 0.5, 0.8);
      await task.step('Destroying the SR', 0.8);
      await task.runAsync('SR.destroy', [sr], 0.8, 0.99);
      return;
    }
    case 'rescan':
      await task.runAsync('SR.scan', [sr], 0, 0.99);
      return;
    case 'trim': return trim(x, task, sr);
  }
}

/** XenCenter's SrRepairAction: for each host (the coordinator first) that should see the SR, create the PBD
 * it lacks (shared SRs: device_config of an existing PBD), then plug it. A failure does not stop the other
 * hosts; the task ends with the first one. */
async function repair(x: TypedXapi, task: ClientTask, sr: string): Promise<void> {
  const shared = await x.call('SR.get_shared', sr);
  const pbds = await pbdsOf(x, sr);
  const { hosts } = await hostsCoordinatorFirst(x);
  // A local SR is repaired on its own host only.
  const targets = shared ? hosts : pbds.length === 1 ? [pbds[0].host] : [];
  const step = 0.99 / Math.max(1, targets.length * 2);
  let failure: unknown;
  let at = 0;
  for (const host of targets) {
    const who = await hostName(x, host);
    let pbd = pbds.find((p) => p.host === host);
    if (!pbd && shared && pbds.length > 0) {
      await task.step(`Creating PBD for ${who}`, at);
      try {
        const args: Partial<PBDRecord> = { host, SR: sr, device_config: pbds[0].deviceConfig, other_config: {} };
        const ref = await task.runAsync('PBD.create', [args as PBDRecord], at, at + step);
        pbd = { ref, host, attached: false, deviceConfig: pbds[0].deviceConfig };
      } catch (e) { failure ??= e; }
    }
    at += step;
    if (pbd && !pbd.attached) {
      await task.step(`Plugging PBD for ${who}`, at);
      try { await task.runAsync('PBD.plug', [pbd.ref], at, at + step); } catch (e) { failure ??= e; }
    }
    at += step;
  }
  if (failure !== undefined) throw failure;
}

/** XenCenter's DetachSrAction: PBD.unplug of every plugged PBD, the coordinator's last. */
async function unplugAll(x: TypedXapi, task: ClientTask, sr: string, from: number, to: number): Promise<void> {
  const { master } = await hostsCoordinatorFirst(x);
  const plugged = (await pbdsOf(x, sr)).filter((p) => p.attached);
  const ordered = [...plugged.filter((p) => p.host !== master), ...plugged.filter((p) => p.host === master)];
  const step = (to - from) / Math.max(1, ordered.length);
  let at = from;
  for (const p of ordered) {
    await task.step(`Unplugging PBD for ${await hostName(x, p.host)}`, at);
    await task.runAsync('PBD.unplug', [p.ref], at, at + step);
    at += step;
  }
}

/** XenCenter's SrTrimAction: sm's trim plugin on a host with the SR plugged; it answers "True", or XML
 * naming the error (errcode, errmsg). */
async function trim(x: TypedXapi, task: ClientTask, sr: string): Promise<void> {
  const host = (await pbdsOf(x, sr)).find((p) => p.attached)?.host;
  if (!host) throw new XapiError('SR_HAS_NO_PBDS', [sr], { message: 'Cannot reclaim freed space because the SR is detached.' });
  const uuid = await x.call('SR.get_uuid', sr);
  await task.step('Reclaiming freed space', 0.05);
  const result = await task.runAsync('host.call_plugin', [host, 'trim', 'do_trim', { sr_uuid: uuid }], 0.05, 0.99);
  if (String(result).trim().toLowerCase() === 'true') return;
  const field = (key: string): string => new RegExp(`<key>${key}</key>\\s*<value>([^<]*)</value>`).exec(String(result))?.[1] ?? '';
  const code = field('errcode') || 'UNKNOWN_ERROR';
  throw new XapiError(code, [field('errmsg') || String(result)]);
}

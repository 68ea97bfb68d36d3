// Handlers for pool and HA operations (SEMANTICS.md 6). Each key is a wire name ("Class.message").
//
// pool.join: xapi logs in to the coordinator at master_address (another pool of this process, see
// pool-network.ts; anything else cannot be reached → JOINING_HOST_CONNECTION_FAILED []), runs
// pre_join_checks in its order, imports the joiner into the pool (pool-join.ts) and the joiner
// restarts as a member. pool.eject: the ejected host boots as a fresh standalone pool on its address.
import { createHash } from 'node:crypto';
import { NULL_REF, type Rec } from '../fields';
import { refreshHostAllowed, refreshPoolAllowed, withObjectOp } from '../host-pool-ops';
import { nowDatetime, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { joinOverHttp } from '../remote-join';
import { bootEjected, importJoiner, localTarget, memberUp, preJoinChecks } from '../pool-join';
import { hostPart } from '../address';
import { rowOf } from './generic';
import { removeHost } from './host';
import { isLive, poolRec, poolRef } from '../pool-state';
import { assertFailuresChangePreservesPlan, updatePoolStatus } from '../ha-plan';
import { operations, type MethodModule } from '../method-module';

const ref = (v: unknown) => String(v);
const MiB = 1024 ** 2;

function thisPool(ctx: CallCtx): string {
  const p = poolRef(ctx.sim);
  if (!ctx.sim.db.get('pool', p)) throw new XapiError('INTERNAL_ERROR', ['no pool object']);
  return p;
}

/** The host a host-local call (emergency_*) arrived on; 127.0.0.1 stands for the coordinator when it has no listener of its own. */
function hostOfCall(ctx: CallCtx): string {
  const { sim } = ctx;
  for (const [h, row] of sim.db.table('host')) if (row.rec.address === ctx.hostAddress) return h;
  return sim.coordinator();
}

function poolMasterTransition(sim: Sim, host: string): void {
  const uuid = String(sim.db.get('host', host)?.uuid ?? '');
  sim.db.create('message', { name: 'POOL_MASTER_TRANSITION', priority: 4, cls: 'Host', obj_uuid: uuid, timestamp: nowDatetime(), body: '' });
}

function assertHaOff(sim: Sim): void {
  if (poolRec(sim)?.ha_enabled === true) throw new XapiError('HA_IS_ENABLED', []);
}

// ---------- join ----------
/** xapi logs in to the coordinator at master_address first: the pool answering there, or a connection failure. */
function reachPool(sim: Sim, address: string, user: string, password: string): Sim {
  if (sim.network) return sim.network.login(address, user, password);
  const own = [...sim.db.table('host').values()].map((r) => String(r.rec.address));
  if (!own.includes(hostPart(address)) && hostPart(address) !== '127.0.0.1') throw new XapiError('JOINING_HOST_CONNECTION_FAILED', []);
  if (user !== sim.config.user || password !== sim.config.password) throw new XapiError('SESSION_AUTHENTICATION_FAILED', [user, 'Authentication failure']);
  return sim;
}

const join = (force: boolean): Handler => async (ctx, [address, user, password]) => {
  const { sim } = ctx;
  // Not served in this process: another simulator process, reached over HTTP on loopback.
  if (sim.network?.isElsewhere(String(address))) { await joinOverHttp(ctx, String(address), String(user), String(password), force); return ''; }
  const pool = reachPool(sim, String(address), String(user), String(password));
  preJoinChecks(sim, localTarget(sim, pool), force);
  await sim.work(ctx, sim.durationMs(ctx));
  preJoinChecks(sim, localTarget(sim, pool), force); // the world may have moved while the work ran
  const me = String(sim.db.get('host', sim.coordinator())!.address);
  const member = importJoiner(sim, pool);
  // The joiner's agent restarts as a member once this call has answered, then reports in.
  const restart = setTimeout(() => {
    sim.network?.moveHost(hostPart(me), pool);
    setTimeout(() => { if (!pool.shutdown.signal.aborted) memberUp(pool, member); }, Math.min(1000, pool.config.taskDurationMs)).unref();
  }, 50);
  restart.unref();
  return '';
};

// ---------- HA (§6.5) ----------
const STATEFILE_SIZE = Math.ceil((4096 + 64 * 4096) / MiB) * MiB; // 266240 bytes, rounded up by SM
const METADATA_SIZE = 951 * 4 * MiB;

/** xha_statefile.ml: room for a fresh statefile and redo log, each rounded up to 4 MiB (4 MiB + 3804 MiB). */
const STATEFILE_MIN = 4096 + 64 * 4096;
const roundTo4MiB = (n: number) => Math.ceil(n / (4 * MiB)) * 4 * MiB;
export const HA_MINIMUM_SR_SIZE = roundTo4MiB(STATEFILE_MIN) + roundTo4MiB(METADATA_SIZE);

/** An existing VDI of that type big enough to re-use (xha_statefile.ml ha_fits_sr). */
function reusableVdi(sim: Sim, sr: string, type: string, minimum: number): string | undefined {
  return ((sim.db.get('SR', sr)?.VDIs as string[]) ?? []).find((v) => {
    const vdi = sim.db.get('VDI', v);
    return vdi?.type === type && Number(vdi.virtual_size) >= minimum;
  });
}

/** ha_fits_sr: none to re-use, so one would be made: the SR's free space (physical_size - physical_utilisation) must hold both. */
function assertHaFits(sim: Sim, sr: string, type: string, minimum: number): void {
  if (reusableVdi(sim, sr, type, minimum)) return;
  const rec = sim.db.get('SR', sr)!;
  if (Number(rec.physical_size) - Number(rec.physical_utilisation) < HA_MINIMUM_SR_SIZE) throw new XapiError('SR_SOURCE_SPACE_INSUFFICIENT', [sr]);
}

/** xha_statefile.ml assert_sr_can_host_statefile: every host has the SR plugged, its driver can hold
 * the statefile, and there is room for the statefile and the redo log (or ones to re-use).
 * Also the wire's SR.assert_can_host_ha_statefile (methods/ha.ts), which HA's wizard asks of each SR. */
export function assertSrCanHostStatefile(sim: Sim, sr: string): void {
  const { db } = sim;
  const rec = db.get('SR', sr);
  if (!rec) throw new XapiError('HANDLE_INVALID', ['SR', sr]);
  const pbds = ((rec.PBDs as string[]) ?? []).map((p) => db.get('PBD', p)).filter((p): p is Rec => !!p);
  const hosts = new Set(pbds.map((p) => String(p.host)));
  if ([...db.table('host').keys()].some((h) => !hosts.has(h)) || pbds.some((p) => p.currently_attached !== true)) {
    throw new XapiError('SR_HAS_NO_PBDS', [sr]);
  }
  if (rec.content_type === 'iso' || rec.type === 'iso' || rec.type === 'udev') throw new XapiError('SR_OPERATION_NOT_SUPPORTED', [sr]);
  assertHaFits(sim, sr, 'ha_statefile', STATEFILE_MIN);
  assertHaFits(sim, sr, 'redo_log', METADATA_SIZE);
}

function findOrCreateVdi(sim: Sim, sr: string, type: string, label: string, size: number, minimum: number): string {
  const { db } = sim;
  const existing = reusableVdi(sim, sr, type, minimum);
  if (existing) return existing;
  const vdi = db.create('VDI', {
    name_label: label, name_description: label === 'Statefile for HA' ? 'Used for storage heartbeating' : 'Used for master failover',
    SR: sr, type, sharable: true, read_only: false, virtual_size: size, physical_utilisation: size, managed: true, other_config: {},
  });
  db.update('VDI', vdi, { location: String(db.get('VDI', vdi)!.uuid) });
  const s = db.get('SR', sr)!;
  db.update('SR', sr, { virtual_allocation: Number(s.virtual_allocation) + size, physical_utilisation: Number(s.physical_utilisation) + size });
  return vdi;
}

const enableHa: Handler = async (ctx, [srs, configuration]) => {
  const { sim } = ctx;
  const { db } = sim;
  const pool = thisPool(ctx);
  await withObjectOp(ctx, 'pool', pool, 'ha_enable', async () => {
    const required = [...db.table('PIF')].filter(([, r]) => r.rec.disallow_unplug === true && r.rec.currently_attached !== true).map(([p]) => p);
    if (required.length) throw new XapiError('REQUIRED_PIF_IS_UNPLUGGED', required);
    for (const h of db.table('host').keys()) if (!isLive(sim, h)) throw new XapiError('HOST_OFFLINE', [h]);
    let candidates = ((srs as string[]) ?? []).map(String);
    if (candidates.length === 0) {
      candidates = [...db.table('SR').keys()].filter((sr) => { try { assertSrCanHostStatefile(sim, sr); return true; } catch { return false; } });
      if (candidates.length === 0) throw new XapiError('CANNOT_CREATE_STATE_FILE', []);
    }
    const sr = candidates[0];
    assertSrCanHostStatefile(sim, sr);
    const hosts = [...db.table('host').keys()];
    const total = 3 * hosts.length;
    const statefile = findOrCreateVdi(sim, sr, 'ha_statefile', 'Statefile for HA', STATEFILE_SIZE, STATEFILE_MIN);
    findOrCreateVdi(sim, sr, 'redo_log', 'Metadata for HA', METADATA_SIZE, METADATA_SIZE);
    for (let i = 0; i < total; i++) {
      await sim.work(ctx, sim.durationMs(ctx) / total, i / total, (i + 1) / total);
    }
    const peers = hosts.map((h) => String(db.get('host', h)!.uuid));
    // Every host of the liveset, itself included (XenCenter's HA tab calls a host healthy when it sees them all).
    for (const h of hosts) db.update('host', h, { ha_statefiles: [statefile], ha_network_peers: peers });
    // No plan is assumed until the planner finds one (xapi_ha.ml enable).
    db.update('pool', pool, { ha_statefiles: [statefile], ha_configuration: (configuration ?? {}) as Rec, ha_plan_exists_for: 0, ha_cluster_stack: 'xhad' });
    updatePoolStatus(sim);
    db.update('pool', pool, { ha_enabled: true });
    const unpluggable = [...db.table('PIF').values()].some((r) => r.rec.management !== true && r.rec.disallow_unplug !== true && r.rec.ip_configuration_mode !== 'None' && r.rec.IP);
    if (unpluggable) {
      db.create('message', {
        name: 'IP_CONFIGURED_PIF_CAN_UNPLUG', priority: 3, cls: 'Pool', obj_uuid: String(db.get('pool', pool)!.uuid), timestamp: nowDatetime(),
        body: 'An IP-configured PIF can be unplugged: it is not protected by disallow_unplug, which HA needs for its network heartbeat.',
      });
    }
  });
  refreshPoolAllowed(db, pool);
  return '';
};

const disableHa: Handler = async (ctx) => {
  const { sim } = ctx;
  const pool = thisPool(ctx);
  await withObjectOp(ctx, 'pool', pool, 'ha_disable', async () => {
    await sim.work(ctx, sim.durationMs(ctx));
    sim.db.update('pool', pool, { ha_enabled: false, ha_plan_exists_for: 0 });
    for (const h of sim.db.table('host').keys()) sim.db.update('host', h, { ha_statefiles: [], ha_network_peers: [] });
  });
  refreshPoolAllowed(sim.db, pool);
  return '';
};

// ---------- certificates (pool-wide CA store; Certificate records of type ca) ----------
const PEM = /^-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/;

function caCertificates(sim: Sim): [string, Rec][] {
  return [...sim.db.table('Certificate')].filter(([, r]) => r.rec.type === 'ca').map(([c, r]) => [c, r.rec]);
}

const certificateInstall: Handler = (ctx, [name, cert]) => {
  const { sim } = ctx;
  const n = String(name);
  if (n === '' || n === '.' || n === '..' || n.includes('/')) throw new XapiError('CERTIFICATE_NAME_INVALID', [n]);
  if (caCertificates(sim).some(([, r]) => r.name === n)) throw new XapiError('CERTIFICATE_ALREADY_EXISTS', [n]);
  const text = String(cert);
  if (!PEM.test(text)) throw new XapiError('CERTIFICATE_CORRUPT', [n]);
  const der = Buffer.from(text.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const fp = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
  sim.db.create('Certificate', { name: n, type: 'ca', host: NULL_REF, fingerprint: fp, not_before: nowDatetime(), not_after: nowDatetime(new Date(Date.now() + 365 * 86400_000)) });
  return '';
};

const certificateUninstall: Handler = (ctx, [name]) => {
  const n = String(name);
  const hit = caCertificates(ctx.sim).find(([, r]) => r.name === n);
  if (!hit) throw new XapiError('CERTIFICATE_DOES_NOT_EXIST', [n]);
  ctx.sim.db.delete('Certificate', hit[0]);
  return '';
};

// ---------- SR setters (§6.6) ----------
const setSr = (field: 'default_SR' | 'suspend_image_SR' | 'crash_dump_SR', hostField?: 'suspend_image_sr' | 'crash_dump_sr'): Handler => (ctx, [pool, sr]) => {
  const p = ref(pool);
  rowOf(ctx, 'pool', p);
  const value = ref(sr);
  ctx.sim.db.update('pool', p, { [field]: value });
  if (hostField) for (const h of ctx.sim.db.table('host').keys()) ctx.sim.db.update('host', h, { [hostField]: value });
  return '';
};

const poolHandlers: Record<string, Handler> = {
  'pool.join': join(false),
  'pool.join_force': join(true),
  'pool.eject': async (ctx, [host]) => {
    const h = ref(host);
    const { sim } = ctx;
    rowOf(ctx, 'host', h);
    const pool = thisPool(ctx);
    await withObjectOp(ctx, 'pool', pool, 'eject', async () => {
      if (sim.coordinator() === h) throw new XapiError('INTERNAL_ERROR', ['Cannot_eject_master']);
      assertHaOff(sim);
      const busy = [...sim.db.table('VM').values()].some((r) => r.rec.resident_on === h && !r.rec.is_control_domain && r.rec.power_state !== 'Halted');
      if (busy) throw new XapiError('OPERATION_NOT_ALLOWED', ['VM resident on host']);
      await sim.work(ctx, sim.durationMs(ctx));
      const ejected = { ...sim.db.get('host', h)! };
      removeHost(sim, h, true);
      bootEjected(sim, ejected);
    });
    return '';
  },
  'pool.designate_new_master': async (ctx, [host]) => {
    const h = ref(host);
    const { sim } = ctx;
    rowOf(ctx, 'host', h);
    const pool = thisPool(ctx);
    if (sim.coordinator() === h) return '';
    await withObjectOp(ctx, 'pool', pool, 'designate_new_master', async () => {
      assertHaOff(sim);
      if (!isLive(sim, h)) throw new XapiError('HOST_OFFLINE', [h]);
      await sim.work(ctx, sim.durationMs(ctx));
    });
    if (sim.hooks.coordinatorChanged) sim.hooks.coordinatorChanged(h, false);
    else sim.db.update('pool', pool, { master: h });
    poolMasterTransition(sim, h);
    refreshHostAllowed(sim.db, h);
    return '';
  },
  'pool.emergency_transition_to_master': (ctx) => {
    const { sim } = ctx;
    assertHaOff(sim);
    const me = hostOfCall(ctx);
    if (sim.coordinator() === me) return '';
    if (sim.hooks.coordinatorChanged) sim.hooks.coordinatorChanged(me, true);
    else sim.db.update('pool', thisPool(ctx), { master: me });
    poolMasterTransition(sim, me);
    return '';
  },
  // The member restarts following master_address and the call succeeds whatever the address is (a
  // wrong one leaves the host orphaned); members of the simulated pool always follow its coordinator,
  // so beyond the HA check there is nothing visible.
  'pool.emergency_reset_master': (ctx, [_address]) => { assertHaOff(ctx.sim); return ''; },
  'pool.recover_slaves': (ctx) => {
    const { sim } = ctx;
    const master = sim.coordinator();
    return [...sim.db.table('host').keys()].filter((h) => h !== master && isLive(sim, h));
  },
  'pool.enable_ha': enableHa,
  'pool.disable_ha': disableHa,
  'pool.sync_database': async (ctx) => { await ctx.sim.work(ctx, ctx.sim.durationMs(ctx) / 4); return ''; },
  'pool.set_default_SR': setSr('default_SR'),
  'pool.set_suspend_image_SR': setSr('suspend_image_SR', 'suspend_image_sr'),
  'pool.set_crash_dump_SR': setSr('crash_dump_SR', 'crash_dump_sr'),
  'pool.certificate_install': certificateInstall,
  'pool.certificate_uninstall': certificateUninstall,
  'pool.certificate_list': (ctx) => caCertificates(ctx.sim).map(([, r]) => String(r.name)),
  // xapi_pool.ml: checked only while there is a plan at all; the pool's status is then recomputed
  // whether HA is on or not (clients set this before enable_ha).
  'pool.set_ha_host_failures_to_tolerate': (ctx, [pool, n]) => {
    const p = ref(pool);
    const rec = rowOf(ctx, 'pool', p);
    const v = Number(n);
    if (v < 0) throw new XapiError('INVALID_VALUE', ['ha_host_failures_to_tolerate', String(n)]);
    if (Number(rec.ha_plan_exists_for ?? 0) > 0) assertFailuresChangePreservesPlan(ctx.sim, v);
    ctx.sim.db.update('pool', p, { ha_host_failures_to_tolerate: v });
    updatePoolStatus(ctx.sim);
    return '';
  },
};

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const poolMethods: MethodModule = operations(poolHandlers, [
  'pool.set_default_SR',
  'pool.set_suspend_image_SR',
  'pool.set_crash_dump_SR',
  'pool.set_ha_host_failures_to_tolerate',
]);

// pool.join to a pool of another simulator process (SEMANTICS.md 6.2), as real hosts do it: the
// joiner logs in to the coordinator at `master_address` over HTTP (loopback only), makes xapi's
// pre-join checks against the pool and coordinator records it reads there, then hands its database
// records to the coordinator, whose side imports them as a member (importJoiner, the same as within
// one process). Real xapi does that hand-over with pool-internal calls; here it is one private
// request, POST /_simulator/pool-join, allowed only with a superuser session of that pool. The joiner
// then answers every login with HOST_IS_SLAVE [coordinator address] and its sessions end.
import { Db } from './db';
import type { Rec } from './fields';
import { importJoiner, memberUp, preJoinChecks, type JoinTarget } from './pool-join';
import { hostPart, portPart } from './address';
import { loopbackPool, remoteCall, TIMEOUT_MS, type HttpPool } from './remote-pool-http';
import type { CallCtx, Sim } from './sim';
import { XapiError } from './xapi-error';

export const JOIN_IMPORT_PATH = '/_simulator/pool-join';
const CONNECTION_FAILED = 'JOINING_HOST_CONNECTION_FAILED';
/** Tables that are not part of what a joiner brings. */
const TRANSIENT = new Set(['session', 'task', 'message', 'event']);

/** The coordinator's origin for `address` ("127.0.0.9" on this process's port, or "127.0.0.1:4711"), loopback only. */
export function joinOrigin(address: string, ourPort: number): HttpPool {
  const port = portPart(address) ?? ourPort;
  const host = hostPart(address);
  return loopbackPool(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`, CONNECTION_FAILED);
}

async function remoteTarget(pool: HttpPool, session: string): Promise<JoinTarget> {
  const pools = await remoteCall(pool, 'pool.get_all_records', session) as Record<string, Rec>;
  const rec = Object.values(pools)[0];
  const master = await remoteCall(pool, 'host.get_record', session, String(rec?.master)) as Rec;
  return { pool: rec, master, self: false };
}

/** The joiner's side of a join to another process. */
export async function joinOverHttp(ctx: CallCtx, address: string, user: string, password: string, force: boolean): Promise<void> {
  const { sim } = ctx;
  const pool = joinOrigin(address, sim.network?.port ?? 0);
  const session = String(await remoteCall(pool, 'session.login_with_password', user, password, '1.0', 'pool.join'));
  preJoinChecks(sim, await remoteTarget(pool, session), force);
  await sim.work(ctx, sim.durationMs(ctx));
  preJoinChecks(sim, await remoteTarget(pool, session), force); // the world may have moved while the work ran
  const tables: Record<string, Record<string, Rec>> = {};
  for (const [cls, t] of sim.db.tables) if (!TRANSIENT.has(cls) && t.size) tables[cls] = Object.fromEntries([...t].map(([ref, row]) => [ref, row.rec]));
  let res: Response;
  try {
    res = await fetch(`${pool.origin}${JOIN_IMPORT_PATH}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ session_id: session, host: sim.coordinator(), tables }), signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch { throw new XapiError('JOINING_HOST_SERVICE_FAILED', []); }
  const reply = await res.json().catch(() => ({})) as { member?: string; error?: string[] };
  if (!res.ok || !reply.member) {
    const [code = 'JOINING_HOST_SERVICE_FAILED', ...params] = reply.error ?? [];
    throw new XapiError(code, params);
  }
  // Once this call has answered, the joiner restarts as a member of that pool.
  const coordinator = `${hostPart(pool.origin)}:${portPart(pool.origin)}`;
  setTimeout(() => {
    sim.memberOf = coordinator;
    for (const ref of [...sim.db.table('session').keys()]) sim.db.delete('session', ref);
    sim.network?.dropConnectionsOf(sim);
  }, 50).unref();
}

/** The coordinator's side: the joiner's records become a member of `sim`'s pool. */
export function handleJoinImport(sim: Sim, body: string): { status: number; json: unknown } {
  let req: { session_id?: unknown; host?: unknown; tables?: unknown };
  try { req = JSON.parse(body) as typeof req; } catch { return { status: 400, json: { error: ['INTERNAL_ERROR', 'bad request'] } }; }
  const session = sim.db.get('session', String(req.session_id));
  if (!session) return { status: 403, json: { error: ['SESSION_INVALID', String(req.session_id)] } };
  if (session.is_local_superuser !== true) return { status: 403, json: { error: ['RBAC_PERMISSION_DENIED', 'pool.join', 'Only a pool superuser may add a host'] } };
  const host = String(req.host);
  const db = new Db();
  try {
    for (const [cls, rows] of Object.entries((req.tables ?? {}) as Record<string, Record<string, Rec>>)) {
      if (!db.tables.has(cls)) continue;
      for (const [ref, rec] of Object.entries(rows)) db.create(cls, rec, ref, { ctime: 0, mtime: 0 });
    }
    if (!db.get('host', host)) return { status: 400, json: { error: ['HANDLE_INVALID', 'host', host] } };
    const member = importJoiner({ db, coordinator: () => host } as unknown as Sim, sim);
    setTimeout(() => { if (!sim.shutdown.signal.aborted) memberUp(sim, member); }, Math.min(1000, sim.config.taskDurationMs)).unref();
    return { status: 200, json: { member } };
  } catch (e) {
    const err = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error).message)]);
    return { status: 500, json: { error: err.toArray() } };
  }
}

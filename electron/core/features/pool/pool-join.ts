// "Add Server to Pool" from the client's side: the standalone server's own connection runs
// Async.pool.join with the address of the target pool's coordinator and the credentials of the
// target pool's connection (held here in main; the renderer never sees them). Once the server is a
// member, its connection is obsolete: the pool's connection shows it from then on.
import type { Connection } from '../../connection/connection';
import type { ObjectRecord } from '../../cache/object-cache';
import { XapiError } from '../../xapi/errors';
import { hostLabel } from '../../xapi/address';
import { TypedXapi } from '../../xapi/typed-client';
import { isTaskFinished } from '../../xapi/task-result';

export interface PoolJoinStarted {
  /** The joiner's Async.pool.join task, followed by the renderer through the joiner's events. */
  taskRef: string;
  /**
   * True once the server is a member of the pool (the join task succeeded, or the server shows up
   * enabled in the pool when the task's end was lost with the joiner's restart); false when the
   * join failed, was abandoned (`stopped`) or nothing was heard for `timeoutMs`.
   */
  joined: Promise<boolean>;
}

export interface PoolJoinOptions {
  /** True when nobody waits any more (the joiner's connection was removed, the app is closing). */
  stopped(): boolean;
  /** How often the caches are looked at (default 50 ms: the joiner restarts ~right after the task ends). */
  pollMs?: number;
  /** Give up after this long (default 30 minutes). */
  timeoutMs?: number;
  /** Throws to stop before the pool's credentials are sent (pool/credential-guard.ts), after the local checks. */
  authorize?: () => Promise<void>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const first = (m: ReadonlyMap<string, ObjectRecord>): ObjectRecord | undefined => m.values().next().value;

/** The address pool.join needs: host.address of the pool's coordinator (pool.master), from the cache. */
export function coordinatorAddress(pool: Pick<Connection, 'cache'>): string | undefined {
  const rec = first(pool.cache.getAll('pool'));
  const master = rec ? pool.cache.get('host', str(rec.master)) : undefined;
  return str(master?.address).trim() || undefined;
}

/** Checks what the client can know before asking the server, then starts the join. */
export async function startPoolJoin(joiner: Connection, pool: Connection, opts: PoolJoinOptions): Promise<PoolJoinStarted> {
  if (joiner === pool) throw new XapiError('OPERATION_NOT_ALLOWED', ['Host cannot become slave of itself']);
  for (const c of [joiner, pool]) {
    if (c.status !== 'connected') throw new XapiError('NOT_CONNECTED', [c.id], { message: `Not connected to ${hostLabel(c.url)}` });
  }
  const hosts = joiner.cache.getAll('host');
  if (hosts.size !== 1) throw new XapiError('JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS', []);
  const joinerPool = first(joiner.cache.getAll('pool'));
  const targetPool = first(pool.cache.getAll('pool'));
  if (joinerPool && targetPool && str(joinerPool.uuid) !== '' && joinerPool.uuid === targetPool.uuid) {
    throw new XapiError('OPERATION_NOT_ALLOWED', ['Host is already part of a pool'], { message: 'The server is already a member of this pool' });
  }
  const address = coordinatorAddress(pool);
  if (!address) throw new XapiError('POOL_COORDINATOR_UNKNOWN', [], { message: "The pool coordinator's address is not known yet; try again in a moment" });
  const password = pool.heldPassword();
  if (password === undefined) {
    throw new XapiError('PASSWORD_NEEDED', [hostLabel(pool.url)], { message: `Password needed: reconnect to ${hostLabel(pool.url)} first` });
  }
  await opts.authorize?.();
  const hostUuid = str(first(hosts)?.uuid);
  joiner.stayOnServer(true);
  let taskRef: string;
  try {
    taskRef = await TypedXapi.fromConnection(joiner).startAsync('pool.join', address, pool.user, password);
  } catch (e) {
    joiner.stayOnServer(false);
    throw e;
  }
  const joined = waitForJoin(joiner, pool, taskRef, hostUuid, opts);
  void joined.then((ok) => { if (!ok) joiner.stayOnServer(false); });
  return { taskRef, joined };
}

async function waitForJoin(joiner: Connection, pool: Connection, taskRef: string, hostUuid: string, opts: PoolJoinOptions): Promise<boolean> {
  const end = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  const pollMs = opts.pollMs ?? 50;
  while (!opts.stopped() && Date.now() < end) {
    const task = joiner.cache.get('task', taskRef);
    if (task && isTaskFinished(task)) return task.status === 'success';
    if (hostUuid && [...pool.cache.getAll('host').values()].some((h) => h.uuid === hostUuid && h.enabled === true)) return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return false;
}

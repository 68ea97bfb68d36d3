// Which host to ask for an object's metrics, and the /rrd_updates request to send (FORMATS.md
// 3.1, 3.2; XenCenter does the same): a host's own RRD lives on that host (host=true); a running
// VM's on its resident host (vm_uuid=); a VM that is not running has none in memory, so it is
// asked of the coordinator. The coordinator is reached at the connection's own URL (trusted
// already); another host at its `address`, with the connection's scheme and port.
import type { MetricsRange } from '../../../../shared/metrics/ranges';
import type { XapiHttpRequest } from '../../xapi/http';
import { XapiError } from '../../xapi/errors';

/** What this module reads from the object cache. */
export interface MetricsCacheView {
  get(cls: string, ref: string): Record<string, unknown> | undefined;
  getAll(cls: string): ReadonlyMap<string, Record<string, unknown>>;
}

export interface MetricsTarget {
  cls: 'host' | 'vm';
  /** The uuid whose columns are wanted (legend `host:<uuid>` / `vm:<uuid>`). */
  uuid: string;
  /** The host to ask; undefined = the coordinator (the connection's own URL). */
  address?: string;
  /** Ref of the host asked (for the cache key and for messages). */
  hostRef: string;
}

const NULL_REF = 'OpaqueRef:NULL';
const RUNNING = new Set(['Running', 'Paused']);

function coordinatorRef(cache: MetricsCacheView): string | undefined {
  for (const pool of cache.getAll('pool').values()) {
    if (typeof pool.master === 'string' && pool.master !== NULL_REF) return pool.master;
  }
  return undefined;
}

/** The host that holds `ref`'s RRD, and how to reach it. HANDLE_INVALID when the object is not known. */
export function metricsTarget(cache: MetricsCacheView, cls: 'host' | 'vm', ref: string): MetricsTarget {
  const rec = cache.get(cls, ref);
  if (!rec || typeof rec.uuid !== 'string') throw new XapiError('HANDLE_INVALID', [cls === 'vm' ? 'VM' : 'host', ref]);
  const coordinator = coordinatorRef(cache);
  let hostRef: string | undefined = ref;
  if (cls === 'vm') {
    const resident = typeof rec.resident_on === 'string' ? rec.resident_on : NULL_REF;
    hostRef = RUNNING.has(String(rec.power_state)) && resident !== NULL_REF ? resident : coordinator;
  }
  if (!hostRef || hostRef === coordinator) return { cls, uuid: rec.uuid, hostRef: hostRef ?? NULL_REF };
  const host = cache.get('host', hostRef);
  const address = typeof host?.address === 'string' ? host.address.trim() : '';
  if (!address) {
    const name = typeof host?.name_label === 'string' && host.name_label ? host.name_label : hostRef;
    throw new XapiError('HOST_ADDRESS_UNKNOWN', [hostRef], { message: `The address of ${name} is not known, so its metrics cannot be read` });
  }
  return { cls, uuid: rec.uuid, address, hostRef };
}

/**
 * GET /rrd_updates for `target` over `range`, ending now: the archive whose period is the range's
 * interval, AVERAGE only, JSON (XML replies are read as well). The server takes that archive only
 * if it still reaches back past `start` (FORMATS.md 3.2), and the 5 s archive holds exactly 10
 * minutes: `start` is one period later than now - range, so the archive covers it even when the
 * host updated in this very second (or its clock runs a little ahead).
 */
export function rrdUpdatesRequest(target: MetricsTarget, range: MetricsRange, nowS: number): XapiHttpRequest {
  const query: Record<string, string> = {
    start: String(Math.floor(nowS) - range.seconds + range.interval),
    interval: String(range.interval),
    cf: 'AVERAGE',
    json: 'true',
  };
  if (target.cls === 'host') query.host = 'true';
  else query.vm_uuid = target.uuid;
  return { method: 'GET', path: '/rrd_updates', query, headers: { Accept: 'application/json' }, ...(target.address ? { address: target.address } : {}) };
}

/** How far back metrics.usage asks: a few 5 s rows, so a host that missed a tick still has one. */
export const USAGE_WINDOW_S = 60;

/**
 * GET /rrd_updates of one host for metrics.usage, as XenCenter's MetricUpdater asks it: host=true
 * and no vm_uuid, so the reply holds the host's columns and those of every VM with a domain there;
 * the 5 s archive, AVERAGE, the last minute.
 */
export function usageRequest(target: MetricsTarget, nowS: number): XapiHttpRequest {
  const query = { start: String(Math.floor(nowS) - USAGE_WINDOW_S), interval: '5', cf: 'AVERAGE', host: 'true', json: 'true' };
  return { method: 'GET', path: '/rrd_updates', query, headers: { Accept: 'application/json' }, ...(target.address ? { address: target.address } : {}) };
}

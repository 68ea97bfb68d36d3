// metrics.series: find the host that holds the object's RRD, ask it for the range (through the
// short cache shared by every view), and keep only that object's columns.
// metrics.usage: ask every live host for its own and its VMs' latest rows (one short-cached
// request per host), and merge what the hosts that answered said.
import type { MetricsSeries, UsageSample } from '../../../../shared/ipc/contract';
import { metricsRange, type MetricsRangeId } from '../../../../shared/metrics/ranges';
import { XapiError } from '../../xapi/errors';
import { fetchRrdUpdates, type MetricsConnection } from './fetch';
import { metricsTarget, rrdUpdatesRequest, usageRequest, type MetricsCacheView } from './request';
import { objectSeries } from './series';
import { ShortCache } from './short-cache';
import { usageOfReply, usageSample, type ReplyUsage } from './usage';

export interface MetricsSourceConnection extends MetricsConnection {
  readonly id: string;
  readonly cache: MetricsCacheView;
}

/** A reply is reused for most of one refresh period, at most 30 s. */
export const metricsCacheTtlMs = (refreshMs: number): number => Math.min(refreshMs, 30_000) * 0.8;

/** A host's usage reply is reused this long: under one 5 s row, long enough for every window's poll. */
export const USAGE_CACHE_TTL_MS = 4_000;
/** A host that stops answering holds up metrics.usage at most this long (the others' answers wait for it). */
const USAGE_IDLE_TIMEOUT_MS = 10_000;

const NULL_REF = 'OpaqueRef:NULL';

export class MetricsService {
  readonly #cache: ShortCache<MetricsSeries>;
  readonly #usageCache: ShortCache<ReplyUsage>;
  readonly #nowMs: () => number;

  constructor(opts: { now?: () => number } = {}) {
    this.#nowMs = opts.now ?? Date.now;
    this.#cache = new ShortCache({ now: this.#nowMs });
    this.#usageCache = new ShortCache({ now: this.#nowMs });
  }

  series(c: MetricsSourceConnection, cls: 'host' | 'vm', ref: string, rangeId: MetricsRangeId): Promise<MetricsSeries> {
    const range = metricsRange(rangeId);
    if (!range) return Promise.reject(new XapiError('INVALID_RANGE', [rangeId], { message: `Unknown time range ${rangeId}` }));
    let target;
    try {
      target = metricsTarget(c.cache, cls, ref);
    } catch (e) {
      return Promise.reject(e);
    }
    const key = `${c.id}\n${target.hostRef}\n${cls}\n${target.uuid}\n${range.id}`;
    return this.#cache.get(key, metricsCacheTtlMs(range.refreshMs), async () => {
      const reply = await fetchRrdUpdates(c, rrdUpdatesRequest(target, range, this.#nowMs() / 1000));
      return objectSeries(reply, cls, target.uuid);
    });
  }

  /**
   * The current usage of every live host (host_metrics.live not false) and the VMs running there.
   * Hosts are asked in parallel; one that fails (unreachable, refused, an unreadable reply, no
   * known address) is left out with its VMs, and the others still answer.
   */
  async usage(c: MetricsSourceConnection): Promise<UsageSample> {
    const hosts = [...c.cache.getAll('host')].filter(([, h]) => {
      const m = typeof h.metrics === 'string' && h.metrics !== NULL_REF ? c.cache.get('host_metrics', h.metrics) : undefined;
      return m?.live !== false;
    });
    const replies = await Promise.all(hosts.map(([ref]) => this.#hostUsage(c, ref).catch(() => undefined)));
    return usageSample(replies.filter((r): r is ReplyUsage => r !== undefined), c.cache);
  }

  #hostUsage(c: MetricsSourceConnection, hostRef: string): Promise<ReplyUsage> {
    let target;
    try {
      target = metricsTarget(c.cache, 'host', hostRef);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#usageCache.get(`${c.id}\n${hostRef}`, USAGE_CACHE_TTL_MS, async () => {
      const request = { ...usageRequest(target, this.#nowMs() / 1000), idleTimeoutMs: USAGE_IDLE_TIMEOUT_MS };
      return usageOfReply(await fetchRrdUpdates(c, request));
    });
  }

  /** Forgets a connection's cached replies (it was disconnected or removed). */
  forget(connectionId: string): void {
    this.#cache.dropPrefix(`${connectionId}\n`);
    this.#usageCache.dropPrefix(`${connectionId}\n`);
  }
}

// metrics.series: find the host that holds the object's RRD, ask it for the range (through the
// short cache shared by every view), and keep only that object's columns.
import type { MetricsSeries } from '../../../../shared/ipc/contract';
import { metricsRange, type MetricsRangeId } from '../../../../shared/metrics/ranges';
import { XapiError } from '../../xapi/errors';
import { fetchRrdUpdates, type MetricsConnection } from './fetch';
import { metricsTarget, rrdUpdatesRequest, type MetricsCacheView } from './request';
import { objectSeries } from './series';
import { ShortCache } from './short-cache';

export interface MetricsSourceConnection extends MetricsConnection {
  readonly id: string;
  readonly cache: MetricsCacheView;
}

/** A reply is reused for most of one refresh period, at most 30 s. */
export const metricsCacheTtlMs = (refreshMs: number): number => Math.min(refreshMs, 30_000) * 0.8;

export class MetricsService {
  readonly #cache: ShortCache<MetricsSeries>;
  readonly #nowMs: () => number;

  constructor(opts: { now?: () => number } = {}) {
    this.#nowMs = opts.now ?? Date.now;
    this.#cache = new ShortCache({ now: this.#nowMs });
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

  /** Forgets a connection's cached replies (it was disconnected or removed). */
  forget(connectionId: string): void {
    this.#cache.dropPrefix(`${connectionId}\n`);
  }
}

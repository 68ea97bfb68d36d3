// The Performance tab's series and the Search tab's usage (metrics.ts beside this file, with its
// short caches shared by every view).
import type { MetricsRequests } from '../../../../shared/ipc/areas/metrics';
import type { HandlerSlice } from '../context';

export const METRICS_HANDLERS: HandlerSlice<MetricsRequests> = {
  'metrics.series': async ({ connectionId, cls, ref, range }, ctx) => ctx.metrics.series(ctx.get(connectionId), cls, ref, range),
  'metrics.usage': async ({ connectionId }, ctx) => ctx.metrics.usage(ctx.get(connectionId)),
};

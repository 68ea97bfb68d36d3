// The Performance tab's series (metrics.ts beside this file, with its short cache shared by every view).
import type { MetricsRequests } from '../../../../shared/ipc/areas/metrics';
import type { HandlerSlice } from '../context';

export const METRICS_HANDLERS: HandlerSlice<MetricsRequests> = {
  'metrics.series': async ({ connectionId, cls, ref, range }, ctx) => ctx.metrics.series(ctx.get(connectionId), cls, ref, range),
};

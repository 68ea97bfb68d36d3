// What the Server Status Report wizard asks main while it is open (react-query, never cached past the
// dialog): each chosen server's capabilities, and a started report's progress, polled until it ends.
import { useQueries, useQuery } from '@tanstack/react-query';
import type { StatusCapability, StatusReportProgress } from '../../../../shared/ipc/areas/status-report';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge/types';
import { errorText } from '../../xapi-model/errors';
import type { ServerChoice } from './report-model';

/** Each server's capabilities; `lists` once every server answered, `error` the first refusal in words and code. */
export function useCapabilities(servers: readonly ServerChoice[]): { lists: StatusCapability[][] | null; error: string | null } {
  const bridge = useBridge();
  const qs = useQueries({
    queries: servers.map((s) => ({
      queryKey: ['statusReport.capabilities', s.connectionId, s.hostRef],
      queryFn: async () => (await bridge.request('statusReport.capabilities', { connectionId: s.connectionId, hostRef: s.hostRef })).capabilities,
      gcTime: 0, retry: false,
    })),
  });
  const failed = qs.findIndex((q) => q.isError);
  if (failed >= 0) return { lists: null, error: `${servers[failed].name}: ${errorText(toErrorInfo(qs[failed].error))}` };
  return { lists: qs.every((q) => q.data) ? qs.map((q) => q.data!) : null, error: null };
}

const ENDED = new Set<StatusReportProgress['state']>(['saved', 'failed', 'cancelled']);

/** The report's progress, every 300 ms until it ended (and, in the browser host, its download is offered). */
export function useReportProgress(reportId: string | null): StatusReportProgress | undefined {
  const bridge = useBridge();
  const q = useQuery({
    queryKey: ['statusReport.progress', reportId],
    queryFn: () => bridge.request('statusReport.progress', { reportId: reportId! }),
    enabled: reportId !== null,
    gcTime: 0, retry: false,
    refetchInterval: (query) => (query.state.data && ENDED.has(query.state.data.state) ? false : 300),
  });
  return q.data;
}

// The CPU and Memory columns' figures: metrics.usage of every connected server, refreshed every few
// seconds while a search shows those columns (and never otherwise: it costs a fetch per host).
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { UsageSample } from '../../../../shared/ipc/contract';
import { useBridge } from '../../framework/bridge-context';
import { useApp } from '../../state';

const REFRESH_MS = 5_000;

export function useUsage(wanted: boolean): ReadonlyMap<string, UsageSample> {
  const bridge = useBridge();
  const idsJson = useApp((s) => JSON.stringify([...s.connections.values()].filter((c) => c.status === 'connected').map((c) => c.id)));
  const ids = useMemo(() => JSON.parse(idsJson) as string[], [idsJson]);
  const results = useQueries({
    queries: ids.map((connectionId) => ({
      queryKey: ['metrics.usage', connectionId],
      queryFn: () => bridge.request('metrics.usage', { connectionId }),
      enabled: wanted,
      refetchInterval: REFRESH_MS,
      refetchIntervalInBackground: false,
      gcTime: 30_000,
      retry: 1,
    })),
  });
  const stamp = results.map((r) => r.dataUpdatedAt).join(',');
  return useMemo(() => {
    // `results` is a new array on every render; its data changes with `stamp`.
    void stamp;
    const out = new Map<string, UsageSample>();
    results.forEach((r, i) => { if (wanted && r.data) out.set(ids[i], r.data); });
    return out;
  }, [stamp, ids, wanted]);
}

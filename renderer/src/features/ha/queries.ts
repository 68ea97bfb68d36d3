// What HA's dialogs ask the server while they are open (react-query, never cached past the dialog):
// each VM's agility (VM.assert_agile), the maximum failures the chosen priorities allow
// (pool.ha_compute_hypothetical_max_host_failures_to_tolerate), and which SRs can hold the heartbeat
// (SR.assert_can_host_ha_statefile), as XenCenter's AssignPriorities, HaNtolControl and ChooseSR do.
import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge/types';
import { errorText, errorWords } from '../../xapi-model/errors';
import { unsuitableReason, type Agility, type HeartbeatCandidate } from './model';

/** Each VM's agility; a VM not yet answered is 'checking'. Asked again when the set of VMs changes. */
export function useAgility(connectionId: string, vmRefs: readonly string[]): ReadonlyMap<string, Agility> {
  const bridge = useBridge();
  const q = useQuery({
    queryKey: ['VM.assert_agile', connectionId, vmRefs.join(',')],
    queryFn: async () => {
      const out = new Map<string, Agility>();
      await Promise.all(vmRefs.map(async (vm) => {
        try {
          await bridge.request('xapi.call', { connectionId, method: 'VM.assert_agile', args: [vm] });
          out.set(vm, { state: 'agile' });
        } catch (e) {
          out.set(vm, { state: 'not-agile', code: toErrorInfo(e).code });
        }
      }));
      return out;
    },
    gcTime: 0,
    retry: false,
  });
  return q.data ?? new Map(vmRefs.map((v) => [v, { state: 'checking' } as const]));
}

/** The maximum failures to tolerate for this configuration: null while asked; an error in words and code. */
export function useHypotheticalMax(connectionId: string, config: Record<string, string> | null): { max: number | null; error?: string } {
  const bridge = useBridge();
  const key = config ? JSON.stringify(Object.entries(config).sort()) : '';
  const q = useQuery({
    queryKey: ['pool.ha_compute_hypothetical_max_host_failures_to_tolerate', connectionId, key],
    queryFn: async () => Number(await bridge.request('xapi.call', { connectionId, method: 'pool.ha_compute_hypothetical_max_host_failures_to_tolerate', args: [config] })),
    enabled: config !== null,
    gcTime: 0,
    retry: false,
  });
  if (q.error) return { max: null, error: `Unable to calculate maximum pool failure capacity: ${errorText(toErrorInfo(q.error))}` };
  return { max: q.isFetching || q.data === undefined ? null : q.data };
}

export interface HeartbeatSrChoice extends HeartbeatCandidate { usable: boolean; reason: string; code: string }

/** The shared SRs, each with whether it can hold the heartbeat and, if not, why (words and code). */
export function useHeartbeatScan(connectionId: string, candidates: readonly HeartbeatCandidate[]): { srs: HeartbeatSrChoice[] | null } {
  const bridge = useBridge();
  const q = useQuery({
    queryKey: ['SR.assert_can_host_ha_statefile', connectionId, candidates.map((c) => c.ref).join(',')],
    queryFn: () => Promise.all(candidates.map(async (sr): Promise<HeartbeatSrChoice> => {
      try {
        await bridge.request('xapi.call', { connectionId, method: 'SR.assert_can_host_ha_statefile', args: [sr.ref] });
        return { ...sr, usable: true, reason: '', code: '' };
      } catch (e) {
        const info = toErrorInfo(e);
        return { ...sr, usable: false, reason: unsuitableReason(info.code, errorWords(info)), code: info.code };
      }
    })),
    gcTime: 0,
    retry: false,
  });
  // Usable ones first, then by name (ChooseSR's order).
  const srs = q.data ? [...q.data].sort((a, b) => Number(b.usable) - Number(a.usable) || a.name.localeCompare(b.name, undefined, { numeric: true })) : null;
  return { srs };
}

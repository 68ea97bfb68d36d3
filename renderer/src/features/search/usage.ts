// The CPU and memory columns: the latest metrics.usage sample of the object's connection, for running
// VMs (memory only with the guest agent, as XenCenter) and servers of a connected pool.
import type { ObjectUsage } from '../../../../shared/ipc/contract';
import { cpuUsageRank, cpuUsageText, memoryUsageRank, memoryUsageText } from '../../../../shared/metrics/usage-text';
import type { SearchObject, SearchWorld } from './search-world';

function usageOf(w: SearchWorld, o: SearchObject, memory: boolean): ObjectUsage | undefined {
  const u = w.usage.get(o.connectionId);
  if (!u) return undefined;
  if (o.type === 'Server') return u.hosts[o.ref];
  if (o.type !== 'VM' || o.rec.power_state !== 'Running') return undefined;
  // XenCenter's Memory column needs the management agent (memory_internal_free comes from it).
  if (memory && !w.store.objects.get(o.connectionId)?.get('vm_guest_metrics')?.has(String(o.rec.guest_metrics))) return undefined;
  return u.vms[o.ref];
}

export const cpuRank = (w: SearchWorld, o: SearchObject): number | null => cpuUsageRank(usageOf(w, o, false));
export const memoryRank = (w: SearchWorld, o: SearchObject): number | null => memoryUsageRank(usageOf(w, o, true));
/** '' for objects XenCenter shows no figure for (templates, halted VMs, storage…); "-" while unknown. */
export const cpuText = (w: SearchWorld, o: SearchObject): string => (o.type === 'Server' || (o.type === 'VM' && o.rec.power_state === 'Running') ? cpuUsageText(usageOf(w, o, false)) : '');
export const memoryText = (w: SearchWorld, o: SearchObject): string => (o.type === 'Server' || (o.type === 'VM' && o.rec.power_state === 'Running') ? memoryUsageText(usageOf(w, o, true)) : '');

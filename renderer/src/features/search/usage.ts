// The CPU, memory, disks and network columns: the latest metrics.usage sample of the object's
// connection, for running VMs and servers of a connected pool. As XenCenter (Common.cs, Columns.cs):
// a VM's memory needs the management agent, its disks and network the I/O drivers; servers have
// CPU, memory and network but no disks figure.
import type { ObjectUsage } from '../../../../shared/ipc/contract';
import { cpuUsageRank, cpuUsageText, memoryUsageRank, memoryUsageText, throughputRank, throughputText } from '../../../../shared/metrics/usage-text';
import { virtualisationStatusOf, type SearchObject, type SearchWorld } from './search-world';

function usageOf(w: SearchWorld, o: SearchObject, memory: boolean): ObjectUsage | undefined {
  const u = w.usage.get(o.connectionId);
  if (!u) return undefined;
  if (o.type === 'Server') return u.hosts[o.ref];
  if (o.type !== 'VM' || o.rec.power_state !== 'Running') return undefined;
  // XenCenter's Memory column needs the management agent (memory_internal_free comes from it).
  if (memory && !w.store.objects.get(o.connectionId)?.get('vm_guest_metrics')?.has(String(o.rec.guest_metrics))) return undefined;
  return u.vms[o.ref];
}

/** A running VM's usage when its I/O drivers are in (XenCenter's VirtualizationStatus.IoDriversInstalled). */
function ioUsageOf(w: SearchWorld, o: SearchObject): ObjectUsage | undefined {
  if (o.type === 'VM' && !(virtualisationStatusOf(w, o) ?? '').includes('IoDriversInstalled')) return undefined;
  return usageOf(w, o, false);
}
const running = (o: SearchObject): boolean => o.type === 'VM' && o.rec.power_state === 'Running';

export const cpuRank = (w: SearchWorld, o: SearchObject): number | null => cpuUsageRank(usageOf(w, o, false));
export const memoryRank = (w: SearchWorld, o: SearchObject): number | null => memoryUsageRank(usageOf(w, o, true));
/** '' for objects XenCenter shows no figure for (templates, halted VMs, storage…); "-" while unknown. */
export const cpuText = (w: SearchWorld, o: SearchObject): string => (o.type === 'Server' || (o.type === 'VM' && o.rec.power_state === 'Running') ? cpuUsageText(usageOf(w, o, false)) : '');
export const memoryText = (w: SearchWorld, o: SearchObject): string => (o.type === 'Server' || (o.type === 'VM' && o.rec.power_state === 'Running') ? memoryUsageText(usageOf(w, o, true)) : '');
export const disksRank = (w: SearchWorld, o: SearchObject): number | null => (running(o) ? throughputRank(ioUsageOf(w, o)?.disk) : null);
export const networkRank = (w: SearchWorld, o: SearchObject): number | null => (o.type === 'Server' || running(o) ? throughputRank(ioUsageOf(w, o)?.network) : null);
/** Running VMs only ('' for servers and the rest): "12/40" KiB/s, mean / busiest VBD; "-" while unknown or without I/O drivers. */
export const disksText = (w: SearchWorld, o: SearchObject): string => (running(o) ? throughputText(ioUsageOf(w, o)?.disk) : '');
/** Servers (physical PIFs) and running VMs (VIFs): "12/40" KiB/s; "-" while unknown or without I/O drivers. */
export const networkText = (w: SearchWorld, o: SearchObject): string => (o.type === 'Server' || running(o) ? throughputText(ioUsageOf(w, o)?.network) : '');

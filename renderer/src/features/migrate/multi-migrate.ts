// Migrate to Server… on several VMs (XenCenter's multi-VM migrate): which server of their pool can
// take which of them. Each (VM, server) pair is judged first from the cache (pool-migrate-rules.ts,
// the drop's rules) and, when the cache sees no reason, by the server itself (migrate-checks.ts:
// VM.assert_can_boot_here); a server takes all, some or none of the VMs, each refusal in words.
// It works within one pool, as pool_migrate does: VMs of several pools get one clear sentence. Pure.
import type { StoreView } from '../../state/store';
import type { SelectedObject } from '../../framework/command';
import { str } from '../../xapi-model/format';
import { record } from '../../xapi-model/records';
import { poolDisplayName } from './cross-pool';
import { refusalText, type DestinationCheck } from './migrate-checks';
import { poolMigrateRefusal, vmName } from './pool-migrate-rules';

export interface PoolServer { ref: string; name: string }

/** One VM on one server: it goes ('ok'; 'unchecked' when main may not ask first), is being asked, or stays, with why. */
export interface VmFit { vm: SelectedObject; name: string; state: DestinationCheck['state']; reason?: string; alreadyThere?: boolean }

export interface ServerFit { server: PoolServer; vms: VmFit[]; going: SelectedObject[]; checking: boolean }

/** The key of a (VM, server) pair in the map of the servers' answers. */
export const pairKey = (vmRef: string, hostRef: string): string => `${vmRef}|${hostRef}`;

/** Every server of the pool by name, those that cannot take VMs now too (they say why). */
export function poolServers(store: StoreView, connectionId: string): PoolServer[] {
  const hosts = store.objects.get(connectionId)?.get('host');
  return [...hosts?.entries() ?? []].map(([ref, h]) => ({ ref, name: str(h.name_label) || ref }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** "…works within one pool…" when the VMs are in more than one pool (connection), else undefined. */
export function severalPoolsReason(store: StoreView, vms: readonly SelectedObject[]): string | undefined {
  const pools = [...new Set(vms.map((v) => v.connectionId))];
  if (pools.length < 2) return undefined;
  const names = pools.map((id) => `'${poolDisplayName(store, id)}'`);
  return `Migrate to Server… moves several VMs within one pool, and the selected VMs are in ${pools.length} pools (${names.join(', ')}). `
    + 'Select VMs of one pool, or migrate a VM to another pool on its own.';
}

/** The pairs the cache sees no reason against: the ones to ask the server about. */
export function pairsToAsk(store: StoreView, vms: readonly SelectedObject[], servers: readonly PoolServer[]): Array<{ vm: SelectedObject; hostRef: string }> {
  return servers.flatMap((s) => vms.filter((vm) => !poolMigrateRefusal(store, vm, { connectionId: vm.connectionId, ref: s.ref }, s.name))
    .map((vm) => ({ vm, hostRef: s.ref })));
}

/** For each server, each VM's verdict: the cache's refusal first, else the server's answer (checking until it comes). */
export function serverFits(store: StoreView, vms: readonly SelectedObject[], servers: readonly PoolServer[], answers: ReadonlyMap<string, DestinationCheck>): ServerFit[] {
  return servers.map((server) => {
    const fits = vms.map((vm): VmFit => {
      const name = vmName(store, vm);
      const why = poolMigrateRefusal(store, vm, { connectionId: vm.connectionId, ref: server.ref }, server.name);
      if (why) return { vm, name, state: 'refused', reason: why, alreadyThere: record(store, vm.connectionId, 'vm', vm.ref)?.resident_on === server.ref };
      const answer = answers.get(pairKey(vm.ref, server.ref)) ?? { state: 'checking' as const };
      return answer.state === 'refused' ? { vm, name, state: 'refused', reason: refusalText(answer) } : { vm, name, state: answer.state };
    });
    return { server, vms: fits, going: fits.filter(goes).map((f) => f.vm), checking: fits.some((f) => f.state === 'checking') };
  });
}

const goes = (f: VmFit): boolean => f.state === 'ok' || f.state === 'unchecked';

/** What a server's row says: "all 3 VMs", "2 of 3 VMs", "they are all on it already", "none of them: <the reason all share>", "checking…". */
export function fitWords(fit: ServerFit): string {
  const total = fit.vms.length;
  if (fit.checking) return 'checking…';
  if (fit.going.length === total) return total === 1 ? 'can take the VM' : total === 2 ? 'can take both VMs' : `can take all ${total} VMs`;
  if (fit.going.length > 0) return `can take ${fit.going.length} of the ${total} VMs`;
  if (fit.vms.every((f) => f.alreadyThere)) return total === 1 ? 'the VM is on it already' : 'they are all on it already';
  const reasons = new Set(fit.vms.map((f) => f.reason));
  return reasons.size === 1 && total > 1 ? `none of them: ${[...reasons][0]}` : total === 1 ? `cannot take it: ${fit.vms[0].reason}` : 'can take none of them';
}

/** The server offered first: once every answer is in, the first that takes the most VMs (none when none takes any). */
export function bestServer(fits: readonly ServerFit[]): string | undefined {
  if (fits.some((f) => f.checking)) return undefined;
  let best: ServerFit | undefined;
  for (const f of fits) if (f.going.length > 0 && (!best || f.going.length > best.going.length)) best = f;
  return best?.server.ref;
}

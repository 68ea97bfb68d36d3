// assert_can_boot_here (SEMANTICS.md 2.2) and host free memory (2.8): what a host must offer a VM
// that boots, resumes or migrates there, checked in the real server's order. Used by start/resume
// (methods/vm-power.ts), migration (vm-migrate.ts, cross-pool-migrate.ts) and evacuation plans.
import { isNullRef } from './db';
import type { Rec } from './fields';
import { nowDatetime, type Sim } from './sim';
import { XapiError } from './xapi-error';

export function hostFreeMemory(sim: Sim, host: string): number {
  const h = sim.db.get('host', host);
  const metrics = h && sim.db.get('host_metrics', String(h.metrics));
  let free = Number(metrics?.memory_total ?? 0) - Number(h?.memory_overhead ?? 0);
  for (const row of sim.db.table('VM').values()) {
    const v = row.rec;
    if (v.resident_on === host || v.scheduled_to_be_resident_on === host) free -= Number(v.memory_dynamic_min) + Number(v.memory_overhead);
  }
  return Math.max(0, free);
}

/** host_metrics.memory_free by §2.8 (as xapi's memory monitor writes it), right after VMs left or
 * arrived or a running VM's dynamic range moved: written only when it changes. */
export function refreshHostMemory(sim: Sim, host: string): void {
  const h = sim.db.get('host', host);
  const m = h && sim.db.get('host_metrics', String(h.metrics));
  if (!h || !m) return;
  const free = hostFreeMemory(sim, host);
  if (Number(m.memory_free) !== free) sim.db.update('host_metrics', String(h.metrics), { memory_free: free, last_updated: nowDatetime() });
}

/** What assert_can_boot_here checks a host against; by default the VM's own disks' SRs and VIFs'
 * networks (a migration checks the ones its maps name instead). */
export interface BootNeeds { checkMemory?: boolean; srs?: Set<string>; networks?: Set<string> }

/** §2.2's checks of `host` for `vmRef`. */
export function assertCanBootHere(sim: Sim, vmRef: string, host: string, needs: BootNeeds = {}): void {
  assertHostCanRun(sim, sim.db.get('VM', vmRef)!, vmRef, host, needs.checkMemory ?? true, needs.srs ?? requiredSrs(sim, vmRef), needs.networks ?? vifNetworks(sim, vmRef));
}

/** assert_can_boot_here (§2.2, in its order) for a VM record that may live in another pool (a
 * cross-pool migration checks the destination pool's host with the source's record and the mapped
 * SRs and networks): parameters, live, enabled, SRs plugged there, networks, memory, pCPUs. */
export function assertHostCanRun(sim: Sim, vm: Rec, vmRef: string, host: string, checkMemory: boolean, srs: Set<string>, networks: Set<string>): void {
  const { db } = sim;
  const h = db.get('host', host);
  if (!h) throw new XapiError('HANDLE_INVALID', ['host', host]);
  validateBootParameters(vm);
  const metrics = db.get('host_metrics', String(h.metrics));
  if (metrics && metrics.live === false) throw new XapiError('HOST_NOT_LIVE', []);
  if (!h.enabled && !vm.is_control_domain) throw new XapiError('HOST_DISABLED', [host]);
  for (const sr of srs) {
    const ok = ((db.get('SR', sr)?.PBDs as string[]) ?? []).some((p) => { const pbd = db.get('PBD', p); return pbd?.host === host && pbd.currently_attached; });
    if (!ok) throw new XapiError('VM_REQUIRES_SR', [vmRef, sr]);
  }
  for (const net of networks) if (!networkReachable(sim, net, host, vmRef)) throw new XapiError('VM_REQUIRES_NETWORK', [vmRef, net]);
  const needed = bootMemory(vm);
  const free = hostFreeMemory(sim, host);
  if (checkMemory && needed > free) throw new XapiError('HOST_NOT_ENOUGH_FREE_MEMORY', [String(needed), String(free)]);
  const pcpus = hostPcpus(h);
  const vcpus = Number(vm.VCPUs_max);
  if (pcpus > 0 && vcpus > pcpus && !platformTrue(vm, 'vcpu-unrestricted')) throw new XapiError('HOST_NOT_ENOUGH_PCPUS', [String(vcpus), String(pcpus)]);
}

/** §2.8: what a boot needs: dynamic_min rounded up to a MiB (static_max for pv_in_pvh) plus the overhead. */
function bootMemory(vm: Rec): number {
  const MiB = 1024 ** 2;
  const base = vm.domain_type === 'pv_in_pvh' ? Number(vm.memory_static_max) : Number(vm.memory_dynamic_min);
  return Math.ceil(base / MiB) * MiB + Number(vm.memory_overhead);
}

/** OCaml's string_of_float, as xapi prints a float in an error ("1.", "0.5"). */
const ocamlFloat = (v: number): string => { const t = String(Number(v.toPrecision(12))); return /[.en]/.test(t) ? t : `${t}.`; };

/** xapi's validate_basic_parameters, run inside assert_can_boot_here (§2.1 "Validation done at start"):
 * VM.create and the raw setters leave these unchecked until a boot. */
function validateBootParameters(vm: Rec): void {
  const max = Number(vm.VCPUs_max);
  const atStartup = Number(vm.VCPUs_at_startup);
  if (max < 1) throw new XapiError('INVALID_VALUE', ['VCPUs_max', String(max)]);
  if (atStartup < 1) throw new XapiError('INVALID_VALUE', ['VCPUs-at-startup', String(atStartup)]);
  if (atStartup > max) throw new XapiError('VALUE_NOT_SUPPORTED', ['VCPUs-at-startup', String(atStartup), 'value greater than VCPUs-max']);
  // Coerced as xapi's Vm_memory_constraints.transform does: the dynamic range clipped into the static one.
  const [smin, smax] = [Number(vm.memory_static_min), Number(vm.memory_static_max)];
  const dmin = Math.max(smin, Number(vm.memory_dynamic_min));
  const dmax = Math.min(smax, Number(vm.memory_dynamic_max));
  if (!(smin <= dmin && dmin <= dmax && dmax <= smax)) throw new XapiError('MEMORY_CONSTRAINT_VIOLATION', []);
  const mult = Number(vm.HVM_shadow_multiplier);
  if (mult < 1) throw new XapiError('INVALID_VALUE', ['HVM_shadow_multiplier', ocamlFloat(mult)]);
}

/** The host's pCPU count: cpu_info's cpu_count, else its host_CPU records (0 = unknown, not checked). */
function hostPcpus(h: Rec): number {
  const count = Number((h.cpu_info as Record<string, string> | undefined)?.cpu_count);
  return Number.isFinite(count) && count > 0 ? count : ((h.host_CPUs as string[]) ?? []).length;
}

/** Vm_platform.is_true: "true", "1" or "on". */
const platformTrue = (vm: Rec, key: string) => ['true', '1', 'on'].includes(String((vm.platform as Record<string, string> | undefined)?.[key] ?? '').toLowerCase());

/** §2.2: a VIF's network is usable on `host` if it has a PIF there, is unmanaged, is declared shared
 * (other_config assume_network_is_shared), or is internal (no PIF anywhere) with no running VM on
 * another host. */
function networkReachable(sim: Sim, net: string, host: string, vmRef: string): boolean {
  const { db } = sim;
  const n = db.get('network', net);
  if (!n) return true; // a dangling VIF network cannot be checked (the VIF is not attached at boot either)
  if (n.managed === false || (n.other_config as Record<string, string> | undefined)?.assume_network_is_shared === 'true') return true;
  const pifs = ((n.PIFs as string[]) ?? []).map((p) => db.get('PIF', p)).filter((p): p is Rec => !!p);
  if (pifs.some((p) => p.host === host)) return true;
  if (pifs.length) return false;
  // Internal network: the VMs on it must share one host.
  return ((n.VIFs as string[]) ?? []).every((vif) => {
    const owner = String(db.get('VIF', vif)?.VM);
    if (owner === vmRef) return true;
    const o = db.get('VM', owner);
    return !o || !['Running', 'Paused'].includes(String(o.power_state)) || isNullRef(o.resident_on) || o.resident_on === host;
  });
}

/** The networks of the VM's VIFs. */
export function vifNetworks(sim: Sim, vmRef: string): Set<string> {
  const nets = new Set<string>();
  for (const vif of (sim.db.get('VM', vmRef)?.VIFs as string[]) ?? []) { const v = sim.db.get('VIF', vif); if (v && !isNullRef(v.network)) nets.add(String(v.network)); }
  return nets;
}

/** The SRs of the VM's non-empty disks, plus its suspend image's. */
function requiredSrs(sim: Sim, vmRef: string): Set<string> {
  const { db } = sim;
  const vm = db.get('VM', vmRef)!;
  const srs = new Set<string>();
  for (const vbd of (vm.VBDs as string[]) ?? []) {
    const b = db.get('VBD', vbd);
    if (!b || b.empty) continue;
    const vdi = db.get('VDI', String(b.VDI));
    if (vdi) srs.add(String(vdi.SR));
  }
  if (vm.power_state === 'Suspended') { const s = db.get('VDI', String(vm.suspend_VDI)); if (s) srs.add(String(s.SR)); }
  return srs;
}

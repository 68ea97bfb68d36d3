// HA's pure model (XenCenter's HAPage, AssignPriorities, HaNtolControl, HAFinishPage): the VMs HA can
// protect and their settings, what changed, the hypothetical configuration sent to xapi, the failures to
// tolerate and whether they overcommit the pool, why a VM or an SR cannot be used, and the HA tab's rows.
import type { ObjectsView } from '../../state/store';
import { entries, record } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { isPlainVm } from '../../xapi-model/predicates';
import { refs } from '../../xapi-model/refs';
import { isHiddenFromXenCenter, isToolsSr } from '../../tree/visibility';
import { srIsBroken } from '../../xapi-model/sr-broken';
import type { HaPriority, HaVmChange } from '../../../../shared/ipc/areas/ha';

export type { HaPriority };

/** XenCenter's three choices, in its order, with its words. */
export const PRIORITIES: readonly { value: HaPriority; label: string }[] = [
  { value: 'restart', label: 'Restart' },
  { value: 'best-effort', label: 'Restart if possible' },
  { value: '', label: 'Do not restart' },
];
export const priorityLabel = (p: HaPriority): string => PRIORITIES.find((x) => x.value === p)?.label ?? p;

/** VM.HARestartPriority(): "" is Do not restart, "best-effort" Restart if possible, anything else
 * (xapi's "restart", and the numbered priorities of older servers) Restart. */
export function priorityOf(v: unknown): HaPriority {
  const s = str(v);
  return s === '' ? '' : s === 'best-effort' ? 'best-effort' : 'restart';
}

export interface HaVmSettings { priority: HaPriority; order: number; startDelay: number }
export interface HaVmRow extends HaVmSettings { ref: string; name: string; powerState: string }

const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.trunc(v)) : 0);

/** The VMs HA can protect (VM.HaCanProtect: real VMs, not hidden), by name, with their current settings. */
export function haVmRows(s: ObjectsView, c: string): HaVmRow[] {
  const out: HaVmRow[] = [];
  for (const [ref, vm] of entries(s, c, 'vm')) {
    if (!isPlainVm(vm) || isHiddenFromXenCenter(vm as Record<string, unknown>)) continue;
    out.push({ ref, name: str(vm.name_label) || ref, powerState: str(vm.power_state), priority: priorityOf(vm.ha_restart_priority), order: int(vm.order), startDelay: int(vm.start_delay) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) || a.ref.localeCompare(b.ref));
}

/** A VM's agility: unknown until VM.assert_agile answered, then agile or the error's code. */
export type Agility = { state: 'checking' } | { state: 'agile' } | { state: 'not-agile'; code: string };

/** XenCenter's words for VM.assert_agile's errors (AssignPriorities.VmWithSettingsRow). */
export function notAgileReason(code: string): string {
  switch (code) {
    case 'HA_CONSTRAINT_VIOLATION_SR_NOT_SHARED': return 'The VM is using a non-shared SR. Restart cannot be guaranteed.';
    case 'HA_CONSTRAINT_VIOLATION_NETWORK_NOT_SHARED': return 'The VM is not using a shared network. Restart cannot be guaranteed.';
    case 'VM_HAS_VGPU': return 'The VM has one or more virtual GPUs. Restart cannot be guaranteed.';
    case 'VM_HAS_VUSBS': return 'The VM has one or more USB devices attached. Restart cannot be guaranteed.';
    case 'VM_HAS_SRIOV_VIF': return 'The VM has one or more SR-IOV VFs attached. Restart cannot be guaranteed.';
    default: return 'The VM is not agile. Restart cannot be guaranteed.';
  }
}

/** "Do not restart" on every VM: HA is being set up for the first time (AssignPriorities.IsHaActivatedFirstTime). */
export const firstTimeSetup = (rows: readonly HaVmRow[]): boolean => rows.every((r) => r.priority === '');

/**
 * The settings the page starts from, once agility is known: the VMs' own, except that on the wizard's first
 * set-up each VM gets the most protection it can have (agile: Restart; else Restart if possible), and a VM
 * that is not agile never keeps Restart (XenCenter lowers it to Restart if possible).
 */
export function startingSettings(rows: readonly HaVmRow[], agility: ReadonlyMap<string, Agility>, protectByDefault: boolean): Map<string, HaVmSettings> {
  const fresh = protectByDefault && firstTimeSetup(rows);
  const out = new Map<string, HaVmSettings>();
  for (const r of rows) {
    const a = agility.get(r.ref);
    const agile = a?.state !== 'not-agile';
    const priority: HaPriority = fresh ? (agile ? 'restart' : 'best-effort') : r.priority === 'restart' && !agile ? 'best-effort' : r.priority;
    out.set(r.ref, { priority, order: r.order, startDelay: r.startDelay });
  }
  return out;
}

/** Whether a VM may be given this priority: Restart needs an agile VM. */
export function priorityAllowed(p: HaPriority, a: Agility | undefined): boolean {
  return p !== 'restart' || a?.state === 'agile';
}

/** Only what changed, per VM (AssignPriorities.GetChangedStartupOptions, field by field). */
export function prioritiesDiff(rows: readonly HaVmRow[], settings: ReadonlyMap<string, HaVmSettings>): HaVmChange[] {
  const out: HaVmChange[] = [];
  for (const r of rows) {
    const s = settings.get(r.ref);
    if (!s) continue;
    const ch: HaVmChange = { vmRef: r.ref };
    if (s.priority !== r.priority) ch.priority = s.priority;
    if (s.order !== r.order) ch.order = s.order;
    if (s.startDelay !== r.startDelay) ch.startDelay = s.startDelay;
    if (Object.keys(ch).length > 1) out.push(ch);
  }
  return out;
}

/** pool.ha_compute_hypothetical_max_host_failures_to_tolerate's configuration: every VM's priority. */
export function hypotheticalConfig(settings: ReadonlyMap<string, HaVmSettings>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [ref, s] of settings) out[ref] = s.priority;
  return out;
}

/** How many VMs get each priority (the Finish page). */
export function priorityCounts(settings: ReadonlyMap<string, HaVmSettings>): Record<HaPriority, number> {
  const out: Record<HaPriority, number> = { restart: 0, 'best-effort': 0, '': 0 };
  for (const s of settings.values()) out[s.priority]++;
  return out;
}

/** "1 VM", "3 VMs". */
export const vmCount = (n: number): string => (n === 1 ? '1 VM' : `${n} VMs`);

/**
 * The failures to tolerate shown first (HaNtolControl): HA on, the pool's own; HA off, the maximum the
 * priorities allow. Once the user has chosen a number it stays (a new maximum only changes the warning).
 */
export function initialFailures(haEnabled: boolean, poolNtol: number, max: number): number {
  return haEnabled ? poolNtol : Math.max(0, max);
}

export type FailuresVerdict = { kind: 'ok'; text: string } | { kind: 'overcommitted'; text: string } | { kind: 'zero'; text: string };

/** What the chosen number means against the maximum (AssignPriorities / HaNtolIndicator), in XenCenter's words. */
export function failuresVerdict(ntol: number, max: number): FailuresVerdict {
  if (ntol > max) {
    return { kind: 'overcommitted', text: max <= 0
      ? 'Maximum failover capacity is 0: HA cannot be guaranteed with the specified VM restart priorities and the current pool configuration (number of servers and their CPU and memory capacity).'
      : `The number of servers you specified is greater than the maximum failover capacity (${max}). HA cannot be guaranteed if you allow this many server failures, given the specified VM restart priorities and the current pool configuration (number of servers and their CPU and memory capacity).` };
  }
  if (ntol === 0) return { kind: 'zero', text: 'Under this HA configuration, the failover tolerance of your pool would be 0 (zero) and it may not be possible to restart your virtual machines in the event of a server failure.' };
  return { kind: 'ok', text: `HA is guaranteed. The maximum number of server failures that HA can protect against is ${max}.` };
}

/** The problems that keep the priorities page from going on (the wizard's Next, the edit's OK). */
export function failuresProblems(ntol: number | null, max: number | null, hosts: number): string[] {
  if (max === null) return ['Calculating the maximum number of server failures…'];
  if (ntol === null || !Number.isInteger(ntol) || ntol < 0) return ['Enter the number of server failures to tolerate, a whole number of at least 0.'];
  if (ntol > max) return [`The pool is overcommitted: at most ${max} server failure${max === 1 ? '' : 's'} can be tolerated with these priorities.`];
  if (ntol >= Math.max(1, hosts)) return [`A pool of ${hosts} server${hosts === 1 ? '' : 's'} cannot tolerate ${ntol} failures.`];
  return [];
}

// ---- heartbeat SRs (ChooseSR / GetHeartbeatSRsAction) ----

export interface HeartbeatCandidate { ref: string; name: string; description: string }

/** The SRs XenCenter asks about: shared, not the tools ISO; by name. */
export function heartbeatCandidates(s: ObjectsView, c: string): HeartbeatCandidate[] {
  const out: HeartbeatCandidate[] = [];
  for (const [ref, sr] of entries(s, c, 'sr')) {
    if (sr.shared !== true || isToolsSr(sr as Record<string, unknown>)) continue;
    out.push({ ref, name: str(sr.name_label) || ref, description: str(sr.name_description) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** XenCenter's HAWizard.OnShown warning: the text, or null when no shared SR (but the tools SR) with PBDs is broken. */
export function brokenSrsWarning(s: ObjectsView, c: string): { text: string; srs: string[] } | null {
  const srs = entries(s, c, 'sr')
    .filter(([ref, sr]) => sr.shared === true && refs(sr.PBDs).length > 0 && !isToolsSr(sr as Record<string, unknown>) && srIsBroken(s, c, ref))
    .map(([ref, sr]) => str(sr.name_label) || ref)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return srs.length ? { text: 'The following SRs are broken. It is recommended you fix them before enabling HA.', srs } : null;
}

/** Why an SR cannot hold the heartbeat, from SR.assert_can_host_ha_statefile's error. */
export function unsuitableReason(code: string, words: string): string {
  if (code === 'SR_HAS_NO_PBDS') return 'The SR is currently detached.';
  return words;
}

// ---- the HA tab (HAPage) ----

export interface HaTabState {
  enabled: boolean;
  poolName: string;
  configured: { text: string; red: boolean };
  current: { text: string; red: boolean };
  srs: { ref: string; name: string }[];
  hosts: { ref: string; name: string; network: string; networkOk: boolean; srs: boolean[] }[];
}

/** The HA tab's contents for a pool (HAPage.generatePoolHABox). */
export function haTabState(s: ObjectsView, c: string, poolRef: string): HaTabState | undefined {
  const pool = record(s, c, 'pool', poolRef);
  if (!pool) return undefined;
  const ntol = int(pool.ha_host_failures_to_tolerate);
  const plan = int(pool.ha_plan_exists_for);
  const hosts = entries(s, c, 'host').sort(([, a], [, b]) => str(a.name_label).localeCompare(str(b.name_label), undefined, { numeric: true }));
  // The heartbeat SRs: those of the pool's statefile VDIs.
  const srRefs = [...new Set(refs(pool.ha_statefiles).map((v) => str(record(s, c, 'vdi', v)?.SR)).filter(Boolean))];
  const srs = srRefs.map((ref) => ({ ref, name: str(record(s, c, 'sr', ref)?.name_label) || ref })).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return {
    enabled: pool.ha_enabled === true,
    poolName: str(pool.name_label) || str(record(s, c, 'host', pool.master)?.name_label),
    configured: { text: ntol > 0 ? String(ntol) : '0 - HA cannot guarantee to restart your protected VMs after server failure', red: ntol === 0 },
    current: { text: plan === ntol ? String(plan) : `${plan} - pool is overcommitted`, red: ntol > plan },
    srs,
    hosts: hosts.map(([ref, h]) => {
      // ha_network_peers: the uuids of the hosts this one hears on the network, itself included.
      const peers = Array.isArray(h.ha_network_peers) ? h.ha_network_peers.length : 0;
      const network = peers === 0 ? 'Error' : peers === hosts.length ? 'Healthy' : `${peers} out of ${hosts.length} servers`;
      const own = new Set(refs(h.ha_statefiles).map((v) => str(record(s, c, 'vdi', v)?.SR)));
      return { ref, name: str(h.name_label) || ref, network, networkOk: peers === hosts.length, srs: srs.map((sr) => own.has(sr.ref)) };
    }),
  };
}

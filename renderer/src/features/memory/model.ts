// The Memory tab's pure model: a VM's static and dynamic ranges and the bar XenCenter draws for them,
// the Memory Settings dialog's rules (SEMANTICS.md §4: static_min ≤ dynamic_min ≤ dynamic_max ≤
// static_max; a running VM changes only its dynamic range, a halted one all four in one call), and a
// host's memory split between Xen, the control domain, each VM and what is free.
import { allows, isControlDomain } from '../../xapi-model/predicates';
import type { AppState, XRecord } from '../../state/store';
import { getRecord } from '../../xapi-model/lookup';
import { str } from '../../xapi-model/format';

type StoreView = Pick<AppState, 'objects'>;

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;

const num = (v: unknown): number => { const n = typeof v === 'number' ? v : Number(v); return Number.isFinite(n) ? n : 0; };

/** Memory as XenCenter writes it: MiB below a GiB, else GiB with up to two decimals ("1.5 GiB", "768 MiB"). */
export function formatMemory(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < GiB) return `${Math.round(bytes / MiB)} MiB`;
  return `${Number((bytes / GiB).toFixed(2))} GiB`;
}

export interface VmMemory {
  name: string;
  powerState: string;
  staticMin: number;
  staticMax: number;
  dynamicMin: number;
  dynamicMax: number;
  /** memory_actual of a running (or paused) VM, from VM_metrics. */
  actual?: number;
  /** From allowed_operations and the power state: the whole range (Halted) and/or the dynamic range. */
  canSetLimits: boolean;
  canSetDynamic: boolean;
}

export function vmMemory(s: StoreView, connectionId: string, ref: string): VmMemory | undefined {
  const vm = getRecord(s, connectionId, 'vm', ref);
  if (!vm) return undefined;
  const ps = str(vm.power_state);
  const metrics = getRecord(s, connectionId, 'vm_metrics', vm.metrics);
  const live = ps === 'Running' || ps === 'Paused';
  return {
    name: str(vm.name_label) || ref,
    powerState: ps,
    staticMin: num(vm.memory_static_min),
    staticMax: num(vm.memory_static_max),
    dynamicMin: num(vm.memory_dynamic_min),
    dynamicMax: num(vm.memory_dynamic_max),
    actual: live && metrics && num(metrics.memory_actual) > 0 ? num(metrics.memory_actual) : undefined,
    // xapi never lists changing_memory_limits in allowed_operations (SEMANTICS.md §1.3); it accepts it when
    // Halted, exactly where changing_static_range is listed.
    canSetLimits: ps === 'Halted' && (allows(vm, 'changing_memory_limits') || allows(vm, 'changing_static_range')),
    canSetDynamic: allows(vm, 'changing_dynamic_range'),
  };
}

export const isFixed = (m: Pick<VmMemory, 'dynamicMin' | 'dynamicMax' | 'staticMax'>): boolean =>
  m.dynamicMin === m.dynamicMax && m.dynamicMax === m.staticMax;

/** A mark on the bar: where (0..100 % of the scale) and what it says. */
export interface BarMark { pct: number; label: string; value: number; row: 0 | 1 }
export interface VmBar {
  /** The scale runs from 0 to static max. */
  scaleMax: number;
  /** The dynamic range, as a band. */
  dynamicFrom: number;
  dynamicTo: number;
  /** The memory the running VM has now, filled from 0. */
  actualPct?: number;
  marks: BarMark[];
}

const pct = (v: number, max: number) => (max > 0 ? Math.max(0, Math.min(100, (v / max) * 100)) : 0);

/** XenCenter's VM memory bar: 0..static max, the dynamic range as a band with its minimum and maximum marked,
 * static minimum marked when it is below the dynamic range, and the current memory filled. */
export function vmBar(m: VmMemory): VmBar {
  const scaleMax = Math.max(m.staticMax, m.dynamicMax, m.actual ?? 0, 1);
  const marks: BarMark[] = [];
  if (m.staticMin > 0 && m.staticMin < m.dynamicMin) marks.push({ pct: pct(m.staticMin, scaleMax), label: 'Static minimum', value: m.staticMin, row: 0 });
  if (m.dynamicMin !== m.dynamicMax) marks.push({ pct: pct(m.dynamicMin, scaleMax), label: 'Minimum', value: m.dynamicMin, row: 0 });
  marks.push({ pct: pct(m.dynamicMax, scaleMax), label: m.dynamicMin === m.dynamicMax ? 'Memory' : 'Maximum', value: m.dynamicMax, row: 0 });
  if (m.staticMax > m.dynamicMax) marks.push({ pct: 100, label: 'Static maximum', value: m.staticMax, row: 0 });
  // Labels closer than a sixth of the bar go on a second row, so that none overlaps its neighbour.
  let last = -100;
  for (const mk of marks) { if (mk.pct - last < 16 && mk.row === 0) { mk.row = 1; } else last = mk.pct; }
  return {
    scaleMax,
    // Fixed memory: the whole allotment, from 0 (a band of no width would not show).
    dynamicFrom: m.dynamicMin === m.dynamicMax ? 0 : pct(m.dynamicMin, scaleMax),
    dynamicTo: pct(m.dynamicMax, scaleMax),
    actualPct: m.actual === undefined ? undefined : pct(m.actual, scaleMax),
    marks,
  };
}

// ---------- Memory Settings ----------

export type MemoryMode = 'fixed' | 'dynamic';
export type MemoryUnit = 'MiB' | 'GiB';
export const UNIT_BYTES: Record<MemoryUnit, number> = { MiB, GiB };

/** What the dialog's fields hold (text as typed, in `unit`). */
export interface MemoryForm { mode: MemoryMode; fixed: string; min: string; max: string; unit: MemoryUnit }

/** The call the dialog sends. */
export interface MemoryCall { method: 'VM.set_memory_limits' | 'VM.set_memory_dynamic_range'; args: number[] }

export interface MemoryCheck {
  /** Why OK cannot be pressed, in words (per field when it can tell). */
  errors: { fixed?: string; min?: string; max?: string; form?: string };
  /** Said before applying, without blocking. */
  notes: string[];
  /** The call to send; null when nothing changed (OK just closes); undefined when there are errors. */
  call?: MemoryCall | null;
}

/** The form as the dialog opens it: the VM's own values in GiB when they are whole GiB-ish, else MiB. */
export function initialForm(m: VmMemory): MemoryForm {
  const values = [m.dynamicMin, m.dynamicMax, m.staticMax];
  const unit: MemoryUnit = values.every((v) => v >= GiB && (v % (GiB / 4) === 0)) ? 'GiB' : 'MiB';
  const text = (v: number) => String(Number((v / UNIT_BYTES[unit]).toFixed(unit === 'GiB' ? 2 : 0)));
  return { mode: isFixed(m) ? 'fixed' : 'dynamic', fixed: text(m.dynamicMax), min: text(m.dynamicMin), max: text(m.dynamicMax), unit };
}

/** Converts a field to bytes, rounded to the MiB as XenCenter sends; undefined for anything that is not a positive number. */
export function parseMemory(text: string, unit: MemoryUnit): number | undefined {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const bytes = Math.round((Number(t) * UNIT_BYTES[unit]) / MiB) * MiB;
  return bytes > 0 ? bytes : undefined;
}

/** Checks the form against the VM's ranges and power state, and says which call it would send.
 * Running: only the dynamic range (VM.set_memory_dynamic_range), within static max; Halted: all four
 * (VM.set_memory_limits), static max following the new maximum as XenCenter does. */
export function checkMemory(m: VmMemory, f: MemoryForm): MemoryCheck {
  const errors: MemoryCheck['errors'] = {};
  const notes: string[] = [];
  // Only the dynamic range can change: a running VM (XAPI allows changing_memory_limits only when Halted).
  const live = !m.canSetLimits;
  const why = m.powerState === 'Running' ? `'${m.name}' is running` : `The server does not allow the static maximum of '${m.name}' to change now`;
  if (!m.canSetLimits && !m.canSetDynamic) {
    errors.form = m.powerState === 'Suspended' || m.powerState === 'Paused'
      ? `'${m.name}' is ${m.powerState.toLowerCase()}: its memory can be changed when it is running or shut down`
      : `The server does not allow the memory of '${m.name}' to be changed now`;
    return { errors, notes };
  }
  const word = f.unit;
  let dmin: number | undefined;
  let dmax: number | undefined;
  if (f.mode === 'fixed') {
    const v = parseMemory(f.fixed, f.unit);
    if (v === undefined) errors.fixed = `Memory: enter a number of ${word} greater than 0`;
    dmin = dmax = v;
  } else {
    dmin = parseMemory(f.min, f.unit);
    dmax = parseMemory(f.max, f.unit);
    if (dmin === undefined) errors.min = `Minimum memory: enter a number of ${word} greater than 0`;
    if (dmax === undefined) errors.max = `Maximum memory: enter a number of ${word} greater than 0`;
    if (dmin !== undefined && dmax !== undefined && dmin > dmax) errors.min = 'Minimum memory cannot be more than the maximum memory';
  }
  if (dmin === undefined || dmax === undefined || Object.keys(errors).length) return { errors, notes };
  const field = f.mode === 'fixed' ? 'fixed' : 'max';
  if (live && dmax > m.staticMax) {
    errors[field] = `${why}: memory above its static maximum of ${formatMemory(m.staticMax)} needs the VM shut down first`;
    return { errors, notes };
  }
  // Below static min: XAPI refuses (MEMORY_CONSTRAINT_VIOLATION_ORDER); said here, the server has the last word.
  if (dmin < m.staticMin) notes.push(`${f.mode === 'fixed' ? 'Memory' : 'Minimum memory'} is below the VM's static minimum of ${formatMemory(m.staticMin)}: the server will refuse it`);
  let call: MemoryCall | null;
  if (live) {
    // A running VM's dialog says so above the fields; any other reason is said here.
    if (m.staticMax > dmax && m.powerState !== 'Running') notes.push(`${why}: its static maximum stays ${formatMemory(m.staticMax)}`);
    call = dmin === m.dynamicMin && dmax === m.dynamicMax ? null : { method: 'VM.set_memory_dynamic_range', args: [dmin, dmax] };
  } else {
    const smax = dmax;
    call = dmin === m.dynamicMin && dmax === m.dynamicMax && smax === m.staticMax ? null
      : { method: 'VM.set_memory_limits', args: [m.staticMin, smax, dmin, dmax] };
  }
  return { errors, notes, call };
}

// ---------- hosts ----------

export interface MemoryUse { label: string; bytes: number; kind: 'xen' | 'dom0' | 'vm'; ref?: string }
export interface HostMemory {
  ref: string;
  name: string;
  total: number;
  free: number;
  uses: MemoryUse[];
}

/** A resident VM's memory: memory_actual when it has metrics, else its dynamic maximum. */
const vmUse = (s: StoreView, c: string, vm: XRecord): number => {
  const metrics = getRecord(s, c, 'vm_metrics', vm.metrics);
  const actual = metrics ? num(metrics.memory_actual) : 0;
  return actual > 0 ? actual : num(vm.memory_dynamic_max);
};

/** A host's memory as XenCenter's host Memory tab splits it: Xen (the host's overhead and each domain's),
 * the control domain, each resident VM (by name), and free (host_metrics.memory_free). */
export function hostMemory(s: StoreView, connectionId: string, hostRef: string): HostMemory | undefined {
  const host = getRecord(s, connectionId, 'host', hostRef);
  if (!host) return undefined;
  const metrics = getRecord(s, connectionId, 'host_metrics', host.metrics);
  const vms = [...(s.objects.get(connectionId)?.get('vm') ?? new Map<string, XRecord>())]
    .filter(([, v]) => v.resident_on === hostRef && !v.is_a_template && (v.power_state === 'Running' || v.power_state === 'Paused'));
  let xen = num(host.memory_overhead);
  const dom0: MemoryUse[] = [];
  const guests: MemoryUse[] = [];
  for (const [ref, v] of vms) {
    xen += num(v.memory_overhead);
    if (isControlDomain(v)) dom0.push({ label: 'Control domain', bytes: vmUse(s, connectionId, v), kind: 'dom0', ref });
    else guests.push({ label: str(v.name_label) || ref, bytes: vmUse(s, connectionId, v), kind: 'vm', ref });
  }
  guests.sort((a, b) => a.label.localeCompare(b.label));
  return {
    ref: hostRef,
    name: str(host.name_label) || hostRef,
    total: num(metrics?.memory_total),
    free: num(metrics?.memory_free),
    uses: [{ label: 'Xen', bytes: xen, kind: 'xen' }, ...dom0, ...guests],
  };
}

/** The hosts of a pool's connection, by name. */
export function poolHosts(s: StoreView, connectionId: string): HostMemory[] {
  const hosts = [...(s.objects.get(connectionId)?.get('host')?.keys() ?? [])];
  return hosts.map((h) => hostMemory(s, connectionId, h)).filter((h): h is HostMemory => !!h).sort((a, b) => a.name.localeCompare(b.name));
}

/** A host bar's segments, as % of the total (or of what is used, if the figures exceed the total). */
export function hostSegments(h: HostMemory): Array<MemoryUse & { pct: number }> {
  const used = h.uses.reduce((n, u) => n + u.bytes, 0);
  const scale = Math.max(h.total, used, 1);
  return h.uses.filter((u) => u.bytes > 0).map((u) => ({ ...u, pct: (u.bytes / scale) * 100 }));
}

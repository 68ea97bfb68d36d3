// vCPU and memory choices of a new VM against SEMANTICS.md 4 (what the server would refuse) and the
// template's own limits (its "recommendations" XML), as messages a person can act on, and the order
// the VCPU setters must be called in so that no intermediate state breaks 0 < at_startup ≤ max.
import { elementsNamed } from './xml-attrs';

export interface CpuMemory {
  vcpusMax: number;
  vcpusAtStartup: number;
  /** platform "cores-per-socket"; null: the server's default topology. */
  coresPerSocket: number | null;
  /** Bytes. static_min is the template's and not offered for change (as in XenCenter). */
  staticMin: number;
  staticMax: number;
  dynamicMin: number;
  dynamicMax: number;
}

export interface TemplateLimits {
  vcpusMax?: number;
  memoryStaticMax?: number;
  memoryStaticMin?: number;
  /** number-of-vifs */
  vifsMax?: number;
}

export type CpuMemoryField = 'vcpusMax' | 'vcpusAtStartup' | 'coresPerSocket' | 'staticMax' | 'dynamicMin' | 'dynamicMax';
export interface FieldProblem { field: CpuMemoryField; message: string }

const MiB = 1024 * 1024;

/** "4 GiB", "512 MiB", "1.5 GiB". */
export function formatMemory(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${+(bytes / (1024 * MiB)).toFixed(2)} GiB`;
  return `${+(bytes / MiB).toFixed(1)} MiB`;
}

/** The template's restrictions (XenServer's default templates carry them; custom ones often do not). */
export function templateLimits(recommendations: string | undefined): TemplateLimits {
  const out: TemplateLimits = {};
  if (!recommendations) return out;
  for (const { attrs } of elementsNamed(recommendations, 'restriction')) {
    const what = attrs.field ?? attrs.property;
    const max = Number(attrs.max);
    const min = Number(attrs.min);
    if (what === 'vcpus-max' && max > 0) out.vcpusMax = max;
    else if (what === 'memory-static-max' && max > 0) out.memoryStaticMax = max;
    else if (what === 'memory-static-min' && min > 0) out.memoryStaticMin = min;
    else if (what === 'number-of-vifs' && max > 0) out.vifsMax = max;
  }
  return out;
}

/**
 * Problems with the choices, first the VCPU ones, then memory in the server's order rule
 * static_min ≤ dynamic_min ≤ dynamic_max ≤ static_max (else MEMORY_CONSTRAINT_VIOLATION_ORDER).
 * `hostPcpus`: the most physical CPUs of any server in the pool (more vCPUs cannot start:
 * HOST_NOT_ENOUGH_PCPUS).
 */
export function cpuMemoryProblems(v: CpuMemory, limits: TemplateLimits, hostPcpus?: number): FieldProblem[] {
  const out: FieldProblem[] = [];
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  if (!whole(v.vcpusMax)) out.push({ field: 'vcpusMax', message: 'The number of vCPUs must be a whole number of at least 1.' });
  else {
    if (limits.vcpusMax && v.vcpusMax > limits.vcpusMax) out.push({ field: 'vcpusMax', message: `This template allows at most ${limits.vcpusMax} vCPUs.` });
    if (hostPcpus && v.vcpusMax > hostPcpus) out.push({ field: 'vcpusMax', message: `No server in the pool has more than ${hostPcpus} physical CPUs, so a VM with ${v.vcpusMax} vCPUs could not start (HOST_NOT_ENOUGH_PCPUS).` });
  }
  if (!whole(v.vcpusAtStartup) || (whole(v.vcpusMax) && v.vcpusAtStartup > v.vcpusMax)) {
    out.push({ field: 'vcpusAtStartup', message: `vCPUs at startup must be between 1 and the number of vCPUs${whole(v.vcpusMax) ? ` (${v.vcpusMax})` : ''}: the server requires 0 < VCPUs_at_startup ≤ VCPUs_max.` });
  }
  if (v.coresPerSocket !== null && (!whole(v.coresPerSocket) || (whole(v.vcpusMax) && v.vcpusMax % v.coresPerSocket !== 0))) {
    out.push({ field: 'coresPerSocket', message: 'The number of vCPUs must be a multiple of the cores per socket.' });
  }
  const bytes = (n: number) => Number.isFinite(n) && n > 0;
  if (!bytes(v.staticMax)) out.push({ field: 'staticMax', message: 'Enter the maximum memory.' });
  if (!bytes(v.dynamicMin)) out.push({ field: 'dynamicMin', message: 'Enter the minimum dynamic memory.' });
  if (!bytes(v.dynamicMax)) out.push({ field: 'dynamicMax', message: 'Enter the maximum dynamic memory.' });
  if (out.some((p) => p.field === 'staticMax' || p.field === 'dynamicMin' || p.field === 'dynamicMax')) return out;
  if (limits.memoryStaticMax && v.staticMax > limits.memoryStaticMax) {
    out.push({ field: 'staticMax', message: `This template allows at most ${formatMemory(limits.memoryStaticMax)} of memory.` });
  }
  const floor = Math.max(v.staticMin, limits.memoryStaticMin ?? 0);
  if (v.dynamicMin < floor) {
    out.push({ field: 'dynamicMin', message: `Dynamic minimum must be at least ${formatMemory(floor)} (the static minimum; the server requires static min ≤ dynamic min).` });
  }
  if (v.dynamicMin > v.dynamicMax) out.push({ field: 'dynamicMin', message: 'Dynamic minimum must not exceed the dynamic maximum (dynamic min ≤ dynamic max).' });
  if (v.dynamicMax > v.staticMax) out.push({ field: 'dynamicMax', message: 'Dynamic maximum must not exceed the static maximum (dynamic max ≤ static max).' });
  return out;
}

export type VcpuCall = ['VM.set_VCPUs_max' | 'VM.set_VCPUs_at_startup', number];

/**
 * The VCPU setter calls from `current` to `next`: raise the maximum before the startup count,
 * lower the startup count before the maximum, so every intermediate state keeps
 * 0 < at_startup ≤ max (otherwise INVALID_VALUE). Unchanged values are not set.
 */
export function vcpuCalls(current: { max: number; atStartup: number }, next: { max: number; atStartup: number }): VcpuCall[] {
  const max: VcpuCall[] = next.max !== current.max ? [['VM.set_VCPUs_max', next.max]] : [];
  const start: VcpuCall[] = next.atStartup !== current.atStartup ? [['VM.set_VCPUs_at_startup', next.atStartup]] : [];
  return next.max >= current.atStartup ? [...max, ...start] : [...start, ...max];
}

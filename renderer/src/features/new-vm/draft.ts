// The wizard's choices (a draft), their defaults from a template (as XenCenter chooses them),
// the problems that keep each page from going on, and the request they become. Pure.
import type { StoreView } from '../../state/store';
import { str } from '../../xapi-model/format';
import { isRef } from '../../xapi-model/refs';
import { isSnapshot } from '../../xapi-model/predicates';
import { record, type XRec } from '../../xapi-model/records';
import { MAC_PATTERN, macAddressProblem, macsInUse } from '../../xapi-model/mac';
import { parseProvisionDisks } from '../../../../shared/new-vm/provision-disks';
import { cpuMemoryProblems, templateLimits, type FieldProblem } from '../../../../shared/new-vm/cpu-memory';
import type { NewVmSpec } from '../../../../shared/new-vm/spec';
import { hostItems, isoItems, networkItems, srItems } from './catalog';

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
/** XenCenter's limit for a new VM's interfaces when the template says nothing. */
export const DEFAULT_MAX_VIFS = 7;

export interface DiskRow {
  key: string;
  /** provision: from the template's "disks"; template: a custom template's own disk. */
  kind: 'provision' | 'template';
  device: string;
  /** Size in GiB as typed (NaN when not a number). */
  sizeGiB: number;
  /** Smallest size allowed in bytes (a copied disk cannot shrink). */
  minBytes: number;
  srRef: string;
  vdiRef?: string;
}

export interface VifRow { key: number; networkRef: string; mac: string }

export interface Draft {
  templateRef: string | null;
  name: string;
  description: string;
  install: 'iso' | 'network' | 'none';
  isoRef: string;
  homeHostRef: string | null;
  vcpusMax: number;
  vcpusAtStartup: number;
  coresPerSocket: number | null;
  staticMinMiB: number;
  staticMaxMiB: number;
  dynamicMinMiB: number;
  dynamicMaxMiB: number;
  disks: DiskRow[];
  vifs: VifRow[];
  start: boolean;
}

export const PAGES = ['Template', 'Name', 'Installation Media', 'Home Server', 'CPU & Memory', 'Storage', 'Networking', 'Finish'] as const;
export type PageName = (typeof PAGES)[number];

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);
const roundGiB = (bytes: number): number => Math.round((bytes / GiB) * 100) / 100;

export function emptyDraft(homeHostRef: string | null = null): Draft {
  return {
    templateRef: null, name: '', description: '', install: 'none', isoRef: '', homeHostRef, vcpusMax: 1, vcpusAtStartup: 1, coresPerSocket: null,
    staticMinMiB: 0, staticMaxMiB: 0, dynamicMinMiB: 0, dynamicMaxMiB: 0, disks: [], vifs: [], start: true,
  };
}

/** The template's own disks (Disk VBDs with a VDI) with their VDI records. */
function ownDisks(s: StoreView, c: string, tpl: XRec<'vm'>): Array<{ device: string; vdiRef: string; vdi: XRec<'vdi'> }> {
  const out = [];
  for (const b of Array.isArray(tpl.VBDs) ? tpl.VBDs : []) {
    const vbd = record(s, c, 'vbd', b);
    if (!vbd || vbd.type !== 'Disk' || vbd.empty === true || !isRef(vbd.VDI)) continue;
    const vdi = record(s, c, 'vdi', vbd.VDI);
    if (vdi) out.push({ device: str(vbd.userdevice), vdiRef: vbd.VDI, vdi });
  }
  return out.sort((a, b) => Number(a.device) - Number(b.device));
}

/** Every choice set from the template, keeping what is not the template's (name typed, home server). */
export function draftFromTemplate(s: StoreView, c: string, templateRef: string, prev: Draft): Draft {
  const tpl = record(s, c, 'vm', templateRef);
  if (!tpl) return { ...prev, templateRef: null };
  const srs = srItems(s, c);
  const defaultSr = (srs.find((x) => x.isDefault) ?? srs[0])?.ref ?? '';
  const own = ownDisks(s, c, tpl);
  const disks: DiskRow[] = [
    ...parseProvisionDisks(str((tpl.other_config as Record<string, unknown> | undefined)?.disks)).map((d, i): DiskRow => ({
      key: `p${i}`, kind: 'provision', device: d.device, sizeGiB: roundGiB(d.size), minBytes: 0, srRef: defaultSr,
    })),
    ...own.map((d): DiskRow => ({
      key: `t${d.vdiRef}`, kind: 'template', device: d.device, sizeGiB: roundGiB(num(d.vdi.virtual_size)), minBytes: num(d.vdi.virtual_size),
      srRef: str(d.vdi.SR), vdiRef: d.vdiRef,
    })),
  ];
  const tplVifs = (Array.isArray(tpl.VIFs) ? tpl.VIFs : []).map((v) => record(s, c, 'vif', v)).filter((v): v is XRec<'vif'> => !!v)
    .sort((a, b) => num(a.device) - num(b.device));
  const nets = tplVifs.length ? tplVifs.map((v) => str(v.network)) : networkItems(s, c).filter((n) => n.auto).map((n) => n.ref);
  const cps = Number(str((tpl.platform as Record<string, unknown> | undefined)?.['cores-per-socket']));
  // A snapshot has its operating system installed already, whatever its disks.
  const custom = own.length > 0 || isSnapshot(tpl);
  const isos = isoItems(s, c);
  return {
    ...prev,
    templateRef,
    name: prev.name && prev.templateRef ? prev.name : str(tpl.name_label),
    install: custom || isos.length === 0 ? 'none' : 'iso',
    isoRef: '',
    vcpusMax: num(tpl.VCPUs_max) || 1,
    vcpusAtStartup: num(tpl.VCPUs_at_startup) || 1,
    coresPerSocket: Number.isInteger(cps) && cps > 0 ? cps : null,
    staticMinMiB: Math.round(num(tpl.memory_static_min) / MiB),
    staticMaxMiB: Math.round(num(tpl.memory_static_max) / MiB),
    dynamicMinMiB: Math.round(num(tpl.memory_dynamic_min) / MiB),
    dynamicMaxMiB: Math.round(num(tpl.memory_dynamic_max) / MiB),
    disks,
    vifs: nets.map((networkRef, i) => ({ key: i, networkRef, mac: '' })),
  };
}

export interface PageContext { store: StoreView; connectionId: string }

export function cpuMemoryOf(d: Draft) {
  return {
    vcpusMax: d.vcpusMax, vcpusAtStartup: d.vcpusAtStartup, coresPerSocket: d.coresPerSocket,
    staticMin: d.staticMinMiB * MiB, staticMax: d.staticMaxMiB * MiB, dynamicMin: d.dynamicMinMiB * MiB, dynamicMax: d.dynamicMaxMiB * MiB,
  };
}

export function templateOf(ctx: PageContext, d: Draft): XRec<'vm'> | undefined {
  return d.templateRef ? record(ctx.store, ctx.connectionId, 'vm', d.templateRef) : undefined;
}

/** The CPU & Memory page's problems by field. */
export function cpuMemoryPageProblems(ctx: PageContext, d: Draft): FieldProblem[] {
  const tpl = templateOf(ctx, d);
  const limits = templateLimits(str(tpl?.recommendations));
  const pcpus = Math.max(0, ...hostItems(ctx.store, ctx.connectionId).filter((h) => h.usable).map((h) => h.pcpus));
  return cpuMemoryProblems(cpuMemoryOf(d), limits, pcpus || undefined);
}

/** Why a page cannot go on (empty: it can). */
export function pageProblems(page: PageName, ctx: PageContext, d: Draft): string[] {
  const tpl = templateOf(ctx, d);
  switch (page) {
    case 'Template': return tpl ? [] : ['Choose a template.'];
    case 'Name': return d.name.trim() ? [] : ['Enter a name for the new VM.'];
    case 'Installation Media':
      if (d.install === 'iso' && !d.isoRef) return ['Choose an ISO image, or another installation method.'];
      if (d.install === 'network' && str(tpl?.HVM_boot_policy) === '') return ['This template boots paravirtualized: it cannot boot from the network.'];
      return [];
    case 'Home Server': {
      const h = d.homeHostRef ? hostItems(ctx.store, ctx.connectionId).find((x) => x.ref === d.homeHostRef) : undefined;
      return d.homeHostRef && !h?.usable ? ['The chosen server is not available (not live or disabled).'] : [];
    }
    case 'CPU & Memory': return cpuMemoryPageProblems(ctx, d).map((p) => p.message);
    case 'Storage': return storageProblems(ctx, d);
    case 'Networking': return networkProblems(ctx, d);
    case 'Finish': return [];
  }
}

function storageProblems(ctx: PageContext, d: Draft): string[] {
  const out: string[] = [];
  const srs = new Map(srItems(ctx.store, ctx.connectionId).map((s) => [s.ref, s]));
  for (const disk of d.disks) {
    const bytes = disk.sizeGiB * GiB;
    if (!(bytes > 0)) out.push(`Disk ${disk.device}: enter a size.`);
    // Sizes are typed to 0.01 GiB: allow the rounding below the copied disk's exact size.
    else if (bytes < disk.minBytes - 0.005 * GiB) out.push(`Disk ${disk.device}: a copied disk cannot be smaller than it is (${roundGiB(disk.minBytes)} GiB).`);
    if (!srs.has(disk.srRef)) out.push(`Disk ${disk.device}: choose a storage repository.`);
  }
  const own = d.disks.filter((x) => x.kind === 'template');
  if (new Set(own.map((x) => x.srRef)).size > 1) out.push("The template's own disks are copied together: put them on one storage repository.");
  // Local storage ties the VM to its server.
  const local = [...new Set(d.disks.map((x) => srs.get(x.srRef)).filter((s) => s && !s.shared).map((s) => s!.hosts[0]))];
  if (local.length > 1) out.push('The disks are on local storage of different servers: no server could run the VM.');
  else if (local.length === 1 && d.homeHostRef && local[0] !== d.homeHostRef) out.push('A disk is on local storage of a server other than the home server.');
  return out;
}

function networkProblems(ctx: PageContext, d: Draft): string[] {
  const out: string[] = [];
  const limit = templateLimits(str(templateOf(ctx, d)?.recommendations)).vifsMax ?? DEFAULT_MAX_VIFS;
  if (d.vifs.length > limit) out.push(`A VM from this template can have at most ${limit} network interfaces.`);
  const nets = new Set(networkItems(ctx.store, ctx.connectionId).map((n) => n.ref));
  const inUse = macsInUse(ctx.store, ctx.connectionId);
  d.vifs.forEach((v, i) => {
    if (!nets.has(v.networkRef)) out.push(`Interface ${i}: choose a network.`);
    if (!v.mac.trim()) return;
    if (!MAC_PATTERN.test(v.mac.trim())) { out.push(`Interface ${i}: the MAC address must be six hex pairs separated by colons, or empty for an automatic one.`); return; }
    const problem = macAddressProblem(v.mac, inUse, d.vifs.slice(0, i).map((x) => x.mac));
    if (problem) out.push(`Interface ${i}: ${problem}`);
  });
  return out;
}

/** Bytes asked of each SR (for the free-space warning). */
export function bytesPerSr(d: Draft): Map<string, number> {
  const m = new Map<string, number>();
  for (const disk of d.disks) if (disk.sizeGiB > 0) m.set(disk.srRef, (m.get(disk.srRef) ?? 0) + Math.round(disk.sizeGiB * GiB));
  return m;
}

export function toSpec(connectionId: string, d: Draft): NewVmSpec {
  const own = d.disks.filter((x) => x.kind === 'template');
  return {
    connectionId,
    templateRef: d.templateRef ?? '',
    name: d.name.trim(),
    description: d.description,
    homeHostRef: d.homeHostRef,
    install: d.install === 'iso' ? { kind: 'iso', vdiRef: d.isoRef } : { kind: d.install },
    vcpusMax: d.vcpusMax,
    vcpusAtStartup: d.vcpusAtStartup,
    coresPerSocket: d.coresPerSocket,
    memory: { staticMax: d.staticMaxMiB * MiB, dynamicMin: d.dynamicMinMiB * MiB, dynamicMax: d.dynamicMaxMiB * MiB },
    provisionDisks: d.disks.filter((x) => x.kind === 'provision').map((x) => ({ device: x.device, srRef: x.srRef, size: Math.round(x.sizeGiB * GiB) })),
    templateDisks: own.map((x) => ({ vdiRef: x.vdiRef!, size: Math.max(x.minBytes, Math.round(x.sizeGiB * GiB)) })),
    templateDiskSr: own[0]?.srRef ?? null,
    vifs: d.vifs.map((v) => ({ networkRef: v.networkRef, mac: v.mac.trim().toLowerCase() })),
    start: d.start,
  };
}

/** Above this many vCPUs no topology is offered: no server has as many, and listing divisors of a
 * number typed by mistake (123456789012) must not hang the page. */
export const MAX_TOPOLOGY_VCPUS = 1024;

/** The cores-per-socket choices for this many vCPUs: its divisors (none for a number that is not a count). */
export function topologyChoices(vcpus: number): number[] {
  if (!Number.isInteger(vcpus) || vcpus < 1 || vcpus > MAX_TOPOLOGY_VCPUS) return [];
  const out: number[] = [];
  for (let n = 1; n <= vcpus; n++) if (vcpus % n === 0) out.push(n);
  return out;
}

// What a pool offers the New VM wizard, read from the store: templates (grouped as XenCenter
// lists them), ISO images, servers, storage repositories and networks. Pure functions of the store.
import { parseXapiDate, type StoreView, type XRecord } from '../../state/store';
import { str } from '../../xapi-model/format';
import { isRef } from '../../xapi-model/refs';
import { srDisplayName } from '../../xapi-model/names';
import { allows, isSnapshot, listsOperations } from '../../xapi-model/predicates';
import { entries, record, table, type XRec } from '../../xapi-model/records';

export interface TemplateItem {
  ref: string; name: string; description: string; group: string; custom: boolean; hvm: boolean;
  /** A snapshot (New VM from Snapshot): the name of the VM it was taken of, and when (ms since epoch). */
  snapshot?: { of: string; taken: number };
}
export interface IsoItem { ref: string; name: string; srName: string }
export interface HostItem { ref: string; name: string; usable: boolean; pcpus: number; freeMemory: number }
export interface SrItem { ref: string; name: string; isDefault: boolean; shared: boolean; free: number; hosts: string[] }
export interface NetworkItem { ref: string; name: string; auto: boolean }

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name, undefined, { numeric: true });
const pool = (s: StoreView, c: string): XRec<'pool'> | undefined => table(s, c, 'pool')[0];
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);

/** XenCenter's template groups: the pool's own templates first, then the shipped ones by family, then snapshots. */
export const TEMPLATE_GROUPS = ['Custom templates', 'Windows', 'Linux', 'Other', 'Snapshots'] as const;

function familyOf(name: string): string {
  if (/windows/i.test(name)) return 'Windows';
  if (/debian|ubuntu|centos|rocky|alma|red hat|rhel|suse|sles|oracle|fedora|linux|coreos|gooroom|neokylin|kylin/i.test(name)) return 'Linux';
  return 'Other';
}

/**
 * Templates, grouped; `filter` matches name or description. Snapshots are not templates to choose
 * from, except `snapshotRef`: the snapshot New VM from Snapshot… opened the wizard with (group "Snapshots").
 */
export function templateItems(s: StoreView, c: string, filter = '', snapshotRef?: string): TemplateItem[] {
  const q = filter.trim().toLowerCase();
  const out: TemplateItem[] = [];
  for (const [ref, vm] of entries(s, c, 'vm')) {
    const snapshot = isSnapshot(vm);
    if (vm.is_a_template !== true || (snapshot && ref !== snapshotRef)) continue;
    const name = str(vm.name_label) || ref;
    const description = str(vm.name_description);
    if (q && !name.toLowerCase().includes(q) && !description.toLowerCase().includes(q)) continue;
    if (snapshot) {
      const of = str(record(s, c, 'vm', vm.snapshot_of)?.name_label);
      out.push({ ref, name, description, custom: true, group: 'Snapshots', hvm: str(vm.HVM_boot_policy) !== '', snapshot: { of, taken: parseXapiDate(vm.snapshot_time) } });
      continue;
    }
    const custom = vm.is_default_template !== true && !('default_template' in ((vm.other_config ?? {}) as XRecord));
    out.push({ ref, name, description, custom, group: custom ? 'Custom templates' : familyOf(name), hvm: str(vm.HVM_boot_policy) !== '' });
  }
  const rank = (g: string) => TEMPLATE_GROUPS.indexOf(g as (typeof TEMPLATE_GROUPS)[number]);
  return out.sort((a, b) => rank(a.group) - rank(b.group) || byName(a, b));
}

const isIsoSr = (sr: XRec<'sr'> | undefined): boolean => str(sr?.content_type) === 'iso' || str(sr?.type) === 'iso';

/** ISO images of the pool's ISO libraries, by library then name. */
export function isoItems(s: StoreView, c: string): IsoItem[] {
  const out: IsoItem[] = [];
  for (const [ref, vdi] of entries(s, c, 'vdi')) {
    const sr = record(s, c, 'sr', vdi.SR);
    if (!isIsoSr(sr) || isSnapshot(vdi)) continue;
    out.push({ ref, name: str(vdi.name_label) || ref, srName: str(sr?.name_label) });
  }
  return out.sort((a, b) => a.srName.localeCompare(b.srName) || byName(a, b));
}

/** The pool's servers; usable = live and enabled (the only ones a VM can be placed on). */
export function hostItems(s: StoreView, c: string): HostItem[] {
  const out: HostItem[] = [];
  for (const [ref, h] of entries(s, c, 'host')) {
    const m = record(s, c, 'host_metrics', h.metrics);
    const cpu = (h.cpu_info ?? {}) as XRecord;
    out.push({ ref, name: str(h.name_label) || ref, usable: h.enabled === true && m?.live === true, pcpus: num(cpu.cpu_count), freeMemory: num(m?.memory_free) });
  }
  return out.sort(byName);
}

/** SRs a new disk can go on: not ISO libraries, plugged somewhere; the pool's default first. */
export function srItems(s: StoreView, c: string): SrItem[] {
  const def = str(pool(s, c)?.default_SR);
  const out: SrItem[] = [];
  for (const [ref, sr] of entries(s, c, 'sr')) {
    if (isIsoSr(sr) || str(sr.type) === 'udev' || str(sr.content_type) === 'tools') continue;
    // No allowed_operations field at all does not forbid it (older servers' records).
    if (listsOperations(sr) && !allows(sr, 'vdi_create')) continue;
    const hosts: string[] = [];
    for (const p of Array.isArray(sr.PBDs) ? sr.PBDs : []) {
      const pbd = record(s, c, 'pbd', p);
      if (pbd?.currently_attached === true && isRef(pbd.host)) hosts.push(pbd.host);
    }
    if (hosts.length === 0) continue;
    out.push({ ref, name: str(sr.name_label) || ref, isDefault: ref === def, shared: sr.shared === true, free: Math.max(0, num(sr.physical_size) - num(sr.physical_utilisation)), hosts });
  }
  return out.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || byName(a, b) || a.hosts.join().localeCompare(b.hosts.join()));
}

/** Networks a VIF can be on (not the host-internal ones); `auto`: XenCenter adds a VIF on it by default. */
export function networkItems(s: StoreView, c: string): NetworkItem[] {
  const out: NetworkItem[] = [];
  for (const [ref, n] of entries(s, c, 'network')) {
    const oc = (n.other_config ?? {}) as XRecord;
    if (str(oc.is_host_internal_management_network) === 'true' || str(oc.is_guest_installer_network) === 'true') continue;
    out.push({ ref, name: str(n.name_label) || ref, auto: str(oc.automatic) === 'true' });
  }
  return out.sort(byName);
}

/** An SR's name as the lists show it: local storage carries its server's name. */
export function srLabel(s: StoreView, c: string, sr: SrItem): string {
  return `${srDisplayName(s, c, sr.ref)}${sr.isDefault ? ' (default)' : ''}`;
}

// The Server Status Report wizard's pure parts (XenCenter's BugToolWizard): which servers can report
// (connected pools' live hosts), the capability rows' names and estimates, the totals of what is
// checked (times the number of servers), and the zip's default name.
import { CLIENT_LOGS_KEY, STATUS_REPORT_ACTION, statusReportBlocked, type StatusCapability } from '../../../../shared/ipc/areas/status-report';
import { missingRole, ROLE_WORDS } from '../../../../shared/xapi/roles';
import type { StoreView } from '../../state/store';
import { entries, record } from '../../xapi-model/records';
import { connectionDisplayName } from '../../xapi-model/names';
import { formatBytes } from '../../xapi-model/format';

/** XenCenter's names for the capability keys (FriendlyNames "Label-host.system_status-<key>"); others show the key. */
const NAMES: Record<string, string> = {
  blobs: 'User-created binary objects', 'boot-loader': 'Boot loader configuration', conntest: 'Connection test',
  'control-slice': 'Control group statistics', 'device-model': 'Device model', 'disk-info': 'Disk information', fcoe: 'FCoE logs',
  filesystem_summarise: 'Changed files', firstboot: 'First-boot scripts', 'hardware-info': 'Hardware information',
  'hdparm-t': 'Local disk performance test', 'high-availability': 'High availability', 'host-crashdump-dumps': 'Crash dump files',
  'host-crashdump-logs': 'Crash dump logs', 'kernel-info': 'Kernel information', 'loopback-devices': 'Loopback devices',
  'message-switch': 'Internal message logs', multipath: 'Multipathing configuration', 'network-config': 'Network scripts',
  'network-status': 'Network status', 'NVIDIA-logs': 'NVIDIA Graphics Driver logs', observer: 'Observability Traces and Metrics',
  oem: 'OEM-specific logs', pam: 'Authentication module configuration', 'persistent-stats': 'Persistent statistics',
  'process-list': 'Process listing', 'system-info': 'System configuration', 'system-logs': 'System logs', 'system-services': 'System services',
  'tapdisk-logs': 'Storage subsystem logs', tboot: 'Measured boot logs', v6d: 'Server licensing daemon',
  'VM-snapshot-schedule': 'Scheduled snapshots log files', vncterm: 'VNCTerm crash dumps', vtpm: 'vTPM', wlb: 'Workload Balancing status',
  X11: 'X server logs', 'X11-auth': 'X11 authority', xapi: 'Server daemon internal logs', 'xapi-clusterd': 'Server cluster management daemon',
  'xapi-debug': 'Server daemon crash dumps', 'xapi-subprocess': 'Server daemon subprocesses', 'xcp-rrdd-plugins': 'RRD plug-in logs',
  'xen-info': 'Hypervisor configuration', xenopsd: 'VM internal diagnostics', 'xenserver-config': 'Server configuration',
  'xenserver-databases': 'Server database', 'xenserver-domains': 'Server domains list', 'xenserver-install': 'Server installation log files',
  'xenserver-logs': 'Server logs', xenvm: 'Volume manager logs', 'xha-liveset': 'High availability liveset',
  xscontainer: 'Container management logs', xspvscache: 'PVS-Accelerator Status', yum: 'RPM package database',
};

export const capabilityName = (key: string): string => (key === CLIENT_LOGS_KEY ? 'PoolDesk logs' : NAMES[key] ?? key);

/**
 * The client's own item, as XenCenter adds "client-logs" to every host list: checked by default, High
 * confidentiality (the log names servers and users), its size unknown here (the log lives in main).
 */
export const CLIENT_CAPABILITY: StatusCapability = {
  key: CLIENT_LOGS_KEY, contentType: 'text/plain', defaultChecked: true, minSize: -1, maxSize: -1, minTime: -1, maxTime: -1, pii: 'yes',
};

/** XenCenter's confidentiality column (PII tooltips), most private first as it sorts them. */
export const PII_TEXT: Record<StatusCapability['pii'], string> = {
  yes: 'These files will contain personally identifiable information.',
  maybe: 'These files may contain personally identifiable information.',
  customized: 'These files may contain personally identifiable information if customized.',
  no: 'These files will contain no personally identifiable information.',
};
export const PII_LABEL: Record<StatusCapability['pii'], string> = { yes: 'High', maybe: 'Medium', customized: 'Low', no: 'None' };

const seconds = (s: number): string => (s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1).replace(/\.0$/, '')} h`);

/** Helpers.StringFromMaxMinSize: -1 is unknown; both unknown is "Negligible". */
function range(min: number, max: number, unit: (n: number) => string): string {
  if (min < 0 && max < 0) return 'Negligible';
  if (min < 0) return `< ${unit(max)}`;
  if (max < 0) return `> ${unit(min)}`;
  return min === max ? unit(max) : `${unit(min)} - ${unit(max)}`;
}
export const sizeEstimate = (c: Pick<StatusCapability, 'minSize' | 'maxSize'>): string => range(c.minSize, c.maxSize, formatBytes);
export const timeEstimate = (c: Pick<StatusCapability, 'minTime' | 'maxTime'>): string => range(c.minTime, c.maxTime, seconds);

/** The totals of the checked capabilities for `hosts` servers: known bounds summed, unknown ones left out. */
export function totals(caps: readonly StatusCapability[], checked: ReadonlySet<string>, hosts: number): { size: string; time: string } {
  const sel = caps.filter((c) => checked.has(c.key));
  const sum = (f: (c: StatusCapability) => number) => {
    const known = sel.map(f).filter((v) => v >= 0);
    return known.length ? known.reduce((a, b) => a + b, 0) * hosts : -1;
  };
  return {
    size: range(sum((c) => c.minSize), sum((c) => c.maxSize), formatBytes),
    time: range(sum((c) => c.minTime), sum((c) => c.maxTime), seconds),
  };
}

/** The capabilities every chosen server offers (XenCenter intersects the hosts' lists), in the first one's order, after the client's own item. */
export function common(lists: readonly (readonly StatusCapability[])[]): StatusCapability[] {
  if (!lists.length) return [];
  const keys = lists.slice(1).map((l) => new Set(l.map((c) => c.key)));
  return [CLIENT_CAPABILITY, ...lists[0].filter((c) => c.key !== CLIENT_LOGS_KEY && keys.every((k) => k.has(c.key)))];
}

export const defaultChecked = (caps: readonly StatusCapability[]): Set<string> => new Set(caps.filter((c) => c.defaultChecked).map((c) => c.key));

/** "status-report-yyyy-MM-dd-HH-mm-ss.zip", as XenCenter names it (local time). */
export function defaultFileName(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `status-report-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}.zip`;
}

export interface ServerChoice { connectionId: string; hostRef: string; name: string }
/** `blocked`: why its servers cannot be chosen (the connection's role lacks http/get_system_status), as XenCenter's RBAC check says it. */
export interface PoolChoice { connectionId: string; name: string; hosts: ServerChoice[]; blocked?: string }

/** The connected servers' live hosts, by pool (GenericSelectHostsPage: only live hosts can report), each pool blocked when its role cannot report. */
export function reportableServers(s: StoreView): PoolChoice[] {
  const out: PoolChoice[] = [];
  for (const c of s.connections.values()) {
    if (c.status !== 'connected') continue;
    const hosts: ServerChoice[] = [];
    for (const [ref, h] of entries(s, c.id, 'host')) {
      const live = record(s, c.id, 'host_metrics', h.metrics)?.live;
      if (live === false) continue;
      hosts.push({ connectionId: c.id, hostRef: ref, name: typeof h.name_label === 'string' && h.name_label ? h.name_label : ref });
    }
    if (!hosts.length) continue;
    hosts.sort((a, b) => a.name.localeCompare(b.name));
    const pool = entries(s, c.id, 'pool')[0]?.[1];
    const poolName = typeof pool?.name_label === 'string' && pool.name_label ? pool.name_label : connectionDisplayName(s, c);
    const blocked = c.role && missingRole(c.role, STATUS_REPORT_ACTION) ? statusReportBlocked(ROLE_WORDS[c.role]) : undefined;
    out.push({ connectionId: c.id, name: poolName, hosts, ...(blocked ? { blocked } : {}) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export const choiceKey = (h: { connectionId: string; hostRef: string }): string => `${h.connectionId}|${h.hostRef}`;

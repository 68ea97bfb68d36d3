// One XAPI message as an alert in words, as XenCenter's MessageAlert (and AlarmMessageAlert for
// perfmon's ALARM): its title ("web-01: VM Started"), its description (the friendly body when XenCenter
// has one, else the server's body), its severity, the object and the pool it applies to.
import type { StoreView, XRecord } from '../../state/store';
import { parseXapiDate } from '../../state/store';
import { serverName } from '../../framework/availability';
import { MESSAGE_BODIES, MESSAGE_TITLES } from './friendly-names';
import { ALARM_TITLES, alarmDescription, alarmPriority, parseAlarm } from './alarm';

export interface Alert {
  /** connectionId + NUL + message ref. */
  key: string;
  connectionId: string;
  ref: string;
  uuid: string;
  /** The message's name as XAPI gives it (VM_STARTED). */
  name: string;
  /** 1 critical … 5 informational; 0 unknown. */
  priority: number;
  title: string;
  description: string;
  /** The object the message is about, when this client knows it. */
  object?: { cls: string; ref: string; name: string };
  /** The pool (or server) name: XenCenter's "Applies To". */
  appliesTo: string;
  /** ms since the epoch. */
  timestamp: number;
  /** The words the text filter looks in, lower-cased once here rather than on every keystroke. */
  search: string;
}

/** XenCenter's severity words (SEVERITY_FILTER_n). */
export const SEVERITY_WORDS: Readonly<Record<number, string>> = {
  0: 'Unknown', 1: 'Critical', 2: 'Major', 3: 'Warning', 4: 'Minor', 5: 'Information',
};
/** What each severity means (SEVERITY_FILTER_n_DETAIL), for the filter menu. */
export const SEVERITY_DETAILS: Readonly<Record<number, string>> = {
  0: 'Unknown severity', 1: 'Data loss imminent', 2: 'Service loss imminent', 3: 'Service degraded', 4: 'Service recovered', 5: 'Informational',
};

/** The store classes a message's cls names (XAPI's "VM", "Host", "SR", …). */
const CLASS_OF: Readonly<Record<string, string>> = {
  VM: 'vm', Host: 'host', SR: 'sr', Pool: 'pool', VMPP: 'vmpp', VMSS: 'vmss', PVS_proxy: 'pvs_proxy', VDI: 'vdi', Certificate: 'certificate',
};
export const MESSAGE_OBJECT_CLASSES: readonly string[] = Object.values(CLASS_OF);

/** uuid -> the object, over the classes messages name: built once per list, not once per message. */
export type UuidIndex = Map<string, { cls: string; ref: string; rec: XRecord }>;

export function uuidIndex(s: StoreView, connectionId: string): UuidIndex {
  const index: UuidIndex = new Map();
  const conn = s.objects.get(connectionId);
  for (const cls of MESSAGE_OBJECT_CLASSES) {
    for (const [ref, rec] of conn?.get(cls) ?? []) if (typeof rec.uuid === 'string') index.set(rec.uuid, { cls, ref, rec });
  }
  return index;
}

/** Helpers.GetNameAndObject's words (POOL_X, SERVER_X, VM_X, STORAGE_REPOSITORY_X). */
const OBJECT_WORDS: Readonly<Record<string, string>> = { pool: 'pool', host: 'server', vm: 'VM', sr: 'storage repository' };

function nameOf(rec: XRecord): string {
  return typeof rec.name_label === 'string' ? rec.name_label : '';
}

/** A server counts as a pool (XenCenter's Helpers.IsPool) when its pool has a name or several hosts. */
export function isPool(s: StoreView, connectionId: string): boolean {
  const conn = s.objects.get(connectionId);
  const pool = conn?.get('pool')?.values().next().value;
  return (pool !== undefined && nameOf(pool) !== '') || (conn?.get('host')?.size ?? 0) > 1;
}

const fill = (format: string, ...args: string[]): string => format.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? '');

/** Names that take the object's name alone as {0} in their friendly body (MessageAlert.Description). */
const OBJECT_BODIES = new Set([
  'ha_heartbeat_approaching_timeout', 'ha_host_failed', 'ha_host_was_fenced', 'ha_protected_vm_restart_failed', 'ha_statefile_approaching_timeout',
  'ha_statefile_lost', 'ha_xapi_healthcheck_approaching_timeout', 'license_does_not_support_pooling', 'pbd_plug_failed_on_server_start', 'vm_cloned',
  'vm_crashed', 'vm_rebooted', 'vm_resumed', 'vm_shutdown', 'vm_started', 'vm_suspended', 'metadata_lun_broken', 'metadata_lun_healthy',
  'license_server_unreachable', 'license_server_version_obsolete', 'grace_license', 'license_not_available', 'license_expired',
  'license_server_connected', 'license_server_unavailable', 'host_clock_went_backwards', 'pool_cpu_features_up', 'pool_cpu_features_down',
  'host_cpu_features_up', 'host_cpu_features_down', 'vdi_cbt_resize_failed', 'vdi_cbt_snapshot_failed', 'vdi_cbt_metadata_inconsistent',
  'cluster_host_fencing', 'cluster_host_enable_failed', 'vm_secure_boot_failed', 'tls_verification_emergency_disabled', 'license_expires_soon',
  'gfs2_capacity',
]);

function describe(name: string, body: string, objectName: string | undefined, poolName: string): string {
  const key = name.toLowerCase();
  if (objectName === undefined) return body;
  const format = MESSAGE_BODIES[key];
  if (OBJECT_BODIES.has(key) && format) return fill(format, objectName);
  if ((key === 'host_clock_skew_detected' || key === 'pool_master_transition') && format) return fill(format, objectName, poolName);
  if (key === 'ha_pool_drop_in_plan_exists_for' || key === 'ha_pool_overcommitted') {
    const n = /^\s*-?\d+\s*$/.test(body) ? parseInt(body, 10) : NaN;
    if (!Number.isNaN(n)) return fill(MESSAGE_BODIES[`ha_pool_drop_in_plan_exists_for-${n === 0 ? '0' : n === 1 ? '1' : 'n'}`] ?? body, objectName, String(n));
  }
  if (key === 'wlb_consultation_failed' && format) return fill(format, poolName, objectName);
  return body;
}

export function alertOf(s: StoreView, connectionId: string, ref: string, rec: XRecord, index: UuidIndex): Alert {
  const name = String(rec.name ?? '');
  const body = String(rec.body ?? '');
  const raw = Number(rec.priority);
  let priority = Number.isInteger(raw) && raw >= 1 && raw <= 5 ? raw : 0;
  const found = typeof rec.obj_uuid === 'string' ? index.get(rec.obj_uuid) : undefined;
  const objName = found ? nameOf(found.rec) : undefined;
  const pool = serverName(s, connectionId);
  let title = MESSAGE_TITLES[name.toLowerCase()] || name;
  let description = describe(name, body, objName, pool);
  if (name === 'ALARM') {
    const alarm = parseAlarm(body);
    priority = alarmPriority(alarm, priority);
    // The control domain's alarms are the server's (Helpers.GetNameAndObject).
    const subject = subjectOf(s, connectionId, found);
    let srName = '';
    if (alarm.srUuidPrefix) {
      for (const sr of s.objects.get(connectionId)?.get('sr')?.values() ?? []) if (String(sr.uuid ?? '').startsWith(alarm.srUuidPrefix)) srName = nameOf(sr);
    }
    const words = alarm.kind && subject ? alarmDescription(alarm, subject, srName) : undefined;
    if (words && alarm.kind) {
      title = ALARM_TITLES[alarm.kind];
      description = words;
    }
  }
  // A message about an object is titled with its name, unless it is the lone server of a standalone host.
  if (rec.cls !== 'Pool' && objName && title === (MESSAGE_TITLES[name.toLowerCase()] || name) && (found?.cls !== 'host' || isPool(s, connectionId))) {
    title = `${objName}: ${title}`;
  }
  const objectName = found ? objName ?? '' : '';
  return {
    key: `${connectionId}\u0000${ref}`,
    connectionId,
    ref,
    uuid: String(rec.uuid ?? ''),
    name,
    priority,
    title,
    description,
    object: found ? { cls: found.cls, ref: found.ref, name: objectName } : undefined,
    appliesTo: pool,
    timestamp: parseXapiDate(rec.timestamp),
    search: `${title}\n${description}\n${pool}\n${objectName}`.toLowerCase(),
  };
}

/** "VM 'web-01'", "server 'h1'" (a control domain's alarm is its server's). */
function subjectOf(s: StoreView, connectionId: string, found: { cls: string; rec: XRecord } | undefined): string | undefined {
  if (!found) return undefined;
  if (found.cls === 'vm' && found.rec.is_control_domain === true) {
    const host = s.objects.get(connectionId)?.get('host')?.get(String(found.rec.resident_on ?? ''));
    if (host) return `server '${nameOf(host)}'`;
  }
  const words = OBJECT_WORDS[found.cls];
  return words ? `${words} '${nameOf(found.rec)}'` : 'unknown object';
}

/**
 * Every alert of the connected servers, newest first, worked out from scratch (the Alerts view keeps
 * them up to date with AlertList instead; this is its reference). `known` keeps the alerts already
 * worked out, by record. Equal times (XAPI keeps them to the second): the later message first, in the
 * order the messages arrived (a later connection's after an earlier one's).
 */
export function allAlerts(s: StoreView, known?: WeakMap<XRecord, Alert>): Alert[] {
  const out: Alert[] = [];
  for (const [connectionId, conn] of s.objects) {
    const messages = conn.get('message');
    if (!messages?.size) continue;
    let index: UuidIndex | undefined;
    for (const [ref, rec] of messages) {
      let a = known?.get(rec);
      if (!a) {
        index ??= uuidIndex(s, connectionId);
        a = alertOf(s, connectionId, ref, rec, index);
        known?.set(rec, a);
      }
      out.push(a);
    }
  }
  out.reverse();
  // A stable sort: equal times keep the order above.
  out.sort((a, b) => b.timestamp - a.timestamp);
  return out;
}

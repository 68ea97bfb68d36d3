// Host, pool, SR and network Properties: the pages each class shows, the form made from the record,
// the checks of what was typed (per page, in words), and the difference to send (only what changed). Pure.
import { MTU_MAX, MTU_MIN, type ObjectPropertyChanges, type PropertyClass } from '../../../../shared/object-properties/plan';
import { CUSTOM_FIELDS_KEY } from '../../../../shared/object-properties/custom-fields';
import { generalChanges } from '../../ui/PropertyPages';
import { alertsChanges, alertsFormOf, alertsProblems, type AlertsForm } from '../../ui/alerts-form';
import { emailOptionsOf, emailProblems, type EmailOptions } from '../../../../shared/perfmon/email';

type Rec = Record<string, unknown>;
export type StoreClass = 'host' | 'pool' | 'sr' | 'network';
export const XAPI_CLASS: Record<StoreClass, PropertyClass> = { host: 'host', pool: 'pool', sr: 'SR', network: 'network' };
export const isStoreClass = (c: string): c is StoreClass => c in XAPI_CLASS;

export type PageId = 'general' | 'custom' | 'alerts' | 'email' | 'storage' | 'networkSettings' | 'logging' | 'multipathing';
export const PAGE_TITLES: Record<PageId, string> = {
  general: 'General', custom: 'Custom Fields', alerts: 'Alerts', email: 'Email Notifications', storage: 'Default Storage', networkSettings: 'Network Settings',
  logging: 'Log Destination', multipathing: 'Multipathing',
};

export function pagesOf(cls: StoreClass): PageId[] {
  const own: Record<StoreClass, PageId[]> = { host: ['alerts', 'logging', 'multipathing'], pool: ['email', 'storage'], sr: ['alerts'], network: ['networkSettings'] };
  return ['general', 'custom', ...own[cls]];
}

export interface ObjForm {
  name: string;
  description: string;
  folder: string;
  tags: string[];
  customFields: Record<string, string>;
  defaultSR: string;
  /** Typed text: checked by formProblems. */
  mtu: string;
  automatic: boolean;
  /** Logs also sent to a remote syslog server. */
  remoteLog: boolean;
  syslogServer: string;
  multipathing: boolean;
  /** A host's or SR's Alerts page (ui/alerts-form.ts). */
  alerts: AlertsForm;
  /** A pool's Email Notifications page: on, the address, the SMTP server and port (typed), the mail language. */
  email: { on: boolean; address: string; server: string; port: string; language: string };
}

const map = (v: unknown): Record<string, string> => (typeof v === 'object' && v !== null ? v as Record<string, string> : {});
const s = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** The alert class of a store class, if it has an Alerts page. */
export const alertClass = (cls: StoreClass): 'host' | 'SR' | undefined => (cls === 'host' ? 'host' : cls === 'sr' ? 'SR' : undefined);

/** `controlDomain`: a server's control domain record (its control domain memory alert lives there). */
export function formOf(rec: Rec, cls: StoreClass = 'sr', controlDomain?: Rec): ObjForm {
  const oc = map(rec.other_config);
  const syslog = map(rec.logging).syslog_destination ?? '';
  return {
    name: s(rec.name_label),
    description: s(rec.name_description),
    folder: oc.folder ?? '',
    tags: Array.isArray(rec.tags) ? rec.tags.map(String) : [],
    customFields: Object.fromEntries(Object.entries(oc).filter(([k]) => k.startsWith(`${CUSTOM_FIELDS_KEY}.`)).map(([k, v]) => [k.slice(CUSTOM_FIELDS_KEY.length + 1), v])),
    defaultSR: s(rec.default_SR),
    mtu: s(rec.MTU ?? 1500),
    // XenCenter: a network is added to new VMs unless other_config says automatic=false.
    automatic: oc.automatic !== 'false',
    remoteLog: syslog !== '',
    syslogServer: syslog,
    multipathing: oc.multipathing === 'true',
    alerts: alertsFormOf(alertClass(cls) ?? 'SR', rec, controlDomain),
    email: emailFormOf(emailOptionsOf(rec.other_config)),
  };
}

const emailFormOf = (o: EmailOptions): ObjForm['email'] =>
  (o ? { on: true, address: o.address, server: o.server, port: String(o.port), language: o.language } : { on: false, address: '', server: '', port: '25', language: 'en-US' });
/** The page's options to send: null when off; the port as typed (NaN when it is not a whole number). */
const emailOf = (f: ObjForm['email']): EmailOptions =>
  (f.on ? { address: f.address.trim(), server: f.server.trim(), port: /^\s*\d+\s*$/.test(f.port) ? Number(f.port) : NaN, language: f.language } : null);

export interface FormProblem { page: PageId; field: keyof ObjForm | `email.${string}`; message: string }

export function formProblems(cls: StoreClass, f: ObjForm, memoryMiB?: number): FormProblem[] {
  const out: FormProblem[] = [];
  const ac = alertClass(cls);
  if (ac) for (const p of alertsProblems(ac, f.alerts, memoryMiB)) out.push({ page: 'alerts', field: 'alerts', message: p.message });
  if (cls === 'pool') for (const p of emailProblems(emailOf(f.email))) out.push({ page: 'email', field: `email.${p.field}`, message: p.message });
  if (!f.name.trim()) out.push({ page: 'general', field: 'name', message: 'Enter a name.' });
  if (cls === 'network') {
    const n = /^\s*\d+\s*$/.test(f.mtu) ? Number(f.mtu) : NaN;
    if (!(n >= MTU_MIN && n <= MTU_MAX)) out.push({ page: 'networkSettings', field: 'mtu', message: `The MTU must be a whole number from ${MTU_MIN} to ${MTU_MAX}.` });
  }
  if (cls === 'host' && f.remoteLog && !/^[^\s]+$/.test(f.syslogServer.trim())) {
    out.push({ page: 'logging', field: 'syslogServer', message: 'Enter the remote syslog server: a host name or IP address.' });
  }
  return out;
}

/** The difference between the form as opened and as it is now, for this class: only the changed properties. */
export function changesOf(cls: StoreClass, before: ObjForm, after: ObjForm): ObjectPropertyChanges {
  const ch: ObjectPropertyChanges = generalChanges(before, after);
  if (cls === 'pool' && after.defaultSR !== before.defaultSR && after.defaultSR) ch.defaultSR = after.defaultSR;
  if (cls === 'pool' && JSON.stringify(emailOf(after.email)) !== JSON.stringify(emailOf(before.email))) ch.email = emailOf(after.email);
  if (cls === 'network') {
    if (Number(after.mtu.trim()) !== Number(before.mtu)) ch.mtu = Number(after.mtu.trim());
    if (after.automatic !== before.automatic) ch.automatic = after.automatic;
  }
  if (cls === 'host') {
    const dest = (f: ObjForm) => (f.remoteLog ? f.syslogServer.trim() : '');
    if (dest(after) !== dest(before)) ch.syslogDestination = dest(after);
    if (after.multipathing !== before.multipathing) ch.multipathing = after.multipathing;
  }
  const ac = alertClass(cls);
  const perfmon = ac ? alertsChanges(ac, before.alerts, after.alerts) : undefined;
  if (perfmon) ch.perfmon = perfmon;
  return ch;
}

export const hasChanges = (ch: ObjectPropertyChanges): boolean => Object.values(ch).some((v) => v !== undefined);

/** The SRs a pool's default can be: not ISO libraries, not removable devices. */
export function defaultSrCandidates(srs: ReadonlyMap<string, Rec> | undefined): Array<{ ref: string; name: string }> {
  return [...(srs ?? new Map<string, Rec>())]
    .filter(([, r]) => r.content_type !== 'iso' && r.type !== 'udev')
    .map(([ref, r]) => ({ ref, name: s(r.name_label) || ref }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** A host's memory in MiB from its host_metrics, when known. */
export function hostMemoryMiB(objects: ReadonlyMap<string, ReadonlyMap<string, Rec>> | undefined, host: Rec | undefined): number | undefined {
  if (!host) return undefined;
  const total = Number(objects?.get('host_metrics')?.get(String(host.metrics))?.memory_total);
  return total > 0 ? total / (1024 * 1024) : undefined;
}

/** A server's control domain in the cache: host.control_domain, else the control domain resident on it (XenCenter's ControlDomainZero). */
export function controlDomainOf(objects: ReadonlyMap<string, ReadonlyMap<string, Rec>> | undefined, hostRef: string, host: Rec): Rec | undefined {
  const vms = objects?.get('vm');
  const direct = vms?.get(String(host.control_domain));
  if (direct) return direct;
  return [...(vms?.values() ?? [])].find((v) => v.is_control_domain === true && v.resident_on === hostRef);
}

// Properties of a host, pool, SR or network (and the custom field values of a VM, see vm-properties):
// what the dialog changed (only the changed fields are present) and the XAPI calls that apply it, in
// a safe order. Pure; main runs the plan on one task (electron/core/features/object-properties/).
import { customFieldKey, MAX_FIELD_NAME } from './custom-fields';
import { perfmonChangeProblems, perfmonCalls } from '../perfmon/plan';
import type { PerfmonSettings } from '../perfmon/alerts';
import { emailCalls, emailProblems, type EmailOptions } from '../perfmon/email';

export const PROPERTY_CLASSES = ['host', 'pool', 'SR', 'network'] as const;
export type PropertyClass = typeof PROPERTY_CLASSES[number];

export interface ObjectPropertyChanges {
  name?: string;
  description?: string;
  /** other_config `folder` ("/a/b"); '' = in no folder. */
  folder?: string;
  tagsAdd?: string[];
  tagsRemove?: string[];
  /** Custom field values by field name; '' = no value (the key removed). */
  customFields?: Record<string, string>;
  /** Pool: its default SR. */
  defaultSR?: string;
  /** Pool: other_config `EMPTY_FOLDERS`, XenCenter's list of folders that hold no object ("/a;/a/b"); '' = none (the key removed). */
  emptyFolders?: string;
  /** Pool: saved searches by uuid, each XenCenter's XML for gui_config `XenSearch.Search-<uuid>`; '' = delete it. */
  savedSearches?: Record<string, string>;
  /** Network: MTU in bytes. */
  mtu?: number;
  /** Network: other_config `automatic` (added to new VMs). */
  automatic?: boolean;
  /** Host: logging `syslog_destination`; '' = local logging only. */
  syslogDestination?: string;
  /** Host: other_config `multipathing` (only in maintenance mode). */
  multipathing?: boolean;
  /** Host, SR: the Alerts page's alerts (other_config `perfmon`, shared/perfmon/). */
  perfmon?: PerfmonSettings;
  /** Pool: email notifications of alerts (other_config mail-destination, ssmtp-mailhub, mail-language); null = off. */
  email?: EmailOptions;
}

export const OBJECT_CHANGE_KEYS: ReadonlyArray<keyof ObjectPropertyChanges> = [
  'name', 'description', 'folder', 'tagsAdd', 'tagsRemove', 'customFields', 'defaultSR', 'emptyFolders', 'savedSearches', 'mtu', 'automatic', 'syslogDestination', 'multipathing', 'perfmon', 'email',
];
/** The changes each class takes besides the common ones. */
export const CLASS_KEYS: Record<PropertyClass, ReadonlyArray<keyof ObjectPropertyChanges>> = {
  host: ['syslogDestination', 'multipathing', 'perfmon'], pool: ['defaultSR', 'emptyFolders', 'savedSearches', 'email'], SR: ['perfmon'], network: ['mtu', 'automatic'],
};
const COMMON: ReadonlyArray<keyof ObjectPropertyChanges> = ['name', 'description', 'folder', 'tagsAdd', 'tagsRemove', 'customFields'];

/** gui_config key prefix of XenCenter's saved searches (BrandManager.ExtensionSearch + ".Search-"). */
export const SAVED_SEARCH_PREFIX = 'XenSearch.Search-';
export const SAVED_SEARCH_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
export const MAX_SEARCH_XML = 262_144;

export const MTU_MIN = 68;
export const MTU_MAX = 9216;

/** The object's fields the plan reads (a server's control domain: for its control domain memory alert). */
export interface ObjectNow { enabled?: unknown; logging?: unknown; other_config?: unknown; controlDomain?: { ref: string; other_config?: unknown } }

/** One XAPI call on the object (or on `ref`, another object): method, the arguments after the ref, and the step's words. */
export interface PlannedCall { method: string; args: unknown[]; step: string; ref?: string }

const map = (v: unknown): Record<string, string> => (typeof v === 'object' && v !== null ? v as Record<string, string> : {});

/** Why the changes cannot be sent to this object, in words, or []. */
export function objectChangeProblems(cls: PropertyClass, ch: ObjectPropertyChanges, now: ObjectNow): string[] {
  const out: string[] = [];
  const allowed = [...COMMON, ...CLASS_KEYS[cls]];
  for (const k of OBJECT_CHANGE_KEYS) if (ch[k] !== undefined && !allowed.includes(k)) out.push(`A ${cls} has no property "${k}".`);
  if (ch.name !== undefined && !ch.name.trim()) out.push('The name must not be empty.');
  if (ch.mtu !== undefined && !(Number.isInteger(ch.mtu) && ch.mtu >= MTU_MIN && ch.mtu <= MTU_MAX)) out.push(`The MTU must be a whole number from ${MTU_MIN} to ${MTU_MAX}.`);
  if (ch.multipathing !== undefined && now.enabled !== false) out.push('Multipathing can only be changed while the server is in maintenance mode.');
  if (ch.syslogDestination !== undefined && /\s/.test(ch.syslogDestination)) out.push('The syslog server must be a host name or address, without spaces.');
  for (const n of Object.keys(ch.customFields ?? {})) if (!n || n.length > MAX_FIELD_NAME) out.push('A custom field has no name.');
  if (ch.perfmon !== undefined && (cls === 'host' || cls === 'SR')) out.push(...perfmonChangeProblems(cls, ch.perfmon, now));
  if (ch.email !== undefined) out.push(...emailProblems(ch.email).map((p) => p.message));
  return out;
}

/**
 * The calls: names and organisation first, then custom fields, then the class's own settings. Map
 * keys are removed before they are added (add_to_* refuses a key that exists: MAP_DUPLICATE_KEY).
 */
export function planObjectCalls(cls: PropertyClass | 'VM', ch: ObjectPropertyChanges, now: ObjectNow): PlannedCall[] {
  const out: PlannedCall[] = [];
  const put = (method: string, args: unknown[], step: string) => out.push({ method: `${cls}.${method}`, args, step });
  const setOther = (key: string, value: string | null, step: string) => {
    put('remove_from_other_config', [key], step);
    if (value !== null) put('add_to_other_config', [key, value], step);
  };
  if (ch.name !== undefined) put('set_name_label', [ch.name], 'Changing the name');
  if (ch.description !== undefined) put('set_name_description', [ch.description], 'Changing the description');
  if (ch.folder !== undefined) setOther('folder', ch.folder === '' ? null : ch.folder, 'Moving to the folder');
  for (const t of ch.tagsRemove ?? []) put('remove_tags', [t], 'Changing the tags');
  for (const t of ch.tagsAdd ?? []) put('add_tags', [t], 'Changing the tags');
  for (const [name, value] of Object.entries(ch.customFields ?? {})) setOther(customFieldKey(name), value === '' ? null : value, `Setting the custom field '${name}'`);
  if (ch.defaultSR !== undefined) put('set_default_SR', [ch.defaultSR], 'Changing the default storage');
  if (ch.emptyFolders !== undefined) setOther('EMPTY_FOLDERS', ch.emptyFolders === '' ? null : ch.emptyFolders, 'Saving the empty folders');
  // As XenCenter's Search.Save: the key removed, then added with the new XML.
  for (const [uuid, xml] of Object.entries(ch.savedSearches ?? {})) {
    put('remove_from_gui_config', [`${SAVED_SEARCH_PREFIX}${uuid}`], xml === '' ? 'Deleting the saved search' : 'Saving the search');
    if (xml !== '') put('add_to_gui_config', [`${SAVED_SEARCH_PREFIX}${uuid}`, xml], 'Saving the search');
  }
  if (ch.mtu !== undefined) put('set_MTU', [ch.mtu], 'Changing the MTU');
  if (ch.automatic !== undefined) setOther('automatic', String(ch.automatic), 'Changing whether new VMs get this network');
  if (ch.syslogDestination !== undefined) {
    const logging = { ...map(now.logging) };
    if (ch.syslogDestination === '') delete logging.syslog_destination;
    else logging.syslog_destination = ch.syslogDestination;
    put('set_logging', [logging], 'Changing the log destination');
    put('syslog_reconfigure', [], 'Changing the log destination');
  }
  if (ch.multipathing !== undefined) {
    setOther('multipathing', String(ch.multipathing), 'Changing multipathing');
    if (ch.multipathing) setOther('multipathhandle', 'dmp', 'Changing multipathing');
  }
  if (ch.email !== undefined) for (const c of emailCalls(ch.email)) put(c.method, c.args, 'Changing the email notifications');
  if (ch.perfmon !== undefined && (cls === 'host' || cls === 'SR')) {
    for (const c of perfmonCalls(cls, ch.perfmon, now)) {
      if (c.vm === undefined) put(c.method, c.args, c.step);
      else out.push({ method: `VM.${c.method}`, args: c.args, step: c.step, ref: c.vm });
    }
  }
  return out;
}

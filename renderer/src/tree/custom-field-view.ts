// XenCenter's "Objects by Custom Field" view (Custom Fields → field → value → objects), read from its source:
// - XenModel/CustomFields/CustomFieldsCache.cs, CustomFieldDefinition.cs: a pool's fields are its
//   gui_config "XenCenter.CustomFields" (read by shared/object-properties/custom-fields.ts, as the
//   Custom Fields page reads them).
// - CustomFieldsManager.cs (CustomFieldValues, ParseValue): an object's value is its other_config
//   "XenCenter.CustomFields.<name>", for the fields of its own pool only; an empty value, or a date
//   that does not parse, is no value. XenCenter writes dates as "u" (2026-12-07 20:44:50Z), our
//   Custom Fields page as ISO 8601 (2026-12-07T00:00:00Z).
// - XenAdmin/OrganizationalView.cs (OrganizationViewFields), XenModel/XenSearch/GroupingTypes.cs
//   (AllCustomFieldsGrouping: [name, value] pairs, two levels deep) and GroupAlg.cs: a field or a value
//   is a group only when some object has it (a field nobody set is not shown); names and string values
//   in string order, dates by time; the same field name in several pools is one group.
// - XenAdmin/MainWindowTreeBuilder.cs: a date value's row reads Messages.DATEFORMAT_DMY_HMS,
//   "MMM d, yyyy h:mm:ss tt", in local time ("Dec 7, 2026 8:44:50 PM").
// Built from the Infrastructure tree's object nodes as Objects by Tag is, so the View options apply
// the same way (XenCenter's own search scope differs a little: it never lists networks here). Pure.
import type { ConnectionObjects, TreeNode } from './tree-node';
import { byKindThenName, group, leaf, objectNodes } from './org-views';
import { customFieldKey, definitionsOfPool, type CustomFieldDefinition } from '../../../shared/object-properties/custom-fields';

export const CUSTOM_FIELDS_ROOT_ID = 'group|customfields';
export const customFieldGroupId = (name: string): string => `group|customfield|${name}`;

const recordOf = (objects: ConnectionObjects | undefined, cls: string, ref: string): Record<string, unknown> | undefined => objects?.get(cls)?.get(ref);
const stringMap = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? v as Record<string, unknown> : {});

/** The custom fields a connection's pool defines (its gui_config), or none. */
const customFieldsOf = (objects: ConnectionObjects | undefined): CustomFieldDefinition[] => definitionsOfPool([...objects?.get('pool')?.values() ?? []][0]);

/** A date value as .NET's DateTime.TryParse reads the "u" form XenCenter writes (and ISO 8601), or none. */
export function parseCustomFieldDate(value: string): Date | undefined {
  const v = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/iu.test(v) ? v.replace(/\s+/gu, 'T').replace(/T(Z|[+-])/iu, '$1') : v;
  const t = /^\d{4}-\d{2}-\d{2}$/u.test(iso) ? Date.parse(`${iso}T00:00:00`) : Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** XenCenter's DATEFORMAT_DMY_HMS, "MMM d, yyyy h:mm:ss tt", in local time. */
export function formatCustomFieldDate(d: Date): string {
  const h = d.getHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} ${h % 12 || 12}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** An object's value of one field: text, a time, or none (CustomFieldsManager.GetCustomFieldValue). */
export function customFieldValue(record: Record<string, unknown> | undefined, field: CustomFieldDefinition): string | Date | undefined {
  const v = stringMap(record?.other_config)[customFieldKey(field.name)];
  if (typeof v !== 'string' || v === '') return undefined;
  return field.type === 'Date' ? parseCustomFieldDate(v) : v;
}

// .NET's string CompareTo (culture-aware, not natural); dates by time; a text before a date for the rare
// field that is text in one pool and a date in another.
const culture = new Intl.Collator('en');
interface ValueGroup { value: string | Date; label: string; objects: TreeNode[]; seen: Set<string> }
const byValue = (a: ValueGroup, b: ValueGroup): number => {
  if (a.value instanceof Date && b.value instanceof Date) return a.value.getTime() - b.value.getTime();
  if (a.value instanceof Date !== b.value instanceof Date) return a.value instanceof Date ? 1 : -1;
  return culture.compare(a.label, b.label) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
};
const valueKey = (v: string | Date): string => (v instanceof Date ? `d:${v.getTime()}` : `s:${v}`);
const count = (n: number): string => `${n} ${n === 1 ? 'object' : 'objects'}`;

/**
 * Objects by Custom Field from the Infrastructure tree's object nodes (every object once, as Objects by
 * Tag reads them) and the records (each pool's field definitions, each object's other_config).
 */
export function buildCustomFieldsView(tree: TreeNode[], objects: ReadonlyMap<string, ConnectionObjects>): TreeNode[] {
  const fieldsOf = new Map<string, CustomFieldDefinition[]>();
  const fields = new Map<string, Map<string, ValueGroup>>();
  for (const n of objectNodes(tree)) {
    let defs = fieldsOf.get(n.connectionId);
    if (!defs) fieldsOf.set(n.connectionId, (defs = customFieldsOf(objects.get(n.connectionId))));
    if (defs.length === 0) continue;
    const record = recordOf(objects.get(n.connectionId), n.cls, n.ref);
    for (const def of defs) {
      const value = customFieldValue(record, def);
      if (value === undefined) continue;
      let values = fields.get(def.name);
      if (!values) fields.set(def.name, (values = new Map()));
      const key = valueKey(value);
      let g = values.get(key);
      if (!g) values.set(key, (g = { value, label: value instanceof Date ? formatCustomFieldDate(value) : value, objects: [], seen: new Set() }));
      // A pool may list one definition twice: an object is still listed once per value.
      if (g.seen.has(n.id)) continue;
      g.seen.add(n.id);
      g.objects.push(leaf(n, `cf:${def.name}:${key}`));
    }
  }
  const names = [...fields.keys()].sort((a, b) => culture.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  const children = names.map((name) => {
    const values = [...fields.get(name)!.entries()].sort(([, a], [, b]) => byValue(a, b)).map(([key, g]) => {
      const members = g.objects.sort(byKindThenName);
      return group(`${customFieldGroupId(name)}|${key}`, 'group', g.label, members, `${name}: ${g.label}, ${count(members.length)}`);
    });
    return group(customFieldGroupId(name), 'group', name, values, `Custom field ${name}, ${values.length} ${values.length === 1 ? 'value' : 'values'}`);
  });
  return [group(CUSTOM_FIELDS_ROOT_ID, 'group', 'Custom Fields', children, children.length ? 'Custom Fields' : 'No object has a custom field')];
}

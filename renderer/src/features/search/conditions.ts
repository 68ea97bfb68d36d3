// The query builder's catalogue: each kind of condition XenCenter's QueryElement offers that this client
// evaluates, the types it applies to, the filter a new one starts as, and which kind a filter is. Pure.
import type { CustomFieldRef, Filter, ObjectType, RelatedProperty } from '../../../../shared/xensearch/query';

export type ConditionId =
  | 'group-and' | 'group-or' | 'group-nor' | 'type' | 'label' | 'description' | 'uuid' | 'tags' | 'pool' | 'host' | 'memory' | 'ip' | 'start_time' | 'uptime'
  | 'power_state' | 'virtualisation_status' | 'os_name' | 'ha_restart_priority' | 'shared' | 'ha_enabled' | 'in_a_pool' | 'standalone'
  | 'networks' | 'storage' | 'disks' | 'vm' | 'appliance' | 'in_any_appliance' | 'folder' | 'not_in_folder' | 'has_custom_fields' | `cf:${string}`;

export interface ConditionKind { id: ConditionId; label: string; appliesTo: readonly ObjectType[] | 'all' }

const VM: readonly ObjectType[] = ['VM'];
const ALL = 'all' as const;

/** In XenCenter's order (QueryElement's query types, grouped as its menu). */
export const CONDITIONS: readonly ConditionKind[] = [
  { id: 'group-and', label: 'All of the following (group)', appliesTo: ALL },
  { id: 'group-or', label: 'Any of the following (group)', appliesTo: ALL },
  { id: 'group-nor', label: 'None of the following (group)', appliesTo: ALL },
  { id: 'type', label: 'Type', appliesTo: ALL },
  { id: 'label', label: 'Name', appliesTo: ALL },
  { id: 'description', label: 'Description', appliesTo: ALL },
  { id: 'uuid', label: 'UUID', appliesTo: ALL },
  { id: 'tags', label: 'Tags', appliesTo: ALL },
  { id: 'pool', label: 'Pool', appliesTo: ['Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'Network', 'Appliance'] },
  { id: 'host', label: 'Server', appliesTo: ['VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'Network', 'Server'] },
  { id: 'memory', label: 'Memory', appliesTo: VM },
  { id: 'ip', label: 'IP address', appliesTo: ['VM', 'Server'] },
  { id: 'start_time', label: 'Start time', appliesTo: VM },
  { id: 'uptime', label: 'Uptime', appliesTo: ['VM', 'Server'] },
  { id: 'power_state', label: 'Power state', appliesTo: VM },
  { id: 'virtualisation_status', label: 'Virtualization state', appliesTo: VM },
  { id: 'os_name', label: 'Operating system', appliesTo: VM },
  { id: 'ha_restart_priority', label: 'HA restart priority', appliesTo: VM },
  { id: 'shared', label: 'Shared', appliesTo: ['RemoteSR', 'LocalSR'] },
  { id: 'ha_enabled', label: 'HA enabled', appliesTo: ['Pool'] },
  { id: 'in_a_pool', label: 'Is in a pool', appliesTo: ['Server', 'DisconnectedServer', 'VM'] },
  { id: 'standalone', label: 'Is standalone', appliesTo: ['Server', 'DisconnectedServer', 'VM'] },
  { id: 'networks', label: 'Network', appliesTo: ['VM', 'Network'] },
  { id: 'storage', label: 'Storage', appliesTo: ['VM', 'RemoteSR', 'LocalSR'] },
  { id: 'disks', label: 'Disks', appliesTo: VM },
  { id: 'vm', label: 'VM', appliesTo: ['Pool', 'Server', 'RemoteSR', 'LocalSR', 'Network', 'VM', 'Snapshot'] },
  { id: 'appliance', label: 'vApp', appliesTo: VM },
  { id: 'in_any_appliance', label: 'Is in a vApp', appliesTo: VM },
  { id: 'folder', label: 'Folder', appliesTo: ALL },
  { id: 'not_in_folder', label: 'Is not in a folder', appliesTo: ALL },
  { id: 'has_custom_fields', label: 'Has custom fields', appliesTo: ALL },
];

/** The related class a parent-child condition's "is <object>" lists. */
export const RELATED_CLASS: Partial<Record<RelatedProperty, string>> = {
  pool: 'pool', host: 'host', vm: 'vm', networks: 'network', storage: 'sr', disks: 'vdi', appliance: 'vm_appliance', folder: 'folder', folders: 'folder',
};

/** Which conditions a scope may use: XenCenter shows one only when every searched type has the property. */
export function conditionsFor(scope: readonly ObjectType[], fields: readonly CustomFieldRef[]): ConditionKind[] {
  const base = CONDITIONS.filter((c) => c.appliesTo === 'all' || (scope.length > 0 && scope.every((t) => (c.appliesTo as readonly ObjectType[]).includes(t))));
  return [...base, ...fields.map((f): ConditionKind => ({ id: `cf:${f.name}`, label: f.name, appliesTo: ALL }))];
}

const uuidIs = (query: string): Filter => ({ kind: 'string', property: 'uuid', match: 'exactmatch', query, caseSensitive: true });

/** The filter a condition starts as when picked. */
export function newCondition(id: ConditionId, fields: readonly CustomFieldRef[]): Filter {
  if (id.startsWith('cf:')) {
    const field = fields.find((f) => f.name === id.slice(3)) ?? { name: id.slice(3), type: 'String' as const };
    return { kind: 'customField', field, match: 'contains', query: '' };
  }
  switch (id) {
    case 'group-and': return { kind: 'group', op: 'And', children: [] };
    case 'group-or': return { kind: 'group', op: 'Or', children: [] };
    case 'group-nor': return { kind: 'group', op: 'Nor', children: [] };
    case 'type': return { kind: 'enum', property: 'type', query: 'VM', equals: true };
    case 'label': case 'description': return { kind: 'string', property: id, match: 'contains', query: '', caseSensitive: false };
    case 'uuid': return { kind: 'string', property: 'uuid', match: 'startswith', query: '', caseSensitive: false };
    case 'tags': return { kind: 'tag', query: '', contains: true };
    case 'memory': return { kind: 'int', property: 'memory', match: 'gt', query: 1024 * 1024 * 1024 };
    case 'uptime': return { kind: 'int', property: 'uptime', match: 'gt', query: 86_400 };
    case 'ip': return { kind: 'ip', address: '' };
    case 'start_time': return { kind: 'date', property: 'start_time', match: 'today', query: todayYmd() };
    case 'power_state': return { kind: 'enum', property: 'power_state', query: 'Running', equals: true };
    case 'virtualisation_status': return { kind: 'enum', property: 'virtualisation_status', query: 'IoDriversInstalled, ManagementInstalled', equals: true };
    case 'ha_restart_priority': return { kind: 'enum', property: 'ha_restart_priority', query: 'Restart', equals: true };
    case 'os_name': return { kind: 'value', property: 'os_name', query: '', equals: true };
    case 'shared': case 'ha_enabled': case 'in_any_appliance': case 'has_custom_fields': return { kind: 'bool', property: id, query: true };
    case 'in_a_pool': return { kind: 'null', property: 'pool', isNull: false };
    case 'standalone': return { kind: 'null', property: 'pool', isNull: true };
    case 'not_in_folder': return { kind: 'null', property: 'folder', isNull: true };
    case 'folder': return { kind: 'related', property: 'folders', sub: uuidIs('') };
    default: return { kind: 'related', property: id as RelatedProperty, sub: uuidIs('') };
  }
}

/** Which condition a filter is, for the builder's first drop-down; undefined: one the builder cannot show (kept as it is). */
export function conditionOf(f: Filter): ConditionId | undefined {
  switch (f.kind) {
    case 'group': return f.op === 'And' ? 'group-and' : f.op === 'Or' ? 'group-or' : 'group-nor';
    case 'string': return f.property;
    case 'enum': return f.property === 'sr_type' ? undefined : f.property;
    case 'value': return 'os_name';
    case 'int': return f.property === 'size' ? undefined : f.property;
    case 'date': return 'start_time';
    case 'ip': return 'ip';
    case 'tag': case 'tagsEmpty': return 'tags';
    case 'bool': return (['shared', 'ha_enabled', 'in_any_appliance', 'has_custom_fields'] as const).find((p) => p === f.property);
    case 'null': return f.property === 'folder' ? 'not_in_folder' : f.isNull ? 'standalone' : 'in_a_pool';
    case 'related': return f.property === 'folder' || f.property === 'folders' ? 'folder' : f.property;
    case 'customField': return `cf:${f.field.name}`;
    default: return undefined;
  }
}

export function todayYmd(now = new Date()): string {
  return `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`;
}

// A search as XenCenter's XenSearch models it (XenModel/XenSearch: Query, QueryScope, the QueryFilter
// classes, Grouping, Sort, columns), so a search saved by either client reads the same in the other.
// Names of kinds, properties and enum values are XenCenter's own, as they appear in its XML.
import type { XmlEl } from './xml-tree';

/** XenCenter's ObjectTypes that a scope can name (VDI, folders and Docker containers are never searched here). */
export const OBJECT_TYPES = ['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'VDI', 'Network', 'Folder', 'Appliance', 'DockerContainer'] as const;
export type ObjectType = typeof OBJECT_TYPES[number];

export const OBJECT_TYPE_LABELS: Record<ObjectType, string> = {
  Pool: 'Pools', Server: 'Servers', DisconnectedServer: 'Disconnected servers', VM: 'VMs', Snapshot: 'Snapshots',
  UserTemplate: 'Custom templates', DefaultTemplate: 'Default templates', RemoteSR: 'Remote SRs', LocalSR: 'Local SRs',
  VDI: 'Virtual disks', Network: 'Networks', Folder: 'Folders', Appliance: 'vApps', DockerContainer: 'Docker containers',
};
/** The types the "Search for" list offers, in XenCenter's order. */
export const SEARCHABLE_TYPES: readonly ObjectType[] = ['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'Network', 'Appliance'];
/** XenCenter's overview scope (Search.GetOverviewScope): servers, VMs, remote storage and custom templates. */
export const OVERVIEW_TYPES: readonly ObjectType[] = ['DisconnectedServer', 'Server', 'VM', 'RemoteSR', 'UserTemplate'];
/** ObjectTypes.AllExcFolders: what a Query with no scope searches. */
export const ALL_TYPES_EXC_FOLDERS: readonly ObjectType[] = ['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'VDI', 'Network'];

export type StringMatch = 'exactmatch' | 'contains' | 'startswith' | 'endswith' | 'notcontain';
export type IntMatch = 'exactmatch' | 'gt' | 'lt';
export type DateMatch = 'today' | 'yesterday' | 'thisweek' | 'lastweek' | 'before' | 'after' | 'exact';
export type GroupOp = 'And' | 'Or' | 'Nor';

/** Properties a condition or a grouping can read (XenCenter's PropertyNames that this client evaluates). */
export type StringProperty = 'label' | 'description' | 'uuid';
export type EnumProperty = 'type' | 'power_state' | 'virtualisation_status' | 'ha_restart_priority' | 'sr_type';
export type IntProperty = 'memory' | 'size' | 'uptime';
export type BoolProperty = 'shared' | 'ha_enabled' | 'in_any_appliance' | 'has_custom_fields' | 'isNotFullyUpgraded' | 'read_caching_enabled' | 'vendor_device_state';
/** Properties whose value is another object (or a list of them): the parent-child conditions. */
export type RelatedProperty = 'pool' | 'host' | 'vm' | 'networks' | 'storage' | 'disks' | 'appliance' | 'folder' | 'folders';
/** RecursiveXMOPropertyQuery (one object) against RecursiveXMOListPropertyQuery (a list): as XenCenter writes each. */
export const SINGLE_RELATED: ReadonlySet<RelatedProperty> = new Set(['pool', 'appliance', 'folder']);

export interface CustomFieldRef { name: string; type: 'String' | 'Date' }

export type Filter =
  | { kind: 'group'; op: GroupOp; children: Filter[] }
  | { kind: 'string'; property: StringProperty; match: StringMatch; query: string; caseSensitive: boolean }
  | { kind: 'enum'; property: EnumProperty; query: string; equals: boolean }
  /** ValuePropertyQuery: the OS name "is" / "is not" a value. */
  | { kind: 'value'; property: 'os_name'; query: string; equals: boolean }
  /** IntPropertyQuery: memory in bytes, uptime in seconds. */
  | { kind: 'int'; property: IntProperty; match: IntMatch; query: number }
  /** DatePropertyQuery: `query` as yyyyMMdd. */
  | { kind: 'date'; property: 'start_time'; match: DateMatch; query: string }
  | { kind: 'ip'; address: string }
  /** StringListContainsQuery on tags: has (contains) or lacks the tag. */
  | { kind: 'tag'; query: string; contains: boolean }
  /** ListEmptyQuery on tags. */
  | { kind: 'tagsEmpty'; empty: boolean }
  | { kind: 'bool'; property: BoolProperty; query: boolean }
  /** NullQuery: `isNull` true = standalone / in no folder. */
  | { kind: 'null'; property: 'pool' | 'folder'; isNull: boolean }
  /** The related object(s) match `sub` (a parent-child condition; "is <object>" is a uuid exact match). */
  | { kind: 'related'; property: RelatedProperty; sub: Filter }
  | { kind: 'customField'; field: CustomFieldRef; match: StringMatch; query: string }
  /** XenModelObjectListContainsQuery: the object's list property holds (or not) the object of that uuid. */
  | { kind: 'listContains'; property: 'host' | 'networks'; uuid: string; contains: boolean }
  /** XenModelObjectPropertyQuery: the property is (or is not) the object of that uuid. */
  | { kind: 'objectIs'; property: 'pool'; uuid: string; equals: boolean }
  /** A condition this version does not understand: kept as it was read, so saving loses nothing; matches everything (XenCenter's "indeterminate"). */
  | { kind: 'unknown'; node: XmlEl };

export type Grouping =
  /** PropertyGrouping: by the property's value (a tags grouping puts an object under each of its tags). */
  | { kind: 'property'; property: 'type' | 'power_state' | 'os_name' | 'tags' | 'sr_type' | 'virtualisation_status' | 'ha_restart_priority'; sub?: Grouping }
  /** XenModelObjectPropertyGrouping: by the related object. */
  | { kind: 'object'; property: 'pool' | 'host' | 'vm' | 'networks' | 'storage' | 'appliance'; sub?: Grouping }
  | { kind: 'folder'; sub?: Grouping }
  | { kind: 'customField'; field: CustomFieldRef; sub?: Grouping }
  | { kind: 'unknown'; node: XmlEl };

/** XenCenter's column names, and "CustomField:<name>" for a custom field. */
export type ColumnName = 'name' | 'cpu' | 'memory' | 'disks' | 'network' | 'ha' | 'ip' | 'uptime' | `CustomField:${string}`;
export const CUSTOM_FIELD_COLUMN = 'CustomField:';
export const BUILT_IN_COLUMNS: readonly ColumnName[] = ['name', 'cpu', 'memory', 'disks', 'network', 'ha', 'ip', 'uptime'];
export const COLUMN_TITLES: Record<string, string> = {
  name: 'Name', cpu: 'CPU Usage', memory: 'Used Memory', disks: 'Disks', network: 'Network', ha: 'HA', ip: 'Address', uptime: 'Uptime',
};
export const DEFAULT_COLUMN_WIDTH: Record<string, number> = { name: 250, cpu: 175, memory: 200, disks: 170, network: 180, ha: 130, ip: 130, uptime: 170 };
/** The columns when a search names none: XenCenter's, in its order. */
export const DEFAULT_COLUMNS: ReadonlyArray<{ name: ColumnName; width: number }> =
  (['name', 'cpu', 'memory', 'disks', 'network', 'ip', 'ha', 'uptime'] as const).map((name) => ({ name, width: DEFAULT_COLUMN_WIDTH[name] }));

export interface Sort { column: string; ascending: boolean }

export interface Search {
  /** '' for a search not saved yet. */
  uuid: string;
  name: string;
  scope: ObjectType[];
  filter: Filter | null;
  grouping: Grouping | null;
  /** null: XenCenter's default columns. */
  columns: Array<{ name: string; width: number }> | null;
  sorting: Sort[];
}

export const customFieldColumn = (name: string): ColumnName => `${CUSTOM_FIELD_COLUMN}${name}`;
export function columnTitle(name: string): string {
  return name.startsWith(CUSTOM_FIELD_COLUMN) ? name.slice(CUSTOM_FIELD_COLUMN.length) : COLUMN_TITLES[name] ?? name;
}

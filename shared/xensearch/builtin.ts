// XenCenter's built-in saved searches (Search.InitDefaultSearches), with XenCenter's own uuids so a
// pool's gui_config never clashes with them.
import type { Filter, Grouping, ObjectType, Search } from './query';

const search = (name: string, scope: readonly ObjectType[], filter: Filter | null, grouping: Grouping | null, uuid: string): Search =>
  ({ uuid, name, scope: [...scope], filter, grouping, columns: null, sorting: [] });

/** XenCenter's built-in searches: always there, never saved to a pool. */
export const DEFAULT_SEARCHES: readonly Search[] = [
  search('VMs by OS', ['VM'], null, { kind: 'property', property: 'os_name' }, 'dead-beef-1234-vmsbyos'),
  search('VMs without XenServer VM Tools', ['VM'], {
    kind: 'group', op: 'And', children: [
      { kind: 'enum', property: 'power_state', query: 'Running', equals: true },
      { kind: 'enum', property: 'virtualisation_status', query: 'IoDriversInstalled, ManagementInstalled', equals: false },
    ],
  }, { kind: 'property', property: 'virtualisation_status' }, 'dead-beef-1234-vmswotools'),
  search('VMs by power state', ['VM'], null, { kind: 'property', property: 'power_state' }, 'dead-beef-1234-vmsbyps'),
  search('VMs by network', ['VM'], null, { kind: 'object', property: 'networks' }, 'dead-beef-1234-vmsbynet'),
  search('VMs by vApp', ['VM'], { kind: 'bool', property: 'in_any_appliance', query: true }, { kind: 'object', property: 'appliance' }, 'dead-beef-1234-vmsbyappliance'),
  search('Objects by tag', ['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'VDI', 'Network'],
    { kind: 'tagsEmpty', empty: false }, { kind: 'property', property: 'tags' }, 'dead-beef-1234-objbytags'),
  search('Snapshots by VM', ['VM', 'Snapshot'], null,
    { kind: 'object', property: 'pool', sub: { kind: 'object', property: 'host', sub: { kind: 'object', property: 'vm' } } }, 'dead-beef-1234-snapshotsbyvm'),
];

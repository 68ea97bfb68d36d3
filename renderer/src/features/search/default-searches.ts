// The search a node opens with (XenCenter's Search.SearchFor) and XenCenter's built-in saved searches
// (Search.InitDefaultSearches), with XenCenter's own uuids so a pool's gui_config never clashes with them.
import type { TabTarget } from '../../framework/tab';
import { OVERVIEW_TYPES, type Filter, type Grouping, type ObjectType, type Search } from '../../../../shared/xensearch/query';

const search = (name: string, scope: readonly ObjectType[], filter: Filter | null, grouping: Grouping | null, uuid = ''): Search =>
  ({ uuid, name, scope: [...scope], filter, grouping, columns: null, sorting: [] });

const uuidIs = (uuid: string): Filter => ({ kind: 'string', property: 'uuid', match: 'exactmatch', query: uuid, caseSensitive: true });
const byPoolThenHost: Grouping = { kind: 'object', property: 'pool', sub: { kind: 'object', property: 'host' } };
// The overview scope without Docker containers (SearchFor's default).
const OVERVIEW: readonly ObjectType[] = OVERVIEW_TYPES;

export interface NodeInfo { kind: string; name: string; uuid?: string; tag?: string; folder?: string }

/** What the Search tab shows first on a node, as XenCenter's SearchFor(object). */
export function searchFor(node: NodeInfo | undefined): Search {
  if (node?.kind === 'host' && node.uuid) {
    return search(`${node.name}: Overview`, OVERVIEW, { kind: 'related', property: 'host', sub: uuidIs(node.uuid) }, { kind: 'object', property: 'host' });
  }
  if (node?.kind === 'pool' && node.uuid) {
    return search(`${node.name}: Overview`, OVERVIEW, { kind: 'related', property: 'pool', sub: uuidIs(node.uuid) }, byPoolThenHost);
  }
  if (node?.kind === 'tag' && node.tag !== undefined) {
    return search(`Objects with tag '${node.tag}'`, ['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'Network'], { kind: 'tag', query: node.tag, contains: true }, null);
  }
  if (node?.kind === 'folder' && node.folder !== undefined) {
    return search(node.name, ['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'Network'],
      { kind: 'related', property: 'folders', sub: uuidIs(node.folder) }, { kind: 'folder' });
  }
  return search('All Servers, VMs, Custom Templates & Remote SRs', OVERVIEW, null, byPoolThenHost);
}

/** XenCenter's SearchFor(several objects): whatever is in their pools (or on their servers, when standalone). */
export function searchForObjects(objects: ReadonlyArray<{ kind: string; uuid?: string; poolUuid?: string; hostUuid?: string }>): Search {
  const conditions = new Map<string, Filter>();
  let pools = false;
  for (const o of objects) {
    if (o.poolUuid) {
      pools = true;
      conditions.set(`pool:${o.poolUuid}`, { kind: 'related', property: 'pool', sub: uuidIs(o.poolUuid) });
    } else {
      const host = o.kind === 'host' ? o.uuid : o.hostUuid;
      if (host) conditions.set(`host:${host}`, { kind: 'related', property: 'host', sub: uuidIs(host) });
    }
  }
  const grouping: Grouping | null = pools ? byPoolThenHost : conditions.size ? { kind: 'object', property: 'host' } : null;
  return search('All Servers, VMs, Custom Templates & Remote SRs', OVERVIEW, conditions.size ? { kind: 'group', op: 'Or', children: [...conditions.values()] } : null, grouping);
}

/** A tree node's search target from the tab's target: the tree encodes tags and folders in the ref of their group rows. */
export function nodeInfoOf(t: TabTarget, name: string, uuid: string | undefined): NodeInfo {
  if (t.kind === 'tag') return { kind: 'tag', name, tag: t.ref.replace(/^group\|tag\|/, '') };
  if (t.kind === 'folder') return { kind: 'folder', name, folder: t.ref.replace(/^group\|folder\|/, '') };
  return { kind: t.kind, name, ...(uuid ? { uuid } : {}) };
}

// Running a search: XenCenter's matching (QueryFilter.Match: true, false, or unknown; an object is
// listed unless its filter says false), grouping (GroupAlg: an object under each of its groups' values,
// the ones with no value at the top level) and sorting. Pure.
import { naturalCompare } from '../../tree/build-tree';
import { folderSegments } from '../../tree/org-views';
import { OBJECT_TYPE_LABELS, type Filter, type Grouping, type ObjectType, type Search, type Sort, CUSTOM_FIELD_COLUMN } from '../../../../shared/xensearch/query';
import {
  ancestorFolders, applianceOf, compareObjects, customFieldOf, descriptionOf, disksOf, folderObject, folderOf, haPriorityOf, hasCustomFields, hostsOf,
  ipAddressesOf, memoryOf, networksOf, osNameOf, poolObject, powerStateOf, srShared, startTimeOf, storageOf, tagsOf, uptimeOf, uuidOf, virtualisationStatusOf, vmsOf,
  type SearchObject, type SearchWorld,
} from './search-world';
import { cpuRank, disksRank, memoryRank, networkRank } from './usage';

type Tri = boolean | null;

function matchString(value: string | null, match: string, query: string, caseSensitive: boolean): Tri {
  if (value === null) return false;
  const v = caseSensitive ? value : value.toLowerCase();
  const q = caseSensitive ? query : query.toLowerCase();
  switch (match) {
    case 'exactmatch': return v === q;
    case 'contains': return v.includes(q);
    case 'startswith': return v.startsWith(q);
    case 'endswith': return v.endsWith(q);
    case 'notcontain': return !v.includes(q);
    default: return null;
  }
}

const DAY = 86_400_000;
/** yyyyMMdd → local midnight (XenCenter compares dates in the user's time zone). */
function dayStart(yyyymmdd: string): number {
  return new Date(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8)).getTime();
}
function matchDate(t: number | null, match: string, query: string, now: number): Tri {
  if (t === null) return false;
  const today = new Date(now);
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  // XenCenter's weeks start on Monday.
  const weekStart = midnight - ((today.getDay() + 6) % 7) * DAY;
  switch (match) {
    case 'today': return t >= midnight;
    case 'yesterday': return t >= midnight - DAY && t < midnight;
    case 'thisweek': return t >= weekStart;
    case 'lastweek': return t >= weekStart - 7 * DAY && t < weekStart;
    case 'before': return t < dayStart(query);
    case 'after': return t >= dayStart(query) + DAY;
    case 'exact': return t >= dayStart(query) && t < dayStart(query) + DAY;
    default: return null;
  }
}

/** The objects a parent-child condition looks at: one related object or a list (empty: no match). */
export function relatedOf(w: SearchWorld, o: SearchObject, property: string): SearchObject[] {
  const memo = (o.memo ??= {});
  return (memo[property] ??= relatedNow(w, o, property));
}

function relatedNow(w: SearchWorld, o: SearchObject, property: string): SearchObject[] {
  switch (property) {
    case 'pool': { const p = poolObject(w, o); return p ? [p] : []; }
    case 'host': return hostsOf(w, o);
    case 'vm': return vmsOf(w, o);
    case 'networks': return networksOf(w, o);
    case 'storage': return storageOf(w, o);
    case 'disks': return disksOf(w, o);
    case 'appliance': { const a = applianceOf(w, o); return a ? [a] : []; }
    case 'folder': { const f = folderOf(o); return f ? [folderObject(f)] : []; }
    case 'folders': return ancestorFolders(o).map(folderObject);
    default: return [];
  }
}

function enumValue(w: SearchWorld, o: SearchObject, property: string): string | null {
  switch (property) {
    case 'type': return o.type;
    case 'power_state': return powerStateOf(o);
    case 'virtualisation_status': return virtualisationStatusOf(w, o);
    case 'ha_restart_priority': return haPriorityOf(w, o);
    case 'sr_type': return o.cls === 'sr' ? String(o.rec.type ?? '') : null;
    default: return null;
  }
}

function boolValue(w: SearchWorld, o: SearchObject, property: string): boolean | null {
  switch (property) {
    case 'shared': return srShared(o);
    case 'ha_enabled': return o.cls === 'pool' ? o.rec.ha_enabled === true : null;
    case 'in_any_appliance': return o.cls === 'vm_appliance' ? true : o.type === 'VM' ? applianceOf(w, o) !== undefined : null;
    case 'has_custom_fields': return hasCustomFields(o);
    default: return null;
  }
}

/** XenCenter's three-valued match: null is "cannot tell" (an unknown condition, an unfinished one). */
export function matchFilter(w: SearchWorld, o: SearchObject, f: Filter): Tri {
  switch (f.kind) {
    case 'group': {
      const results = f.children.map((c) => matchFilter(w, o, c));
      if (f.op === 'And') return results.includes(false) ? false : results.includes(null) ? null : true;
      const or = results.includes(true) ? true : results.includes(null) ? null : false;
      return f.op === 'Or' ? or : or === null ? null : !or;
    }
    case 'string': {
      const v = f.property === 'label' ? o.name : f.property === 'description' ? descriptionOf(o) : uuidOf(o);
      return matchString(v, f.match, f.query, f.caseSensitive);
    }
    case 'enum': {
      const v = enumValue(w, o, f.property);
      return v === null ? false : (v === f.query) === f.equals;
    }
    case 'value': {
      const v = osNameOf(w, o);
      return v === null ? false : (v === f.query) === f.equals;
    }
    case 'int': {
      const v = f.property === 'memory' ? memoryOf(w, o) : f.property === 'uptime' ? uptimeOf(w, o) : o.cls === 'vdi' ? Number(o.rec.virtual_size) : null;
      if (v === null || !Number.isFinite(v)) return false;
      return f.match === 'gt' ? v > f.query : f.match === 'lt' ? v < f.query : v === f.query;
    }
    case 'date': return matchDate(startTimeOf(w, o), f.match, f.query, w.now);
    case 'ip': {
      const q = f.address.trim().toLowerCase();
      if (!q) return null;
      // XenCenter's ComparableAddress takes a partial address: "10.0.1" is 10.0.1.*, whole parts only.
      const within = (a: string, sep: string) => a.startsWith(q.endsWith(sep) ? q : `${q}${sep}`);
      return ipAddressesOf(w, o).some((addr) => { const a = addr.toLowerCase(); return a === q || within(a, '.') || within(a, ':'); });
    }
    case 'tag': return tagsOf(o).includes(f.query) === f.contains;
    case 'tagsEmpty': return (tagsOf(o).length === 0) === f.empty;
    case 'bool': {
      const v = boolValue(w, o, f.property);
      return v === null ? false : v === f.query;
    }
    case 'null': {
      const isNull = f.property === 'pool' ? poolObject(w, o) === undefined : folderOf(o) === undefined;
      return isNull === f.isNull;
    }
    case 'related': {
      // RecursiveXMOListPropertyQuery: any related object matching is a match; none at all is not.
      let seenFalse = false;
      let seenNull = false;
      for (const r of relatedOf(w, o, f.property)) {
        const m = matchFilter(w, r, f.sub);
        if (m === true) return true;
        if (m === false) seenFalse = true; else seenNull = true;
      }
      return seenFalse ? false : seenNull ? null : false;
    }
    case 'customField': return matchString(customFieldOf(o, f.field.name), f.match, f.query, false);
    case 'listContains': {
      const list = f.property === 'host' ? hostsOf(w, o) : networksOf(w, o);
      return list.some((r) => uuidOf(r) === f.uuid) === f.contains;
    }
    case 'objectIs': {
      const p = poolObject(w, o);
      return (p !== undefined && uuidOf(p) === f.uuid) === f.equals;
    }
    case 'unknown': return null;
  }
}

export function matches(w: SearchWorld, search: Pick<Search, 'scope' | 'filter'>, o: SearchObject): boolean {
  return search.scope.includes(o.type) && (search.filter === null || matchFilter(w, o, search.filter) !== false);
}

// ---- grouping ----

export interface GroupKey { key: string; label: string; object?: SearchObject; type?: ObjectType }
export interface ResultGroup extends GroupKey { groups: ResultGroup[]; items: SearchObject[]; count: number }
export interface SearchResult { groups: ResultGroup[]; items: SearchObject[]; count: number }

const POWER_WORDS: Record<string, string> = { Running: 'Running', Halted: 'Halted', Suspended: 'Suspended', Paused: 'Paused' };
const VIRT_WORDS: Record<string, string> = {
  NotInstalled: 'Not optimized', PvDriversOutOfDate: 'Tools out of date', 'IoDriversInstalled, ManagementInstalled': 'Optimized',
};
const HA_WORDS: Record<string, string> = { Restart: 'Restart', BestEffort: 'Restart if possible', DoNotRestart: 'Do not restart' };

/** The groups an object belongs to under one grouping level; [] = none (listed ungrouped). */
export function groupKeys(w: SearchWorld, o: SearchObject, g: Grouping): GroupKey[] {
  switch (g.kind) {
    case 'property': {
      if (g.property === 'tags') return tagsOf(o).map((t) => ({ key: `tag:${t}`, label: t }));
      if (g.property === 'os_name') { const v = osNameOf(w, o); return v === null ? [] : [{ key: `os:${v}`, label: v }]; }
      if (g.property === 'type') return [{ key: `type:${o.type}`, label: OBJECT_TYPE_LABELS[o.type], type: o.type }];
      const v = enumValue(w, o, g.property);
      if (v === null || v === '') return [];
      const words = g.property === 'power_state' ? POWER_WORDS : g.property === 'virtualisation_status' ? VIRT_WORDS : g.property === 'ha_restart_priority' ? HA_WORDS : {};
      return [{ key: `${g.property}:${v}`, label: words[v] ?? v }];
    }
    case 'object': return relatedOf(w, o, g.property).map((r) => ({ key: r.key, label: r.name, object: r }));
    // Nested by folderLevel; one level here (a folder's full path) for a caller that asks.
    case 'folder': { const f = folderOf(o); return f ? [{ key: `folder:${f}`, label: f, object: folderObject(f) }] : []; }
    case 'customField': { const v = customFieldOf(o, g.field.name); return v === null ? [] : [{ key: `cf:${v}`, label: v }]; }
    case 'unknown': return [];
  }
}

/** An object that is itself a group's object is that group's header, not one of its members (XenCenter's BelongsAsGroupNotMember). */
function isOwnGroup(o: SearchObject, g: Grouping): boolean {
  return g.kind === 'object' && ((g.property === 'pool' && o.cls === 'pool') || (g.property === 'host' && o.cls === 'host') || (g.property === 'appliance' && o.cls === 'vm_appliance')
    || (g.property === 'networks' && o.cls === 'network') || (g.property === 'storage' && o.cls === 'sr'));
}

/**
 * XenCenter's FolderGrouping: folders nested as the tree shows them (/Prod, then /Prod/Web inside it),
 * each object in its own folder, under which the next grouping applies; objects in no folder after.
 */
function folderLevel(w: SearchWorld, objects: SearchObject[], sub: Grouping | undefined, sortItems: (a: SearchObject[]) => SearchObject[]): SearchResult {
  const loose: SearchObject[] = [];
  const placed: Array<{ o: SearchObject; segs: string[] }> = [];
  for (const o of objects) {
    const f = folderOf(o);
    if (f) placed.push({ o, segs: folderSegments(f) }); else loose.push(o);
  }
  const level = (members: typeof placed, depth: number): ResultGroup[] => {
    const bySeg = new Map<string, typeof placed>();
    for (const m of members) {
      const seg = m.segs[depth];
      let l = bySeg.get(seg);
      if (!l) bySeg.set(seg, (l = []));
      l.push(m);
    }
    return [...bySeg.entries()].sort(([a], [b]) => naturalCompare(a, b) || (a < b ? -1 : 1)).map(([seg, inside]) => {
      const path = `/${inside[0].segs.slice(0, depth + 1).join('/')}`;
      const here = groupLevel(w, inside.filter((m) => m.segs.length === depth + 1).map((m) => m.o), sub, sortItems);
      const below = level(inside.filter((m) => m.segs.length > depth + 1), depth + 1);
      return { key: `folder:${path}`, label: seg, object: folderObject(path), groups: [...below, ...here.groups], items: here.items, count: inside.length };
    });
  };
  return { groups: level(placed, 0), items: sortItems(loose), count: objects.length };
}

function groupLevel(w: SearchWorld, objects: SearchObject[], g: Grouping | null | undefined, sortItems: (a: SearchObject[]) => SearchObject[]): SearchResult {
  if (!g || g.kind === 'unknown') return { groups: [], items: sortItems(objects), count: objects.length };
  if (g.kind === 'folder') return folderLevel(w, objects, g.sub, sortItems);
  const groups = new Map<string, { key: GroupKey; members: SearchObject[] }>();
  const loose: SearchObject[] = [];
  for (const o of objects) {
    if (isOwnGroup(o, g)) {
      if (!groups.has(o.key)) groups.set(o.key, { key: { key: o.key, label: o.name, object: o }, members: [] });
      continue;
    }
    const keys = groupKeys(w, o, g);
    if (keys.length === 0) loose.push(o);
    for (const k of keys) {
      let e = groups.get(k.key);
      if (!e) groups.set(k.key, (e = { key: k, members: [] }));
      e.members.push(o);
    }
  }
  const out = [...groups.values()].map(({ key, members }) => {
    const inner = groupLevel(w, members, g.sub, sortItems);
    return { ...key, groups: inner.groups, items: inner.items, count: inner.count };
  });
  out.sort((a, b) => (a.object && b.object ? compareObjects(a.object, b.object) : naturalCompare(a.label, b.label)) || (a.key < b.key ? -1 : 1));
  return { groups: out, items: sortItems(loose), count: objects.length };
}

/** A column's value to sort by; null sorts last. */
export function sortValue(w: SearchWorld, o: SearchObject, column: string): string | number | null {
  if (column.startsWith(CUSTOM_FIELD_COLUMN)) return customFieldOf(o, column.slice(CUSTOM_FIELD_COLUMN.length));
  switch (column) {
    case 'name': return o.name;
    case 'cpu': return cpuRank(w, o);
    case 'memory': return memoryRank(w, o);
    case 'disks': return disksRank(w, o);
    case 'network': return networkRank(w, o);
    case 'ip': return ipAddressesOf(w, o)[0] ?? null;
    case 'uptime': return uptimeOf(w, o);
    case 'ha': return haPriorityOf(w, o);
    default: return null;
  }
}

export function sorter(w: SearchWorld, sorting: readonly Sort[]): (items: SearchObject[]) => SearchObject[] {
  return (items) => {
    if (sorting.length === 0) return [...items].sort(compareObjects);
    const keyed = items.map((o) => ({ o, v: sorting.map((s) => sortValue(w, o, s.column)) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < sorting.length; i++) {
        const x = a.v[i];
        const y = b.v[i];
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : naturalCompare(String(x), String(y));
        if (c !== 0) return sorting[i].ascending ? c : -c;
      }
      return compareObjects(a.o, b.o);
    });
    return keyed.map((k) => k.o);
  };
}

export function runSearch(w: SearchWorld, search: Search): SearchResult {
  const found = w.objects.filter((o) => matches(w, search, o));
  return groupLevel(w, found, search.grouping, sorter(w, search.sorting));
}

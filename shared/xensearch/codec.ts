// XenCenter's search XML (SearchMarshalling, major version 2): one <Search> as a pool's gui_config
// value `XenSearch.Search-<uuid>`, and a list of them in a .xensearch file. Elements this version
// does not understand are kept as read and written back unchanged.
import {
  ALL_TYPES_EXC_FOLDERS, OBJECT_TYPES, SINGLE_RELATED,
  type CustomFieldRef, type Filter, type Grouping, type ObjectType, type Search, type Sort,
} from './query';
import { attr, el, parseXml, parseXmlBool, writeXml, xmlBool, type XmlEl } from './xml-tree';

export const SEARCH_FILE_EXTENSION = 'xensearch';
const MAJOR_VERSION = 2;
const XMLNS = 'http://www.citrix.com/XenCenter/XenSearch/schema';

const oneOf = <T extends string>(v: string | undefined, values: readonly T[]): T | undefined => (values as readonly string[]).includes(v ?? '') ? v as T : undefined;

const STRING_PROPS = ['label', 'description', 'uuid'] as const;
const STRING_MATCHES = ['exactmatch', 'contains', 'startswith', 'endswith', 'notcontain'] as const;
const ENUM_PROPS = ['type', 'power_state', 'virtualisation_status', 'ha_restart_priority', 'sr_type'] as const;
const INT_PROPS = ['memory', 'size', 'uptime'] as const;
const INT_MATCHES = ['exactmatch', 'gt', 'lt'] as const;
const DATE_MATCHES = ['today', 'yesterday', 'thisweek', 'lastweek', 'before', 'after', 'exact'] as const;
const BOOL_PROPS = ['shared', 'ha_enabled', 'in_any_appliance', 'has_custom_fields', 'isNotFullyUpgraded', 'read_caching_enabled', 'vendor_device_state'] as const;
const RELATED_PROPS = ['pool', 'host', 'vm', 'networks', 'storage', 'disks', 'appliance', 'folder', 'folders'] as const;
const GROUP_PROPS = ['type', 'power_state', 'os_name', 'tags', 'sr_type', 'virtualisation_status', 'ha_restart_priority'] as const;
const GROUP_OBJECT_PROPS = ['pool', 'host', 'vm', 'networks', 'storage', 'appliance'] as const;

function readField(e: XmlEl): CustomFieldRef | undefined {
  const d = e.children.find((c) => c.name === 'CustomFieldDefinition');
  const name = d && attr(d, 'name');
  const type = d && oneOf(attr(d, 'type'), ['String', 'Date'] as const);
  return name !== undefined && type ? { name, type } : undefined;
}
const writeField = (f: CustomFieldRef): XmlEl => el('CustomFieldDefinition', [['name', f.name], ['type', f.type], ['defaultValue', '']]);

/** One condition; anything unknown or malformed is kept as it was. */
export function readFilter(e: XmlEl): Filter {
  const p = attr(e, 'property');
  const unknown: Filter = { kind: 'unknown', node: e };
  switch (e.name) {
    case 'GroupQuery': {
      const op = oneOf(attr(e, 'type'), ['And', 'Or', 'Nor'] as const);
      return op ? { kind: 'group', op, children: e.children.map(readFilter) } : unknown;
    }
    case 'StringPropertyQuery': {
      const property = oneOf(p, STRING_PROPS);
      const match = oneOf(attr(e, 'type'), STRING_MATCHES);
      const query = attr(e, 'query');
      return property && match && query !== undefined ? { kind: 'string', property, match, query, caseSensitive: parseXmlBool(attr(e, 'casesensitive')) } : unknown;
    }
    case 'EnumPropertyQuery': {
      const property = oneOf(p, ENUM_PROPS);
      let query = attr(e, 'query');
      // Old searches name the type "SR" (EnumPropertyQuery's constructor reads it as remote storage).
      if (property === 'type' && query === 'SR') query = 'RemoteSR';
      return property && query !== undefined ? { kind: 'enum', property, query, equals: parseXmlBool(attr(e, 'equals')) } : unknown;
    }
    case 'ValuePropertyQuery': {
      const query = attr(e, 'query');
      return p === 'os_name' && query !== undefined ? { kind: 'value', property: 'os_name', query, equals: parseXmlBool(attr(e, 'equals')) } : unknown;
    }
    case 'IntPropertyQuery': {
      const property = oneOf(p, INT_PROPS);
      const match = oneOf(attr(e, 'type'), INT_MATCHES);
      const query = Number(attr(e, 'query'));
      return property && match && Number.isSafeInteger(query) ? { kind: 'int', property, match, query } : unknown;
    }
    case 'DatePropertyQuery': {
      const match = oneOf(attr(e, 'type'), DATE_MATCHES);
      const query = attr(e, 'query') ?? '';
      return p === 'start_time' && match && /^\d{8}$/.test(query) ? { kind: 'date', property: 'start_time', match, query } : unknown;
    }
    case 'IPAddressQuery': {
      const address = attr(e, 'address');
      return address ? { kind: 'ip', address } : unknown;
    }
    case 'StringListContainsQuery': {
      const query = attr(e, 'query');
      return p === 'tags' && query !== undefined ? { kind: 'tag', query, contains: parseXmlBool(attr(e, 'contains')) } : unknown;
    }
    case 'ListEmptyQuery':
      return p === 'tags' ? { kind: 'tagsEmpty', empty: parseXmlBool(attr(e, 'empty')) } : unknown;
    case 'BooleanQuery': {
      const property = oneOf(p, BOOL_PROPS);
      return property ? { kind: 'bool', property, query: parseXmlBool(attr(e, 'query')) } : unknown;
    }
    case 'NullQuery': {
      const property = oneOf(p, ['pool', 'folder'] as const);
      return property ? { kind: 'null', property, isNull: parseXmlBool(attr(e, 'query')) } : unknown;
    }
    case 'RecursiveXMOPropertyQuery':
    case 'RecursiveXMOListPropertyQuery': {
      const property = oneOf(p, RELATED_PROPS);
      const list = e.name === 'RecursiveXMOListPropertyQuery';
      // Each property has one shape in XenCenter (a single object or a list): another is not XenCenter's.
      if (!property || SINGLE_RELATED.has(property) === list || e.children.length !== 1) return unknown;
      return { kind: 'related', property, sub: readFilter(e.children[0]) };
    }
    case 'CustomFieldQuery': {
      const field = readField(e);
      const match = oneOf(attr(e, 'type'), STRING_MATCHES);
      const query = attr(e, 'query');
      return field && match && query !== undefined ? { kind: 'customField', field, match, query } : unknown;
    }
    case 'XenModelObjectListContainsQuery': {
      const property = oneOf(p, ['host', 'networks'] as const);
      const uuid = attr(e, 'uuid');
      return property && uuid ? { kind: 'listContains', property, uuid, contains: parseXmlBool(attr(e, 'contains')) } : unknown;
    }
    case 'XenModelObjectPropertyQuery': {
      const uuid = attr(e, 'uuid');
      return p === 'pool' && uuid ? { kind: 'objectIs', property: 'pool', uuid, equals: parseXmlBool(attr(e, 'equals')) } : unknown;
    }
    default:
      return unknown;
  }
}

export function writeFilter(f: Filter): XmlEl {
  switch (f.kind) {
    case 'group': return el('GroupQuery', [['type', f.op]], f.children.map(writeFilter));
    case 'string': return el('StringPropertyQuery', [['property', f.property], ['casesensitive', xmlBool(f.caseSensitive)], ['query', f.query], ['type', f.match]]);
    case 'enum': return el('EnumPropertyQuery', [['property', f.property], ['equals', xmlBool(f.equals)], ['query', f.query]]);
    case 'value': return el('ValuePropertyQuery', [['property', f.property], ['equals', xmlBool(f.equals)], ['query', f.query]]);
    case 'int': return el('IntPropertyQuery', [['property', f.property], ['query', String(f.query)], ['type', f.match]]);
    case 'date': return el('DatePropertyQuery', [['property', f.property], ['query', f.query], ['type', f.match]]);
    case 'ip': return el('IPAddressQuery', [['property', 'ip_address'], ['contains', 'yes'], ['address', f.address]]);
    case 'tag': return el('StringListContainsQuery', [['property', 'tags'], ['contains', xmlBool(f.contains)], ['query', f.query]]);
    case 'tagsEmpty': return el('ListEmptyQuery', [['property', 'tags'], ['empty', xmlBool(f.empty)]]);
    case 'bool': return el('BooleanQuery', [['property', f.property], ['query', xmlBool(f.query)]]);
    case 'null': return el('NullQuery', [['property', f.property], ['query', xmlBool(f.isNull)]]);
    case 'related': return el(SINGLE_RELATED.has(f.property) ? 'RecursiveXMOPropertyQuery' : 'RecursiveXMOListPropertyQuery', [['property', f.property]], [writeFilter(f.sub)]);
    case 'customField': return el('CustomFieldQuery', [['query', f.query], ['type', f.match]], [writeField(f.field)]);
    case 'listContains': return el('XenModelObjectListContainsQuery', [['property', f.property], ['contains', xmlBool(f.contains)], ['uuid', f.uuid]]);
    case 'objectIs': return el('XenModelObjectPropertyQuery', [['property', f.property], ['equals', xmlBool(f.equals)], ['uuid', f.uuid]]);
    case 'unknown': return f.node;
  }
}

export function readGrouping(e: XmlEl): Grouping {
  const subEl = e.children.find((c) => c.name !== 'CustomFieldDefinition');
  const sub = subEl ? readGrouping(subEl) : undefined;
  const withSub = <G extends Grouping>(g: G): G => (sub ? { ...g, sub } : g);
  const p = attr(e, 'property');
  switch (e.name) {
    case 'PropertyGrouping': {
      const property = oneOf(p, GROUP_PROPS);
      return property ? withSub({ kind: 'property', property }) : { kind: 'unknown', node: e };
    }
    case 'XenModelObjectPropertyGrouping': {
      const property = oneOf(p, GROUP_OBJECT_PROPS);
      return property ? withSub({ kind: 'object', property }) : { kind: 'unknown', node: e };
    }
    case 'FolderGrouping': return withSub({ kind: 'folder' });
    case 'CustomFieldGrouping': {
      const field = readField(e);
      return field ? withSub({ kind: 'customField', field }) : { kind: 'unknown', node: e };
    }
    default: return { kind: 'unknown', node: e };
  }
}

export function writeGrouping(g: Grouping): XmlEl {
  if (g.kind === 'unknown') return g.node;
  const sub = g.sub ? [writeGrouping(g.sub)] : [];
  switch (g.kind) {
    case 'property': return el('PropertyGrouping', [['property', g.property]], sub);
    case 'object': return el('XenModelObjectPropertyGrouping', [['property', g.property]], sub);
    case 'folder': return el('FolderGrouping', [], sub);
    case 'customField': return el('CustomFieldGrouping', [], [...sub, writeField(g.field)]);
  }
}

function readScope(e: XmlEl | undefined): ObjectType[] {
  if (!e) return [...ALL_TYPES_EXC_FOLDERS];
  return OBJECT_TYPES.filter((t) => e.children.some((c) => c.name === t));
}

/** One <Search> element. Throws an Error in words when it is not a search this version can read. */
export function readSearch(e: XmlEl): Search {
  const major = Number(attr(e, 'major_version') ?? '');
  if (!Number.isInteger(major)) throw new Error('The search has no version.');
  if (major > MAJOR_VERSION) throw new Error(`The search was made by a newer XenCenter (format version ${major}; this version reads up to ${MAJOR_VERSION}).`);
  const [first, ...rest] = e.children;
  if (!first) throw new Error('The search has no query.');
  let scope: ObjectType[];
  let filter: Filter | null;
  if (major < 2) {
    // Versions 0 and 1 held only the filter, over every type but folders.
    scope = [...ALL_TYPES_EXC_FOLDERS];
    filter = readFilter(first);
  } else {
    if (first.name !== 'Query') throw new Error('The search has no query.');
    const scopeEl = first.children.find((c) => c.name === 'QueryScope');
    if (!scopeEl) throw new Error('The search does not say what to search for.');
    scope = readScope(scopeEl);
    const filterEl = first.children.find((c) => c.name !== 'QueryScope');
    filter = filterEl ? readFilter(filterEl) : null;
  }
  let grouping: Grouping | null = null;
  let columns: Search['columns'] = null;
  let sorting: Sort[] = [];
  for (const c of rest) {
    if (c.name === 'columns') {
      // The "state" column no longer exists (XenCenter CA-25116); widths are positive.
      columns = c.children.flatMap((col) => {
        const name = attr(col, 'name');
        const width = parseInt(attr(col, 'width') ?? '', 10);
        return name && name !== 'state' && Number.isFinite(width) ? [{ name, width: Math.abs(width) }] : [];
      });
    } else if (c.name === 'sorting') {
      sorting = c.children.flatMap((s) => {
        const column = attr(s, 'column');
        return column ? [{ column, ascending: parseXmlBool(attr(s, 'ascending')) }] : [];
      });
    } else {
      grouping = readGrouping(c);
    }
  }
  return { uuid: attr(e, 'uuid') ?? '', name: attr(e, 'name') ?? '', scope, filter, grouping, columns, sorting };
}

export function writeSearch(s: Search): XmlEl {
  const scope = el('QueryScope', [], s.scope.map((t) => el(t)));
  const children: XmlEl[] = [el('Query', [], [scope, ...(s.filter ? [writeFilter(s.filter)] : [])])];
  if (s.grouping) children.push(writeGrouping(s.grouping));
  if (s.columns) children.push(el('columns', [], s.columns.map((c) => el('column', [['name', c.name], ['width', String(c.width)]]))));
  children.push(el('sorting', [], s.sorting.map((o) => el('sort', [['column', o.column], ['ascending', xmlBool(o.ascending)]]))));
  return el('Search', [['uuid', s.uuid], ['name', s.name], ['major_version', String(MAJOR_VERSION)], ['minor_version', '0']], children);
}

/** The value XenCenter stores in gui_config: one line, no declaration. */
export const searchToGuiConfig = (s: Search): string => writeXml(writeSearch(s));

/** A gui_config value; undefined when it is not a search this version reads ("null" was once stored for none). */
export function searchFromGuiConfig(value: string): Search | undefined {
  if (!value || value === 'null') return undefined;
  try {
    const root = parseXml(value)[0];
    return root && (root.name === 'Search' || root.name === 'search') ? readSearch(root) : undefined;
  } catch {
    return undefined;
  }
}

/** A .xensearch file as XenCenter writes it (Search.Save(filename)). */
export function searchesToFile(searches: readonly Search[]): string {
  const root = el('Searches', [['xmlns', XMLNS]], searches.map(writeSearch));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<!DOCTYPE ${SEARCH_FILE_EXTENSION} PUBLIC "-//XENSEARCH//DTD XENSEARCH 1//EN" "${SEARCH_FILE_EXTENSION}-1.dtd">`,
    writeXml(root, 4),
  ].join('\n');
}

/** The searches of a .xensearch file, anywhere in it (XenCenter reads every <Search>, and old <search>). Throws in words. */
export function searchesFromFile(text: string): Search[] {
  const out: Search[] = [];
  const walk = (e: XmlEl) => {
    if (e.name === 'Search' || e.name === 'search') out.push(readSearch(e));
    else e.children.forEach(walk);
  };
  parseXml(text).forEach(walk);
  if (out.length === 0) throw new Error('The file holds no saved search.');
  return out;
}

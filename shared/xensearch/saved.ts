// Saved searches where XenCenter keeps them: each pool's gui_config `XenSearch.Search-<uuid>` holds one
// search's XML, so both clients list the same searches. XenCenter's built-in searches come first. Pure.
import { SAVED_SEARCH_PREFIX } from '../object-properties/plan';
import { DEFAULT_SEARCHES } from './builtin';
import type { Search } from './query';
import { searchFromGuiConfig } from './codec';

/** class (lowercase) -> ref -> record, per connection: the renderer's cache. */
type Objects = ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, Record<string, unknown>>>>;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export interface SavedSearch {
  search: Search;
  /** Built in (not stored anywhere, cannot be deleted). */
  builtIn: boolean;
  /** Where it is stored: the connection and pool ref. */
  connectionId?: string;
  poolRef?: string;
}

// The same gui_config value is read again on every change of the pool: parse each text once.
const parsed = new Map<string, Search | undefined>();
const MAX_PARSED = 500;
function parseOnce(xml: string): Search | undefined {
  if (parsed.has(xml)) return parsed.get(xml);
  const s = searchFromGuiConfig(xml);
  if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value as string);
  parsed.set(xml, s);
  return s;
}

/** Every saved search of the connected pools (one per uuid: the first pool's), then sorted as XenCenter: built-in first, then by name. */
export function savedSearches(objects: Objects, connections: ReadonlyArray<{ id: string; status: string }>): SavedSearch[] {
  const byUuid = new Map<string, SavedSearch>();
  for (const s of DEFAULT_SEARCHES) byUuid.set(s.uuid, { search: s, builtIn: true });
  for (const c of connections) {
    if (c.status !== 'connected') continue;
    for (const [poolRef, pool] of objects.get(c.id)?.get('pool') ?? []) {
      const gc = pool.gui_config;
      if (!gc || typeof gc !== 'object') continue;
      for (const [key, value] of Object.entries(gc as Record<string, unknown>)) {
        if (!key.startsWith(SAVED_SEARCH_PREFIX) || typeof value !== 'string') continue;
        const uuid = key.slice(SAVED_SEARCH_PREFIX.length);
        if (byUuid.has(uuid)) continue;
        const search = parseOnce(value);
        if (search) byUuid.set(uuid, { search: { ...search, uuid }, builtIn: false, connectionId: c.id, poolRef });
      }
    }
  }
  return [...byUuid.values()].sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || collator.compare(a.search.name, b.search.name));
}

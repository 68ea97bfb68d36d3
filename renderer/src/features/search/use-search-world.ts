// The objects a search looks through, rebuilt as the cache changes (deferred, so typing in the query
// builder never waits for a rebuild of a big pool), and what the builder's drop-downs offer.
import { useDeferredValue, useMemo } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { naturalCompare } from '../../tree/build-tree';
import { emptyFoldersOf } from '../../tree/org-views';
import { CUSTOM_FIELDS_KEY, parseCustomFields } from '../../../../shared/object-properties/custom-fields';
import type { ObjectChoices } from './QueryBuilder';
import type { CustomFieldRef } from '../../../../shared/xensearch/query';
import { buildSearchWorld, folderOf, osNameOf, tagsOf, type SearchWorld, type UsageLike } from './search-world';

export function useSearchWorld(usage: ReadonlyMap<string, UsageLike>): SearchWorld {
  const version = useDeferredValue(useApp((s) => s.version));
  const connections = useApp((s) => s.connections);
  const showHidden = useUi((s) => s.showHidden);
  return useMemo(() => {
    void version;
    return buildSearchWorld({ connections: [...connections.values()], store: appStore.getState(), showHidden, now: Date.now(), usage });
  }, [version, connections, showHidden, usage]);
}

/** Custom fields defined in any connected pool (XenCenter's CustomFieldsManager merges them by name). */
export function customFieldsOf(w: SearchWorld): CustomFieldRef[] {
  const byName = new Map<string, CustomFieldRef>();
  for (const byClass of w.store.objects.values()) {
    for (const pool of byClass.get('pool')?.values() ?? []) {
      const gc = pool.gui_config as Record<string, unknown> | undefined;
      const xml = gc && typeof gc[CUSTOM_FIELDS_KEY] === 'string' ? gc[CUSTOM_FIELDS_KEY] as string : undefined;
      for (const f of parseCustomFields(xml)) if (!byName.has(f.name)) byName.set(f.name, f);
    }
  }
  return [...byName.values()].sort((a, b) => naturalCompare(a.name, b.name));
}

/** The objects "is <object>" can name, by class, with the pool's name when several pools are connected. */
export function objectChoices(w: SearchWorld): ObjectChoices {
  const out = new Map<string, Array<{ value: string; label: string }>>();
  const push = (cls: string, value: string, label: string) => {
    let l = out.get(cls);
    if (!l) out.set(cls, (l = []));
    if (!l.some((x) => x.value === value)) l.push({ value, label });
  };
  const several = w.store.objects.size > 1;
  const poolName = (c: string) => {
    const key = w.poolOf.get(c);
    return key ? w.byKey.get(key)?.name : undefined;
  };
  const tags = new Set<string>();
  const os = new Set<string>();
  const folders = new Set<string>(emptyFoldersOf(w.store.objects));
  for (const o of w.objects) {
    const uuid = typeof o.rec.uuid === 'string' ? o.rec.uuid : '';
    if (uuid && ['pool', 'host', 'sr', 'network', 'vm_appliance'].includes(o.cls) || (o.cls === 'vm' && o.type === 'VM' && uuid)) {
      const p = several && o.cls !== 'pool' ? poolName(o.connectionId) : undefined;
      push(o.cls, uuid, p ? `${o.name} (${p})` : o.name);
    }
    for (const t of tagsOf(o)) tags.add(t);
    const name = osNameOf(w, o);
    if (name) os.add(name);
    const f = folderOf(o);
    if (f) folders.add(f);
  }
  for (const f of folders) {
    // Every folder above one too: "in /a" covers /a/b.
    const segs = f.split('/').filter(Boolean);
    segs.forEach((_, i) => push('folder', `/${segs.slice(0, i + 1).join('/')}`, `/${segs.slice(0, i + 1).join('/')}`));
  }
  for (const t of tags) push('tag', t, t);
  for (const n of os) push('os_name', n, n);
  for (const l of out.values()) l.sort((a, b) => naturalCompare(a.label, b.label));
  return out;
}

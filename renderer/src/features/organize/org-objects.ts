// The objects the organisation views group (VMs, templates, servers, pools, storage, networks) and each
// pool's empty folders, read from the connected servers' records: what tag and folder changes act on.
// Snapshots and control domains are left out (their Properties are not changed). Pure.
import type { StoreView } from '../../state/store';
import type { SelectedObject } from '../../framework/command';
import { entries, type AnyRec } from '../../xapi-model/records';
import { isControlDomain, isSnapshot } from '../../xapi-model/predicates';
import { str } from '../../xapi-model/format';
import { parseEmptyFolders } from '../../tree/org-views';
import { EMPTY_FOLDERS_KEY, FOLDER_KEY, normalisePath } from './folders';

export const ORG_CLASSES = ['vm', 'host', 'pool', 'sr', 'network'] as const;
export type OrgClass = typeof ORG_CLASSES[number];
export const isOrgClass = (cls: string): cls is OrgClass => (ORG_CLASSES as readonly string[]).includes(cls);

export interface OrgObject extends SelectedObject { cls: OrgClass; name: string; tags: string[]; folder: string }
export interface OrgPool { connectionId: string; ref: string; name: string; emptyFolders: string[] }

const otherConfig = (rec: AnyRec): Record<string, unknown> => (typeof rec.other_config === 'object' && rec.other_config !== null ? rec.other_config as Record<string, unknown> : {});
const tagsOf = (rec: AnyRec): string[] => (Array.isArray(rec.tags) ? rec.tags.map(String) : []);

const connectedIds = (store: StoreView): string[] => [...store.connections.entries()].filter(([, c]) => c.status === 'connected').map(([id]) => id);

/** One object as the organisation plans see it; undefined for a snapshot, control domain or unknown object. */
export function orgObject(store: StoreView, s: SelectedObject): OrgObject | undefined {
  if (!isOrgClass(s.cls)) return undefined;
  const rec = store.objects.get(s.connectionId)?.get(s.cls)?.get(s.ref);
  if (!rec || (s.cls === 'vm' && (isSnapshot(rec) || isControlDomain(rec)))) return undefined;
  return { connectionId: s.connectionId, cls: s.cls, ref: s.ref, name: str(rec.name_label), tags: tagsOf(rec), folder: normalisePath(str(otherConfig(rec)[FOLDER_KEY])) };
}

/** Every organisable object of every connected server. */
export function orgObjects(store: StoreView): OrgObject[] {
  const out: OrgObject[] = [];
  for (const connectionId of connectedIds(store)) {
    for (const cls of ORG_CLASSES) {
      for (const [ref] of entries(store, connectionId, cls)) {
        const o = orgObject(store, { connectionId, cls, ref });
        if (o) out.push(o);
      }
    }
  }
  return out;
}

/** Each connected server's pool (a standalone server has one too) with its EMPTY_FOLDERS list. */
export function orgPools(store: StoreView): OrgPool[] {
  return connectedIds(store).flatMap((connectionId) => {
    const [entry] = entries(store, connectionId, 'pool');
    if (!entry) return [];
    const [ref, rec] = entry;
    return [{ connectionId, ref, name: str(rec.name_label), emptyFolders: parseEmptyFolders(otherConfig(rec)[EMPTY_FOLDERS_KEY]) }];
  });
}

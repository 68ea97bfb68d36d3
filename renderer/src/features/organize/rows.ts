// The rows of the organisation views a command acts on. A tag or folder row stands for no object
// (tree/selection.ts: its selection is empty), so the row commands are Actions that read the selected
// row's id from the UI state: 'group|tag|<tag>', 'group|folder|<path>', 'group|folders' (the root), and an
// object's row under a tag '<connection>|<cls>|<ref>|tag:<tag>' (org-views.ts's ids). Pure.
import type { SelectedObject } from '../../framework/command';

export type OrgRow = { kind: 'tag'; tag: string } | { kind: 'folder'; path: string } | { kind: 'folders' };

export function orgRow(nodeId: string | null | undefined): OrgRow | undefined {
  if (!nodeId) return undefined;
  if (nodeId === 'group|folders') return { kind: 'folders' };
  if (nodeId.startsWith('group|tag|')) return { kind: 'tag', tag: nodeId.slice('group|tag|'.length) };
  if (nodeId.startsWith('group|folder|')) return { kind: 'folder', path: nodeId.slice('group|folder|'.length) };
  return undefined;
}

/** An object's row under a tag: the object and the tag; undefined for any other row. */
export function taggedRow(nodeId: string): { object: SelectedObject; tag: string } | undefined {
  const i = nodeId.indexOf('|tag:');
  if (i < 0 || nodeId.startsWith('group|')) return undefined;
  const [connectionId, cls, ref] = [nodeId.slice(0, i).split('|').slice(0, -2).join('|'), ...nodeId.slice(0, i).split('|').slice(-2)];
  if (!connectionId || !cls || !ref) return undefined;
  return { object: { connectionId, cls, ref }, tag: nodeId.slice(i + '|tag:'.length) };
}

/**
 * The XAPI methods the role check asks about. add_tags/remove_tags need VM Operator; other_config's
 * `folder` key (objects) and `EMPTY_FOLDERS` key (pool) are VM Operator keys too, though
 * add_to_other_config as a whole needs more: XAPI checks roles per key, the model lists one per method.
 */
export const ORG_METHODS: readonly string[] = ['VM.add_tags', 'VM.remove_tags'];

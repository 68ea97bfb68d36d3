// Folder and tag management (XenCenter's New/Rename/Delete Folder, Move to Folder…, Rename/Delete Tag,
// Untag). Their subject is a tag or folder row, which stands for no object, so they are Actions: they
// read the selected row from the UI state (rows.ts) and open this feature's dialogs, which send the
// changes (requests.ts) and note each task for the Events panel. The role check is the commands' own.
import type { Action, ActionContext, Command, SelectedObject } from '../../framework/command';
import type { UiState } from '../../state/ui';
import type { StoreView } from '../../state/store';
import { appStore } from '../../state';
import { noteOutcomes } from '../../framework/run-command';
import { privilegeReason } from '../../framework/availability';
import { orgObject, isOrgClass, type OrgObject } from './org-objects';
import { planRemoveTag } from './tags';
import { sendTagChanges } from './requests';
import { ORG_METHODS, orgRow, taggedRow, type OrgRow } from './rows';

export const DIALOGS = {
  newFolder: 'organize.newFolder', renameFolder: 'organize.renameFolder', deleteFolder: 'organize.deleteFolder',
  renameTag: 'organize.renameTag', deleteTag: 'organize.deleteTag', moveToFolder: 'organize.moveToFolder',
} as const;

/** The dialogs' subject: a row as a pseudo object (cls 'tag' or 'folder', ref the tag or path, '' for the root). */
export const rowSubject = (cls: 'tag' | 'folder', ref: string): SelectedObject => ({ connectionId: '', cls, ref });

const rowOf = (ui: UiState): OrgRow | undefined => (ui.selectedNodeIds.size <= 1 ? orgRow(ui.selectedNodeId) : undefined);

/** Why nothing can be organised now: no server connected, or the role on one of them is too low (XenCenter blocks folder actions then, CA-34379). */
export function organiseReason(label: string, store: StoreView = appStore.getState()): string | undefined {
  const connected = [...store.connections.entries()].filter(([, c]) => c.status === 'connected');
  if (connected.length === 0) return 'No server is connected';
  const cmd: Command = { id: 'organize', label, methods: ORG_METHODS, canExecute: () => true, execute: async () => [] };
  return privilegeReason(cmd, connected.map(([connectionId]) => ({ connectionId, cls: 'pool', ref: '' })), store);
}

function rowAction(id: string, label: string, kinds: ReadonlyArray<OrgRow['kind']>, need: string, open: (row: OrgRow, ui: UiState) => void): Action {
  return {
    id, label,
    disabledReason: (ui) => {
      const row = rowOf(ui);
      return !row || !kinds.includes(row.kind) ? need : organiseReason(label);
    },
    perform: ({ ui }) => { const row = rowOf(ui); if (row && kinds.includes(row.kind)) open(row, ui); },
  };
}

export const NEW_FOLDER = rowAction('organize.newFolder', 'New Folder…', ['folder', 'folders'], 'Select a folder, or Folders, in Objects by Folder',
  (row, ui) => ui.openDialog(DIALOGS.newFolder, rowSubject('folder', row.kind === 'folder' ? row.path : '')));
export const RENAME_FOLDER = rowAction('organize.renameFolder', 'Rename Folder…', ['folder'], 'Select a folder in Objects by Folder',
  (row, ui) => row.kind === 'folder' && ui.openDialog(DIALOGS.renameFolder, rowSubject('folder', row.path)));
export const DELETE_FOLDER = rowAction('organize.deleteFolder', 'Delete Folder', ['folder'], 'Select a folder in Objects by Folder',
  (row, ui) => row.kind === 'folder' && ui.openDialog(DIALOGS.deleteFolder, rowSubject('folder', row.path)));
export const RENAME_TAG = rowAction('organize.renameTag', 'Rename Tag…', ['tag'], 'Select a tag in Objects by Tag',
  (row, ui) => row.kind === 'tag' && ui.openDialog(DIALOGS.renameTag, rowSubject('tag', row.tag)));
export const DELETE_TAG = rowAction('organize.deleteTag', 'Delete Tag', ['tag'], 'Select a tag in Objects by Tag',
  (row, ui) => row.kind === 'tag' && ui.openDialog(DIALOGS.deleteTag, rowSubject('tag', row.tag)));

/** Move to Folder…: the selected objects, all organisable. */
export function movableSelection(ui: UiState, store: StoreView = appStore.getState()): OrgObject[] | string {
  if (ui.selection.length === 0) return 'Select the objects to move';
  const objects = ui.selection.map((s) => (isOrgClass(s.cls) ? orgObject(store, s) : undefined));
  if (objects.some((o) => !o)) return 'Only VMs, templates, servers, pools, storage and networks go in folders';
  return objects as OrgObject[];
}

export const MOVE_TO_FOLDER: Action = {
  id: 'organize.moveToFolder',
  label: 'Move to Folder…',
  disabledReason: (ui) => {
    const objects = movableSelection(ui);
    if (typeof objects === 'string') return objects;
    const down = objects.find((o) => appStore.getState().connections.get(o.connectionId)?.status !== 'connected');
    return down ? 'The server of a selected object is not connected' : organiseReason('Move to Folder');
  },
  perform: ({ ui }) => { if (ui.selection[0]) ui.openDialog(DIALOGS.moveToFolder, ui.selection[0]); },
};

/** The selected rows under a tag, each with its object and tag (Untag removes that tag from that object). */
function untagTargets(ui: UiState): Array<{ object: OrgObject; tag: string }> {
  const store = appStore.getState();
  return [...ui.selectedNodeIds].flatMap((id) => {
    const row = taggedRow(id);
    const object = row && orgObject(store, row.object);
    return row && object ? [{ object, tag: row.tag }] : [];
  });
}

export const UNTAG: Action = {
  id: 'organize.untag',
  label: 'Untag',
  disabledReason: (ui) => (ui.selectedNodeIds.size === 0 || untagTargets(ui).length !== ui.selectedNodeIds.size
    ? 'Select objects under a tag in Objects by Tag' : organiseReason('Untag')),
  perform: ({ ui, bridge }: ActionContext) => {
    const changes = untagTargets(ui).flatMap(({ object, tag }) => planRemoveTag([object], tag));
    void sendTagChanges(bridge, changes, (c) => `Removing tag '${c.remove[0]}'`).then((outcomes) => noteOutcomes(outcomes, appStore, (m) => ui.pushAlert(m)));
  },
};

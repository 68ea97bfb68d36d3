// Dropping objects on a row of the organisation views (XenCenter's DragDropTagCommand and
// DragDropIntoFolderCommand): on a tag they get the tag; on a folder they move into it; on the Folders
// root they leave their folders. Judged while dragging, so a refused drop names its reason first.
import type { StoreView } from '../../state/store';
import type { Command, Selection } from '../../framework/command';
import type { DropSpec, DropTarget, DropVerdict } from '../../framework/drop';
import { notConnectedReason, privilegeReason } from '../../framework/availability';
import { orgObject, orgObjects, orgPools, type OrgObject } from './org-objects';
import { allFolders, appendPath, isWithin, leafName, parentPath, planMove, planRenameFolder } from './folders';
import { organiseReason } from './actions';
import { objectsWords, planAddTag } from './tags';
import { sendFolderPlan, sendTagChanges } from './requests';
import { ORG_METHODS } from './rows';

/** The role check's stand-in for a drop: what a user must be allowed to call. */
const asCommand = (label: string): Command => ({ id: 'organize.drop', label, methods: ORG_METHODS, canExecute: () => true, execute: async () => [] });

/** The dragged objects, or why they cannot be organised (a snapshot, a connection row, a server not connected). */
function draggedObjects(dragged: Selection, store: StoreView, action: string): OrgObject[] | string {
  const down = notConnectedReason(dragged, store);
  if (down) return down;
  if (dragged.some((s) => store.loading?.has(s.connectionId))) return 'Still loading the objects of this pool';
  const denied = privilegeReason(asCommand(action), dragged, store);
  if (denied) return denied;
  const objects = dragged.map((s) => orgObject(store, s));
  if (objects.some((o) => !o)) return 'Only VMs, templates, servers, pools, storage and networks can be organised';
  return objects as OrgObject[];
}

/** The folder a row stands for: a path, '' for the Folders root, undefined for any other row. */
export function folderOfTarget(target: DropTarget): string | undefined {
  if (target.kind === 'group' && target.ref === 'group|folders') return '';
  if (target.kind === 'folder' && target.ref.startsWith('group|folder|')) return target.ref.slice('group|folder|'.length);
  return undefined;
}

function judgeTag(dragged: Selection, target: DropTarget, store: StoreView): DropVerdict | undefined {
  if (target.kind !== 'tag') return undefined;
  const tag = target.name;
  const objects = draggedObjects(dragged, store, 'Add tag');
  if (typeof objects === 'string') return { ok: false, reason: objects };
  const adds = planAddTag(objects, tag);
  if (adds.length === 0) return { ok: false, reason: `${objects.length === 1 ? `${objectsWords(objects)} already has` : `All ${objects.length} objects already have`} the tag '${tag}'` };
  return { ok: true, label: `Add tag '${tag}' to ${objectsWords(adds.map((a) => a.object))}` };
}

function judgeFolder(dragged: Selection, target: DropTarget, store: StoreView): DropVerdict | undefined {
  const to = folderOfTarget(target);
  if (to === undefined) return undefined;
  const objects = draggedObjects(dragged, store, to ? 'Move to folder' : 'Remove from folder');
  if (typeof objects === 'string') return { ok: false, reason: objects };
  const moving = objects.filter((o) => o.folder !== to);
  if (moving.length === 0) return { ok: false, reason: to ? `Already in ${to}` : `${objects.length === 1 ? 'It is' : 'They are'} in no folder` };
  return { ok: true, label: to ? `Move ${objectsWords(moving)} to ${to}` : `Take ${objectsWords(moving)} out of ${moving.length === 1 ? 'its folder' : 'their folders'}` };
}

/** A folder being dragged (the tree drags a folder row as one { cls: 'folder', ref: path }). */
const draggedFolder = (dragged: Selection): string | undefined => (dragged.length === 1 && dragged[0].cls === 'folder' ? dragged[0].ref : undefined);

/** A folder dropped on another folder, or on Folders, moves there with its objects and subfolders (XenCenter's folder drag). */
function judgeFolderMove(dragged: Selection, target: DropTarget, store: StoreView): DropVerdict | undefined {
  const from = draggedFolder(dragged);
  if (from === undefined) return undefined;
  const to = folderOfTarget(target);
  if (to === undefined) return { ok: false, reason: 'A folder can only be dropped on another folder or on Folders' };
  if (isWithin(to, from)) return { ok: false, reason: `${from} cannot go inside itself` };
  if ((to || '/') === (parentPath(from) || '/')) return { ok: false, reason: `${from} is already in ${to || 'Folders'}` };
  const dest = appendPath(to || '/', leafName(from));
  if (allFolders(orgObjects(store), orgPools(store)).includes(dest)) return { ok: false, reason: `There is already a folder ${dest}` };
  const denied = organiseReason('Move Folder', store);
  if (denied) return { ok: false, reason: denied };
  return { ok: true, label: `Move folder ${from} to ${to || 'Folders'}` };
}

export const FOLDER_MOVE_DROP: DropSpec = {
  judge: judgeFolderMove,
  drop: (dragged, target, bridge, store) => {
    const from = draggedFolder(dragged)!;
    const dest = appendPath(folderOfTarget(target) || '/', leafName(from));
    return sendFolderPlan(bridge, planRenameFolder(orgObjects(store), orgPools(store), from, dest));
  },
};

export const TAG_DROP: DropSpec = {
  judge: judgeTag,
  drop: (dragged, target, bridge, store) => {
    const objects = dragged.map((s) => orgObject(store, s)).filter((o): o is OrgObject => !!o);
    return sendTagChanges(bridge, planAddTag(objects, target.name), () => `Adding tag '${target.name}'`);
  },
};

export const FOLDER_DROP: DropSpec = {
  judge: judgeFolder,
  drop: (dragged, target, bridge, store) => {
    const moved = dragged.map((s) => orgObject(store, s)).filter((o): o is OrgObject => !!o);
    return sendFolderPlan(bridge, planMove(orgObjects(store), orgPools(store), moved, folderOfTarget(target) ?? ''));
  },
};

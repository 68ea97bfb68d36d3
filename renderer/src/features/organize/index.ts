// Organisation: folders and tags managed as XenCenter manages them (stored in the pools themselves, so
// every client sees the same): drops on tag and folder rows, Move to Folder…, New/Rename/Delete Folder,
// Rename/Delete Tag, Untag, in the Tools menu and the context menus of the organisation views' rows.
import { at, type Feature } from '../../framework/feature';
import { DELETE_FOLDER, DELETE_TAG, DIALOGS, MOVE_TO_FOLDER, NEW_FOLDER, RENAME_FOLDER, RENAME_TAG, UNTAG } from './actions';
import { FOLDER_DROP, FOLDER_MOVE_DROP, TAG_DROP } from './drop';
import { DeleteFolderDialog, NewFolderDialog, RenameFolderDialog } from './FolderDialogs';
import { DeleteTagDialog, RenameTagDialog } from './TagDialogs';
import { MoveToFolderDialog } from './MoveToFolderDialog';
import './organize.css';

export const organizeFeature: Feature = {
  id: 'organize',
  commands: [
    // Tools: the tag entries after Edit Tags…, then the folder ones; on a row, its own.
    { entry: UNTAG, places: [at('menu:tools', 10, { order: 1 }), at('context:tagged', 80, { order: 1 })] },
    { entry: RENAME_TAG, places: [at('menu:tools', 10, { order: 2 }), at('context:tag', 10)] },
    { entry: DELETE_TAG, places: [at('menu:tools', 10, { order: 3 }), at('context:tag', 20)] },
    { entry: MOVE_TO_FOLDER, places: [at('menu:tools', 11, { order: 1 }), at('context:organize', 80, { order: 2 })] },
    { entry: NEW_FOLDER, places: [at('menu:tools', 11, { order: 2 }), at('context:folder', 10), at('context:folders', 10)] },
    { entry: RENAME_FOLDER, places: [at('menu:tools', 11, { order: 3 }), at('context:folder', 10)] },
    { entry: DELETE_FOLDER, places: [at('menu:tools', 11, { order: 4 }), at('context:folder', 20)] },
  ],
  dialogs: [
    { kind: DIALOGS.newFolder, component: NewFolderDialog },
    { kind: DIALOGS.renameFolder, component: RenameFolderDialog },
    { kind: DIALOGS.deleteFolder, component: DeleteFolderDialog },
    { kind: DIALOGS.renameTag, component: RenameTagDialog },
    { kind: DIALOGS.deleteTag, component: DeleteTagDialog },
    { kind: DIALOGS.moveToFolder, component: MoveToFolderDialog },
  ],
  // A dragged folder is judged first: it is no object the other drops could take.
  drops: [FOLDER_MOVE_DROP, TAG_DROP, FOLDER_DROP],
};

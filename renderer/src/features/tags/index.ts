// Tags: Edit Tags… on a VM, server, pool, storage or network (the tag chips of the General tab), and on
// several of them at once (checked, indeterminate and cleared tags). In the context menu where an
// object takes tags ('organize', any mix of those classes) and on a snapshot, which has tags too.
import { at, type Feature } from '../../framework/feature';
import { EDIT_TAGS_COMMAND } from './command';
import { EditTagsDialog } from './EditTagsDialog';
import { EditTagsMultiDialog } from './EditTagsMultiDialog';

export const tagsFeature: Feature = {
  id: 'tags',
  commands: [{ entry: EDIT_TAGS_COMMAND, places: [at('menu:tools', 10), at('context:organize', 80, { order: 1 }), at('context:snapshot', 80)] }],
  dialogs: [{ kind: 'editTags', component: EditTagsDialog }, { kind: 'editTagsMulti', component: EditTagsMultiDialog }],
};

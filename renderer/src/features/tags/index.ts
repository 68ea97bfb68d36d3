// Tags: Edit Tags… on a VM, server, pool, storage or network (the tag chips of the General tab).
import { at, type Feature } from '../../framework/feature';
import { EDIT_TAGS_COMMAND } from './command';
import { EditTagsDialog } from './EditTagsDialog';

export const tagsFeature: Feature = {
  id: 'tags',
  commands: [{ entry: EDIT_TAGS_COMMAND, places: [at('menu:tools', 10), at('context:any', 80)] }],
  dialogs: [{ kind: 'editTags', component: EditTagsDialog }],
};

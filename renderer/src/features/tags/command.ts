// Edit Tags…: opens the tag editor on one object of a class with tags (VM, server, pool, storage, network),
// from the context menu, Tools, or the General tab's Tags row. OK sends only the difference. On several
// objects (of any of those classes, mixed) the multi-object editor instead (EditTagsMultiDialog.tsx), for
// those of them that have tags.
import type { Command } from '../../framework/command';
import { TAG_CLASSES } from './tag-edit';

export const EDIT_TAGS_COMMAND: Command = {
  id: 'tags.edit',
  label: 'Edit Tags…',
  dialog: 'editTags',
  multiDialog: 'editTagsMulti',
  // add_tags / remove_tags need VM Operator on every class that has tags (VM, host, pool, SR, network).
  methods: ['VM.add_tags', 'VM.remove_tags'],
  canExecute: (selection, store) => selection.length === 1 && TAG_CLASSES[selection[0].cls] !== undefined
    && store.objects.get(selection[0].connectionId)?.get(selection[0].cls)?.has(selection[0].ref) === true,
  disabledReason: (selection) => (selection.length === 0 ? 'Select an object to edit its tags'
    : selection.length > 1 ? 'None of the selected objects has tags: only VMs, servers, pools, storage and networks do'
      : TAG_CLASSES[selection[0].cls] === undefined ? 'This kind of object has no tags' : 'The object is gone'),
  // The dialog sends the changes; there is nothing to run without it.
  async execute() { return []; },
};

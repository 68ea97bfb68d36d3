// Rename Tag… and Delete Tag: the subject is a tag row (target.ref the tag); the change reaches every
// object of every connected pool with that tag, one request each (tags.ts).
import { useState } from 'react';
import { appStore } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { PromptDialog } from './PromptDialog';
import { AskDialog } from './AskDialog';
import { useSend } from './use-send';
import { orgObjects } from './org-objects';
import { objectsWords, planRemoveTag, planRenameTag } from './tags';
import { sendTagChanges } from './requests';
import { organiseReason } from './actions';

const state = () => appStore.getState();

export function RenameTagDialog({ target }: { target: SelectedObject }) {
  const from = target.ref;
  const send = useSend();
  const [count] = useState(() => planRemoveTag(orgObjects(state()), from).length);
  const problem = (text: string) => (!text.trim() ? 'Type the new name of the tag' : text.trim() === from ? 'The name is unchanged' : organiseReason('Rename Tag'));
  return (
    <PromptDialog title={`Rename Tag '${from}'`} label="New name" initial={from} okLabel="Rename" problem={problem}
      hint={`${count} ${count === 1 ? 'object has' : 'objects have'} this tag; each gets the new name.`}
      onOk={(text) => { const to = text.trim(); const changes = planRenameTag(orgObjects(state()), from, to); send((bridge) => sendTagChanges(bridge, changes, () => `Renaming tag '${from}' to '${to}'`)); }} />
  );
}

export function DeleteTagDialog({ target }: { target: SelectedObject }) {
  const tag = target.ref;
  const send = useSend();
  const [tagged] = useState(() => planRemoveTag(orgObjects(state()), tag).map((c) => c.object));
  return (
    <AskDialog title="Delete Tag" okLabel="Delete" onOk={() => { const changes = planRemoveTag(orgObjects(state()), tag); send((bridge) => sendTagChanges(bridge, changes, () => `Deleting tag '${tag}'`)); }}>
      <p>Remove the tag <b>{tag}</b> from {tagged.length ? objectsWords(tagged) : 'every object'}?</p>
      <p>The objects themselves are not changed otherwise.</p>
    </AskDialog>
  );
}

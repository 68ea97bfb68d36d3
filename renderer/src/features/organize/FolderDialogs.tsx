// New Folder…, Rename Folder… and Delete Folder: the subject is a folder row (target.ref its path, ''
// for the Folders root). Each computes its plan from the store when OK is pressed (folders.ts).
import { useState } from 'react';
import { appStore } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { PromptDialog } from './PromptDialog';
import { AskDialog } from './AskDialog';
import { useSend } from './use-send';
import { orgObjects, orgPools } from './org-objects';
import { allFolders, appendPath, fixupRelativePath, folderContents, leafName, parentPath, planDeleteFolder, planNewFolders, planRenameFolder } from './folders';
import { sendFolderPlan } from './requests';
import { organiseReason } from './actions';

const state = () => appStore.getState();

/** "a; b/c" under /p → ["/p/a", "/p/b/c"]: XenCenter's New Folder takes several names separated by ';'. */
export function newFolderPaths(parent: string, text: string): string[] {
  return [...new Set(text.split(';').map(fixupRelativePath).filter(Boolean).map((n) => appendPath(parent, n)))];
}

export function NewFolderDialog({ target }: { target: SelectedObject }) {
  const parent = target.ref;
  const send = useSend();
  const [pools] = useState(() => orgPools(state()));
  // Under a folder: the pool that holds it; at the root, the user picks (XenCenter's name and connection prompt).
  const holder = pools.find((p) => allFolders(orgObjects(state()).filter((o) => o.connectionId === p.connectionId), [p]).includes(parent)) ?? pools[0];
  const [poolId, setPoolId] = useState(holder?.connectionId ?? '');
  const problem = (text: string) => {
    const paths = newFolderPaths(parent, text);
    if (paths.length === 0) return 'Type a name for the folder';
    const pool = pools.find((p) => p.connectionId === poolId);
    if (!pool) return 'No server is connected';
    if (!planNewFolders(orgObjects(state()), orgPools(state()), pool, paths)) return paths.length === 1 ? `There is already a folder ${paths[0]}` : 'These folders exist already';
    return organiseReason('New Folder');
  };
  return (
    <PromptDialog title={parent ? `New Folder in ${parent}` : 'New Folder'} label="Name" okLabel="Create" problem={problem}
      hint="Separate several names with ';'. A folder stays in its pool's configuration while it is empty, so every client sees it."
      onOk={(text) => {
        const pool = orgPools(state()).find((p) => p.connectionId === poolId);
        const plan = pool && planNewFolders(orgObjects(state()), orgPools(state()), pool, newFolderPaths(parent, text));
        if (plan) send((bridge) => sendFolderPlan(bridge, plan));
      }}>
      {pools.length > 1 ? (
        <>
          <label htmlFor="new-folder-pool">Pool</label>
          <select id="new-folder-pool" value={poolId} onChange={(e) => setPoolId(e.target.value)}>
            {pools.map((p) => <option key={p.connectionId} value={p.connectionId}>{p.name || p.connectionId}</option>)}
          </select>
        </>
      ) : null}
    </PromptDialog>
  );
}

export function RenameFolderDialog({ target }: { target: SelectedObject }) {
  const from = target.ref;
  const send = useSend();
  const toPath = (text: string) => (fixupRelativePath(text) ? appendPath(parentPath(from), fixupRelativePath(text)) : '');
  const problem = (text: string) => {
    const to = toPath(text);
    if (!to) return 'Type a name for the folder';
    if (to === from) return 'The name is unchanged';
    if (allFolders(orgObjects(state()), orgPools(state())).includes(to)) return `There is already a folder ${to}`;
    return organiseReason('Rename Folder');
  };
  return (
    <PromptDialog title={`Rename Folder ${from}`} label="New name" initial={leafName(from)} okLabel="Rename" problem={problem}
      hint="Its objects and subfolders, on every connected pool, move along."
      onOk={(text) => { const plan = planRenameFolder(orgObjects(state()), orgPools(state()), from, toPath(text)); send((bridge) => sendFolderPlan(bridge, plan)); }} />
  );
}

export function DeleteFolderDialog({ target }: { target: SelectedObject }) {
  const path = target.ref;
  const send = useSend();
  const [contents] = useState(() => folderContents(orgObjects(state()), orgPools(state()), path));
  const what = [contents.objects ? `${contents.objects} ${contents.objects === 1 ? 'object' : 'objects'}` : '', contents.subfolders ? `${contents.subfolders} ${contents.subfolders === 1 ? 'subfolder' : 'subfolders'}` : ''].filter(Boolean).join(' and ');
  return (
    <AskDialog title="Delete Folder" okLabel="Delete" onOk={() => { const plan = planDeleteFolder(orgObjects(state()), orgPools(state()), path); send((bridge) => sendFolderPlan(bridge, plan)); }}>
      <p>Delete the folder <b>{path}</b>{what ? <> and its {what}</> : null}?</p>
      {contents.objects ? <p>The objects are not deleted: they are taken out of all folders.</p> : null}
    </AskDialog>
  );
}

// Sends a folder or tag plan: one request per object through the Properties requests main already
// has (framework/object-changes.ts: vmProperties.apply for VMs and templates, objectProperties.apply for the rest), and one per pool
// whose EMPTY_FOLDERS list changes. Main runs each as a task (other_config keys removed, then added, as
// XenCenter's SetOtherConfig), so each shows in the Events panel, a refusal with its XAPI words and code.
import type { Bridge } from '../../bridge/types';
import type { CommandOutcome } from '../../framework/command';
import { changeObject, startEach } from '../../framework/object-changes';
import { serialiseEmptyFolders, type FolderPlan } from './folders';
import type { TagChange } from './tags';

/** The objects' moves first, then the empty lists (so a failed move never loses a folder from a list). */
export async function sendFolderPlan(bridge: Bridge, plan: FolderPlan): Promise<CommandOutcome[]> {
  const moved = await startEach(plan.moves, ({ object, folder }) =>
    changeObject(bridge, object, { folder }, folder ? `Moving to folder ${folder}` : 'Removing from its folder'));
  const lists = await startEach(plan.emptyFolders, ({ pool, list }) =>
    changeObject(bridge, { connectionId: pool.connectionId, cls: 'pool', ref: pool.ref, name: pool.name }, { emptyFolders: serialiseEmptyFolders(list) }, 'Saving the empty folders'));
  return [...moved, ...lists];
}

export function sendTagChanges(bridge: Bridge, changes: readonly TagChange[], title: (c: TagChange) => string): Promise<CommandOutcome[]> {
  return startEach(changes, (c) => changeObject(bridge, c.object, {
    ...(c.add.length ? { tagsAdd: c.add } : {}), ...(c.remove.length ? { tagsRemove: c.remove } : {}),
  }, title(c)));
}

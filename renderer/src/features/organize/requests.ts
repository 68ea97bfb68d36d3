// Sends a folder or tag plan: one request per object through the Properties requests main already
// has (vmProperties.apply for VMs and templates, objectProperties.apply for the rest), and one per pool
// whose EMPTY_FOLDERS list changes. Main runs each as a task (other_config keys removed, then added, as
// XenCenter's SetOtherConfig), so each shows in the Events panel, a refusal with its XAPI words and code.
import type { Bridge } from '../../bridge/types';
import type { CommandOutcome } from '../../framework/command';
import type { ObjectPropertyChanges, PropertyClass } from '../../../../shared/object-properties/plan';
import { requestOutcome } from '../../framework/outcome';
import { serialiseEmptyFolders, type FolderPlan } from './folders';
import type { OrgClass, OrgObject } from './org-objects';
import type { TagChange } from './tags';

const PROPERTY_CLASS: Record<Exclude<OrgClass, 'vm'>, PropertyClass> = { host: 'host', pool: 'pool', sr: 'SR', network: 'network' };

/** The one request that changes an object's folder or tags, as the Events panel titles it. */
function change(bridge: Bridge, o: OrgObject, changes: Pick<ObjectPropertyChanges, 'folder' | 'tagsAdd' | 'tagsRemove' | 'emptyFolders'>, title: string): Promise<CommandOutcome> {
  return requestOutcome(o, title, o.name, () => (o.cls === 'vm'
    ? bridge.request('vmProperties.apply', { connectionId: o.connectionId, vmRef: o.ref, changes })
    : bridge.request('objectProperties.apply', { connectionId: o.connectionId, cls: PROPERTY_CLASS[o.cls], ref: o.ref, changes })));
}

/** Starts the requests a few at a time (a tag on a thousand objects is a thousand tasks), in order. */
async function startAll<T>(items: readonly T[], start: (item: T) => Promise<CommandOutcome>, width = 8): Promise<CommandOutcome[]> {
  const out: CommandOutcome[] = new Array(items.length);
  let next = 0;
  const worker = async () => { for (let i = next++; i < items.length; i = next++) out[i] = await start(items[i]); };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/** The objects' moves first, then the empty lists (so a failed move never loses a folder from a list). */
export async function sendFolderPlan(bridge: Bridge, plan: FolderPlan): Promise<CommandOutcome[]> {
  const moved = await startAll(plan.moves, ({ object, folder }) =>
    change(bridge, object, { folder }, folder ? `Moving to folder ${folder}` : 'Removing from its folder'));
  const lists = await startAll(plan.emptyFolders, ({ pool, list }) =>
    change(bridge, { connectionId: pool.connectionId, cls: 'pool', ref: pool.ref, name: pool.name, tags: [], folder: '' }, { emptyFolders: serialiseEmptyFolders(list) }, 'Saving the empty folders'));
  return [...moved, ...lists];
}

export function sendTagChanges(bridge: Bridge, changes: readonly TagChange[], title: (c: TagChange) => string): Promise<CommandOutcome[]> {
  return startAll(changes, (c) => change(bridge, c.object, {
    ...(c.add.length ? { tagsAdd: c.add } : {}), ...(c.remove.length ? { tagsRemove: c.remove } : {}),
  }, title(c)));
}

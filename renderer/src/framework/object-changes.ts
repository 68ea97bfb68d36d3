// One request that changes an object's folder or tags, whatever its class, as a task of its own for
// the Events panel: vmProperties.apply for VMs and templates, objectProperties.apply for servers,
// pools, SRs and networks (main plans the calls and runs them on one task). The organize feature
// (folders, tag rows) and the tags feature (Edit Tags… on several objects) both send through it.
import type { Bridge } from '../bridge/types';
import type { ObjectPropertyChanges, PropertyClass } from '../../../shared/object-properties/plan';
import type { CommandOutcome, SelectedObject } from './command';
import { requestOutcome } from './outcome';

/** The changes both Properties requests take (an object's place in the organisation). */
export type OrganizingChanges = Pick<ObjectPropertyChanges, 'folder' | 'tagsAdd' | 'tagsRemove' | 'emptyFolders'>;

const PROPERTY_CLASS: Record<string, PropertyClass | undefined> = { host: 'host', pool: 'pool', sr: 'SR', network: 'network' };

/** Starts the request for one object; its task (or refusal) titled `title`, with the object's name. */
export function changeObject(bridge: Bridge, o: SelectedObject & { name?: string }, changes: OrganizingChanges, title: string): Promise<CommandOutcome> {
  return requestOutcome(o, title, o.name, () => {
    if (o.cls === 'vm') return bridge.request('vmProperties.apply', { connectionId: o.connectionId, vmRef: o.ref, changes });
    const cls = PROPERTY_CLASS[o.cls];
    if (!cls) throw new Error(`Objects of class ${o.cls} have no folder or tags`);
    return bridge.request('objectProperties.apply', { connectionId: o.connectionId, cls, ref: o.ref, changes });
  });
}

/** Starts the requests a few at a time (a tag on a thousand objects is a thousand tasks), outcomes in order. */
export async function startEach<T>(items: readonly T[], start: (item: T) => Promise<CommandOutcome>, width = 8): Promise<CommandOutcome[]> {
  const out: CommandOutcome[] = new Array(items.length);
  let next = 0;
  const worker = async () => { for (let i = next++; i < items.length; i = next++) out[i] = await start(items[i]); };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

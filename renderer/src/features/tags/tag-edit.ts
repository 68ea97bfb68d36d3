// Tags as XenCenter edits them: a set of strings on the object itself, changed one value at a time
// with <Class>.add_tags / remove_tags (so two clients editing different tags do not overwrite each
// other, as set_tags would). Pure.
import type { Bridge } from '../../bridge';

/** Store class → XAPI class, for the classes whose General tab edits tags. */
export const TAG_CLASSES: Record<string, string> = { vm: 'VM', host: 'host', pool: 'pool', sr: 'SR', network: 'network' };

export function tagList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** A new tag as typed: surrounding spaces dropped; empty is no tag. */
export function cleanTag(text: string): string {
  return text.trim();
}

export function tagChanges(before: readonly string[], after: readonly string[]): { add: string[]; remove: string[] } {
  const a = new Set(after);
  const b = new Set(before);
  return { add: [...a].filter((t) => !b.has(t)), remove: [...b].filter((t) => !a.has(t)) };
}

/** Every tag used in a connection's objects, for suggestions; sorted, once each. */
export function knownTags(objects: Map<string, Map<string, Record<string, unknown>>> | undefined): string[] {
  const all = new Set<string>();
  for (const cls of Object.keys(TAG_CLASSES)) for (const rec of objects?.get(cls)?.values() ?? []) for (const t of tagList(rec.tags)) all.add(t);
  return [...all].sort((x, y) => x.localeCompare(y));
}

/** Applies the difference; stops at the first refused call (the error is thrown). */
export async function applyTagChanges(bridge: Bridge, target: { connectionId: string; cls: string; ref: string }, before: readonly string[], after: readonly string[]): Promise<void> {
  const xcls = TAG_CLASSES[target.cls];
  if (!xcls) throw new Error(`Objects of class ${target.cls} have no tags`);
  const { add, remove } = tagChanges(before, after);
  for (const value of remove) await bridge.request('xapi.call', { connectionId: target.connectionId, method: `${xcls}.remove_tags`, args: [target.ref, value] });
  for (const value of add) await bridge.request('xapi.call', { connectionId: target.connectionId, method: `${xcls}.add_tags`, args: [target.ref, value] });
}

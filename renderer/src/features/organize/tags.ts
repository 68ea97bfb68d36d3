// Tag management as XenCenter does it (XenModel/Tags.cs): a tag is a value of the objects' `tags` set,
// changed one value at a time (add_tags / remove_tags), so there is no list of tags to keep: renaming a
// tag is removing the old value and adding the new one on every object that has it. Pure.
import type { OrgObject } from './org-objects';

export interface TagChange { object: OrgObject; add: string[]; remove: string[] }

/** Adds `tag` to the objects that lack it (an object that has it already is left). */
export const planAddTag = (objects: readonly OrgObject[], tag: string): TagChange[] =>
  objects.filter((o) => !o.tags.includes(tag)).map((object) => ({ object, add: [tag], remove: [] }));

/** Removes `tag` from the objects that have it (Untag on the chosen ones, Delete Tag on all). */
export const planRemoveTag = (objects: readonly OrgObject[], tag: string): TagChange[] =>
  objects.filter((o) => o.tags.includes(tag)).map((object) => ({ object, add: [], remove: [tag] }));

/** Every object with `from` gets `to` instead (an object that has both just loses `from`). */
export const planRenameTag = (objects: readonly OrgObject[], from: string, to: string): TagChange[] =>
  from === to ? [] : objects.filter((o) => o.tags.includes(from)).map((object) => ({ object, add: object.tags.includes(to) ? [] : [to], remove: [from] }));

/** "'web-01'" for one object, "3 objects" for several. */
export const objectsWords = (objects: readonly { name: string }[]): string =>
  objects.length === 1 ? `'${objects[0].name}'` : `${objects.length} objects`;

// The installed commands by id, for the few places that run another feature's command (the console's
// Start and Resume, the General tab's Edit Tags…), and the extensions one feature shows inside another's
// view (the DVD drive above the console): features never import each other, they name a command or a point.
// The shell installs every contribution once, before the first render (app/menu-model.ts).
import type { ComponentType } from 'react';
import { isAction, type Command, type SelectedObject } from './command';
import type { ExtensionPoint, Feature } from './feature';
import type { DropSpec } from './drop';

let byId = new Map<string, Command>();
let extensions: readonly Feature[] = [];

export function installCommands(features: readonly Feature[]): void {
  byId = new Map(features.flatMap((f) => (f.commands ?? []).map((p) => p.entry)).filter((e): e is Command => !isAction(e)).map((c) => [c.id, c]));
  extensions = features;
}

/** Every feature's drop specs, in registration order (framework/drop.ts). */
export function dropSpecs(): readonly DropSpec[] {
  return extensions.flatMap((f) => f.drops ?? []);
}

/** The components registered at an extension point, in registration order. */
export function extensionsAt(point: ExtensionPoint): ReadonlyArray<ComponentType<{ target: SelectedObject }>> {
  return extensions.flatMap((f) => (f.extensions ?? []).filter((x) => x.point === point).map((x) => x.component));
}

/** Every installed contribution (the command palette lists them all). */
export function installedFeatures(): readonly Feature[] {
  return extensions;
}

export function commandById(id: string): Command | undefined {
  return byId.get(id);
}

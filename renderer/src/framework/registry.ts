// The installed commands by id, for the few places that run another feature's command (the console's
// Start and Resume, the General tab's Edit Tags…): features never import each other, they name a command.
// The shell installs every contribution once, before the first render (app/menu-model.ts).
import { isAction, type Command } from './command';
import type { Feature } from './feature';

let byId = new Map<string, Command>();

export function installCommands(features: readonly Feature[]): void {
  byId = new Map(features.flatMap((f) => (f.commands ?? []).map((p) => p.entry)).filter((e): e is Command => !isAction(e)).map((c) => [c.id, c]));
}

export function commandById(id: string): Command | undefined {
  return byId.get(id);
}

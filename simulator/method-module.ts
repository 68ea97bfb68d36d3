// What a method module declares (methods/*.ts, and events.ts, tasks.ts, rbac.ts for their classes):
// its handlers by wire name, and which of them run inside a visible task when called synchronously
// (SEMANTICS.md 10.2: the long-running operations). dispatch.ts merges the modules; nothing else
// lists handlers.
import type { Handler } from './sim';

export interface MethodModule {
  readonly handlers: Readonly<Record<string, Handler>>;
  /** Wire names that run inside a task when called synchronously. */
  readonly tasked: ReadonlySet<string>;
}

/** Quick calls only (sessions, events, readers): none runs in a task. */
export const quickCalls = (handlers: Record<string, Handler>): MethodModule => ({ handlers, tasked: new Set() });

/** Operations: each runs inside a task when called synchronously, except the quick calls named
 * (readers, checks and field setters), which stay task-free so they do not churn the event stream. */
export function operations(handlers: Record<string, Handler>, quick: readonly string[]): MethodModule {
  const strays = quick.filter((w) => !Object.hasOwn(handlers, w));
  if (strays.length) throw new Error(`quick calls without a handler in their module: ${strays.join(', ')}`);
  return { handlers, tasked: new Set(Object.keys(handlers).filter((w) => !quick.includes(w))) };
}

/** The method table of several modules, and the names that run as tasks; a wire name may have one handler only. */
export function mergeModules(modules: readonly MethodModule[]): { handlers: Record<string, Handler>; tasked: Set<string> } {
  const handlers: Record<string, Handler> = {};
  const tasked = new Set<string>();
  for (const m of modules) {
    for (const [wire, h] of Object.entries(m.handlers)) {
      if (Object.hasOwn(handlers, wire)) throw new Error(`two handlers for ${wire}`);
      handlers[wire] = h;
    }
    for (const wire of m.tasked) tasked.add(wire);
  }
  return { handlers, tasked };
}

// The IPC boundary's allow-list of XAPI messages (renderer-calls.generated.ts, derived from the
// model by scripts/gen-xapi.ts): the renderer may call a message, or its Async. form, only when
// its result can carry neither a session nor a secret. Anything not on the list is refused.
import { RENDERER_CALLABLE, RENDERER_REFUSED } from './renderer-calls.generated';

const callable = new Set(RENDERER_CALLABLE);

/** Why the renderer may not call `wire` ("VM.start"), or undefined when it may. */
export function rendererCallRefusal(wire: string): string | undefined {
  if (callable.has(wire)) return undefined;
  return Object.hasOwn(RENDERER_REFUSED, wire) ? RENDERER_REFUSED[wire] : 'it is not a message of the data model';
}

/**
 * The messages whose task result (Async.<wire>, or the short-lived task of a sync call, named
 * <wire>) can hold a session or a secret: main withholds those results from the renderer.
 */
export function taskResultWithheld(nameLabel: string): boolean {
  const wire = nameLabel.startsWith('Async.') ? nameLabel.slice('Async.'.length) : nameLabel;
  return Object.hasOwn(RENDERER_REFUSED, wire);
}

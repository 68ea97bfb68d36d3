// Typed access to the generated data-model tables (model.generated.ts). Used by the simulator
// (method table, defaults, qualifiers) and by the client (which messages exist, async forms).
import { CLASSES, ENUMS, ROLE_ORDER } from './model.generated';

/** [name, type, qualifier, default?]: qualifier is "RW", "RO/constructor" or "RO/runtime". */
export type ModelField = [string, string, string] | [string, string, string, string];
/** [name, param types after the session, param names, result type, minimum role, implicit, takes a session]. */
export type ModelMessage = [string, string[], string[], string, string, number, number];
export interface ModelClass { name: string; fields: ModelField[]; messages: ModelMessage[] }

export interface FieldInfo { name: string; type: string; qualifier: 'RW' | 'RO/constructor' | 'RO/runtime'; default?: string }
export interface MessageInfo {
  cls: string; name: string; wire: string; paramTypes: string[]; paramNames: string[]; result: string;
  /** Least privileged role allowed to call it ("" = only the local superuser). */
  minRole: string; implicit: boolean; takesSession: boolean;
}
export interface ClassInfo { name: string; fields: Map<string, FieldInfo>; messages: Map<string, MessageInfo> }

export { ENUMS, ROLE_ORDER };

const byName = new Map<string, ClassInfo>();
const byLower = new Map<string, ClassInfo>();
const messages = new Map<string, MessageInfo>();
for (const c of CLASSES) {
  const info: ClassInfo = { name: c.name, fields: new Map(), messages: new Map() };
  for (const [name, type, qualifier, def] of c.fields) {
    info.fields.set(name, { name, type, qualifier: qualifier as FieldInfo['qualifier'], default: def });
  }
  for (const [name, paramTypes, paramNames, result, minRole, implicit, takesSession] of c.messages) {
    const m: MessageInfo = { cls: c.name, name, wire: `${c.name}.${name}`, paramTypes, paramNames, result, minRole, implicit: implicit === 1, takesSession: takesSession === 1 };
    info.messages.set(name, m);
    messages.set(m.wire, m);
  }
  byName.set(c.name, info);
  byLower.set(c.name.toLowerCase(), info);
}

export const allClasses = (): ClassInfo[] => [...byName.values()];
export const classInfo = (name: string): ClassInfo | undefined => byName.get(name);
/** Event classes and refs use lowercase names ("vm"); the model uses "VM". */
export const classInfoCaseless = (name: string): ClassInfo | undefined => byLower.get(name.toLowerCase());
export const messageInfo = (wire: string): MessageInfo | undefined => messages.get(wire);
export const allMessages = (): MessageInfo[] => [...messages.values()];

/** Getters, setters, map/set edits and session/event calls have no Async. form on a real host. */
export function hasAsyncForm(m: MessageInfo): boolean {
  // xapi declares session, event and message calls without the Async flag (xenapi.json does not
  // record the flag, so this is the known list); clients such as Xen Orchestra derive their class
  // list from system.listMethods and would read "Async.message.get_all_records" as a class.
  if (m.cls === 'session' || m.cls === 'event' || m.cls === 'message') return false;
  if (/^(get_|set_|add_to_|remove_from_)/.test(m.name) && m.implicit) return false;
  if (/^(add_|remove_)/.test(m.name) && m.implicit) return false;
  return true;
}

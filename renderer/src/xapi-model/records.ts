// The store's records with their field names checked at compile time: XRec<'vm'> has exactly the
// fields of the data model's VM record, each of type unknown, because the values come from the
// server as they are (a hostile server may send an object where a string belongs): read them with
// str()/isRef()/`=== true`, never trust their declared type. record()/table() look them up.
import type { XapiRecords } from '../../../shared/xapi/types.generated';
import type { ObjectsView } from '../state/store';

/** The data model's records by the store's class names (lowercase, as events give them: 'vm', 'host_metrics'). */
type RecordsByStoreClass = { [K in keyof XapiRecords as Lowercase<K>]: XapiRecords[K] };

/** A class name as the store keys it ('vm', 'host', 'sr', 'vdi', 'vbd', 'pif', 'task', …). */
export type StoreClass = keyof RecordsByStoreClass;

/** A record of class `C`: the model's field names, values unchecked. */
export type XRec<C extends StoreClass> = { readonly [K in keyof RecordsByStoreClass[C]]?: unknown };

/** Any class's record, for predicates that read fields several classes share. */
export type AnyRec = Readonly<Record<string, unknown>>;

/** Every operation an allowed_operations field can list, over all classes. */
export type AllowedOperation = {
  [C in StoreClass]: RecordsByStoreClass[C] extends { allowed_operations: Array<infer O> } ? O : never
}[StoreClass];

/** The record `ref` of class `cls` on a connection, or undefined (also when `ref` is not a string). */
export function record<C extends StoreClass>(store: ObjectsView, connectionId: string, cls: C, ref: unknown): XRec<C> | undefined {
  if (typeof ref !== 'string') return undefined;
  return store.objects.get(connectionId)?.get(cls)?.get(ref);
}

/** Every record of class `cls` on a connection (none when the connection or class is unknown). */
export function table<C extends StoreClass>(store: ObjectsView, connectionId: string, cls: C): Array<XRec<C>> {
  return [...(store.objects.get(connectionId)?.get(cls)?.values() ?? [])];
}

/** [ref, record] of every record of class `cls` on a connection. */
export function entries<C extends StoreClass>(store: ObjectsView, connectionId: string, cls: C): Array<[string, XRec<C>]> {
  return [...(store.objects.get(connectionId)?.get(cls)?.entries() ?? [])];
}

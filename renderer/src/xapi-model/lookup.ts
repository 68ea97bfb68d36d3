// Record lookups over the store's objects (pure; usable with getState()).
import type { ClassMap, ObjectsView, XRecord } from '../state/store';

export function getRecord<T = XRecord>(s: ObjectsView, connectionId: string, cls: string, ref: unknown): T | undefined {
  if (typeof ref !== 'string') return undefined;
  return s.objects.get(connectionId)?.get(cls)?.get(ref) as T | undefined;
}

export function classMap(s: ObjectsView, connectionId: string, cls: string): ClassMap | undefined {
  return s.objects.get(connectionId)?.get(cls);
}

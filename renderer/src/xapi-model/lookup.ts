// Record lookups over the store's objects (pure; usable with getState()).
import type { AppState, ClassMap, XRecord } from '../state/store';

export function getRecord<T = XRecord>(s: Pick<AppState, 'objects'>, connectionId: string, cls: string, ref: unknown): T | undefined {
  if (typeof ref !== 'string') return undefined;
  return s.objects.get(connectionId)?.get(cls)?.get(ref) as T | undefined;
}

export function classMap(s: Pick<AppState, 'objects'>, connectionId: string, cls: string): ClassMap | undefined {
  return s.objects.get(connectionId)?.get(cls);
}

// XenCenter's SR.IsBroken (XenAPI-Extensions/SR.cs): an SR without its PBDs (one per server for a shared
// SR in a pool, one for a local SR) or with one not plugged. Pure.
import type { ObjectsView } from '../state/store';
import { entries, record } from './records';
import { refs } from './refs';

export function srIsBroken(store: ObjectsView, connectionId: string, srRef: string): boolean {
  const sr = record(store, connectionId, 'sr', srRef);
  if (!sr) return false;
  const pbds = refs(sr.PBDs);
  if (pbds.length === 0) return true;
  const expected = sr.shared === true ? entries(store, connectionId, 'host').length : 1;
  if (pbds.length !== expected) return true;
  return pbds.some((p) => record(store, connectionId, 'pbd', p)?.currently_attached !== true);
}

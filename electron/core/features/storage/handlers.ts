// The VM Storage tab's changes (storage/storage-change.ts).
import type { StorageRequests } from '../../../../shared/ipc/areas/storage';
import { startStorageChange } from './storage-change';
import type { HandlerSlice } from '../context';

export const STORAGE_HANDLERS: HandlerSlice<StorageRequests> = {
  'storage.change': async (ch, ctx) => startStorageChange(ctx.get(ch.connectionId), ch, (m) => ctx.log(m)),
};

// Fixtures for renderer unit tests that fill an app store from cache changes and check what the
// commands send: a bridge that records requests, an 'add' change and a connection's info.
import type { BridgeEvent, ConnectionInfo, ObjectChange, RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc/contract';
import type { Bridge } from '../../renderer/src/bridge/types';

type Rec = Record<string, unknown>;

/** A bridge that records every request (channel and args) and answers each with a task ref. */
export class RecordingBridge implements Bridge {
  calls: Array<{ channel: string; args: unknown }> = [];
  async request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    this.calls.push({ channel, args });
    return { taskRef: 'OpaqueRef:task' } as RequestResult<C>;
  }
  subscribe(_l: (e: BridgeEvent) => void): () => void { return () => {}; }
}

/** A cache change adding `record` as object `ref` of class `cls`. */
export const add = (cls: string, ref: string, record: Rec): ObjectChange => ({ cls, ref, op: 'add', record });

/** A connection's info with id, URL and host name all derived from `id` (user root, not saved). */
export const conn = (id: string, status: ConnectionInfo['status'] = 'connected'): ConnectionInfo =>
  ({ id, url: `https://${id}`, hostname: id, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] });

/** One connection's objects as the renderer's cache holds them (class -> ref -> record), built record by record. */
export class ObjectsFixture {
  objects = new Map<string, Map<string, Rec>>();
  add(cls: string, ref: string, rec: Rec): this {
    let m = this.objects.get(cls);
    if (!m) { m = new Map(); this.objects.set(cls, m); }
    m.set(ref, rec);
    return this;
  }
}

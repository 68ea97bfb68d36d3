// The part of Xen Orchestra's `xen-api` npm package (plain JavaScript, no types of its own) that
// test/integration/xen-orchestra-client.test.ts uses. Objects are XO's frozen records with hidden
// $type/$ref/$id fields; `objects` is an xo-collection keyed by $id.
declare module 'xen-api' {
  export interface XoRecord { readonly $type: string; readonly $ref: string; readonly $id: string; readonly [field: string]: unknown }
  export interface XoCollection {
    readonly all: Record<string, XoRecord>;
    readonly size: number;
    on(event: 'add' | 'update' | 'remove', cb: (objects: Record<string, XoRecord>) => void): this;
    removeListener(event: string, cb: (...a: never[]) => void): this;
  }
  export interface XoXapi {
    readonly status: 'connected' | 'connecting' | 'disconnected';
    readonly sessionId: string | undefined;
    readonly pool: XoRecord;
    readonly objects: XoCollection;
    readonly objectsFetched: Promise<void>;
    readonly watchEventsError: unknown;
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
    callAsync<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
    watchTask<T = unknown>(ref: string): Promise<T>;
    getObject(idOrUuidOrRef: string, defaultValue?: unknown): XoRecord;
    getObjectByRef(ref: string, defaultValue?: unknown): XoRecord;
    barrier(ref?: string): Promise<void>;
    on(event: string, cb: (...a: unknown[]) => void): this;
  }
  export interface XoClientOptions {
    url: string;
    auth?: { user: string; password: string } | { sessionId: string };
    allowUnauthorized?: boolean;
    readOnly?: boolean;
    callTimeout?: number;
    watchEvents?: boolean | string[];
    debounce?: number;
    eventPollDelay?: number;
  }
  export function createClient(opts: XoClientOptions): XoXapi;
}

// VM export and import over XAPI's HTTP endpoints (WIRE.md "Other HTTP endpoints"), as XenCenter
// does them: a task made with task.create ("Export of <vm>" / "Import"), passed as task_id= so its
// progress reaches every client through the event stream, the bytes streamed with backpressure
// (pipeline), errors taken from the reply body (xapi's error page carries the JSON error array)
// or else from the task, and the task destroyed at the end.
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { XapiError, xapiErrorFromWire } from '../../xapi/errors';
import { errorFromBody, type XapiHttpRequest } from '../../xapi/http';
import { TypedXapi } from '../../xapi/typed-client';
import type { CacheEvent } from '../../cache/object-cache';

/** What the transfer functions need from a Connection (the session stays inside it). */
export interface TransferConnection {
  call<T = unknown>(method: string, args: readonly unknown[]): Promise<T>;
  openHttp(r: XapiHttpRequest): Promise<IncomingMessage>;
  /** The connection's object cache: the task's final record goes in before the task is destroyed. */
  readonly cache?: { apply(events: readonly CacheEvent[]): void };
}

export interface TransferOptions {
  /** A task made beforehand (createTransferTask); otherwise one is made here. Destroyed at the end either way. */
  task?: string;
  /** How long to wait for the server to close the task after the bytes (default 30 s). */
  taskWaitMs?: number;
  /**
   * Destroy the task this long after the transfer ended (default 0: right away, before the call
   * returns, as XenCenter does). No delay is needed for clients to see how it ended: the core's
   * cache delivers a task's final record together with its deletion.
   */
  destroyDelayMs?: number;
}

/** The sink of an export: a stream, or a function that opens one once the server accepted (size from Content-Length). */
export type ExportSink = Writable | ((info: { size?: number }) => Writable);

const MAX_ERROR_BODY = 64 * 1024;

/** The typed client over the connection's call (the session stays inside the connection). */
const xapi = (c: TransferConnection): TypedXapi => TypedXapi.fromConnection(c);

/** task.create(label, description): the task a transfer reports its progress on. */
export async function createTransferTask(c: TransferConnection, label: string): Promise<string> {
  const task: unknown = await xapi(c).call('task.create', label, '');
  if (typeof task !== 'string' || !task.startsWith('OpaqueRef:')) throw new XapiError('INVALID_RESPONSE', [], { message: 'task.create did not return a task reference' });
  return task;
}

export async function destroyTask(c: TransferConnection, task: string): Promise<void> {
  await xapi(c).call('task.destroy', task).catch(() => undefined);
}

/**
 * The end of a transfer's task: a task still pending (the server never took it up) is cancelled,
 * so no client shows it running forever; then it is destroyed, by default right away, as XenCenter
 * does (the core's cache delivers a task's final record with its deletion, so the Events row still
 * ends Completed/Failed when both arrive within one flush window).
 */
export async function endTask(c: TransferConnection, task: string, delayMs = 0, failure?: XapiError): Promise<void> {
  const status = await xapi(c).call('task.get_status', task).catch(() => '');
  if (status === 'pending' && failure) {
    // Failed before the server took it up (a host that does not answer): every client shows it Failed, with why.
    await xapi(c).call('task.set_error_info', task, [failure.code, ...failure.params]).catch(() => undefined);
    await xapi(c).call('task.set_status', task, 'failure').catch(() => undefined);
  } else if (status === 'pending') await xapi(c).call('task.cancel', task).catch(() => undefined);
  if (delayMs <= 0) {
    // event.from reports an object changed and deleted since the last call as a bare del (xapi and
    // the simulator alike), so the final status may never come as an event: the record read here
    // goes into the cache, whose del then carries it to the renderer (ObjectChange.record).
    if (c.cache) {
      const rec: unknown = await xapi(c).call('task.get_record', task).catch(() => undefined);
      if (rec && typeof rec === 'object' && !Array.isArray(rec)) c.cache.apply([{ class: 'task', operation: 'mod', ref: task, snapshot: rec }]);
    }
    await destroyTask(c, task);
    return;
  }
  setTimeout(() => { void destroyTask(c, task); }, delayMs).unref?.();
}

/** Streams GET /export?uuid=… into `sink`. Rejects with the XAPI error (code + params) on failure. */
export async function exportVm(c: TransferConnection, vmRef: string, sink: ExportSink, opts: TransferOptions = {}): Promise<void> {
  const task = opts.task ?? await createTransferTask(c, `Export of ${await vmName(c, vmRef)}`);
  try {
    const uuid = await xapi(c).call('VM.get_uuid', vmRef);
    const res = await c.openHttp({ method: 'GET', path: '/export', query: { uuid, task_id: task } });
    if (res.statusCode !== 200) throw await replyError(c, res, task, 'GET /export');
    const len = Number(res.headers['content-length']);
    const out = typeof sink === 'function' ? sink(Number.isSafeInteger(len) && len >= 0 ? { size: len } : {}) : sink;
    try {
      await pipeline(res, out);
    } catch (e) {
      throw (await taskError(c, task)) ?? transferFailed('The export stream broke off', e);
    }
    await settle(c, task, opts.taskWaitMs);
  } finally {
    await endTask(c, task, opts.destroyDelayMs);
  }
}

/**
 * Streams `size` bytes of `source` to PUT /import?sr_id=… (with that Content-Length: xapi reads
 * the XVA as a plain byte stream of known length and refuses chunked uploads). Resolves with the
 * new VM ref(s), from the task's result and the reply body.
 */
export async function importVm(c: TransferConnection, srRef: string, source: Readable, size: number, opts: TransferOptions = {}): Promise<{ vmRefs: string[] }> {
  if (!Number.isSafeInteger(size) || size < 0) throw new XapiError('IMPORT_ERROR', [`invalid size ${size}`]);
  const task = opts.task ?? await createTransferTask(c, 'Import');
  try {
    const body = exactLength(source, size);
    const res = await c.openHttp({
      method: 'PUT', path: '/import', query: { sr_id: srRef, task_id: task },
      headers: { 'Content-Length': size, 'Content-Type': 'application/octet-stream' }, body,
    });
    if (res.statusCode !== 200) throw await replyError(c, res, task, 'PUT /import');
    const text = await readText(res);
    await settle(c, task, opts.taskWaitMs);
    const result = await xapi(c).call('task.get_result', task).catch(() => '');
    const refs = new Set<string>([...String(result).matchAll(/OpaqueRef:[A-Za-z0-9-]+/g)].map((m) => m[0]));
    const fromBody = /OpaqueRef:[A-Za-z0-9-]+/.exec(text);
    if (fromBody) refs.add(fromBody[0]);
    return { vmRefs: [...refs] };
  } finally {
    await endTask(c, task, opts.destroyDelayMs);
  }
}

async function vmName(c: TransferConnection, vmRef: string): Promise<string> {
  return String(await xapi(c).call('VM.get_name_label', vmRef));
}

/** Passes exactly `size` bytes through; fewer or more is an error (the server would wait or cut). */
function exactLength(source: Readable, size: number): Readable {
  let seen = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > size) cb(new XapiError('IMPORT_ERROR', [`the file is larger than the ${size} bytes announced`]));
      else cb(null, chunk);
    },
    flush(cb) {
      cb(seen === size ? null : new XapiError('IMPORT_ERROR_PREMATURE_EOF', [], { message: `The upload ended after ${seen} of ${size} bytes` }));
    },
  });
  source.on('error', (e) => t.destroy(e));
  return source.pipe(t);
}

export function transferFailed(what: string, e: unknown): XapiError {
  if (e instanceof XapiError) return e;
  const msg = String((e as Error)?.message ?? e);
  return new XapiError('TRANSFER_FAILED', [msg], { message: `${what}: ${msg}` });
}

async function readText(res: IncomingMessage, max = MAX_ERROR_BODY): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (n < max) { chunks.push(chunk.subarray(0, max - n)); n += chunk.length; }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The XAPI error of a refused request: the JSON array in xapi's error page, else the task's, else the HTTP status. */
export async function replyError(c: TransferConnection, res: IncomingMessage, task: string, what: string): Promise<XapiError> {
  const status = res.statusCode ?? 0;
  const text = await readText(res).catch(() => '');
  const fromBody = errorFromBody(text);
  if (fromBody) return fromBody;
  const fromTask = await taskError(c, task, 2_000);
  if (fromTask) return fromTask;
  if (status === 401) return new XapiError('SESSION_INVALID', [], { message: `The server refused the session for ${what} (HTTP 401)`, status, fromServer: true });
  return new XapiError('HTTP_ERROR', [String(status)], { message: `The server answered ${what} with HTTP ${status} ${res.statusMessage ?? ''}`.trim(), status, fromServer: true });
}

/** The task's error once it failed (waiting up to waitMs for it to finish); undefined when it did not fail. */
async function taskError(c: TransferConnection, task: string, waitMs = 5_000): Promise<XapiError | undefined> {
  const status = await waitTask(c, task, waitMs);
  if (status !== 'failure' && status !== 'cancelled') return undefined;
  const info: unknown = await xapi(c).call('task.get_error_info', task).catch(() => []);
  if (Array.isArray(info) && info.length) return xapiErrorFromWire(info);
  return status === 'cancelled' ? new XapiError('TASK_CANCELLED', [task]) : undefined;
}

async function waitTask(c: TransferConnection, task: string, waitMs: number): Promise<string> {
  const until = Date.now() + waitMs;
  for (;;) {
    const status = String(await xapi(c).call('task.get_status', task).catch(() => 'unknown'));
    if (status !== 'pending' && status !== 'cancelling') return status;
    if (Date.now() >= until) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** After the bytes: wait for the server to close the task, and fail with its error if it failed. */
export async function settle(c: TransferConnection, task: string, waitMs = 30_000): Promise<void> {
  const err = await taskError(c, task, waitMs);
  if (err) throw err;
}

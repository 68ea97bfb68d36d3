// Collects a Server Status Report as XenCenter's SingleHostStatusAction + ZipStatusReportAction do:
// each host's GET /system-status?entries=…&output=tar (on its own address, with a task made for it
// and passed as task_id) into a temporary file, all hosts at once; then the tars that arrived go into
// one zip, an entry per host named "<time>-bugtool-<host>.tar". A host that fails or is unreachable
// is reported with its error and left out; the others are still saved.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { StatusReportHostProgress, StatusReportProgress } from '../../../../shared/ipc/areas/status-report';
import { XapiError, toErrorInfo } from '../../xapi/errors';
import { createTransferTask, endTask, replyError, settle, transferFailed, type TransferConnection } from '../transfer/transfer';

/** One host to collect from: its connection, and its address (undefined: the connection's own server). */
export interface ReportSource {
  connectionId: string;
  hostRef: string;
  name: string;
  connection: TransferConnection;
  address?: string;
}

export interface CollectOptions {
  capabilities: readonly string[];
  fileName: string;
  /** Where the zip goes: a path, or undefined to write it in the report's temporary folder. */
  destination?: string;
  /** How long to wait for each host's task to end after its bytes (default 30 s). */
  taskWaitMs?: number;
  /** The client's own entries (client-entries.ts), made when the zip is written, named with its time. */
  clientEntries?: (time: string) => { name: string; data: Buffer }[];
}

/** "yyyy-MM-dd-HH-mm-ss" in local time, as XenCenter stamps the report's files. */
export function reportTimeString(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

/** The zip entry of a host: "<time>-bugtool-<host name, tar-safe, at most 20 characters>.tar". */
export function hostEntryName(time: string, hostName: string, taken: ReadonlySet<string> = new Set()): string {
  const safe = [...hostName].map((ch) => (ch.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(ch) ? '_' : ch)).join('').replace(/^\.+/, '_').slice(0, 20) || 'host';
  let name = `${time}-bugtool-${safe}.tar`;
  for (let i = 2; taken.has(name); i++) name = `${time}-bugtool-${safe}-${i}.tar`;
  return name;
}

function cancelled(): XapiError {
  return new XapiError('TASK_CANCELLED', [], { message: 'Canceled' });
}

/** A running report: its progress (read by statusReport.progress), cancel(), and done when it ends. */
export class StatusReportJob {
  readonly progress: StatusReportProgress;
  readonly done: Promise<void>;
  /** The temporary folder (the hosts' tars; the zip itself when there is no destination). */
  dir = '';
  /** The zip written (destination, or in dir). */
  zipPath = '';
  readonly #abort = new AbortController();

  constructor(private readonly sources: readonly ReportSource[], private readonly opts: CollectOptions) {
    this.progress = {
      state: 'collecting', fileName: opts.fileName,
      hosts: sources.map((s) => ({ connectionId: s.connectionId, hostRef: s.hostRef, name: s.name, state: 'waiting', bytes: 0 })),
    };
    this.done = this.#run().catch((e) => {
      this.progress.state = this.#abort.signal.aborted ? 'cancelled' : 'failed';
      if (!this.#abort.signal.aborted) this.progress.error = toErrorInfo(e);
    });
  }

  cancel(): void {
    if (this.progress.state === 'collecting' || this.progress.state === 'zipping') this.#abort.abort();
  }

  async #run(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'status-report-'));
    const time = reportTimeString();
    const taken = new Set<string>();
    const entries = this.sources.map((s) => { const e = hostEntryName(time, s.name, taken); taken.add(e); return e; });
    await Promise.all(this.sources.map((s, i) => this.#collect(s, this.progress.hosts[i], join(this.dir, `${i}.tar`))));
    if (this.#abort.signal.aborted) {
      this.progress.state = 'cancelled';
      await rm(this.dir, { recursive: true, force: true });
      return;
    }
    const got = this.progress.hosts.map((h, i) => ({ h, i })).filter(({ h }) => h.state === 'done');
    if (got.length === 0) {
      this.progress.state = 'failed';
      this.progress.error = { code: 'SYSTEM_STATUS_RETRIEVAL_FAILED', params: [], message: 'No data was compiled: no server sent its report.' };
      await rm(this.dir, { recursive: true, force: true });
      return;
    }
    this.progress.state = 'zipping';
    this.zipPath = this.opts.destination ?? join(this.dir, 'report.zip');
    const zip = new yazl.ZipFile();
    for (const { h, i } of got) {
      zip.addFile(join(this.dir, `${i}.tar`), entries[i]);
      h.entry = entries[i];
    }
    const client = this.opts.clientEntries?.(time) ?? [];
    for (const e of client) zip.addBuffer(e.data, e.name);
    if (client.length) this.progress.clientEntries = client.map((e) => e.name);
    zip.end();
    try {
      await pipeline(zip.outputStream, createWriteStream(this.zipPath), { signal: this.#abort.signal });
    } catch (e) {
      await unlink(this.zipPath).catch(() => undefined);
      throw this.#abort.signal.aborted ? cancelled() : transferFailed(`The report could not be saved to ${this.zipPath}`, e);
    } finally {
      // The hosts' tars are in the zip now (or lost with it).
      for (const { i } of got) await unlink(join(this.dir, `${i}.tar`)).catch(() => undefined);
    }
    this.progress.state = 'saved';
  }

  /** One host's tar into `file`; its row says how it went. Never rejects. */
  async #collect(s: ReportSource, row: StatusReportHostProgress, file: string): Promise<void> {
    const signal = this.#abort.signal;
    let task: string | undefined;
    let failure: XapiError | undefined;
    try {
      task = await createTransferTask(s.connection, `Compiling status report for ${s.name}`);
      if (signal.aborted) throw cancelled();
      const res = await s.connection.openHttp({
        method: 'GET', path: '/system-status', query: { entries: this.opts.capabilities.join(','), output: 'tar', task_id: task },
        ...(s.address ? { address: s.address } : {}),
      });
      if (res.statusCode !== 200) throw await replyError(s.connection, res, task, 'GET /system-status');
      row.state = 'collecting';
      const count = new Transform({ transform(chunk: Buffer, _e, cb) { row.bytes += chunk.length; cb(null, chunk); } });
      try {
        await pipeline(res, count, createWriteStream(file), { signal });
      } catch (e) {
        throw signal.aborted ? cancelled() : transferFailed('The report stream broke off', e);
      }
      await settle(s.connection, task, this.opts.taskWaitMs);
      row.state = 'done';
    } catch (e) {
      await unlink(file).catch(() => undefined);
      if (signal.aborted) { row.state = 'cancelled'; return; }
      row.state = 'failed';
      row.error = toErrorInfo(e);
      failure = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [e instanceof Error ? e.message : String(e)]);
    } finally {
      if (task) await endTask(s.connection, task, 0, failure);
    }
  }
}

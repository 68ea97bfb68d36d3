// Open console tunnels, each known by a random stream id until a host (the Electron MessagePort or
// the browser host's WebSocket) attaches a sink to it. Before the attachment the tunnel's bytes are
// buffered (bounded); a stream nobody attaches within attachTimeoutMs is closed. Closing either
// side closes the other. A sink that reports how much it still has to send (ws bufferedAmount)
// pauses the tunnel while it is behind.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';

export interface ConsoleSink {
  send(bytes: Uint8Array): void;
  close(reason?: string): void;
  /** Bytes accepted by send() but not yet delivered (e.g. WebSocket.bufferedAmount); enables backpressure. */
  bufferedAmount?(): number;
  /**
   * With bufferedAmount: calls `resume` once the sink has caught up (at most lowWater bytes left).
   * Without it the stream polls bufferedAmount every few milliseconds while paused.
   */
  whenDrained?(lowWater: number, resume: () => void): void;
}

export interface ConsoleStreamHandle {
  /** Bytes from the viewer to the console. */
  write(bytes: Uint8Array): void;
  /** The viewer went away: closes the tunnel (the sink is not called back). */
  close(): void;
}

export interface ConsoleStreamsOptions {
  /** Close a stream nobody attached to after this long (default 30 s). */
  attachTimeoutMs?: number;
  /** Bytes buffered before attachment; beyond that the stream is closed (default 8 MiB). */
  maxPendingBytes?: number;
  /** Pause the tunnel while the sink holds more than this (default 1 MiB). */
  highWaterBytes?: number;
  /** Viewer input queued towards the server beyond which the stream is closed (default 8 MiB). */
  maxInputBytes?: number;
}

interface Stream {
  id: string;
  connectionId: string;
  socket: Duplex;
  pending: Buffer[];
  pendingBytes: number;
  sink?: ConsoleSink;
  timer?: NodeJS.Timeout;
  drainTimer?: NodeJS.Timeout;
  /** Paused until the sink's whenDrained callback. */
  paused?: boolean;
  closed: boolean;
}

export class ConsoleStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly opts: Required<ConsoleStreamsOptions>;

  constructor(opts: ConsoleStreamsOptions = {}) {
    this.opts = {
      attachTimeoutMs: opts.attachTimeoutMs ?? 30_000,
      maxPendingBytes: opts.maxPendingBytes ?? 8 * 1024 * 1024,
      highWaterBytes: opts.highWaterBytes ?? 1024 * 1024,
      maxInputBytes: opts.maxInputBytes ?? 8 * 1024 * 1024,
    };
  }

  get size(): number {
    return this.streams.size;
  }

  has(streamId: string): boolean {
    return this.streams.has(streamId);
  }

  /** Registers an open tunnel (paused or flowing) and returns its new stream id. */
  add(connectionId: string, socket: Duplex): string {
    const id = randomBytes(16).toString('hex');
    const s: Stream = { id, connectionId, socket, pending: [], pendingBytes: 0, closed: false };
    this.streams.set(id, s);
    socket.on('data', (d: Buffer) => this.onData(s, d));
    socket.on('end', () => this.close(id, 'The console connection was closed by the server'));
    socket.on('close', () => this.close(id, 'The console connection was closed'));
    socket.on('error', (e: Error) => this.close(id, `The console connection failed: ${e.message}`));
    s.timer = setTimeout(() => this.close(id, 'Nobody attached to the console stream in time'), this.opts.attachTimeoutMs);
    s.timer.unref?.();
    socket.resume();
    return id;
  }

  /** One attachment per stream; undefined for an unknown, closed or already attached stream. */
  attach(streamId: string, sink: ConsoleSink): ConsoleStreamHandle | undefined {
    const s = this.streams.get(streamId);
    if (!s || s.closed || s.sink) return undefined;
    s.sink = sink;
    clearTimeout(s.timer);
    s.timer = undefined;
    const pending = s.pending;
    s.pending = [];
    s.pendingBytes = 0;
    for (const b of pending) this.deliver(s, b);
    return {
      write: (bytes) => {
        if (s.closed) return;
        if (s.socket.writableLength > this.opts.maxInputBytes) { this.close(s.id, 'The console is not reading its input', { notifySink: true }); return; }
        s.socket.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
      close: () => this.close(s.id, 'The viewer closed the console', { notifySink: false }),
    };
  }

  /** Closes a stream (idempotent); an attached sink is told why unless notifySink is false. */
  close(streamId: string, reason = 'The console was closed', { notifySink = true } = {}): void {
    const s = this.streams.get(streamId);
    if (!s || s.closed) return;
    s.closed = true;
    this.streams.delete(streamId);
    clearTimeout(s.timer);
    clearTimeout(s.drainTimer);
    s.pending = [];
    s.socket.destroy();
    if (notifySink && s.sink) {
      try {
        s.sink.close(reason);
      } catch {
        /* the viewer side is gone already */
      }
    }
  }

  closeConnection(connectionId: string, reason = 'The connection to the server was closed'): void {
    for (const s of [...this.streams.values()]) if (s.connectionId === connectionId) this.close(s.id, reason);
  }

  closeAll(reason = 'The application is closing'): void {
    for (const id of [...this.streams.keys()]) this.close(id, reason);
  }

  private onData(s: Stream, d: Buffer): void {
    if (s.closed) return;
    if (s.sink) { this.deliver(s, d); return; }
    s.pending.push(d);
    s.pendingBytes += d.length;
    if (s.pendingBytes > this.opts.maxPendingBytes) this.close(s.id, 'Too much console output arrived before the viewer attached');
  }

  private deliver(s: Stream, d: Buffer): void {
    const sink = s.sink!;
    try {
      sink.send(d);
    } catch (e) {
      this.close(s.id, `The viewer failed: ${(e as Error).message}`, { notifySink: false });
      return;
    }
    if (!sink.bufferedAmount || s.drainTimer || s.paused || s.closed) return;
    if (sink.bufferedAmount() <= this.opts.highWaterBytes) return;
    // The viewer is behind: stop reading the tunnel (TCP pushes back on the server) until it catches up.
    s.socket.pause();
    const low = this.opts.highWaterBytes / 4;
    if (sink.whenDrained) {
      s.paused = true;
      sink.whenDrained(low, () => { s.paused = false; if (!s.closed) s.socket.resume(); });
      return;
    }
    const check = (): void => {
      s.drainTimer = undefined;
      if (s.closed) return;
      if ((sink.bufferedAmount?.() ?? 0) > low) { s.drainTimer = setTimeout(check, 2); return; }
      s.socket.resume();
    };
    s.drainTimer = setTimeout(check, 2);
  }
}

// Paces a page's events to its frames: one message is out until the page says it has drawn it (an
// ack at its next animation frame); what comes meanwhile waits and goes as one batch. A page busy
// on a 5,000-VM pool so never finds two messages in one frame, and never builds a backlog. A page
// that stops acking (hidden: no frames; or gone) gets a batch every `maxWaitMs`.
import type { BridgeEvent } from '../../shared/ipc/contract';

export interface EventPacerOptions {
  /** Sends one batch to the page (its events in order). */
  send: (batch: BridgeEvent[]) => void;
  /** How long a batch waits for its ack before the next goes anyway (default 500 ms). */
  maxWaitMs?: number;
}

export class EventPacer {
  private queue: BridgeEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** A flush is due at the end of this turn of the event loop. */
  private due = false;
  private readonly send: (batch: BridgeEvent[]) => void;
  private readonly maxWaitMs: number;

  constructor(opts: EventPacerOptions) {
    this.send = opts.send;
    this.maxWaitMs = opts.maxWaitMs ?? 500;
  }

  /**
   * An event for the page: out at the end of this turn when nothing is waiting for an ack (with what
   * else this turn emits: a load's delta and the "connected" that follows it go as one), else with
   * the next batch.
   */
  push(event: BridgeEvent): void {
    if (this.disposed) return;
    this.queue.push(event);
    if (this.timer !== undefined || this.due) return;
    this.due = true;
    queueMicrotask(() => {
      this.due = false;
      if (!this.disposed && this.timer === undefined && this.queue.length) this.flush();
    });
  }

  /** The page drew the last batch: the next one may go. An ack with nothing out is ignored. */
  ack(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length) this.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.queue.length) this.flush();
    }, this.maxWaitMs);
    (this.timer as { unref?: () => void }).unref?.();
    this.send(batch);
  }
}

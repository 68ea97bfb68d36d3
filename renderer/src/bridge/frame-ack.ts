// Main sends the page's events paced to its frames (electron/core/event-pacer.ts): one batch is out
// until the page acks it. The ack goes at the next animation frame, when what the batch changed has
// been rendered, so the next batch lands in a later frame. A hidden page has no frames; main then
// sends on a timer instead.
let pending: Array<() => void> = [];

/** Calls `ack` at the next animation frame (several batches in one frame: each ack once, then). */
export function ackAtNextFrame(ack: () => void): void {
  if (typeof requestAnimationFrame !== 'function') { ack(); return; }
  if (pending.push(ack) > 1) return;
  requestAnimationFrame(() => {
    const acks = pending;
    pending = [];
    for (const a of acks) a();
  });
}

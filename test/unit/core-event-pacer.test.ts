import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventPacer } from '../../electron/core/event-pacer';
import type { BridgeEvent } from '../../shared/ipc/contract';

const ev = (id: string): BridgeEvent => ({ channel: 'connection.removed', payload: { connectionId: id } });
const ids = (batches: BridgeEvent[][]) => batches.map((b) => b.map((e) => (e.payload as { connectionId: string }).connectionId));

describe('EventPacer: a page\'s events paced to its frames', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('sends an event at once when nothing is out; what comes before the ack goes as one batch, in order', () => {
    const sent: BridgeEvent[][] = [];
    const p = new EventPacer({ send: (b) => sent.push(b) });
    p.push(ev('a'));
    expect(ids(sent)).toEqual([['a']]);
    p.push(ev('b'));
    p.push(ev('c'));
    expect(sent).toHaveLength(1);
    p.ack();
    expect(ids(sent)).toEqual([['a'], ['b', 'c']]);
    // Acked with nothing waiting: the next event goes at once again.
    p.ack();
    p.push(ev('d'));
    expect(ids(sent)).toEqual([['a'], ['b', 'c'], ['d']]);
    // A stray ack with nothing out releases nothing early.
    p.ack();
    p.ack();
    p.push(ev('e'));
    p.push(ev('f'));
    p.ack();
    expect(ids(sent)).toEqual([['a'], ['b', 'c'], ['d'], ['e'], ['f']]);
  });

  it('a page that never acks (hidden, or gone) gets a batch every maxWaitMs, and nothing when there is nothing', () => {
    const sent: BridgeEvent[][] = [];
    const p = new EventPacer({ send: (b) => sent.push(b), maxWaitMs: 500 });
    p.push(ev('a'));
    p.push(ev('b'));
    vi.advanceTimersByTime(499);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ids(sent)).toEqual([['a'], ['b']]);
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(2);
    p.push(ev('c'));
    expect(ids(sent)).toEqual([['a'], ['b'], ['c']]);
  });

  it('after dispose, sends nothing more', () => {
    const sent: BridgeEvent[][] = [];
    const p = new EventPacer({ send: (b) => sent.push(b) });
    p.push(ev('a'));
    p.push(ev('b'));
    p.dispose();
    p.ack();
    p.push(ev('c'));
    vi.advanceTimersByTime(5000);
    expect(ids(sent)).toEqual([['a']]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventPacer } from '../../electron/core/event-pacer';
import type { BridgeEvent } from '../../shared/ipc/contract';

const ev = (id: string): BridgeEvent => ({ channel: 'connection.removed', payload: { connectionId: id } });
const ids = (batches: BridgeEvent[][]) => batches.map((b) => b.map((e) => (e.payload as { connectionId: string }).connectionId));

/** The end of the current turn: the pacer sends what a turn emitted in a microtask. */
const turn = () => Promise.resolve();

describe('EventPacer: a page\'s events paced to its frames', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('sends what one turn emits as one batch when nothing is out; what comes before the ack goes as the next batch, in order', async () => {
    const sent: BridgeEvent[][] = [];
    const p = new EventPacer({ send: (b) => sent.push(b) });
    p.push(ev('a'));
    p.push(ev('a2'));
    expect(sent).toHaveLength(0);
    await turn();
    expect(ids(sent)).toEqual([['a', 'a2']]);
    p.push(ev('b'));
    await turn();
    p.push(ev('c'));
    await turn();
    expect(sent).toHaveLength(1);
    p.ack();
    expect(ids(sent)).toEqual([['a', 'a2'], ['b', 'c']]);
    // Acked with nothing waiting: the next event goes at the end of its turn again.
    p.ack();
    p.push(ev('d'));
    await turn();
    expect(ids(sent)).toEqual([['a', 'a2'], ['b', 'c'], ['d']]);
    // A stray ack with nothing out releases nothing early.
    p.ack();
    p.ack();
    p.push(ev('e'));
    await turn();
    p.push(ev('f'));
    await turn();
    p.ack();
    expect(ids(sent)).toEqual([['a', 'a2'], ['b', 'c'], ['d'], ['e'], ['f']]);
  });

  it('a page that never acks (hidden, or gone) gets a batch every maxWaitMs, and nothing when there is nothing', async () => {
    const sent: BridgeEvent[][] = [];
    const p = new EventPacer({ send: (b) => sent.push(b), maxWaitMs: 500 });
    p.push(ev('a'));
    await turn();
    p.push(ev('b'));
    await turn();
    vi.advanceTimersByTime(499);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ids(sent)).toEqual([['a'], ['b']]);
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(2);
    p.push(ev('c'));
    await turn();
    expect(ids(sent)).toEqual([['a'], ['b'], ['c']]);
  });

  it('after dispose, sends nothing more', async () => {
    const sent: BridgeEvent[][] = [];
    const p = new EventPacer({ send: (b) => sent.push(b) });
    p.push(ev('a'));
    await turn();
    p.push(ev('b'));
    p.dispose();
    p.ack();
    p.push(ev('c'));
    await turn();
    vi.advanceTimersByTime(5000);
    expect(ids(sent)).toEqual([['a']]);
  });
});

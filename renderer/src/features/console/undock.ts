// Docked / undocked state of consoles across windows of the app (same origin): an undocked
// console window announces itself on a BroadcastChannel; the docked tab shows a placeholder
// while it is open and can ask it to close ("Dock back").
import { useEffect, useState } from 'react';

const CHANNEL = 'xenclient-console';

type Msg =
  | { type: 'undocked'; key: string }
  | { type: 'docked'; key: string }
  | { type: 'dock'; key: string }
  | { type: 'query' };

export const consoleKey = (connectionId: string, ref: string): string => `${connectionId}/${ref}`;

/** `#console/<connectionId>/<ref>` -> its parts; null for any other hash. */
export function parseConsoleHash(hash: string): { connectionId: string; ref: string } | null {
  const m = /^#console\/([^/]+)\/(.+)$/.exec(hash);
  if (!m) return null;
  try {
    return { connectionId: decodeURIComponent(m[1]), ref: decodeURIComponent(m[2]) };
  } catch {
    return null;
  }
}

export function consoleHash(connectionId: string, ref: string): string {
  return `#console/${encodeURIComponent(connectionId)}/${encodeURIComponent(ref)}`;
}

function openChannel(): BroadcastChannel | null {
  try { return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL); } catch { return null; }
}

// Main window side: which consoles are open elsewhere.
const undocked = new Set<string>();
const listeners = new Set<() => void>();
const opened = new Map<string, Window>();
let channel: BroadcastChannel | null = null;

function notify(): void { for (const l of listeners) l(); }

function ensureChannel(): void {
  if (channel) return;
  channel = openChannel();
  if (!channel) return;
  channel.onmessage = (ev: MessageEvent<Msg>) => {
    const m = ev.data;
    if (m.type === 'undocked' && !undocked.has(m.key)) { undocked.add(m.key); notify(); }
    else if (m.type === 'docked' && undocked.delete(m.key)) { opened.delete(m.key); notify(); }
  };
  channel.postMessage({ type: 'query' } satisfies Msg);
}

/** Marks a console as undocked right away (before its window has announced itself). */
export function markUndocked(key: string, win?: Window | null): void {
  ensureChannel();
  if (win) opened.set(key, win);
  if (!undocked.has(key)) { undocked.add(key); notify(); }
}

/** Asks the console's own window to close; the tab docks again. */
export function dockBack(key: string): void {
  ensureChannel();
  channel?.postMessage({ type: 'dock', key } satisfies Msg);
  const w = opened.get(key);
  if (w && !w.closed) w.close();
  opened.delete(key);
  if (undocked.delete(key)) notify();
}

export function useUndocked(key: string): boolean {
  const [, setTick] = useState(0);
  useEffect(() => {
    ensureChannel();
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    // A window opened by window.open that the user closed without a goodbye (crash): poll cheaply.
    const timer = setInterval(() => {
      for (const [k, w] of opened) if (w.closed) { opened.delete(k); if (undocked.delete(k)) notify(); }
    }, 1000);
    return () => { listeners.delete(l); clearInterval(timer); };
  }, []);
  return undocked.has(key);
}

/** In the undocked window: announce, answer queries, close when asked to dock back. */
export function announceUndocked(key: string): () => void {
  const ch = openChannel();
  if (!ch) return () => {};
  const say = () => ch.postMessage({ type: 'undocked', key } satisfies Msg);
  ch.onmessage = (ev: MessageEvent<Msg>) => {
    const m = ev.data;
    if (m.type === 'query') say();
    else if (m.type === 'dock' && m.key === key) window.close();
  };
  say();
  const bye = () => ch.postMessage({ type: 'docked', key } satisfies Msg);
  window.addEventListener('pagehide', bye);
  return () => { bye(); window.removeEventListener('pagehide', bye); ch.close(); };
}

// Pure sizing rules of the resizable panes (the Events panel, the navigation pane): what a drag or a
// key gives, kept inside what the window can show, and the value read back from local UI state.

export const EVENTS_MIN = 72;
export const EVENTS_DEFAULT = 200;
/** The workspace above the Events panel keeps at least this much of the window. */
const WORKSPACE_MIN = 260;
export const EVENTS_KEY_STEP = 16;

/** The tallest the Events panel may be in a window this tall (never under its minimum). */
export function eventsMax(windowHeight: number): number {
  return Math.max(EVENTS_MIN, Math.round(windowHeight - WORKSPACE_MIN));
}

export function clampEventsHeight(h: number, windowHeight: number): number {
  if (!Number.isFinite(h)) return Math.min(EVENTS_DEFAULT, eventsMax(windowHeight));
  return Math.max(EVENTS_MIN, Math.min(eventsMax(windowHeight), Math.round(h)));
}

/** The height a key on the Events splitter asks for (ArrowUp grows the panel: it sits at the bottom), or null. */
export function eventsHeightForKey(key: string, h: number, windowHeight: number, shift = false): number | null {
  const step = shift ? EVENTS_KEY_STEP * 4 : EVENTS_KEY_STEP;
  switch (key) {
    case 'ArrowUp': return clampEventsHeight(h + step, windowHeight);
    case 'ArrowDown': return clampEventsHeight(h - step, windowHeight);
    case 'Home': return EVENTS_MIN;
    case 'End': return eventsMax(windowHeight);
    default: return null;
  }
}

/** A stored size: a finite positive number, else the default (local storage may hold anything). */
export function parseStoredSize(raw: string | null, fallback: number): number {
  if (raw == null) return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

// Reconnection delays: 0.5 s, 1 s, 2 s, 4 s ... capped at 30 s.
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

export function backoffDelayMs(attempt: number, baseMs = BACKOFF_BASE_MS, maxMs = BACKOFF_MAX_MS): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
}

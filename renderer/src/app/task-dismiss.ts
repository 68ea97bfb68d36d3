// Pure: which Events rows the user may dismiss, and what the panel still shows.

export interface DismissableTask { key: string; status: string; gone?: boolean }

/** Finished: succeeded, failed or cancelled, or a pending task the server destroyed (it will never end). */
export function isFinished(t: DismissableTask): boolean {
  return t.status !== 'pending' && t.status !== 'cancelling' ? true : !!t.gone;
}

/** The rows the panel shows: all but the dismissed ones (a running task is never hidden). */
export function visibleRows<R extends { task: DismissableTask }>(rows: readonly R[], dismissed: ReadonlySet<string>): R[] {
  return rows.filter((r) => !(dismissed.has(r.task.key) && isFinished(r.task)));
}

/** The keys "Dismiss all finished" removes. */
export function finishedKeys(rows: ReadonlyArray<{ task: DismissableTask }>): string[] {
  return rows.filter((r) => isFinished(r.task)).map((r) => r.task.key);
}

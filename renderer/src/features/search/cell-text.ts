// The words of the search grid's cells, as XenCenter writes them. Pure.
const HA_TEXT: Record<string, string> = { Restart: 'Restart', BestEffort: 'Restart if possible', DoNotRestart: 'Do not restart' };
export const haText = (p: string | null): string => (p === null ? '' : HA_TEXT[p] ?? p);

/** "3 days 4 hours 5 minutes", as XenCenter's pretty time spans (the two largest units). */
export function uptimeText(seconds: number | null): string {
  if (seconds === null) return '';
  const parts: Array<[number, string]> = [[Math.floor(seconds / 86_400), 'day'], [Math.floor((seconds % 86_400) / 3600), 'hour'], [Math.floor((seconds % 3600) / 60), 'minute']];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return 'less than a minute';
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, u]) => `${n} ${u}${n === 1 ? '' : 's'}`).join(' ');
}

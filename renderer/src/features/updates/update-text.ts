// The words of a check's answer.
import type { UpdateCheckResult } from '../../../../shared/ipc/areas/updates';

export function checkSummary(r: UpdateCheckResult): string {
  if (!r.updateAvailable) return `You are running the latest version (${r.currentVersion}).`;
  const name = r.releaseName && r.releaseName !== r.latestVersion ? ` (${r.releaseName})` : '';
  const date = r.releaseDate ? `, released ${r.releaseDate.slice(0, 10)}` : '';
  return `Version ${r.latestVersion}${name} is available${date}. You have ${r.currentVersion}.`;
}

// Certificate prompts from main, one dialog at a time (first come, first shown), and the
// password-storage status. Pure queue functions plus the small store the dialogs read.
import { create } from 'zustand';
import type { BridgeEvent, CertificatePrompt, SettingsStatus } from '../../../shared/ipc/contract';

/** Adds a prompt at the end (a repeated promptId replaces the queued one in place). */
export function enqueuePrompt(queue: readonly CertificatePrompt[], p: CertificatePrompt): CertificatePrompt[] {
  const i = queue.findIndex((q) => q.promptId === p.promptId);
  if (i >= 0) return queue.map((q, j) => (j === i ? p : q));
  return [...queue, p];
}

/** Drops a prompt (answered here, answered elsewhere, or timed out). */
export function removePrompt(queue: readonly CertificatePrompt[], promptId: string): CertificatePrompt[] {
  return queue.filter((q) => q.promptId !== promptId);
}

export interface TrustState {
  prompts: CertificatePrompt[];
  settings: SettingsStatus | null;
  /** The start-up unlock prompt was offered already. */
  unlockOffered: boolean;
  push(p: CertificatePrompt): void;
  close(promptId: string): void;
  setSettings(s: SettingsStatus): void;
  markUnlockOffered(): void;
}

export const useTrust = create<TrustState>()((set, get) => ({
  prompts: [],
  settings: null,
  unlockOffered: false,
  push(p) { set({ prompts: enqueuePrompt(get().prompts, p) }); },
  close(promptId) { set({ prompts: removePrompt(get().prompts, promptId) }); },
  setSettings(s) { set({ settings: s }); },
  markUnlockOffered() { set({ unlockOffered: true }); },
}));

/** Applies the trust events; other channels are ignored. */
export function applyTrustEvent(e: BridgeEvent): void {
  const t = useTrust.getState();
  if (e.channel === 'certificate.prompt') t.push(e.payload as CertificatePrompt);
  else if (e.channel === 'certificate.promptClosed') t.close((e.payload as { promptId: string }).promptId);
  else if (e.channel === 'settings.status') t.setSettings(e.payload as SettingsStatus);
}

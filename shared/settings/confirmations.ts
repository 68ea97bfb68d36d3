// The questions the client asks before a command that cannot be undone runs, each of which the user
// may answer "Do not ask again". Main keeps the answers in its settings (settings.confirmations);
// the Options dialog can bring every question back (settings.resetConfirmations).
export const CONFIRMATION_IDS = ['vm.shutdown', 'vm.forceShutdown', 'vm.reboot', 'vm.forceReboot', 'vm.suspend'] as const;
export type ConfirmationId = (typeof CONFIRMATION_IDS)[number];

/** The questions the user said not to ask again. */
export interface ConfirmationSettings { skipped: ConfirmationId[] }

export const isConfirmationId = (v: unknown): v is ConfirmationId => (CONFIRMATION_IDS as readonly unknown[]).includes(v);

// Handlers for VMSS snapshot_now and VMPP protect_now. Each key is a wire name ("Class.message").
import type { Handler } from '../sim';

export const scheduleHandlers: Record<string, Handler> = {};

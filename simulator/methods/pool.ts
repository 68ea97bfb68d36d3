// Handlers for pool and HA operations (SEMANTICS.md 6). Each key is a wire name ("Class.message").
import type { Handler } from '../sim';

export const poolHandlers: Record<string, Handler> = {};

// Handlers for SR and PBD operations (SEMANTICS.md 7). Each key is a wire name ("Class.message").
import type { Handler } from '../sim';

export const srHandlers: Record<string, Handler> = {};

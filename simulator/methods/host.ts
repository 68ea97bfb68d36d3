// Handlers for host operations (SEMANTICS.md 5). Each key is a wire name ("Class.message").
import type { Handler } from '../sim';

export const hostHandlers: Record<string, Handler> = {};

// Handlers for VM pool_migrate and migrate_send (SEMANTICS.md 2.6). Each key is a wire name ("Class.message").
import type { Handler } from '../sim';

export const vmMigrateHandlers: Record<string, Handler> = {};

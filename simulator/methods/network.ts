// Handlers for network, VIF, PIF, Bond, VLAN and tunnel operations (SEMANTICS.md 9.3-9.8). Each key is a wire name ("Class.message").
import type { Handler } from '../sim';

export const networkHandlers: Record<string, Handler> = {};

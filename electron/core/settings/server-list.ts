// Export and import of the saved server list: JSON {format:'xenclient-servers', version:1,
// servers:[{url, user, friendlyName?, poolMembers}]}, never passwords or ids. An import is
// checked completely before anything changes: bad input is refused with IMPORT_INVALID saying what
// is wrong, and nothing is added.
import { XapiError } from '../xapi/errors';
import { normalizeServerAddress } from '../xapi/address';
import type { SavedServer } from './store';

export const EXPORT_FORMAT = 'xenclient-servers';
const MAX_SERVERS = 1000;
const MAX_TEXT = 256;
const MAX_MEMBERS = 64;

export interface ImportedServer { url: string; user: string; friendlyName?: string; poolMembers: string[] }

export function exportServers(servers: readonly SavedServer[]): string {
  return JSON.stringify({
    format: EXPORT_FORMAT,
    version: 1,
    servers: servers.map((s) => ({ url: s.url, user: s.user, ...(s.friendlyName ? { friendlyName: s.friendlyName } : {}), poolMembers: [...s.poolMembers] })),
  }, null, 2);
}

const invalid = (why: string): XapiError => new XapiError('IMPORT_INVALID', [why], { message: `The server list cannot be imported: ${why}. Nothing was changed.` });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasControl = (t: string): boolean => [...t].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
const HOST = /^(?:[A-Za-z0-9._-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]|[0-9A-Fa-f:.]{2,45})$/;

export function parseServerImport(json: string): ImportedServer[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw invalid(`it is not JSON (${(e as Error).message})`);
  }
  if (!isObj(raw)) throw invalid('it is not a JSON object');
  for (const k of Object.keys(raw)) if (!['format', 'version', 'servers'].includes(k)) throw invalid(`unexpected field "${k.slice(0, 40)}"`);
  if (raw.format !== EXPORT_FORMAT) throw invalid(`it is not a PoolDesk server list ("format" must be "${EXPORT_FORMAT}")`);
  if (raw.version !== 1) throw invalid(`version ${JSON.stringify(raw.version)} is not supported (expected 1)`);
  if (!Array.isArray(raw.servers)) throw invalid('"servers" must be a list');
  if (raw.servers.length > MAX_SERVERS) throw invalid(`it has more than ${MAX_SERVERS} servers`);
  return raw.servers.map((s, i): ImportedServer => {
    const where = `server ${i + 1}`;
    if (!isObj(s)) throw invalid(`${where} is not an object`);
    for (const k of Object.keys(s)) if (!['url', 'user', 'friendlyName', 'poolMembers'].includes(k)) throw invalid(`${where} has an unexpected field "${k.slice(0, 40)}"`);
    if (typeof s.url !== 'string' || !s.url || s.url.length > MAX_TEXT) throw invalid(`${where} has no valid "url"`);
    let url: string;
    try {
      url = normalizeServerAddress(s.url);
    } catch (e) {
      throw invalid(`${where}: ${(e as Error).message}`);
    }
    if (typeof s.user !== 'string' || !s.user || s.user.length > MAX_TEXT || hasControl(s.user)) throw invalid(`${where} has no valid "user"`);
    let friendlyName: string | undefined;
    if (s.friendlyName !== undefined) {
      if (typeof s.friendlyName !== 'string' || s.friendlyName.length > MAX_TEXT || hasControl(s.friendlyName)) throw invalid(`${where} has an invalid "friendlyName"`);
      friendlyName = s.friendlyName || undefined;
    }
    let poolMembers: string[] = [];
    if (s.poolMembers !== undefined) {
      if (!Array.isArray(s.poolMembers) || s.poolMembers.length > MAX_MEMBERS) throw invalid(`${where} has an invalid "poolMembers" (a list of at most ${MAX_MEMBERS} addresses)`);
      poolMembers = s.poolMembers.map((m) => {
        if (typeof m !== 'string' || !HOST.test(m)) throw invalid(`${where} has a pool member that is not a host address`);
        return m;
      });
    }
    return { url, user: s.user, ...(friendlyName ? { friendlyName } : {}), poolMembers };
  });
}

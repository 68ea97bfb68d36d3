// A pool's email notifications of its alerts (XenCenter's PerfmonAlertOptionsPage and
// PerfmonOptionsDefinitionAction): pool other_config `mail-destination`, `ssmtp-mailhub` ("server:port")
// and `mail-language`, each removed then added again, or only removed when notifications are off.
// Pure: the checks in words and the calls.

export const MAIL_DESTINATION_KEY = 'mail-destination';
export const SMTP_MAILHUB_KEY = 'ssmtp-mailhub';
export const MAIL_LANGUAGE_KEY = 'mail-language';

/** XenCenter's mail languages: code and name. */
export const MAIL_LANGUAGES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'en-US', name: 'English (United States)' }, { code: 'zh-CN', name: 'Chinese (Simplified)' }, { code: 'ja-JP', name: 'Japanese (Japan)' },
];

/** Notifications on (the address, the SMTP server and port, the language), or null: off, the keys removed. */
export type EmailOptions = { address: string; server: string; port: number; language: string } | null;

// XenCenter's check: "anything with an @ sign in the middle".
const EMAIL = /\w+([-+.]\w+)*@\w+([-.]\w+)*\.\w+([-.]\w+)*/i;
const MAX = 255;

/** Why the options cannot be saved, in words (field and message), or []. */
export function emailProblems(o: EmailOptions): Array<{ field: 'address' | 'server' | 'port' | 'language'; message: string }> {
  if (o === null) return [];
  const out: Array<{ field: 'address' | 'server' | 'port' | 'language'; message: string }> = [];
  if (o.address.length > MAX || !EMAIL.test(o.address) || /\s/.test(o.address.trim())) out.push({ field: 'address', message: 'Enter an email address, such as admin@example.com.' });
  if (!o.server.trim() || o.server.length > MAX || /[^\x21-\x7e]/.test(o.server.trim()) || o.server.includes(':')) out.push({ field: 'server', message: 'Enter the SMTP server: a host name or IP address, without spaces.' });
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) out.push({ field: 'port', message: 'The port must be a whole number from 1 to 65535.' });
  if (!MAIL_LANGUAGES.some((l) => l.code === o.language)) out.push({ field: 'language', message: 'Choose a mail language from the list.' });
  return out;
}

/** The pool calls (method without "pool.", arguments after the pool's ref), in XenCenter's order. */
export function emailCalls(o: EmailOptions): Array<{ method: string; args: string[] }> {
  const out: Array<{ method: string; args: string[] }> = [];
  const values: Array<[string, string | undefined]> = [
    [MAIL_DESTINATION_KEY, o?.address.trim()], [SMTP_MAILHUB_KEY, o ? `${o.server.trim()}:${o.port}` : undefined], [MAIL_LANGUAGE_KEY, o?.language],
  ];
  for (const [key, value] of values) {
    out.push({ method: 'remove_from_other_config', args: [key] });
    if (value !== undefined) out.push({ method: 'add_to_other_config', args: [key, value] });
  }
  return out;
}

/** The options a pool's other_config holds (on only with both an address and a server, as XenCenter reads them). */
export function emailOptionsOf(otherConfig: unknown): EmailOptions {
  const oc = typeof otherConfig === 'object' && otherConfig !== null ? otherConfig as Record<string, unknown> : {};
  const text = (k: string) => (typeof oc[k] === 'string' ? (oc[k] as string).trim() : '');
  const address = text(MAIL_DESTINATION_KEY), hub = text(SMTP_MAILHUB_KEY);
  if (!address || !hub) return null;
  const [server, port] = hub.split(':');
  const lang = MAIL_LANGUAGES.find((l) => l.code.toLowerCase() === text(MAIL_LANGUAGE_KEY).toLowerCase())?.code ?? 'en-US';
  return { address, server: server ?? '', port: port === undefined || port === '' ? 25 : Number(port), language: lang };
}

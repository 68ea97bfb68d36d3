// Alerts as text, as XenCenter writes them (AlertExtensions.GetAlertDetailsCSVQuotes): each field in
// double quotes with its quotes doubled, the date as "MMM d, yyyy h:mm tt" in local time.
import { SEVERITY_WORDS, type Alert } from './alert-text';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** DATEFORMAT_DMY_HM: "Dec 7, 2026 11:05 PM" (local time). */
export function alertDate(ms: number): string {
  const d = new Date(ms);
  const h = d.getHours() % 12 || 12;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} ${h}:${String(d.getMinutes()).padStart(2, '0')} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** One alert's line: title, severity, description, applies to, date. */
export function alertCsvLine(a: Alert): string {
  return [a.title, SEVERITY_WORDS[a.priority] ?? 'Unknown', a.description, a.appliesTo, alertDate(a.timestamp)].map(quoted).join(',');
}

export const ALERT_CSV_HEADER = 'Title,Severity,Description,Applies To,TimeStamp';

/** The Export file: XenCenter's header line, then one line per alert (CRLF, as Windows tools expect). */
export function alertsCsv(alerts: readonly Alert[]): string {
  return [ALERT_CSV_HEADER, ...alerts.map(alertCsvLine)].join('\r\n') + '\r\n';
}

/** Copy's text for one alert, as XenCenter's (GetUpdateDetailsCSVQuotes): title, description, applies to, date, web page. */
export function alertCopyLine(a: Alert): string {
  return [a.title, a.description, a.appliesTo, alertDate(a.timestamp), ''].map(quoted).join(',');
}

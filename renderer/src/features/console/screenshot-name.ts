// The file name of a console screenshot: <name>-console-<yyyymmdd-hhmmss>.png (local time).
function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export function screenshotName(name: string, d = new Date()): string {
  const safe = name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'vm';
  return `${safe}-console-${timestamp(d)}.png`;
}

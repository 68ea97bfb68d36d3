// The build this renderer is (vite define, scripts/build-info.ts), in the words Help > About shows.

export interface BuildInfo { version: string; commit: string; date: string; id: string }

export const BUILD: BuildInfo | null = typeof __XENCLIENT_BUILD__ === 'undefined' ? null : __XENCLIENT_BUILD__;

/** About's rows; a renderer run without a build (unbuilt dev server, tests) says so rather than inventing a version. */
export function aboutRows(b: BuildInfo | null): Array<[string, string]> {
  if (!b) return [['Version', 'development build (not built by vite build)']];
  const d = new Date(b.date);
  const date = Number.isNaN(d.getTime()) ? b.date : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
  return [['Version', b.version], ['Build', b.id], ['Commit', b.commit], ['Built', date]];
}

// Which command-line arguments are .xva files to open: Windows and Linux start the app (or, through
// the single-instance lock, hand the running one) `<exe> [switches] <file>` when the user opens a
// .xva file. Only the candidates are picked here; AppCore.openFile checks that each is a real file.
import { isAbsolute, resolve } from 'node:path';

/** The .xva paths among `args` (argv without the executable), made absolute against `cwd`. */
export function xvaPathsFromArgv(args: readonly string[], cwd: string): string[] {
  return args
    .filter((a) => typeof a === 'string' && !a.startsWith('-') && /\.xva$/i.test(a))
    .map((a) => (isAbsolute(a) ? a : resolve(cwd, a)));
}

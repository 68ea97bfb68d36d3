// Text from a server (names, error params, URLs, task names) written to main's log: one log line
// per message, whatever the server sends. Newlines, other control characters (ANSI escapes
// included), Unicode line separators and bidirectional overrides are written as escapes, so a
// name cannot forge log lines, recolour a terminal or reorder what a reader sees.

// C0 and C1 controls, DEL, U+2028/2029, and the bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED = new Map([['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t']]);

/** `text` with every unsafe character escaped (\n, \r, \t, \xHH, \uHHHH); other text unchanged. */
export function logSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED.get(c);
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** How the server side (language server, CLI) turns anything thrown into text. */

/**
 * The text of anything thrown: its message (with `'stack'`: its stack trace, when it has one),
 * else `String(e)`.
 */
export function errorText(e: unknown, detail: 'message' | 'stack' = 'message'): string {
  const err = e as { stack?: unknown; message?: unknown } | null | undefined;
  if (detail === 'stack' && typeof err?.stack === 'string') return err.stack;
  if (typeof err?.message === 'string') return err.message;
  return String(e);
}

/** The text of a failed file operation: its error code (`ENOENT`, `EACCES`, ...), else its message. */
export function ioErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null | undefined)?.code;
  return typeof code === 'string' ? code : errorText(e);
}

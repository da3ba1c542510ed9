/** The adapter's log: errors described with their stack, the bot token never written. */

export function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** The error with every occurrence of the bot token replaced (URLs of failed requests contain it). */
export function redact(error: unknown, token: string): unknown {
  const clean = (s: string) => s.split(token).join('<token>');
  if (typeof error === 'string') return clean(error);
  if (!(error instanceof Error)) return error;
  if (!error.message.includes(token) && !(error.stack ?? '').includes(token)) return error;
  const copy = new Error(clean(error.message));
  copy.name = error.name;
  copy.stack = clean(error.stack ?? copy.stack ?? '');
  return copy;
}

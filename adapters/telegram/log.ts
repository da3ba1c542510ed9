/** The bot token out of logged errors (URLs of failed Bot API requests contain it). */

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

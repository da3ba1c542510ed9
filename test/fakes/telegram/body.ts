/**
 * Request-body decoding for the fake Bot API: JSON, query strings,
 * application/x-www-form-urlencoded and multipart/form-data (a small boundary
 * parser that copes with grammY's header style, e.g.
 * `content-disposition:form-data;name="x3f";filename=catalog.csv`).
 */

export interface UploadedFile {
  /** The multipart field name (grammY uses a random id referenced as attach://id). */
  field: string;
  filename: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

export interface DecodedBody {
  kind: 'json' | 'query' | 'urlencoded' | 'multipart' | 'empty';
  payload: Record<string, unknown>;
  /** multipart only: every part's field name, in order (text fields and files). */
  multipartFields?: string[];
  /** multipart only: the file parts. */
  files?: UploadedFile[];
}

export class BodyError extends Error {}

/** Fields the Bot API takes as integers; string forms from forms/queries are coerced. */
const INTEGER_FIELDS = new Set([
  'chat_id',
  'message_id',
  'offset',
  'limit',
  'timeout',
  'user_id',
  'reply_to_message_id',
  'message_thread_id',
  'cache_time',
  'max_connections',
  'from_chat_id',
]);

const BOOLEAN_FIELDS = new Set([
  'drop_pending_updates',
  'show_alert',
  'is_personal',
  'disable_notification',
  'protect_content',
  'disable_web_page_preview',
  'allow_sending_without_reply',
  'disable_content_type_detection',
  'only_if_banned',
]);

/**
 * Turns a string field (from a query, a form or a multipart part) into the
 * value a JSON client would have sent: JSON objects/arrays are parsed, known
 * integer and boolean fields are coerced; everything else stays a string.
 */
function coerceField(name: string, value: string): unknown {
  const t = value.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  if (INTEGER_FIELDS.has(name) && /^-?\d+$/.test(t)) return Number(t);
  if (BOOLEAN_FIELDS.has(name) && (t === 'true' || t === 'false')) return t === 'true';
  return value;
}

function fromSearchParams(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of params) out[k] = coerceField(k, v);
  return out;
}

function headerParam(header: string, name: string): string | undefined {
  // name="value" | name=value ; case-insensitive parameter name
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\r\\n]*))`, 'i');
  const m = re.exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!.trim();
}

function parseMultipart(body: Buffer, boundary: string): Omit<DecodedBody, 'kind'> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Prepend CRLF so that the first delimiter looks like all the others.
  const buf = Buffer.concat([Buffer.from('\r\n'), body]);
  const payload: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  const multipartFields: string[] = [];

  let pos = buf.indexOf(delimiter);
  if (pos < 0) throw new BodyError('multipart body without boundary');
  for (;;) {
    let partStart = pos + delimiter.length;
    if (buf[partStart] === 0x2d && buf[partStart + 1] === 0x2d) break; // closing "--"
    // Skip transport padding up to the CRLF that ends the delimiter line.
    const lineEnd = buf.indexOf('\r\n', partStart);
    if (lineEnd < 0) throw new BodyError('truncated multipart body');
    partStart = lineEnd + 2;
    const next = buf.indexOf(delimiter, partStart);
    if (next < 0) throw new BodyError('multipart body without closing boundary');
    const part = buf.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new BodyError('multipart part without headers');
    const headers: Record<string, string> = {};
    for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const data = part.subarray(headerEnd + 4);
    const disposition = headers['content-disposition'] ?? '';
    const name = headerParam(disposition, 'name');
    if (name === undefined) throw new BodyError('multipart part without a name');
    multipartFields.push(name);
    const filename = headerParam(disposition, 'filename');
    if (filename !== undefined) {
      const file: UploadedFile = { field: name, filename, size: data.length, data: Buffer.from(data) };
      if (headers['content-type']) file.contentType = headers['content-type'];
      files.push(file);
    } else {
      payload[name] = coerceField(name, data.toString('utf8'));
    }
    pos = next;
  }
  return { payload, files, multipartFields };
}

export function decodeBody(contentType: string | undefined, body: Buffer, query: URLSearchParams): DecodedBody {
  const fromQuery = fromSearchParams(query);
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) {
    return { kind: [...query.keys()].length > 0 ? 'query' : 'empty', payload: fromQuery };
  }
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BodyError("Bad Request: can't parse JSON encoded request");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BodyError('Bad Request: JSON object expected');
    }
    return { kind: 'json', payload: { ...fromQuery, ...(parsed as Record<string, unknown>) } };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return {
      kind: 'urlencoded',
      payload: { ...fromQuery, ...fromSearchParams(new URLSearchParams(body.toString('utf8'))) },
    };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = headerParam(contentType ?? '', 'boundary');
    if (!boundary) throw new BodyError('Bad Request: multipart boundary is missing');
    const decoded = parseMultipart(body, boundary);
    return { kind: 'multipart', ...decoded, payload: { ...fromQuery, ...decoded.payload } };
  }
  // Unknown content type: try JSON, as the Bot API does not care much.
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return { kind: 'json', payload: { ...fromQuery, ...(parsed as Record<string, unknown>) } };
    }
  } catch {
    /* fall through */
  }
  return { kind: 'empty', payload: fromQuery };
}

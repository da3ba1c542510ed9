/**
 * Cheap versions of Discord's request validation. Each function returns `null` when the payload is fine,
 * otherwise the JSON body Discord answers with (400).
 */
import type { Json, JsonObject } from './types.js';

export interface DiscordError {
  code: number;
  message: string;
  errors?: JsonObject;
}

type PathPart = string | number;

class ErrorCollector {
  readonly errors: JsonObject = {};
  count = 0;

  add(path: PathPart[], code: string, message: string): void {
    let node = this.errors;
    for (const part of path) {
      const key = String(part);
      node[key] ??= {};
      node = node[key];
    }
    node._errors ??= [];
    node._errors.push({ code, message });
    this.count++;
  }

  maxLength(path: PathPart[], value: Json, max: number): void {
    if (typeof value === 'string' && [...value].length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    } else if (Array.isArray(value) && value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  length(path: PathPart[], value: Json, min: number, max: number): void {
    const len = typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : 0;
    if (len < min || len > max) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    }
  }

  required(path: PathPart[], value: Json): boolean {
    if (value === undefined || value === null || value === '') {
      this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return false;
    }
    return true;
  }

  result(): DiscordError | null {
    return this.count ? { code: 50035, message: 'Invalid Form Body', errors: this.errors } : null;
  }
}

const IS_COMPONENTS_V2 = 1 << 15;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkUrl(e: ErrorCollector, path: PathPart[], value: Json, schemes: string[]): void {
  if (value === undefined || value === null) return;
  let ok = false;
  if (typeof value === 'string') {
    try {
      ok = schemes.includes(new URL(value).protocol.replace(':', ''));
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    e.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
}

function strLen(value: Json): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function validateEmbeds(e: ErrorCollector, embeds: Json): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    e.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  e.maxLength(['embeds'], embeds, 10);
  let total = 0;
  embeds.forEach((embed: Json, i: number) => {
    if (!isObject(embed)) {
      e.add(['embeds', i], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    e.maxLength(['embeds', i, 'title'], embed.title, 256);
    e.maxLength(['embeds', i, 'description'], embed.description, 4096);
    checkUrl(e, ['embeds', i, 'url'], embed.url, ['http', 'https']);
    if (embed.color !== undefined && embed.color !== null) {
      if (!Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff) {
        e.add(['embeds', i, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
      }
    }
    if (isObject(embed.footer)) {
      e.maxLength(['embeds', i, 'footer', 'text'], embed.footer.text, 2048);
      total += strLen(embed.footer.text);
    }
    if (isObject(embed.author)) {
      e.maxLength(['embeds', i, 'author', 'name'], embed.author.name, 256);
      checkUrl(e, ['embeds', i, 'author', 'url'], embed.author.url, ['http', 'https']);
      total += strLen(embed.author.name);
    }
    for (const key of ['image', 'thumbnail'] as const) {
      if (isObject(embed[key])) checkUrl(e, ['embeds', i, key, 'url'], embed[key].url, ['http', 'https', 'attachment']);
    }
    total += strLen(embed.title) + strLen(embed.description);
    if (embed.fields !== undefined) {
      if (!Array.isArray(embed.fields)) {
        e.add(['embeds', i, 'fields'], 'BASE_TYPE_ARRAY', 'Must be an array.');
      } else {
        e.maxLength(['embeds', i, 'fields'], embed.fields, 25);
        embed.fields.forEach((field: Json, j: number) => {
          const path = ['embeds', i, 'fields', j];
          if (!isObject(field)) return;
          if (e.required([...path, 'name'], field.name)) e.maxLength([...path, 'name'], field.name, 256);
          if (e.required([...path, 'value'], field.value)) e.maxLength([...path, 'value'], field.value, 1024);
          total += strLen(field.name) + strLen(field.value);
        });
      }
    }
  });
  if (total > 6000) {
    e.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

function validateLegacyComponent(e: ErrorCollector, path: PathPart[], c: JsonObject, rowSize: number): void {
  if (c.type === 2) {
    e.maxLength([...path, 'label'], c.label, 80);
    if (c.style === 5) {
      if (e.required([...path, 'url'], c.url)) checkUrl(e, [...path, 'url'], c.url, ['http', 'https', 'discord']);
      if (c.custom_id !== undefined) e.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id is not allowed for link buttons');
    } else if (c.style !== 6) {
      e.required([...path, 'custom_id'], c.custom_id);
    }
  } else if (SELECT_TYPES.has(c.type)) {
    if (rowSize > 1) e.add(path, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    e.required([...path, 'custom_id'], c.custom_id);
    e.maxLength([...path, 'placeholder'], c.placeholder, 150);
    if (c.type === 3) {
      if (!Array.isArray(c.options)) {
        e.add([...path, 'options'], 'BASE_TYPE_REQUIRED', 'This field is required');
      } else {
        e.length([...path, 'options'], c.options, 1, 25);
        c.options.forEach((o: Json, k: number) => {
          if (!isObject(o)) return;
          e.length([...path, 'options', k, 'label'], o.label ?? '', 1, 100);
          e.length([...path, 'options', k, 'value'], o.value ?? '', 1, 100);
          e.maxLength([...path, 'options', k, 'description'], o.description, 100);
        });
      }
    }
    for (const key of ['min_values', 'max_values'] as const) {
      const v = c[key];
      if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 25)) {
        e.add([...path, key], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
      }
    }
  } else if (c.type === 4) {
    // text input (modals)
    e.maxLength([...path, 'label'], c.label, 45);
    e.maxLength([...path, 'placeholder'], c.placeholder, 100);
    e.maxLength([...path, 'value'], c.value, 4000);
  }
}

/** Walks any component tree checking custom_id length and uniqueness. */
function walkCustomIds(e: ErrorCollector, path: PathPart[], node: Json, seen: Set<string>): void {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walkCustomIds(e, [...path, i], child, seen);
    return;
  }
  if (!isObject(node)) return;
  if (node.custom_id !== undefined) {
    if (typeof node.custom_id !== 'string') {
      e.add([...path, 'custom_id'], 'BASE_TYPE_STRING', 'Must be a string.');
    } else {
      e.maxLength([...path, 'custom_id'], node.custom_id, 100);
      if (seen.has(node.custom_id)) {
        e.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      }
      seen.add(node.custom_id);
    }
  }
  if (node.components !== undefined) walkCustomIds(e, [...path, 'components'], node.components, seen);
  if (node.accessory !== undefined) walkCustomIds(e, [...path, 'accessory'], node.accessory, seen);
  if (node.component !== undefined) walkCustomIds(e, [...path, 'component'], node.component, seen);
}

function validateComponents(e: ErrorCollector, components: Json, v2: boolean, maxRows = 5): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    e.add(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  walkCustomIds(e, ['components'], components, new Set());
  if (v2) {
    e.maxLength(['components'], components, 40);
    return;
  }
  e.maxLength(['components'], components, maxRows);
  components.forEach((row: Json, i: number) => {
    const path = ['components', i];
    if (!isObject(row)) return;
    if (row.type !== 1) {
      // Label (18) / text display (10) in modals are fine; anything else at top level is not legacy-valid.
      if (row.type !== 18 && row.type !== 10) {
        e.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      }
      if (isObject(row.component)) validateLegacyComponent(e, [...path, 'component'], row.component, 1);
      return;
    }
    if (!Array.isArray(row.components)) {
      e.add([...path, 'components'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    e.length([...path, 'components'], row.components, 1, 5);
    row.components.forEach((c: Json, j: number) => {
      if (isObject(c)) validateLegacyComponent(e, [...path, 'components', j], c, row.components.length);
    });
  });
}

function validateAllowedMentions(e: ErrorCollector, am: Json): void {
  if (am === undefined || am === null) return;
  if (!isObject(am)) {
    e.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse: Json[] = Array.isArray(am.parse) ? am.parse : [];
  parse.forEach((p, i) => {
    if (!['roles', 'users', 'everyone'].includes(p)) {
      e.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', `Value must be one of {'roles', 'users', 'everyone'}.`);
    }
  });
  for (const key of ['users', 'roles'] as const) {
    if (Array.isArray(am[key])) {
      e.maxLength(['allowed_mentions', key], am[key], 100);
      if (am[key].length && parse.includes(key)) {
        e.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`);
      }
    }
  }
}

export interface MessageValidationContext {
  /** true for creates (channel POST, reply, follow-up): an empty message is rejected. */
  create: boolean;
  /** number of uploaded files in this request */
  fileCount?: number;
}

/** Validates a message create/edit body (channel message, interaction reply/update, webhook message). */
export function validateMessage(body: Json, ctx: MessageValidationContext): DiscordError | null {
  if (!isObject(body)) {
    return ctx.create ? { code: 50006, message: 'Cannot send an empty message' } : null;
  }
  const e = new ErrorCollector();
  const v2 = typeof body.flags === 'number' && (body.flags & IS_COMPONENTS_V2) !== 0;
  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string') e.add(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else e.maxLength(['content'], body.content, 2000);
  }
  if (v2) {
    if (body.content) e.add(['content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2");
    if (Array.isArray(body.embeds) && body.embeds.length)
      e.add(['embeds'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2");
  }
  validateEmbeds(e, body.embeds);
  validateComponents(e, body.components, v2);
  validateAllowedMentions(e, body.allowed_mentions);
  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') e.maxLength(['nonce'], body.nonce, 25);
    else if (!Number.isInteger(body.nonce)) e.add(['nonce'], 'BASE_TYPE_INTEGER', 'Must be an integer or a string.');
  }
  if (Array.isArray(body.sticker_ids)) e.maxLength(['sticker_ids'], body.sticker_ids, 3);
  const result = e.result();
  if (result) return result;

  if (ctx.create) {
    const hasContent = typeof body.content === 'string' && body.content.trim() !== '';
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
    const hasFiles = (ctx.fileCount ?? 0) > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasStickers && !hasFiles && !body.poll) {
      return { code: 50006, message: 'Cannot send an empty message' };
    }
  }
  return null;
}

/** Validates the data of an autocomplete result callback (type 8). */
export function validateAutocomplete(data: Json): DiscordError | null {
  const e = new ErrorCollector();
  if (!isObject(data) || !Array.isArray(data.choices)) {
    e.add(['choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return e.result();
  }
  e.maxLength(['choices'], data.choices, 25);
  data.choices.forEach((choice: Json, i: number) => {
    const path = ['choices', i];
    if (!isObject(choice)) return;
    if (typeof choice.name !== 'string') e.add([...path, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else e.length([...path, 'name'], choice.name, 1, 100);
    if (choice.value === undefined || choice.value === null) e.add([...path, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else if (typeof choice.value === 'string') e.maxLength([...path, 'value'], choice.value, 100);
    if (isObject(choice.name_localizations)) {
      for (const [locale, name] of Object.entries(choice.name_localizations)) {
        if (typeof name === 'string') e.length([...path, 'name_localizations', locale], name, 1, 100);
      }
    }
  });
  return e.result();
}

/** Validates the data of a modal callback (type 9). */
export function validateModal(data: Json): DiscordError | null {
  const e = new ErrorCollector();
  if (!isObject(data)) {
    e.add([], 'BASE_TYPE_REQUIRED', 'This field is required');
    return e.result();
  }
  if (e.required(['custom_id'], data.custom_id)) e.maxLength(['custom_id'], data.custom_id, 100);
  if (e.required(['title'], data.title)) e.maxLength(['title'], data.title, 45);
  if (!Array.isArray(data.components) || data.components.length === 0) {
    e.add(['components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  } else {
    const inner = new ErrorCollector();
    validateComponents(inner, data.components, false);
    Object.assign(e.errors, inner.errors);
    e.count += inner.count;
  }
  return e.result();
}

// ----- application commands -------------------------------------------------------------------

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateName(e: ErrorCollector, path: PathPart[], name: Json, chatInput: boolean): void {
  if (typeof name !== 'string') {
    e.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (!chatInput) {
    e.length(path, name, 1, 32);
    return;
  }
  if (!NAME_RE.test(name)) {
    e.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  } else if (name !== name.toLowerCase()) {
    e.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function validateLocalizations(e: ErrorCollector, path: PathPart[], map: Json, kind: 'name' | 'description', chatInput: boolean): void {
  if (!isObject(map)) return;
  for (const [locale, value] of Object.entries(map)) {
    if (value === null) continue;
    if (kind === 'name') validateName(e, [...path, locale], value, chatInput);
    else e.length([...path, locale], value, 1, 100);
  }
}

/** Discord counts name + description + choice names/values, using the longest localization of each field. */
function longest(base: Json, localizations: Json): number {
  let n = strLen(base);
  if (isObject(localizations)) for (const v of Object.values(localizations)) n = Math.max(n, strLen(v));
  return n;
}

function commandChars(node: Json): number {
  if (!isObject(node)) return 0;
  let n = longest(node.name, node.name_localizations) + longest(node.description, node.description_localizations);
  if (Array.isArray(node.choices)) {
    for (const c of node.choices) {
      n += longest(c?.name, c?.name_localizations) + (typeof c?.value === 'string' ? strLen(c.value) : 0);
    }
  }
  if (Array.isArray(node.options)) for (const o of node.options) n += commandChars(o);
  return n;
}

function validateOptions(e: ErrorCollector, path: PathPart[], options: Json, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    e.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  e.maxLength(path, options, 25);
  let seenOptional = false;
  const names = new Set<string>();
  options.forEach((o: Json, i: number) => {
    const p = [...path, i];
    if (!isObject(o)) return;
    validateName(e, [...p, 'name'], o.name, true);
    if (typeof o.name === 'string') {
      if (names.has(o.name)) e.add([...p, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(o.name);
    }
    if (typeof o.description !== 'string') e.add([...p, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else e.length([...p, 'description'], o.description, 1, 100);
    validateLocalizations(e, [...p, 'name_localizations'], o.name_localizations, 'name', true);
    validateLocalizations(e, [...p, 'description_localizations'], o.description_localizations, 'description', true);
    if (typeof o.type !== 'number' || o.type < 1 || o.type > 11) {
      e.add([...p, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).');
      return;
    }
    if (o.type === 1 || o.type === 2) {
      if (depth >= (o.type === 2 ? 1 : 2)) {
        e.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
      }
      validateOptions(e, [...p, 'options'], o.options, depth + 1);
      return;
    }
    if (o.required) {
      if (seenOptional) e.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else {
      seenOptional = true;
    }
    if (o.choices !== undefined) {
      if (o.autocomplete) e.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES', 'Autocomplete cannot be enabled on options with choices');
      if (Array.isArray(o.choices)) {
        e.maxLength([...p, 'choices'], o.choices, 25);
        o.choices.forEach((c: Json, k: number) => {
          if (!isObject(c)) return;
          e.length([...p, 'choices', k, 'name'], c.name ?? '', 1, 100);
          if (typeof c.value === 'string') e.length([...p, 'choices', k, 'value'], c.value, 1, 100);
        });
      }
    }
    for (const key of ['min_length', 'max_length'] as const) {
      if (o[key] !== undefined && (typeof o[key] !== 'number' || o[key] < 0 || o[key] > 6000)) {
        e.add([...p, key], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 6000.');
      }
    }
  });
}

/** Validates one application command (POST /applications/.../commands or an element of a bulk PUT). */
function validateCommand(cmd: Json, e = new ErrorCollector(), base: PathPart[] = []): ErrorCollector {
  if (!isObject(cmd)) {
    e.add(base, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return e;
  }
  const type = cmd.type ?? 1;
  const chatInput = type === 1;
  validateName(e, [...base, 'name'], cmd.name, chatInput);
  validateLocalizations(e, [...base, 'name_localizations'], cmd.name_localizations, 'name', chatInput);
  if (chatInput) {
    if (typeof cmd.description !== 'string') e.add([...base, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else e.length([...base, 'description'], cmd.description, 1, 100);
    validateLocalizations(e, [...base, 'description_localizations'], cmd.description_localizations, 'description', true);
    validateOptions(e, [...base, 'options'], cmd.options, 0);
    if (commandChars(cmd) > 8000) {
      e.add(base, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
    }
  } else if (cmd.description) {
    e.add([...base, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
  }
  // Where it may be installed (0 guild, 1 user) and used (0 guild, 1 bot DM, 2 private channel).
  for (const [key, allowed] of [
    ['integration_types', [0, 1]],
    ['contexts', [0, 1, 2]],
  ] as const) {
    const list = cmd[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) e.add([...base, key], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else
      list.forEach((v: Json, k: number) => {
        if (!(allowed as readonly number[]).includes(v)) e.add([...base, key, k], 'BASE_TYPE_CHOICES', `Value must be one of (${allowed.join(', ')}).`);
      });
  }
  return e;
}

export function validateCommandCreate(cmd: Json): DiscordError | null {
  return validateCommand(cmd).result();
}

/** Validates a bulk overwrite body (PUT /applications/.../commands). */
export function validateCommandBulk(body: Json): DiscordError | null {
  const e = new ErrorCollector();
  if (!Array.isArray(body)) {
    e.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return e.result();
  }
  const perType = new Map<number, number>();
  const seen = new Set<string>();
  body.forEach((cmd: Json, i: number) => {
    validateCommand(cmd, e, [i]);
    if (!isObject(cmd)) return;
    const type = cmd.type ?? 1;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const key = `${type}:${String(cmd.name)}`;
    if (seen.has(key)) e.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.add(key);
  });
  if ((perType.get(1) ?? 0) > 100) e.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  if ((perType.get(2) ?? 0) > 15 || (perType.get(3) ?? 0) > 15) {
    e.add([], 'APPLICATION_COMMAND_TOO_MANY_CONTEXT_MENU', 'Maximum number of context menu commands reached (15)');
  }
  return e.result();
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestValidationError } from './errors';

/** One line of a validation_error's `errors`, the same shape createValidationPipe gives. */
export interface InputProblem {
  field: string;
  problem: string;
}

/**
 * JSON bodies nested deeper than this are refused before any handler sees them: class-transformer
 * recurses once per level and a 64 kB body of `[[[[…` overflows the stack (a 500) long before the
 * body limit, and no request of this API nests more than a few levels.
 */
export const MAX_JSON_DEPTH = 32;
/** Enough to fix a request at once without echoing a hostile body back line by line. */
const MAX_PROBLEMS = 10;
const MAX_SHOWN = 48;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored as Postgres text or jsonb, or null when it can. Postgres refuses
 * U+0000 in text ("invalid byte sequence for encoding UTF8: 0x00") and in jsonb ("unsupported
 * Unicode escape sequence"); an unpaired surrogate is silently turned into U+FFFD when pg encodes a
 * text parameter and refused by jsonb when it arrives as a JSON escape (outbox, webhook bodies).
 */
export function unstorableStringReason(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return null;
}

/**
 * Why a JSON number cannot be used, or null. JSON.parse turns `1e400` into Infinity (which
 * JSON.stringify then writes as null), and a number past 2^53 is no longer the one the caller sent.
 */
export function unusableNumberReason(value: number): string | null {
  if (!Number.isFinite(value)) return 'is a number too large to represent';
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) return `is a number beyond ±${Number.MAX_SAFE_INTEGER}, which cannot be represented exactly`;
  return null;
}

/** A key as it can be shown in a field path: JSON escapes for control characters and lone surrogates, then capped. */
function showKey(key: string): string {
  const escaped = JSON.stringify(key).slice(1, -1);
  return escaped.length > MAX_SHOWN ? `${escaped.slice(0, MAX_SHOWN)}…` : escaped;
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${showKey(key)}` : showKey(key);
}

/**
 * Every string (values and keys), number and nesting level of a parsed JSON value that the services
 * could not store or use, named like class-validator names fields (`merchant.items.0.name`). The walk
 * is iterative, so the depth check itself cannot overflow the stack. `field` is the path of `value`
 * itself ('' for a whole body, `id` for a path parameter); `root` names a whole body that is not an object.
 */
export function findUnstorableValues(value: unknown, field = '', root = 'body'): InputProblem[] {
  const problems: InputProblem[] = [];
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field, depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const item = stack.pop() as { value: unknown; field: string; depth: number };
    const field = item.field || root;
    if (typeof item.value === 'string') {
      const reason = unstorableStringReason(item.value);
      if (reason) problems.push({ field, problem: `${field} ${reason}` });
    } else if (typeof item.value === 'number') {
      const reason = unusableNumberReason(item.value);
      if (reason) problems.push({ field, problem: `${field} ${reason}` });
    } else if (item.value !== null && typeof item.value === 'object') {
      if (item.depth >= MAX_JSON_DEPTH) {
        problems.push({ field, problem: `${field} is nested more than ${MAX_JSON_DEPTH} levels deep` });
        continue;
      }
      const entries = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v] as const) : Object.entries(item.value);
      // Pushed in reverse so problems come out in document order.
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i];
        const childField = join(item.field, key);
        const keyReason = Array.isArray(item.value) ? null : unstorableStringReason(key);
        if (keyReason) problems.push({ field: childField, problem: `the field name ${childField} ${keyReason}` });
        else stack.push({ value: child, field: childField, depth: item.depth + 1 });
      }
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}

function show(raw: string): string {
  return raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
}

/** Malformed percent-encoding and unstorable characters in the path, segment by segment. */
export function findUnstorablePath(path: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const segments = path.split('/');
  segments.forEach((segment, index) => {
    if (!segment) return;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      problems.push({ field: 'path', problem: `path segment ${index} ("${show(segment)}") is not valid percent-encoded UTF-8` });
      return;
    }
    const reason = unstorableStringReason(decoded);
    if (reason) problems.push({ field: 'path', problem: `path segment ${index} ("${show(segment)}") ${reason}` });
  });
  return problems.slice(0, MAX_PROBLEMS);
}

/** The same for each name and value of a query string (`+` is a space, as in forms). */
export function findUnstorableQuery(query: string): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const rawName = at < 0 ? pair : pair.slice(0, at);
    const rawValue = at < 0 ? '' : pair.slice(at + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      problems.push({ field: 'query', problem: `query parameter name "${show(rawName)}" is not valid percent-encoded UTF-8` });
      continue;
    }
    const field = showKey(name);
    const nameReason = unstorableStringReason(name);
    if (nameReason) {
      problems.push({ field, problem: `query parameter name ${field} ${nameReason}` });
      continue;
    }
    try {
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      problems.push({ field, problem: `query parameter ${field} is not valid percent-encoded UTF-8` });
      continue;
    }
    const reason = unstorableStringReason(value);
    if (reason) problems.push({ field, problem: `query parameter ${field} ${reason}` });
  }
  return problems.slice(0, MAX_PROBLEMS);
}

export function unstorableInputError(problems: InputProblem[]): RequestValidationError {
  return new RequestValidationError(problems.map((p) => p.problem).join('; '), { errors: problems });
}

/**
 * Express middleware (createServiceApp installs it after the body parser, before routing, guards and
 * handlers): a request whose path, query or JSON body holds something no column can store is
 * answered 400 validation_error instead of failing in SQL as a 500. `checkBody: false` leaves a raw
 * text body alone (callback-ingest stores what Safaricom sent, byte for byte).
 */
export function refuseUnstorableInput(options: { checkBody: boolean }) {
  return (req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: (error?: unknown) => void): void => {
    const url = req.url ?? '/';
    const at = url.indexOf('?');
    const problems = [...findUnstorablePath(at < 0 ? url : url.slice(0, at)), ...(at < 0 ? [] : findUnstorableQuery(url.slice(at + 1)))];
    if (options.checkBody && req.body !== null && typeof req.body === 'object') problems.push(...findUnstorableValues(req.body));
    next(problems.length > 0 ? unstorableInputError(problems.slice(0, MAX_PROBLEMS)) : undefined);
  };
}

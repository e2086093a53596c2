export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Keys whose values never reach a log line, whatever the nesting. */
const SECRET_KEY = /secret|password|token|cookie|authorization|credential|private.?key|session/i;
/** Values that look like Gatehouse setup-link tokens, wherever they appear in a string. */
const SETUP_TOKEN_IN_TEXT = /gsl_[A-Za-z0-9_-]{20,}/g;

export const REDACTED = '[redacted]';

/** Whether a key names a secret; remembered per key, as the same few keys come back on every line. */
const secretKeys = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    // Keys come from code, but audit entries also carry customers' attribute names: keep the memory bounded.
    if (secretKeys.size < 1000) secretKeys.set(key, secret);
  }
  return secret;
}

/** Deep-copies `value` with every secret-named field and every embedded setup token replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  // Most strings hold no token; testing for the prefix first spares every log line a regex replace.
  if (typeof value === 'string') return value.includes('gsl_') ? value.replace(SETUP_TOKEN_IN_TEXT, 'gsl_[redacted]') : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1), stack: value.stack };
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const inner = (value as Record<string, unknown>)[key];
    out[key] = isSecretKey(key) && inner !== undefined && inner !== null ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}

/** Copies `fields` into `target`, redacted (as redact() does to an object), and returns `target`. */
function withRedacted(target: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    target[key] = isSecretKey(key) && value !== undefined && value !== null ? REDACTED : redact(value, 1);
  }
  return target;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/**
 * A structured JSON logger: one line per event, secrets redacted. Lambda ships stdout to CloudWatch,
 * where these lines are queryable with Logs Insights.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  base: Record<string, unknown> = {},
): Logger {
  return new JsonLogger(ORDER[level], write, redact(base) as Record<string, unknown>);
}

/**
 * `base` is already redacted: a child's fields are redacted once, when it is made, and each line
 * redacts only its own message and fields. Redacting a key depends only on that key and its value, so
 * the line is the same as redacting the whole record at once. A class rather than closures: the API
 * makes a child per request, and a child should cost one small object.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly threshold: number,
    private readonly write: (line: string) => void,
    private readonly base: Record<string, unknown>,
  ) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.emit('debug', message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.emit('info', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.emit('warn', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.emit('error', message, fields);
  }

  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.threshold, this.write, withRedacted({ ...this.base }, fields));
  }

  private emit(at: Exclude<LogLevel, 'silent'>, message: string, fields: Record<string, unknown> | undefined): void {
    if (ORDER[at] < this.threshold) return;
    // Assigned, not spread: a field named like a base field replaces it, so each key appears once.
    const record: Record<string, unknown> = Object.assign({ time: isoNow(), level: at, msg: redact(message) }, this.base);
    this.write(JSON.stringify(fields === undefined ? record : withRedacted(record, fields)));
  }
}

/** The current time as ISO 8601 text, made once per millisecond however many lines share it. */
let lastMs = -1;
let lastIso = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/**
 * A child of `parent` with `fields`, made on its first use: the edge gives every request a logger
 * carrying its id, and most requests log nothing but their one request line.
 */
export function lazyChild(parent: Logger, fields: Record<string, unknown>): Logger {
  return new LazyChild(parent, fields);
}

class LazyChild implements Logger {
  private made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly fields: Record<string, unknown>,
  ) {}

  private get logger(): Logger {
    this.made ??= this.parent.child(this.fields);
    return this.made;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.logger.debug(message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.logger.info(message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.logger.warn(message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.logger.error(message, fields);
  }

  child(fields: Record<string, unknown>): Logger {
    return this.parent.child({ ...this.fields, ...fields });
  }
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Keys whose values never reach a log line, whatever the nesting. */
const SECRET_KEY = /secret|password|token|cookie|authorization|credential|private.?key|session/i;
/** Values that look like Gatehouse setup-link tokens, wherever they appear in a string. */
const SETUP_TOKEN_IN_TEXT = /gsl_[A-Za-z0-9_-]{20,}/g;

export const REDACTED = '[redacted]';

/** Deep-copies `value` with every secret-named field and every embedded setup token replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  // Most strings hold no token; testing for the prefix first spares every log line a regex replace.
  if (typeof value === 'string') return value.includes('gsl_') ? value.replace(SETUP_TOKEN_IN_TEXT, 'gsl_[redacted]') : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1), stack: value.stack };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && inner !== undefined && inner !== null ? REDACTED : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
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
  return loggerOver(level, write, base, redact(base) as Record<string, unknown>);
}

/**
 * `safeBase` is `base` already redacted: a child's fields are redacted once, when it is made, and each
 * line redacts only its own message and fields. Redacting a key depends only on that key and its value,
 * so the line is the same as redacting the whole record at once.
 */
function loggerOver(
  level: LogLevel,
  write: (line: string) => void,
  base: Record<string, unknown>,
  safeBase: Record<string, unknown>,
): Logger {
  const threshold = ORDER[level];
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < threshold) return;
    const record = {
      time: new Date().toISOString(),
      level: at,
      msg: redact(message),
      ...safeBase,
      ...(fields === undefined ? undefined : (redact(fields) as Record<string, unknown>)),
    };
    write(JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) =>
      loggerOver(level, write, { ...base, ...fields }, { ...safeBase, ...(redact(fields) as Record<string, unknown>) }),
  };
}

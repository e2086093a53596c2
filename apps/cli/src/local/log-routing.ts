import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A saved log larger than this at start is kept as `<file>.1` (one generation) and a new one begun. */
export const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/** Fields every line carries, left out of the compact form. */
const ENVELOPE = new Set(['time', 'level', 'msg']);
/** How much of a compact line's fields to show; the whole record stays in the file. */
const MAX_FIELDS_CHARS = 240;

/**
 * The one-line form of a JSON log line for the terminal, when it needs the user: warnings and errors
 * only (null for anything else, and for a line that is not one of the logger's records).
 * `12:04:05 warn  test login failed  connectionId=c_1 code=SAML_AUDIENCE_MISMATCH`.
 */
export function compactLogLine(line: string): string | null {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof record !== 'object' || record === null) return null;
  const { time, level, msg } = record as Record<string, unknown>;
  if (level !== 'warn' && level !== 'error') return null;
  const clock = typeof time === 'string' && time.length >= 19 ? time.slice(11, 19) : '';
  const fields = Object.entries(record)
    .filter(([key]) => !ENVELOPE.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
    .replaceAll('\n', ' ');
  const shown = fields.length > MAX_FIELDS_CHARS ? `${fields.slice(0, MAX_FIELDS_CHARS - 1)}…` : fields;
  return [clock, level.padEnd(5), String(msg ?? ''), shown].filter(Boolean).join('  ');
}

export interface LocalLog {
  /** Where every line goes. */
  file: string;
  /** The logger's sink: the line to the file, and its compact form to the terminal when it needs the user. */
  sink(line: string): void;
  close(): void;
}

/**
 * Opens the local stack's log file (appending; a file over LOG_ROTATE_BYTES is moved aside first).
 * Every log line is written to it; warnings and errors also reach `terminal` in their compact form.
 * Writes are synchronous, so a line logged just before a crash is in the file.
 */
export function openLocalLog(file: string, terminal: (text: string) => void): LocalLog {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (existsSync(file) && statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
  // Log lines are redacted, but they name tenants and users: readable by this user only.
  const fd = openSync(file, 'a', 0o600);
  let open = true;
  return {
    file,
    sink(line) {
      if (open) writeSync(fd, `${line}\n`);
      const compact = compactLogLine(line);
      if (compact !== null) terminal(compact);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

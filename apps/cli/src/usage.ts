import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Bad usage: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** node:util parseArgs with its errors turned into UsageError. */
export function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

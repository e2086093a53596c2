import { existsSync, readFileSync } from 'node:fs';
import type { CliEnv } from '../env.ts';
import { commandHelp } from '../help.ts';
import { setLocalTxt } from '../local/dns-admin.ts';
import { type LocalStackState, stateFile } from '../local/state.ts';
import { type CommandIo, parse, UsageError } from '../usage.ts';

function localDnsAdmin(env: CliEnv): { url: string; token: string } {
  const file = stateFile(env.localDataDir);
  const state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalStackState) : null;
  if (!state?.dnsAdminUrl || !state.dnsAdminToken) {
    throw new Error('No local portal is running. Start it with `npm start` in another terminal.');
  }
  return { url: state.dnsAdminUrl, token: state.dnsAdminToken };
}

export async function dnsCommand(args: string[], env: CliEnv, io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  const { positionals } = parse(rest, {});
  const [name, ...values] = positionals;
  if (!name || !/^[A-Za-z0-9_.-]{1,253}$/.test(name)) throw new UsageError(`Give the record name.\n${commandHelp('dns', sub)}`);
  if (sub === 'set-txt') {
    if (values.length === 0) throw new UsageError(`Give the record's value.\n${commandHelp('dns', sub)}`);
    await setLocalTxt(localDnsAdmin(env), name, values);
    io.out(`Published TXT ${name}: ${values.map((v) => JSON.stringify(v)).join(' ')}`);
    return 0;
  }
  if (sub === 'remove-txt') {
    await setLocalTxt(localDnsAdmin(env), name, []);
    io.out(`Removed the TXT records of ${name}.`);
    return 0;
  }
  throw new UsageError(commandHelp('dns'));
}

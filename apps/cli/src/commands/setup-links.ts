import { type AppDeps, issueSetupLink, listSetupLinks, revokeSetupLink } from '@gatehouse/api';
import { parseLinkLifetime, tenantIdSchema } from '@gatehouse/core';
import { commandHelp } from '../help.ts';
import { type CommandIo, parse, UsageError } from '../usage.ts';

function tenantArg(value: string | undefined): string {
  const parsed = tenantIdSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Give the tenant id (see gatehouse tenants list).\n${commandHelp('setup-links')}`);
  return parsed.data;
}

export async function setupLinksCommand(args: string[], deps: () => AppDeps, io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values, positionals } = parse(rest, { 'expires-in': { type: 'string' }, json: { type: 'boolean' } });
    const tenantId = tenantArg(positionals[0]);
    let ttlHours: number | undefined;
    if (values['expires-in'] !== undefined) {
      const parsed = parseLinkLifetime(values['expires-in']);
      if (parsed === null) throw new UsageError('--expires-in takes a duration such as 72h, 3d or 90m, at most 30 days.');
      ttlHours = parsed;
    }
    const d = deps();
    const issued = await issueSetupLink(d.tenants, {
      tenantId,
      ttlHours: ttlHours ?? d.config.setupLinkTtlHours,
      createdBy: 'cli',
      publicUrl: d.config.publicUrl,
      now: d.now(),
    });
    if (values.json) {
      io.out(JSON.stringify({ ...issued.link, url: issued.url, revokedLinkId: issued.revokedLinkId }));
    } else {
      io.out(`Setup link for ${tenantId} (expires ${issued.link.expiresAt}):\n\n  ${issued.url}\n`);
      io.out('Send it to the customer’s IT admin over a channel you trust. It is shown only once.');
      if (issued.revokedLinkId) io.out(`The previous link (${issued.revokedLinkId}) no longer works.`);
    }
    return 0;
  }
  if (sub === 'list') {
    const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
    const d = deps();
    const links = await listSetupLinks(d.tenants, tenantArg(positionals[0]), d.now());
    if (values.json) io.out(JSON.stringify(links));
    else if (links.length === 0) io.out('No setup links yet.');
    else for (const l of links) io.out(`${l.id}  ${l.status.padEnd(8)} created ${l.createdAt}  expires ${l.expiresAt}`);
    return 0;
  }
  if (sub === 'revoke') {
    const { positionals } = parse(rest, {});
    const tenantId = tenantArg(positionals[0]);
    const linkId = positionals[1];
    if (!linkId) throw new UsageError(`Give the link id (see gatehouse setup-links list ${tenantId}).`);
    const d = deps();
    await revokeSetupLink(d.tenants, tenantId, linkId, d.now());
    io.out(`Revoked ${linkId}. Sessions opened with it have ended.`);
    return 0;
  }
  throw new UsageError(commandHelp('setup-links'));
}

import { randomBytes } from 'node:crypto';
import type { AuditAction, AuditActor, AuditEvent } from '@gatehouse/core';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../deps.ts';
import { redact } from '../logger.ts';
import type { ResolvedSetupSession } from './setup-sessions.ts';

export type AuditEntry = Omit<AuditEvent, 'id' | 'at' | 'actor' | 'target' | 'action'> & {
  action: AuditAction;
  target?: AuditEvent['target'];
};

/** The target of an entry about a connection: its id, and its name for people to read. */
export const connectionTarget = (connection: { id: string; displayName: string }, revision?: number | null) => ({
  connectionId: connection.id,
  connectionName: connection.displayName,
  ...(revision === undefined || revision === null ? {} : { revision }),
});

/** Who is acting in this request: the signed-in operator, or the IT admin holding the tenant's setup session. */
export function actorOf(c: Context<AppEnv>): AuditActor {
  const operator = c.get('operator');
  if (operator) return { type: 'operator', id: operator.email ?? operator.username };
  const client = c.get('client');
  if (client) return { type: 'client', id: client.clientId };
  const setup = c.get('setup');
  if (setup) return setupActor(setup);
  return { type: 'system', id: 'gatehouse' };
}

/** The IT admin holding a tenant's setup session, known by the setup link they opened. */
export function setupActor(setup: ResolvedSetupSession): AuditActor {
  return { type: 'admin', id: `IT admin of ${setup.tenant.id} (setup link ${setup.session.linkId})` };
}

/** The actor of a scheduled or command-line monitoring job. */
export const jobActor = (job: string): AuditActor => ({ type: 'system', id: `job ${job}` });

/**
 * An id that sorts in the order this process made them (audit entries and events share a timestamp when
 * made in the same millisecond), with random bits so that ids from different processes never collide.
 */
export function orderedId(): string {
  return `${process.hrtime.bigint().toString().padStart(20, '0')}-${randomBytes(6).toString('hex')}`;
}

/**
 * Appends an entry to the audit log, with every secret-named field of `before` and `after` redacted. It
 * runs after the change it describes has been stored, so it never fails that change: a log write that
 * fails is reported at error level (an alarm in AWS) with the entry itself, which is then in the logs.
 */
export async function audit(
  deps: Pick<AppDeps, 'audit' | 'logger' | 'now'>,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  const event: AuditEvent = {
    id: orderedId(),
    at: deps.now().toISOString(),
    actor,
    target: entry.target ?? {},
    tenantId: entry.tenantId,
    action: entry.action,
    summary: entry.summary,
    ...(entry.before === undefined ? {} : { before: redact(entry.before) }),
    ...(entry.after === undefined ? {} : { after: redact(entry.after) }),
  };
  try {
    await deps.audit.append(event);
  } catch (error) {
    deps.logger.error('audit entry could not be stored', { error, auditEvent: event });
  }
}

/** Who the admin API's caller is, in one line for records such as a revision's approver. */
export function callerName(c: Context<AppEnv>): string {
  const actor = actorOf(c);
  return actor.type === 'client' ? `API client ${actor.id}` : actor.id;
}

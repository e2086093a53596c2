import { AUDIT_ACTIONS, type AuditAction, type AuditActor, type AuditEvent } from './audit.ts';

/** What a label can name: the connection by its name, its revision, the domain. */
export interface AuditSubject {
  /** The connection's display name, or "a connection" for entries written before names were recorded. */
  connection: string;
  /** " 3" style revision text: empty when the entry does not say which revision. */
  revision: string;
  domain: string;
  /** Whether an issued setup link replaced the previous one (its entry's `before` names that link). */
  replacedLink: boolean;
}

/**
 * The sentence the activity log shows for each action, one entry per action: a new action without a
 * label here does not compile.
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, (s: AuditSubject) => string> = {
  'tenant.created': () => 'Created the tenant',
  'tenant.deletion-started': () => 'Started deleting the tenant',
  'tenant.deleted': () => 'Deleted the tenant',
  'tenant.users-deleted': () => 'Deleted the users its identity providers had created',
  'tenant.sso-enforcement-changed': () => 'Changed whether single sign-on is required',
  'tenant.native-users-disabled': () => 'Disabled password users under its verified domains',
  'setup-link.issued': (s) => (s.replacedLink ? 'Replaced the setup link' : 'Issued a setup link'),
  'setup-link.revoked': () => 'Revoked a setup link',
  'connection.created': (s) => `Started the connection ${s.connection}`,
  'connection.provider-changed': (s) => `Changed the identity provider of ${s.connection}`,
  'connection.saml-saved': (s) => `Saved the SAML metadata of ${s.connection}`,
  'connection.oidc-saved': (s) => `Saved the OIDC settings of ${s.connection}`,
  'connection.mapping-saved': (s) => `Saved the attribute mapping of ${s.connection}`,
  'connection.test-passed': (s) => `Test login passed for ${s.connection}`,
  'connection.test-failed': (s) => `Test login failed for ${s.connection}`,
  'connection.revision-started': (s) => `Started revision${s.revision} of ${s.connection}`,
  'connection.submitted': (s) => `Submitted revision${s.revision} of ${s.connection} for review`,
  'connection.withdrawn': (s) => `Withdrew revision${s.revision} of ${s.connection} from review`,
  'connection.approved': (s) => `Approved revision${s.revision} of ${s.connection}`,
  'connection.rejected': (s) => `Sent revision${s.revision} of ${s.connection} back`,
  'connection.suspended': (s) => `Suspended ${s.connection}`,
  'connection.resumed': (s) => `Resumed ${s.connection}`,
  'connection.rolled-back': (s) => `Rolled ${s.connection} back to revision${s.revision}`,
  'domain.added': (s) => `Added the domain ${s.domain}`,
  'domain.verified': (s) => `Verified the domain ${s.domain}`,
  'domain.verification-failed': (s) => `Could not verify the domain ${s.domain}`,
  'domain.removed': (s) => `Removed the domain ${s.domain}`,
  'domain.withdrawn': (s) => `Stopped routing ${s.domain}: its TXT record is missing`,
  'domain.record_restored': (s) => `The TXT record of ${s.domain} is back`,
  'monitoring.finding': (s) => `Monitoring found a problem with ${s.connection}`,
  'branding.changed': () => 'Changed the setup wizard’s branding',
};

const isAuditAction = (action: string): action is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(action);

/** Who acted, for people: "Operator alice@example.com", "IT admin (setup link)", "API client abc". */
export function auditActorLabel(actor: AuditActor): string {
  switch (actor.type) {
    case 'operator':
      return `Operator ${actor.id}`;
    case 'admin':
      return 'IT admin (setup link)';
    case 'client':
      return `API client ${actor.id}`;
    default:
      return actor.id.startsWith('job ') ? `Scheduled job ${actor.id.slice(4)}` : 'Gatehouse';
  }
}

/**
 * The activity log's line for an entry: what happened, in words, naming the connection and domain
 * rather than their ids. An action this version does not know (written by a newer one) keeps its summary.
 */
export function auditLabel(event: Pick<AuditEvent, 'action' | 'target' | 'summary' | 'before'>): string {
  if (!isAuditAction(event.action)) return event.summary;
  const subject: AuditSubject = {
    connection: event.target.connectionName ?? 'a connection',
    revision: event.target.revision === undefined ? '' : ` ${event.target.revision}`,
    domain: event.target.domain ?? 'a domain',
    replacedLink: typeof event.before === 'object' && event.before !== null && 'linkId' in event.before,
  };
  return AUDIT_ACTION_LABELS[event.action](subject);
}

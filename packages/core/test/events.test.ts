import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EVENT_DETAIL_SCHEMAS,
  EVENT_TYPES,
  type EventFields,
  type EventType,
  gatehouseEventSchema,
  newEvent,
} from '../src/events.ts';

const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');
const examples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map(
  (match) => JSON.parse(match[1] ?? 'null') as Record<string, unknown>,
);
const envelope = { eventId: 'e1', occurredAt: new Date('2026-03-02T10:15:00.000Z') };
/** Builds from fields as loosely typed as hostile input is. */
const build = (type: EventType, fields: Record<string, unknown>) =>
  newEvent(type, fields as unknown as EventFields<EventType>, envelope);

/** One valid set of fields per event type. */
const FIELDS: { [T in EventType]: EventFields<T> } = {
  'gatehouse.connection.submitted': { tenantId: 'acme', connectionId: 'c1', revision: 1, protocol: 'oidc', vendor: 'okta' },
  'gatehouse.connection.activated': {
    tenantId: 'acme',
    connectionId: 'c1',
    revision: 2,
    providerName: 'gh-acme',
    previousRevision: 1,
  },
  'gatehouse.connection.rejected': { tenantId: 'acme', connectionId: 'c1', revision: 2, reason: 'Map tenant_id.' },
  'gatehouse.connection.suspended': { tenantId: 'acme', connectionId: 'c1', providerName: 'gh-acme' },
  'gatehouse.connection.resumed': { tenantId: 'acme', connectionId: 'c1', providerName: 'gh-acme' },
  'gatehouse.connection.rolled-back': { tenantId: 'acme', connectionId: 'c1', fromRevision: 3, toRevision: 2 },
  'gatehouse.connection.deleted': { tenantId: 'acme', connectionId: 'c1', providerName: 'gh-acme' },
  'gatehouse.domain.verified': { tenantId: 'acme', connectionId: 'c1', domain: 'acme.com' },
  'gatehouse.domain.withdrawn': { tenantId: 'acme', connectionId: 'c1', domain: 'acme.com', reason: 'removed' },
  'gatehouse.monitoring.finding-opened': {
    tenantId: 'acme',
    connectionId: 'c1',
    job: 'detect-drift',
    code: 'IDP_DRIFT',
    severity: 'warning',
    key: 'IDP_DRIFT',
    message: 'Drifted.',
  },
  'gatehouse.monitoring.finding-cleared': {
    tenantId: 'acme',
    connectionId: 'c1',
    job: 'detect-drift',
    code: 'IDP_DRIFT',
    key: 'IDP_DRIFT',
  },
  'gatehouse.tenant.deleted': { tenantId: 'acme', connectionIds: ['c1'], releasedDomains: ['acme.com'], deletedUsers: 3 },
};

describe('event schemas', () => {
  it.each(EVENT_TYPES)('%s: builds a version 1 event that parses as sent, keeping no field outside its schema', (type) => {
    const event = build(type, { ...FIELDS[type], clientSecret: 'must-not-travel' });
    expect(event).toMatchObject({ source: 'gatehouse', 'detail-type': type, detail: { version: 1, eventId: 'e1' } });
    expect(JSON.stringify(event)).not.toContain('must-not-travel');
    expect(gatehouseEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it.each(EVENT_TYPES)('%s: refuses a detail without its tenant', (type) => {
    const { tenantId: _tenantId, ...fields } = FIELDS[type];
    expect(() => build(type, fields)).toThrow();
  });
});

describe('docs/events.md', () => {
  it('documents every event type', () => {
    for (const type of EVENT_TYPES) expect(doc).toContain(`| \`${type}\``);
  });

  it('shows examples that parse: the envelope with its detail, and each detail against a schema', () => {
    const [first, ...details] = examples;
    expect(gatehouseEventSchema.safeParse(first).success).toBe(true);
    expect(details.length).toBeGreaterThan(3);
    for (const detail of details) {
      const fits = Object.values(EVENT_DETAIL_SCHEMAS).some((schema) => schema.safeParse(detail).success);
      expect(fits, JSON.stringify(detail)).toBe(true);
    }
  });
});

import { z } from 'zod';
import { DOMAIN_FAILURE_REASONS } from './domain-claims.ts';
import { findingSeveritySchema } from './finding-view.ts';
import { HEALTH_FINDING_CODES, MONITORING_JOBS } from './monitoring.ts';

/**
 * The events Gatehouse sends to the SaaS (an EventBridge bus in AWS, an in-memory bus locally), one
 * schema per `detail-type`. Every detail carries `version` (of its schema: a breaking change gets a new
 * number, a new optional field does not), `eventId` (the same on every delivery of one event: delivery
 * is at least once, so consumers drop ids they have seen), `occurredAt` and `tenantId`. No detail ever
 * holds a secret: no OIDC client secret, no setup-link token, no session. docs/events.md shows each.
 */
export const EVENT_SOURCE = 'gatehouse';

const base = {
  version: z.literal(1),
  eventId: z.string().min(1),
  occurredAt: z.iso.datetime(),
  tenantId: z.string().min(1),
};
const connection = { ...base, connectionId: z.string().min(1) };

/**
 * Why a verified domain stopped routing: a failed check (its TXT record gone or wrong, or, on an IT
 * admin's Verify, a DNS failure: see DOMAIN_FAILURE_REASONS), or `removed` by the tenant.
 */
export const DOMAIN_WITHDRAWAL_REASONS = [...DOMAIN_FAILURE_REASONS, 'removed'] as const;

/** The detail schema of every event, by its `detail-type`. */
export const EVENT_DETAIL_SCHEMAS = {
  /** An IT admin submitted a tested revision for review. */
  'gatehouse.connection.submitted': z.object({
    ...connection,
    revision: z.number().int().positive(),
    protocol: z.enum(['saml', 'oidc']),
    vendor: z.string(),
  }),
  /** An operator approved a revision and it serves (its IdP is live in Cognito). */
  'gatehouse.connection.activated': z.object({
    ...connection,
    revision: z.number().int().positive(),
    providerName: z.string(),
    /** The revision that served before, or null on a first activation. */
    previousRevision: z.number().int().positive().nullable(),
  }),
  /** An operator sent a submitted revision back to the IT admin. */
  'gatehouse.connection.rejected': z.object({ ...connection, revision: z.number().int().positive(), reason: z.string() }),
  /** A live connection was taken off the SaaS's app clients. */
  'gatehouse.connection.suspended': z.object({ ...connection, providerName: z.string() }),
  /** A suspended connection serves again. */
  'gatehouse.connection.resumed': z.object({ ...connection, providerName: z.string() }),
  /** The previous approved revision serves again. */
  'gatehouse.connection.rolled-back': z.object({
    ...connection,
    fromRevision: z.number().int().positive(),
    toRevision: z.number().int().positive(),
  }),
  /** The connection was deleted with its tenant (sent with gatehouse.tenant.deleted). */
  'gatehouse.connection.deleted': z.object({ ...connection, providerName: z.string() }),
  /** An email domain was proven by DNS and now routes to the connection. */
  'gatehouse.domain.verified': z.object({ ...connection, domain: z.string() }),
  /** A verified domain no longer routes: its record failed re-verification, or it was removed. */
  'gatehouse.domain.withdrawn': z.object({ ...connection, domain: z.string(), reason: z.enum(DOMAIN_WITHDRAWAL_REASONS) }),
  /** A monitoring job found a new problem on a live connection. */
  'gatehouse.monitoring.finding-opened': z.object({
    ...connection,
    job: z.enum(MONITORING_JOBS),
    code: z.enum(HEALTH_FINDING_CODES),
    severity: findingSeveritySchema,
    /** Stable per finding: the opened and the cleared event of one finding share it. */
    key: z.string(),
    message: z.string(),
  }),
  /** A problem a monitoring job had reported is no longer found. */
  'gatehouse.monitoring.finding-cleared': z.object({
    ...connection,
    job: z.enum(MONITORING_JOBS),
    code: z.enum(HEALTH_FINDING_CODES),
    key: z.string(),
  }),
  /** The tenant and everything of it are gone (its audit trail stays). */
  'gatehouse.tenant.deleted': z.object({
    ...base,
    connectionIds: z.array(z.string()),
    releasedDomains: z.array(z.string()),
    deletedUsers: z.number().int().nonnegative(),
  }),
} as const;

export type EventType = keyof typeof EVENT_DETAIL_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_DETAIL_SCHEMAS) as EventType[];
export type EventDetail<T extends EventType> = z.infer<(typeof EVENT_DETAIL_SCHEMAS)[T]>;

/** One event as sent: EventBridge's `source`, `detail-type` and `detail`. */
export type GatehouseEvent = {
  [T in EventType]: { source: typeof EVENT_SOURCE; 'detail-type': T; detail: EventDetail<T> };
}[EventType];

/** Any event, checked against the schema of its `detail-type` (what a consumer can parse with). */
export const gatehouseEventSchema = z.discriminatedUnion(
  'detail-type',
  EVENT_TYPES.map((type) =>
    z.object({ source: z.literal(EVENT_SOURCE), 'detail-type': z.literal(type), detail: EVENT_DETAIL_SCHEMAS[type] }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** The fields of an event's detail that its producer chooses (the envelope fields come from `newEvent`). */
export type EventFields<T extends EventType> = Omit<EventDetail<T>, 'version' | 'eventId' | 'occurredAt'>;

/**
 * Builds an event, checked against its schema (a detail that does not fit is a programmer error and
 * throws). The id and the time are parameters: core has no clock and no randomness.
 */
export function newEvent<T extends EventType>(
  type: T,
  fields: EventFields<T>,
  envelope: { eventId: string; occurredAt: Date },
): GatehouseEvent {
  const detail = EVENT_DETAIL_SCHEMAS[type].parse({
    version: 1,
    eventId: envelope.eventId,
    occurredAt: envelope.occurredAt.toISOString(),
    ...fields,
  });
  return { source: EVENT_SOURCE, 'detail-type': type, detail } as GatehouseEvent;
}

/** GET /v1/admin/events: how many of the latest events to list. */
export const recentEventsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(25) });

/**
 * GET /v1/admin/events: the latest events of the local in-memory bus, newest first. In AWS the events
 * go to the EventBridge bus `busName` and Gatehouse keeps none to list (`events` is empty).
 */
export const recentEventsSchema = z.object({
  delivery: z.enum(['local', 'eventbridge']),
  busName: z.string().nullable(),
  events: z.array(
    z.object({
      source: z.literal(EVENT_SOURCE),
      'detail-type': z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
      detail: z.looseObject({ version: z.number(), eventId: z.string(), occurredAt: z.string(), tenantId: z.string() }),
    }),
  ),
});
export type RecentEvents = z.infer<typeof recentEventsSchema>;

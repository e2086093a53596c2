import { buildCreateIdentityProviderInput, RESPONSE_ONLY_PROVIDER_DETAILS } from '@gatehouse/core/cognito';
import { providerSettings } from '../activation.ts';
import { type FindingDraft, type JobRunContext, type LiveConnection, liveConnection, recordHealth } from './context.ts';

/**
 * ProviderDetails keys Cognito adds by itself on Describe (cognito-idp.md section 2): derived from the
 * SAML metadata, or, for OIDC, filled in from the issuer's discovery document. They are not settings.
 */
const COGNITO_ADDED_DETAILS: ReadonlySet<string> = new Set([
  ...RESPONSE_ONLY_PROVIDER_DETAILS,
  // Endpoints Cognito fills in from an OIDC issuer's discovery document when they were not given.
  'authorize_url',
  'token_url',
  'attributes_url',
  'jwks_uri',
]);
/** Never compared and never reported: the OIDC secret lives in Cognito alone, written once and never read back. */
const SECRET_DETAILS = new Set(['client_secret']);
const SHOWN_VALUE_LENGTH = 200;

interface Difference {
  field: string;
  expected: string | null;
  actual: string | null;
}

const shown = (value: string | undefined) =>
  value === undefined ? null : value.length > SHOWN_VALUE_LENGTH ? `${value.slice(0, SHOWN_VALUE_LENGTH)}…` : value;

function compareMaps(
  prefix: string,
  expected: Record<string, string>,
  actual: Record<string, string>,
  ignore: (key: string) => boolean,
): Difference[] {
  const differences: Difference[] = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (ignore(key)) continue;
    if (expected[key] !== actual[key]) {
      differences.push({ field: `${prefix}.${key}`, expected: shown(expected[key]), actual: shown(actual[key]) });
    }
  }
  return differences;
}

/**
 * detect-drift for one live connection: the IdP Cognito has now against what activation would create
 * from the approved revision (the same builder, the verified domains as IdpIdentifiers), and whether it
 * is enabled on every production app client (unless the connection or its tenant is suspended).
 */
async function checkConnection(ctx: JobRunContext, live: LiveConnection): Promise<void> {
  const { deps } = ctx;
  const { connection, revision } = live;
  ctx.checked++;
  const target = { tenantId: connection.tenantId, connectionId: connection.id, displayName: connection.displayName };
  const described = await deps.cognito.describeIdentityProvider(connection.providerName);
  const drafts: FindingDraft[] = [];
  if (!described) {
    drafts.push({
      code: 'IDP_MISSING',
      severity: 'error',
      key: 'IDP_MISSING',
      message: `The identity provider ${connection.providerName} is missing from the user pool: nobody can sign in through it. It must be recreated under the same name from approved revision ${revision.revision}, or every user becomes a new one.`,
      details: { providerName: connection.providerName },
    });
    await recordHealth(ctx, target, drafts);
    return;
  }

  const expected = buildCreateIdentityProviderInput({
    userPoolId: deps.config.cognito.userPoolId,
    providerName: connection.providerName,
    // The secret is not compared; the live one stands in so the builder gets a complete input.
    settings: providerSettings(revision.settings, described.details.client_secret ?? 'not-compared'),
    attributeMapping: revision.settings.attributeMapping,
    idpIdentifiers: await deps.domains.listVerifiedDomains(connection.tenantId, connection.id),
  });
  const added = COGNITO_ADDED_DETAILS;
  const differences: Difference[] = [];
  if (described.type !== expected.ProviderType) {
    differences.push({ field: 'ProviderType', expected: expected.ProviderType, actual: described.type });
  }
  differences.push(
    ...compareMaps(
      'ProviderDetails',
      expected.ProviderDetails,
      described.details,
      (key) => SECRET_DETAILS.has(key) || (added.has(key) && expected.ProviderDetails[key] === undefined),
    ),
    ...compareMaps(
      'AttributeMapping',
      expected.AttributeMapping ?? {},
      described.attributeMapping,
      // Cognito maps an OIDC IdP's `sub` to `username` by itself.
      (key) => key === 'username' && expected.ProviderType === 'OIDC' && expected.AttributeMapping?.username === undefined,
    ),
  );
  const expectedIds = [...(expected.IdpIdentifiers ?? [])].sort();
  const actualIds = [...described.idpIdentifiers].sort();
  if (expectedIds.join('\n') !== actualIds.join('\n')) {
    differences.push({ field: 'IdpIdentifiers', expected: expectedIds.join(', '), actual: actualIds.join(', ') });
  }
  if (differences.length) {
    const fields = differences.map((difference) => difference.field);
    drafts.push({
      code: 'IDP_DRIFT',
      severity: 'error',
      key: `IDP_DRIFT:${fields.join(',')}`,
      message: `The live identity provider ${connection.providerName} differs from approved revision ${revision.revision} in ${fields.join(', ')}. Someone changed it outside Gatehouse: put it back, or have the change submitted and approved as a new revision.`,
      details: { providerName: connection.providerName, revision: revision.revision, differences },
    });
  }

  if (!live.suspended) {
    for (const clientId of deps.config.cognito.appClientIds) {
      if ((await deps.cognito.clientProviders(clientId)).includes(connection.providerName)) continue;
      drafts.push({
        code: 'IDP_NOT_ON_APP_CLIENT',
        severity: 'error',
        key: `IDP_NOT_ON_APP_CLIENT:${clientId}`,
        message: `The identity provider ${connection.providerName} is not enabled on the production app client ${clientId}: its users cannot sign in there. Enable it on that client again (the client's other settings must stay as they are).`,
        details: { providerName: connection.providerName, clientId },
      });
    }
  }
  await recordHealth(ctx, target, drafts);
}

/** The detect-drift job on one connection, when it is live. */
export async function detectDrift(ctx: JobRunContext, target: { tenantId: string; connectionId: string }): Promise<void> {
  const live = await liveConnection(ctx, target);
  if (live) await checkConnection(ctx, live);
}

import { GatehouseError, type IacExport, type IacFormat } from '@gatehouse/core';
import { iacSecretReference, renderCdk, renderTerraform } from '@gatehouse/core/cognito';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';
import { liveProviderInput } from './activation.ts';

type ExportDeps = Pick<AppDeps, 'connections' | 'domains' | 'config'>;

/** Stands in for the OIDC secret while the request is built; it is taken out before anything is rendered. */
const SECRET_STAND_IN = 'gatehouse-secret-stand-in';

/**
 * The live identity provider of an active connection as AWS CDK and Terraform code, for operators who
 * keep Cognito in code. The request is built from the approved revision exactly as activation builds it
 * (liveProviderInput: the connection's verified domains as IdpIdentifiers); the OIDC client
 * secret is never read: the code refers to a secret the operator keeps instead.
 */
export async function exportConnectionAsCode(
  deps: ExportDeps,
  connection: StoredConnection,
  format?: IacFormat,
): Promise<IacExport> {
  if (connection.activeRevision === null || connection.suspended) {
    throw new GatehouseError(
      'INVALID_STATE',
      connection.suspended
        ? 'This connection is suspended. Resume it before exporting it as code.'
        : 'Only an active connection can be exported as code: this one has not been approved yet.',
    );
  }
  const revision = await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision);
  if (!revision) throw new GatehouseError('INVALID_STATE', 'The active revision of this connection cannot be found.');

  const oidc = Boolean(revision.settings.oidc);
  const built = await liveProviderInput(deps, connection, revision.settings, oidc ? SECRET_STAND_IN : undefined);
  const { client_secret: _secret, ...details } = built.ProviderDetails;
  const secret = oidc ? iacSecretReference(connection.providerName) : undefined;
  const source = {
    input: { ...built, ProviderDetails: details },
    secret,
    origin: { tenantId: connection.tenantId, connectionId: connection.id, revision: revision.revision },
  };
  return {
    providerName: built.ProviderName,
    providerType: built.ProviderType,
    revision: revision.revision,
    secret: secret ?? null,
    ...(format === undefined || format === 'cdk' ? { cdk: renderCdk(source) } : {}),
    ...(format === undefined || format === 'terraform' ? { terraform: renderTerraform(source) } : {}),
  };
}

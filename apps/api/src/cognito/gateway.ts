import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetSigningCertificateCommand,
  type IdentityProviderType,
  ListUsersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientCommandInput,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GatehouseError } from '@gatehouse/core';
import type { SchemaAttribute } from '@gatehouse/core/claims';
import type { CreateIdentityProviderInput } from '@gatehouse/core/cognito';

export interface DescribedProvider {
  name: string;
  type: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
}

/** Everything the API asks of Cognito, behind one interface (the AWS SDK in production and locally). */
export interface CognitoGateway {
  readonly userPoolId: string;
  /** DescribeUserPool's SchemaAttributes, in the shape the mapping rules read. */
  poolSchema(): Promise<SchemaAttribute[]>;
  signingCertificate(): Promise<string>;
  /** Creates the IdP, or updates it in place when it exists (its name and type never change). */
  putIdentityProvider(input: CreateIdentityProviderInput): Promise<void>;
  /** Changes only an IdP's attribute mapping; its details (and any secret in them) stay as they are. */
  setAttributeMapping(name: string, attributeMapping: Record<string, string>): Promise<void>;
  /** Changes only an IdP's IdpIdentifiers (the email domains Cognito routes to it); the rest stays. */
  setIdpIdentifiers(name: string, idpIdentifiers: string[]): Promise<void>;
  /** The identity providers enabled on an app client (its SupportedIdentityProviders). */
  clientProviders(clientId: string): Promise<string[]>;
  describeIdentityProvider(name: string): Promise<DescribedProvider | null>;
  deleteIdentityProvider(name: string): Promise<void>;
  /**
   * Adds or removes an IdP on an app client: read the whole client, change one list, send it all back.
   * Resolves to whether the client changed (false when it was already so).
   */
  setProviderOnClient(clientId: string, providerName: string, enabled: boolean): Promise<boolean>;
  userAttributes(username: string): Promise<Record<string, string> | null>;
  deleteUser(username: string): Promise<void>;
  /**
   * Deletes the users a federated IdP created (`<providerName>_<subject>`), a page at a time, until none
   * is left or `deadline` (epoch ms) passes. Resolves to how many it deleted and whether any may remain.
   */
  deleteUsersOfProvider(providerName: string, deadline: number): Promise<{ deleted: number; remaining: boolean }>;
  /** One page of the pool's users (username, status, enabled, email), from `cursor` (a ListUsers token). */
  listUsersPage(cursor: string | undefined): Promise<{ users: PoolUser[]; nextCursor: string | null }>;
  /** Disables a user: they can no longer sign in or refresh their tokens. Idempotent. */
  disableUser(username: string): Promise<void>;
}

export interface PoolUser {
  username: string;
  status: string;
  enabled: boolean;
  email: string | undefined;
}

const errorName = (error: unknown) => (error instanceof CognitoIdentityProviderServiceException ? error.name : null);

/**
 * Turns Cognito's refusal of a setting into COGNITO_REJECTED with Cognito's own words, which name the
 * field; anything else (throttling that outlasted the SDK's retries, outages) stays an internal error.
 */
function rejected(error: unknown): never {
  if (errorName(error) === 'InvalidParameterException') {
    throw new GatehouseError('COGNITO_REJECTED', `Amazon Cognito refused the settings: ${(error as Error).message}`, {
      cognitoError: 'InvalidParameterException',
    });
  }
  throw error;
}

/**
 * The fields of a described app client that UpdateUserPoolClient accepts. Cognito resets every field an
 * update omits, so an update must send them all back.
 */
export function clientUpdateInput(client: UserPoolClientType): UpdateUserPoolClientCommandInput {
  return {
    UserPoolId: client.UserPoolId,
    ClientId: client.ClientId,
    ClientName: client.ClientName,
    RefreshTokenValidity: client.RefreshTokenValidity,
    AccessTokenValidity: client.AccessTokenValidity,
    IdTokenValidity: client.IdTokenValidity,
    TokenValidityUnits: client.TokenValidityUnits,
    ReadAttributes: client.ReadAttributes,
    WriteAttributes: client.WriteAttributes,
    ExplicitAuthFlows: client.ExplicitAuthFlows,
    SupportedIdentityProviders: client.SupportedIdentityProviders,
    CallbackURLs: client.CallbackURLs,
    LogoutURLs: client.LogoutURLs,
    DefaultRedirectURI: client.DefaultRedirectURI,
    AllowedOAuthFlows: client.AllowedOAuthFlows,
    AllowedOAuthScopes: client.AllowedOAuthScopes,
    AllowedOAuthFlowsUserPoolClient: client.AllowedOAuthFlowsUserPoolClient,
    AnalyticsConfiguration: client.AnalyticsConfiguration,
    PreventUserExistenceErrors: client.PreventUserExistenceErrors,
    EnableTokenRevocation: client.EnableTokenRevocation,
    EnablePropagateAdditionalUserContextData: client.EnablePropagateAdditionalUserContextData,
    AuthSessionValidity: client.AuthSessionValidity,
    RefreshTokenRotation: client.RefreshTokenRotation,
  };
}

const CONCURRENT_ATTEMPTS = 4;

/**
 * Runs a Cognito call, trying again when Cognito reports a concurrent modification of the same resource
 * (the SDK retries throttling and 5xx errors by itself, not this one). Every call it wraps is idempotent.
 */
async function withConcurrencyRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (errorName(error) !== 'ConcurrentModificationException' || attempt >= CONCURRENT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}

/** CognitoGateway over the AWS SDK v3 client. */
export class SdkCognitoGateway implements CognitoGateway {
  private readonly client: CognitoIdentityProviderClient;

  private readonly lease: <T>(name: string, work: () => Promise<T>) => Promise<T>;

  constructor(
    readonly userPoolId: string,
    options: {
      region: string;
      endpoint?: string | undefined;
      /** Serialises changes to one app client across API instances; none means calls may interleave. */
      lease?: <T>(name: string, work: () => Promise<T>) => Promise<T>;
    },
  ) {
    this.lease = options.lease ?? ((_name, work) => work());
    this.client = new CognitoIdentityProviderClient({
      region: options.region,
      maxAttempts: 4,
      ...(options.endpoint
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
  }

  async poolSchema(): Promise<SchemaAttribute[]> {
    const result = await this.client.send(new DescribeUserPoolCommand({ UserPoolId: this.userPoolId }));
    // The SDK's shape is the one the mapping rules read; drop undefined fields for exactOptional types.
    return (result.UserPool?.SchemaAttributes ?? []).map((attribute) => JSON.parse(JSON.stringify(attribute)) as SchemaAttribute);
  }

  async signingCertificate(): Promise<string> {
    const result = await this.client.send(new GetSigningCertificateCommand({ UserPoolId: this.userPoolId }));
    return result.Certificate ?? '';
  }

  putIdentityProvider(input: CreateIdentityProviderInput): Promise<void> {
    return withConcurrencyRetry(() => this.putIdentityProviderOnce(input));
  }

  private async putIdentityProviderOnce(input: CreateIdentityProviderInput): Promise<void> {
    const existing = await this.describeIdentityProvider(input.ProviderName);
    try {
      if (existing) {
        const { ProviderType: _type, ...update } = input;
        await this.client.send(new UpdateIdentityProviderCommand({ ...update, UserPoolId: this.userPoolId }));
      } else {
        await this.client.send(new CreateIdentityProviderCommand({ ...input, UserPoolId: this.userPoolId }));
      }
    } catch (error) {
      rejected(error);
    }
  }

  async setAttributeMapping(name: string, attributeMapping: Record<string, string>): Promise<void> {
    try {
      await this.client.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: this.userPoolId,
          ProviderName: name,
          AttributeMapping: attributeMapping,
        }),
      );
    } catch (error) {
      rejected(error);
    }
  }

  async setIdpIdentifiers(name: string, idpIdentifiers: string[]): Promise<void> {
    try {
      await withConcurrencyRetry(() =>
        this.client.send(
          new UpdateIdentityProviderCommand({ UserPoolId: this.userPoolId, ProviderName: name, IdpIdentifiers: idpIdentifiers }),
        ),
      );
    } catch (error) {
      rejected(error);
    }
  }

  async clientProviders(clientId: string): Promise<string[]> {
    const described = await this.client.send(
      new DescribeUserPoolClientCommand({ UserPoolId: this.userPoolId, ClientId: clientId }),
    );
    return described.UserPoolClient?.SupportedIdentityProviders ?? [];
  }

  async describeIdentityProvider(name: string): Promise<DescribedProvider | null> {
    let provider: IdentityProviderType | undefined;
    try {
      provider = (
        await this.client.send(new DescribeIdentityProviderCommand({ UserPoolId: this.userPoolId, ProviderName: name }))
      ).IdentityProvider;
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return null;
      throw error;
    }
    if (!provider) return null;
    return {
      name: provider.ProviderName ?? name,
      type: provider.ProviderType ?? '',
      details: provider.ProviderDetails ?? {},
      attributeMapping: provider.AttributeMapping ?? {},
      idpIdentifiers: provider.IdpIdentifiers ?? [],
    };
  }

  async deleteIdentityProvider(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteIdentityProviderCommand({ UserPoolId: this.userPoolId, ProviderName: name }));
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
    }
  }

  setProviderOnClient(clientId: string, providerName: string, enabled: boolean): Promise<boolean> {
    // One writer per client at a time (Cognito has no conditional update), and the whole read-modify-write
    // is repeated on a concurrent modification.
    return this.lease(`appclient#${this.userPoolId}#${clientId}`, () =>
      withConcurrencyRetry(() => this.setProviderOnClientOnce(clientId, providerName, enabled)),
    );
  }

  private async setProviderOnClientOnce(clientId: string, providerName: string, enabled: boolean): Promise<boolean> {
    const described = await this.client.send(
      new DescribeUserPoolClientCommand({ UserPoolId: this.userPoolId, ClientId: clientId }),
    );
    const client = described.UserPoolClient;
    if (!client) throw new Error(`App client ${clientId} was not found in ${this.userPoolId}`);
    const current = client.SupportedIdentityProviders ?? [];
    const next = enabled ? [...new Set([...current, providerName])] : current.filter((name) => name !== providerName);
    if (next.length === current.length && next.every((name, i) => name === current[i])) return false;
    await this.client.send(new UpdateUserPoolClientCommand({ ...clientUpdateInput(client), SupportedIdentityProviders: next }));
    return true;
  }

  async userAttributes(username: string): Promise<Record<string, string> | null> {
    try {
      const result = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }));
      return Object.fromEntries((result.UserAttributes ?? []).map((attribute) => [attribute.Name ?? '', attribute.Value ?? '']));
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return null;
      throw error;
    }
  }

  async deleteUsersOfProvider(providerName: string, deadline: number): Promise<{ deleted: number; remaining: boolean }> {
    // A prefix filter (API reference ListUsers: `username ^= "..."`). Gatehouse's provider names are lower
    // case, so the prefix also matches in case-insensitive pools, which store user names lower-cased; and
    // provider names cannot contain "_", so the prefix matches no other provider's users. Only users the
    // IdP created (EXTERNAL_PROVIDER) go: a native user who chose such a name is not the tenant's.
    const filter = `username ^= "${providerName.toLowerCase()}_"`;
    let deleted = 0;
    // Deleting shifts later pages, so a pass that deleted anything is followed by another from the start.
    for (let deletedInPass = 1; deletedInPass > 0; ) {
      deletedInPass = 0;
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: filter, Limit: 60, PaginationToken: token }),
        );
        token = page.PaginationToken;
        for (const user of page.Users ?? []) {
          if (!user.Username || user.UserStatus !== 'EXTERNAL_PROVIDER') continue;
          await this.deleteUser(user.Username);
          deleted += 1;
          deletedInPass += 1;
          if (Date.now() >= deadline) return { deleted, remaining: true };
        }
      } while (token);
    }
    return { deleted, remaining: false };
  }

  async listUsersPage(cursor: string | undefined): Promise<{ users: PoolUser[]; nextCursor: string | null }> {
    const page = await this.client.send(
      new ListUsersCommand({ UserPoolId: this.userPoolId, Limit: 60, PaginationToken: cursor, AttributesToGet: ['email'] }),
    );
    return {
      users: (page.Users ?? []).map((user) => ({
        username: user.Username ?? '',
        status: user.UserStatus ?? 'UNKNOWN',
        enabled: user.Enabled !== false,
        email: user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value,
      })),
      nextCursor: page.PaginationToken ?? null,
    };
  }

  async disableUser(username: string): Promise<void> {
    await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  async deleteUser(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (error) {
      if (errorName(error) !== 'UserNotFoundException') throw error;
    }
  }
}

import { CreateIdentityProviderCommand, DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.ts';

describe('app-client changes', () => {
  it('never lose each other when they run at the same time', async () => {
    const h = await createHarness({}, { cognito: true });
    const pool = h.pool;
    if (!pool || !h.cognitoEndpoint) throw new Error('needs the local Cognito');
    const cognito = localCognitoClient(h.cognitoEndpoint);
    const names = ['idp-one', 'idp-two', 'idp-three', 'idp-four', 'idp-five', 'idp-six'];
    for (const name of names) {
      await cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool.userPoolId,
          ProviderName: name,
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'x',
            client_secret: 'y',
            authorize_scopes: 'openid',
            attributes_request_method: 'GET',
            oidc_issuer: 'https://idp.example.com',
          },
        }),
      );
    }
    // Six read-modify-writes of one client at once: each would erase the others without the lease.
    await Promise.all(names.map((name) => h.deps.cognito.setProviderOnClient(pool.testClientId, name, true)));
    const client = (
      await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.testClientId }))
    ).UserPoolClient;
    expect([...(client?.SupportedIdentityProviders ?? [])].sort()).toEqual([...names].sort());
    // The rest of the client survives every write.
    expect(client?.CallbackURLs).toEqual([`${h.deps.config.publicUrl.origin}/v1/setup/test-login/callback`]);
  });
});

import { MACHINE_SCOPES } from '@gatehouse/api/infra-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Json, resourcesOf, synthGatehouse } from './synth.ts';

let synth: ReturnType<typeof synthGatehouse>;
beforeAll(() => {
  synth = synthGatehouse();
});

describe('the admin API for the SaaS’s backend', () => {
  it('declares a resource server in the pool with one scope per capability', () => {
    const servers = resourcesOf(synth.template, 'AWS::Cognito::UserPoolResourceServer');
    expect(servers).toHaveLength(1);
    const server = servers[0]?.[1].Properties as Json;
    expect(server.UserPoolId).toEqual({ Ref: 'UserPoolId' });
    expect(server.Identifier).toBe('gatehouse');
    expect(server.Scopes.map((s: Json) => s.ScopeName).sort()).toEqual([...MACHINE_SCOPES].sort());
  });

  it('creates a confidential client limited to the client credentials grant and those scopes', () => {
    const clients = resourcesOf(synth.template, 'AWS::Cognito::UserPoolClient').filter(
      ([, c]) => c.Properties.ClientName === 'gatehouse-api-client',
    );
    expect(clients).toHaveLength(1);
    const client = clients[0]?.[1].Properties as Json;
    expect(client.GenerateSecret).toBe(true);
    expect(client.AllowedOAuthFlows).toEqual(['client_credentials']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(JSON.stringify(client.AllowedOAuthScopes)).toContain('/read');
    expect(client.AllowedOAuthScopes).toHaveLength(MACHINE_SCOPES.length);
    expect(client.SupportedIdentityProviders ?? []).not.toContain('COGNITO');
  });

  it('tells the API which client and resource server to trust', () => {
    const [clientId] = resourcesOf(synth.template, 'AWS::Cognito::UserPoolClient').find(
      ([, c]) => c.Properties.ClientName === 'gatehouse-api-client',
    ) as [string, Json];
    const [serverId] = resourcesOf(synth.template, 'AWS::Cognito::UserPoolResourceServer')[0] as [string, Json];
    const api = resourcesOf(synth.template, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Handler === 'lambda.handler');
    const variables = api?.[1].Properties.Environment.Variables;
    expect(variables.M2M_CLIENT_IDS).toEqual({ Ref: clientId });
    expect(variables.M2M_RESOURCE_SERVER).toEqual({ Ref: serverId });
  });
});

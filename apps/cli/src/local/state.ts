import { join } from 'node:path';

/**
 * What a running `gatehouse local` (with saved data or --ephemeral) writes for the other commands: where its store,
 * Cognito and DNS server listen. Apart from stack.ts so that reading it loads none of the stack.
 */
export interface LocalStackState {
  pid: number;
  /** Started with --ephemeral: the data goes when it stops. */
  ephemeral?: boolean | undefined;
  portalUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  region: string;
  cognitoUserPoolId: string;
  cognitoDomainUrl: string;
  cognitoEndpoint?: string | undefined;
  cognitoTestClientId: string;
  dnsAddress?: string | undefined;
  dnsAdminUrl?: string | undefined;
  dnsAdminToken?: string | undefined;
  /** The demo SaaS app, whose callback is the production app client's. */
  demoAppUrl?: string | undefined;
}

export const stateFile = (dataDir: string) => join(dataDir, 'local-stack.json');

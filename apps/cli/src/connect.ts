import { existsSync, readFileSync } from 'node:fs';
import { type AppDeps, depsFromConfig, loadConfig } from '@gatehouse/api';
import type { CliEnv } from './env.ts';
import { type LocalStackState, stateFile } from './local/state.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The API's dependencies for commands that read or change data: the environment's table when
 * GATEHOUSE_TABLE is set (AWS), else the running local stack.
 */
export function connectForCommands(env: CliEnv): AppDeps {
  if (env.apiVariables.GATEHOUSE_TABLE) return depsFromConfig(loadConfig({ LOG_LEVEL: 'warn', ...env.apiVariables }));
  const file = stateFile(env.localDataDir);
  const state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalStackState) : null;
  if (!state || !alive(state.pid)) {
    throw new Error(
      'No Gatehouse data store to talk to. Start the local portal with `npm start` in another terminal, ' +
        'or set GATEHOUSE_TABLE, AWS_REGION and PUBLIC_URL (and AWS credentials) to use a deployed one.',
    );
  }
  return depsFromConfig(
    loadConfig({
      GATEHOUSE_TABLE: state.tableName,
      AWS_REGION: state.region,
      DYNAMODB_ENDPOINT: state.dynamoEndpoint,
      PUBLIC_URL: state.portalUrl,
      LOG_LEVEL: 'warn',
      COGNITO_USER_POOL_ID: state.cognitoUserPoolId,
      COGNITO_DOMAIN_URL: state.cognitoDomainUrl,
      COGNITO_ENDPOINT: state.cognitoEndpoint,
      COGNITO_TEST_CLIENT_ID: state.cognitoTestClientId,
      // As the local portal itself: its test IdPs are on 127.0.0.1 and its DNS server answers for domains.
      ALLOW_PRIVATE_NETWORK: 'true',
      DNS_SERVERS: state.dnsAddress,
    }),
  );
}

/** connectForCommands on first call, then the same dependencies: a command connects only once its arguments are good. */
export function lazyConnection(env: CliEnv): () => AppDeps {
  let deps: AppDeps | undefined;
  return () => {
    deps ??= connectForCommands(env);
    return deps;
  };
}

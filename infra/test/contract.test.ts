import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COGNITO_IDP_ACTIONS } from '@gatehouse/api/infra-contract';
import { describe, expect, it } from 'vitest';
import { SPA_ROUTE_PREFIXES } from '../src/spa-routing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The Cognito operations the API's source sends: every `…Command` imported from the Cognito SDK client. */
function cognitoCommandsInApi(): string[] {
  const commands = new Set<string>();
  for (const file of sourceFiles(join(root, 'apps', 'api', 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const block of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-cognito-identity-provider'/g)) {
      for (const name of (block[1] ?? '').split(',')) {
        const command = /^\s*(\w+)Command\s*$/.exec(name);
        if (command?.[1]) commands.add(`cognito-idp:${command[1]}`);
      }
    }
  }
  return [...commands].sort();
}

describe('what the deployment must cover', () => {
  it('grants the Lambda exactly the Cognito operations the API sends: none missing, none spare', () => {
    const used = cognitoCommandsInApi();
    expect(used.length).toBeGreaterThan(5);
    expect([...COGNITO_IDP_ACTIONS].sort()).toEqual(used);
    const listed = COGNITO_IDP_ACTIONS.map((action) => action.replace('cognito-idp:', '')).join(', ');
    expect(readFileSync(join(root, 'docs', 'deploy.md'), 'utf8')).toContain(`${listed}.`);
  });

  it('serves every API route under /v1, which the HTTP API and the CloudFront /v1/* behaviour forward', async () => {
    const { createApp, depsFromConfig, testConfig } = await import('@gatehouse/api');
    const app = createApp(depsFromConfig(testConfig({ logLevel: 'silent' })));
    const document = (await (await app.request('/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(document.paths);
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((path) => !path.startsWith('/v1/'))).toEqual([]);
  });

  it('rewrites exactly the web app’s own top-level routes to index.html', () => {
    const appSource = readFileSync(join(root, 'apps', 'web', 'src', 'App.tsx'), 'utf8');
    const routed = [...appSource.matchAll(/path:\s*'(\/[a-z-]+)\/\*'/g)].map((match) => match[1]);
    expect(routed.sort()).toEqual([...SPA_ROUTE_PREFIXES].sort());
  });
});

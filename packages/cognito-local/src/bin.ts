// gatehouse-cognito-local: runs the Cognito stand-in alone until Ctrl-C.
import { parseArgs } from 'node:util';
import { preloadSaml, startCognitoLocal } from './index.ts';

const usage = `Usage: gatehouse-cognito-local [--port N] [--host ADDRESS] [--state DIR] [--allow-loopback-http]

  --port N               port to listen on (default 0: a free port)
  --host ADDRESS         address to bind (default 127.0.0.1)
  --state DIR            keep pools, clients, IdPs and users in DIR/cognito-local.json (default: memory only)
  --allow-loopback-http  accept http://127.0.0.1 IdP and callback URLs, which Cognito refuses
`;

let values: { port?: string; host?: string; state?: string; 'allow-loopback-http'?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      'allow-loopback-http': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a number from 0 to 65535\n${usage}`);
  process.exit(2);
}
const local = await startCognitoLocal({
  port,
  host: values.host ?? '127.0.0.1',
  ...(values.state ? { stateDir: values.state } : {}),
  allowLoopbackHttp: values['allow-loopback-http'] ?? false,
});
process.stdout.write(`listening on ${local.endpoint}\n`);
// Warm up SAML in the background so the first SAML sign-in does not wait for the schema validator.
preloadSaml().catch((error: unknown) => process.stderr.write(`SAML support failed to load: ${String(error)}\n`));
const stop = () => {
  local.stop().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

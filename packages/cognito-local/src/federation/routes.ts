import { Hono } from 'hono';
import type { Engine } from '../engine.ts';
import { authorizeEndpoint } from './endpoints/authorize.ts';
import { errorPageEndpoint } from './endpoints/error-page.ts';
import { forceChangePasswordEndpoint } from './endpoints/force-change-password.ts';
import { jwksEndpoint } from './endpoints/jwks.ts';
import { loginEndpoint } from './endpoints/login.ts';
import { logoutEndpoint } from './endpoints/logout.ts';
import { oidcCallbackEndpoint } from './endpoints/oidc-callback.ts';
import { openidConfigurationEndpoint } from './endpoints/openid-configuration.ts';
import { samlAcsEndpoint } from './endpoints/saml-acs.ts';
import { tokenEndpoint } from './endpoints/token.ts';
import { userInfoEndpoint } from './endpoints/user-info.ts';

/**
 * Managed login on each pool domain, under `/domains/<domain>` (Cognito serves it at https://<domain>), and
 * each pool's issuer documents under `/<poolId>` (Cognito: https://cognito-idp.<region>.amazonaws.com/<poolId>).
 * One module per endpoint, in `endpoints/`.
 */
export function federation(engine: Engine): Hono {
  const app = new Hono();
  app.route('/', authorizeEndpoint(engine));
  app.route('/', loginEndpoint(engine));
  app.route('/', forceChangePasswordEndpoint(engine));
  app.route('/', samlAcsEndpoint(engine));
  app.route('/', oidcCallbackEndpoint(engine));
  app.route('/', tokenEndpoint(engine));
  app.route('/', logoutEndpoint(engine));
  app.route('/', errorPageEndpoint());
  app.route('/', userInfoEndpoint(engine));
  app.route('/', jwksEndpoint(engine));
  app.route('/', openidConfigurationEndpoint(engine));
  return app;
}

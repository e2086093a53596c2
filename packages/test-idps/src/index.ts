export {
  type OidcClientAuthMethod,
  type OidcClientRegistration,
  type OidcIdpOptions,
  startOidcIdp,
  type TestOidcIdp,
} from './oidc-idp.ts';
export { DEMO_USERS, type DemoUser } from './users.ts';

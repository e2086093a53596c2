export { generateSigningMaterial, type SigningMaterial } from './certificate.ts';
export {
  type OidcClientAuthMethod,
  type OidcClientRegistration,
  type OidcIdpOptions,
  type OidcJwksBehaviour,
  startOidcIdp,
  type TestOidcIdp,
} from './oidc-idp.ts';
export {
  ENTRA_CLAIMS,
  NAME_ID_FORMAT_URIS,
  type SamlAttribute,
  type SamlNameIdFormat,
  type SamlShape,
  samlAttributes,
} from './saml-attributes.ts';
export {
  type SamlBehaviour,
  type SamlIdpErrorCode,
  type SamlIdpOptions,
  type SamlMetadataBehaviour,
  type SamlServiceProvider,
  startSamlIdp,
  type TestSamlIdp,
} from './saml-idp.ts';
export { DEMO_USERS, type DemoUser } from './users.ts';

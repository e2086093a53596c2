/**
 * Every Amazon Cognito user-pool operation the API calls, as IAM actions, and no other (a test compares
 * this list with the commands the API's source sends). The CDK app grants the
 * Lambda exactly these, on the one user pool's ARN; a call outside this list fails in AWS with
 * AccessDeniedException, so add an operation here in the same change that starts calling it.
 */
export const COGNITO_IDP_ACTIONS = [
  // Identity providers: the test IdP and the live IdP of each connection.
  'cognito-idp:CreateIdentityProvider',
  'cognito-idp:DescribeIdentityProvider',
  'cognito-idp:UpdateIdentityProvider',
  'cognito-idp:DeleteIdentityProvider',
  // The pool's attribute schema (claim mapping) and its app clients (read-modify-write of the IdP list).
  'cognito-idp:DescribeUserPool',
  'cognito-idp:DescribeUserPoolClient',
  'cognito-idp:UpdateUserPoolClient',
  // The certificate an IdP needs to verify signed SAML requests.
  'cognito-idp:GetSigningCertificate',
  // Test logins: read the user Cognito created, then delete it. Tenant deletion: find the users the
  // tenant's IdPs created (by user-name prefix) and delete them.
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:ListUsers',
  // SSO enforcement: the operator disables native users under an enforced domain.
  'cognito-idp:AdminDisableUser',
] as const;

export type CognitoIdpAction = (typeof COGNITO_IDP_ACTIONS)[number];

/** The Cognito group whose members may use the operator console. */
export const OPERATORS_GROUP = 'gatehouse-operators';

/**
 * Where Cognito managed login sends users back to, as paths on the portal's origin. Registered as the
 * callback URLs of the app clients the CDK app creates, so the API's routes must live exactly here.
 */
export const OAUTH_CALLBACK_PATHS = {
  /** The dedicated test-login app client (an IT admin's Test login). */
  testLogin: '/v1/setup/test-login/callback',
  /** The operator console's app client. */
  operatorSignIn: '/v1/admin/session/callback',
} as const;

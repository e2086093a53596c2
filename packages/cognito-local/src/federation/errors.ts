// The OAuth error a federation endpoint answers with, apart from the sessions that raise it most.

/** A failure delivered to the app's redirect_uri as Cognito delivers it. */
export class FederationError extends Error {
  constructor(
    readonly error: 'server_error' | 'invalid_request' | 'unauthorized_client' | 'invalid_scope' | 'access_denied',
    readonly description: string,
  ) {
    super(description);
  }
}

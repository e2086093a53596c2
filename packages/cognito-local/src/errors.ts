/**
 * Exception names the control plane answers with. They are Cognito's own shape names, so the AWS SDK
 * turns them into its typed exception classes.
 */
export type CognitoExceptionName =
  | 'InvalidParameterException'
  | 'FeatureUnavailableInTierException'
  | 'ResourceNotFoundException'
  | 'DuplicateProviderException'
  | 'UnsupportedIdentityProviderException'
  | 'LimitExceededException'
  | 'TooManyRequestsException'
  | 'ThrottlingException'
  | 'InternalErrorException'
  | 'ConcurrentModificationException'
  | 'NotAuthorizedException'
  | 'UserNotFoundException'
  | 'GroupExistsException'
  | 'UsernameExistsException'
  | 'InvalidOAuthFlowException'
  | 'ScopeDoesNotExistException'
  | 'InvalidPasswordException'
  | 'UserNotConfirmedException'
  | 'PasswordResetRequiredException'
  | 'UserLambdaValidationException'
  | 'InvalidLambdaResponseException'
  | 'UnexpectedLambdaException'
  | 'UnsupportedUserStateException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'MissingAuthenticationTokenException';

/** An error the control plane returns as `{"__type","message"}`. */
export class CognitoError extends Error {
  override readonly name = 'CognitoError';
  constructor(
    readonly type: CognitoExceptionName,
    message: string,
  ) {
    super(message);
  }

  /** Cognito answers 500 for its internal errors and 400 for everything else (API Reference). */
  get status(): 400 | 500 {
    return this.type === 'InternalErrorException' ? 500 : 400;
  }
}

export const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message);
export const notFound = (message: string) => new CognitoError('ResourceNotFoundException', message);
export const poolNotFound = (poolId: string) => notFound(`User pool ${poolId} does not exist.`);

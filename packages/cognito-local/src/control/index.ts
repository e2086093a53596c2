import type { Engine } from '../engine.ts';
import { CognitoError } from '../errors.ts';
import type { Faults } from '../faults.ts';
import { adminInitiateAuth, adminRespondToAuthChallenge, initiateAuth, respondToAuthChallenge } from './auth.ts';
import {
  createUserPoolClient,
  deleteUserPoolClient,
  describeUserPoolClient,
  listUserPoolClients,
  updateUserPoolClient,
} from './clients.ts';
import {
  createIdentityProvider,
  deleteIdentityProvider,
  describeIdentityProvider,
  getIdentityProviderByIdentifier,
  getSigningCertificate,
  listIdentityProviders,
  updateIdentityProvider,
} from './identity-providers.ts';
import {
  adminConfirmSignUp,
  adminCreateUser,
  adminDisableUser,
  adminEnableUser,
  adminSetUserPassword,
  signUp,
} from './native-users.ts';
import {
  createUserPool,
  createUserPoolDomain,
  deleteUserPool,
  deleteUserPoolDomain,
  describeUserPool,
  describeUserPoolDomain,
  listUserPools,
  updateUserPool,
} from './pools.ts';
import {
  createResourceServer,
  deleteResourceServer,
  describeResourceServer,
  listResourceServers,
  updateResourceServer,
} from './resource-servers.ts';
import { INPUT_SHAPES, validateShape } from './shapes.ts';
import {
  adminAddUserToGroup,
  adminDeleteUser,
  adminGetUser,
  adminListGroupsForUser,
  createGroup,
  getGroup,
  listGroups,
  listUsers,
} from './users.ts';

// biome-ignore lint/suspicious/noExplicitAny: inputs are checked against their shape before a handler sees them
type Handler = (engine: Engine, input: any, region: string) => unknown;

const OPERATIONS: Record<string, Handler> = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
  UpdateUserPool: updateUserPool,
  DeleteUserPool: deleteUserPool,
  ListUserPools: listUserPools,
  CreateUserPoolDomain: createUserPoolDomain,
  DescribeUserPoolDomain: describeUserPoolDomain,
  DeleteUserPoolDomain: deleteUserPoolDomain,
  CreateUserPoolClient: createUserPoolClient,
  DescribeUserPoolClient: describeUserPoolClient,
  UpdateUserPoolClient: updateUserPoolClient,
  DeleteUserPoolClient: deleteUserPoolClient,
  ListUserPoolClients: listUserPoolClients,
  CreateIdentityProvider: createIdentityProvider,
  UpdateIdentityProvider: updateIdentityProvider,
  DescribeIdentityProvider: describeIdentityProvider,
  DeleteIdentityProvider: deleteIdentityProvider,
  ListIdentityProviders: listIdentityProviders,
  GetIdentityProviderByIdentifier: getIdentityProviderByIdentifier,
  GetSigningCertificate: getSigningCertificate,
  CreateGroup: createGroup,
  GetGroup: getGroup,
  ListGroups: listGroups,
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminListGroupsForUser: adminListGroupsForUser,
  AdminGetUser: adminGetUser,
  AdminDeleteUser: adminDeleteUser,
  ListUsers: listUsers,
  CreateResourceServer: createResourceServer,
  DescribeResourceServer: describeResourceServer,
  ListResourceServers: listResourceServers,
  UpdateResourceServer: updateResourceServer,
  DeleteResourceServer: deleteResourceServer,
  AdminCreateUser: adminCreateUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminConfirmSignUp: adminConfirmSignUp,
  SignUp: signUp,
  InitiateAuth: initiateAuth,
  AdminInitiateAuth: adminInitiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
  AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
};

/** Names of the control-plane operations served. */
export const OPERATION_NAMES = Object.keys(OPERATIONS);

/**
 * Runs one control-plane operation: faults first (a throttled call does nothing), then the input shape,
 * then the operation's own rules.
 */
export async function runOperation(
  engine: Engine,
  faults: Faults,
  operation: string,
  input: unknown,
  region: string,
): Promise<unknown> {
  const handler = OPERATIONS[operation];
  const shape = INPUT_SHAPES[operation];
  if (!handler || !shape) throw new CognitoError('UnknownOperationException', `Operation ${operation} is not supported.`);
  faults.take(operation);
  validateShape(input, shape);
  return handler(engine, input ?? {}, region);
}

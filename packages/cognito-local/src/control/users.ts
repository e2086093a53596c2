import { type Engine, pageToken, readPageToken } from '../engine.ts';
import { CognitoError, invalidParameter, notFound } from '../errors.ts';
import type { GroupRecord, PoolRecord, UserRecord } from '../state.ts';

export const userNotFound = () => new CognitoError('UserNotFoundException', 'User does not exist.');

/** The attributes a pool takes as user names in place of a user name (CreateUserPool: UsernameAttributes). */
export const usernameAttributes = (pool: PoolRecord) => (pool.settings.UsernameAttributes as string[] | undefined) ?? [];

/**
 * The user a name designates: the user name itself, case-insensitively (usernames are case-insensitive in
 * pools created since 2020, UsernameConfiguration default), or, in a pool whose UsernameAttributes include
 * email or phone_number, the user with that email or phone number ("users can sign in with an email address
 * or phone number as their username", developer guide, user pool attributes: username attributes).
 */
export function lookupUser(pool: PoolRecord, username: string): UserRecord | undefined {
  const lower = username.toLowerCase();
  const byName = pool.users[username] ?? Object.values(pool.users).find((u) => u.Username.toLowerCase() === lower);
  if (byName) return byName;
  for (const attribute of usernameAttributes(pool)) {
    const found = Object.values(pool.users).find((u) => u.Attributes[attribute]?.toLowerCase() === lower);
    if (found) return found;
  }
  return undefined;
}

export function findUser(pool: PoolRecord, username: string): UserRecord {
  const user = lookupUser(pool, username);
  if (!user) throw userNotFound();
  return user;
}

const attributeList = (user: UserRecord, only?: string[]) =>
  Object.entries(user.Attributes)
    .filter(([name]) => !only || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));

export function createGroup(engine: Engine, input: Record<string, unknown>) {
  const pool = engine.pool(input.UserPoolId as string);
  const name = input.GroupName as string;
  if (pool.groups[name]) throw new CognitoError('GroupExistsException', 'A group with the name already exists.');
  const now = engine.timestamp();
  const group: GroupRecord = {
    GroupName: name,
    UserPoolId: pool.Id,
    ...(input.Description !== undefined ? { Description: input.Description as string } : {}),
    ...(input.RoleArn !== undefined ? { RoleArn: input.RoleArn as string } : {}),
    ...(input.Precedence !== undefined ? { Precedence: input.Precedence as number } : {}),
    CreationDate: now,
    LastModifiedDate: now,
  };
  pool.groups[name] = group;
  engine.save();
  return { Group: group };
}

export function getGroup(engine: Engine, input: { UserPoolId: string; GroupName: string }) {
  const group = engine.pool(input.UserPoolId).groups[input.GroupName];
  if (!group) throw notFound('Group not found.');
  return { Group: group };
}

export function listGroups(engine: Engine, input: { UserPoolId: string; Limit?: number; NextToken?: string }) {
  const pool = engine.pool(input.UserPoolId);
  const start = readPageToken(input.NextToken);
  if (start < 0) throw invalidParameter('Invalid pagination token.');
  const all = Object.values(pool.groups);
  const page = all.slice(start, start + (input.Limit || 60));
  const next = start + page.length;
  return { Groups: page, ...(next < all.length ? { NextToken: pageToken(next) } : {}) };
}

export function adminAddUserToGroup(engine: Engine, input: { UserPoolId: string; Username: string; GroupName: string }) {
  const pool = engine.pool(input.UserPoolId);
  if (!pool.groups[input.GroupName]) throw notFound('Group not found.');
  const user = findUser(pool, input.Username);
  if (!user.groups.includes(input.GroupName)) user.groups.push(input.GroupName);
  engine.save();
  return {};
}

export function adminListGroupsForUser(engine: Engine, input: { UserPoolId: string; Username: string }) {
  const pool = engine.pool(input.UserPoolId);
  const user = findUser(pool, input.Username);
  return { Groups: user.groups.map((name) => pool.groups[name]).filter((g): g is GroupRecord => Boolean(g)) };
}

export function adminGetUser(engine: Engine, input: { UserPoolId: string; Username: string }) {
  const user = findUser(engine.pool(input.UserPoolId), input.Username);
  return {
    Username: user.Username,
    UserAttributes: attributeList(user),
    UserCreateDate: user.UserCreateDate,
    UserLastModifiedDate: user.UserLastModifiedDate,
    Enabled: user.Enabled,
    UserStatus: user.UserStatus,
  };
}

export function adminDeleteUser(engine: Engine, input: { UserPoolId: string; Username: string }) {
  const pool = engine.pool(input.UserPoolId);
  const user = findUser(pool, input.Username);
  delete pool.users[user.Username];
  engine.save();
  return {};
}

const FILTERABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

function parseFilter(filter: string): (user: UserRecord) => boolean {
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw invalidParameter('Error while parsing filter.');
  const [, attribute = '', operator, raw = ''] = match;
  if (!FILTERABLE.has(attribute)) throw invalidParameter('Error while parsing filter.');
  const wanted = raw.replace(/\\(.)/g, '$1');
  const readValue = (user: UserRecord): string | undefined => {
    if (attribute === 'username') return user.Username;
    if (attribute === 'cognito:user_status') return user.UserStatus;
    if (attribute === 'status') return user.Enabled ? 'Enabled' : 'Disabled';
    return user.Attributes[attribute];
  };
  return (user) => {
    const value = readValue(user);
    if (value === undefined) return false;
    // Cognito's filters are case-insensitive.
    return operator === '=' ? value.toLowerCase() === wanted.toLowerCase() : value.toLowerCase().startsWith(wanted.toLowerCase());
  };
}

export function listUsers(
  engine: Engine,
  input: { UserPoolId: string; AttributesToGet?: string[]; Limit?: number; PaginationToken?: string; Filter?: string },
) {
  const pool = engine.pool(input.UserPoolId);
  const keep = input.Filter ? parseFilter(input.Filter) : () => true;
  const start = readPageToken(input.PaginationToken);
  if (start < 0) throw invalidParameter('Invalid pagination token.');
  const all = Object.values(pool.users).filter(keep);
  const page = all.slice(start, start + (input.Limit || 60));
  const next = start + page.length;
  return {
    Users: page.map((user) => ({
      Username: user.Username,
      Attributes: attributeList(user, input.AttributesToGet),
      UserCreateDate: user.UserCreateDate,
      UserLastModifiedDate: user.UserLastModifiedDate,
      Enabled: user.Enabled,
      UserStatus: user.UserStatus,
    })),
    ...(next < all.length ? { PaginationToken: pageToken(next) } : {}),
  };
}

import type { GroupRecord, PoolRecord, UserRecord } from '../state.ts';

/** The user's groups as tokens carry them and pre token generation events report them. */
export interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

/**
 * The user's groups, with the IAM roles attached to them and the preferred role: the role of the group with
 * the lowest precedence; groups without a precedence come last, and when the best groups tie with different
 * roles there is no preferred role (developer guide, user pool groups: assigning precedence values).
 */
export function groupConfiguration(pool: PoolRecord, user: UserRecord): GroupConfiguration {
  const groups = user.groups.map((name) => pool.groups[name]).filter((group): group is GroupRecord => Boolean(group));
  const withRoles = groups.filter((group) => group.RoleArn);
  const rank = (group: GroupRecord) => group.Precedence ?? Number.POSITIVE_INFINITY;
  const best = Math.min(...withRoles.map(rank));
  const preferred = new Set(withRoles.filter((group) => rank(group) === best).map((group) => group.RoleArn));
  return {
    groupsToOverride: [...user.groups],
    iamRolesToOverride: [...new Set(withRoles.map((group) => group.RoleArn as string))],
    preferredRole: preferred.size === 1 ? ([...preferred][0] ?? null) : null,
  };
}

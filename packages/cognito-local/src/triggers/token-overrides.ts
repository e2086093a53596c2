// What a pre token generation trigger's response changes in the tokens, apart from the trigger's event
// handling (pre-token-generation.ts), so that the federation sessions can carry it without importing the
// trigger and, through it, the engine.

/**
 * A claim value a V2_0 or V3_0 response may set: a string, number or boolean, an array of those, or a JSON
 * object. A V1_0 response sets strings only.
 */
export type ClaimValue = string | number | boolean | Array<string | number | boolean> | { [name: string]: unknown };

/** A trigger's response, checked and reduced to what changes the tokens. */
export interface TokenOverrides {
  id: { add: Record<string, ClaimValue>; suppress: string[] };
  /** Absent for V1_0, which cannot change the access token beyond its groups. */
  access?: { add: Record<string, ClaimValue>; suppress: string[]; scopesToAdd: string[]; scopesToSuppress: string[] };
  /** Absent: the groups stay. Present: they are replaced by these (each member left out is removed). */
  groups?: { groupsToOverride?: string[]; iamRolesToOverride?: string[]; preferredRole?: string };
}

import { GatehouseError } from '@gatehouse/core';

/** One failed check of a request, as a validator reports it. */
export interface ValidationIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** VALIDATION_FAILED with one entry per problem; a single problem is also the message. */
export function validationFailed(issues: readonly ValidationIssue[]): GatehouseError {
  const problems = issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
  return new GatehouseError(
    'VALIDATION_FAILED',
    problems.length === 1 && problems[0]
      ? `${problems[0].field ? `${problems[0].field}: ` : ''}${problems[0].message}`
      : 'Some fields are not valid. Correct them and try again.',
    { problems },
  );
}

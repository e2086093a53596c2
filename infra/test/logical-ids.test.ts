import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Json, synthGatehouse } from './synth.ts';

/**
 * The logical IDs of a deployed stack, recorded from the template. CloudFormation replaces a resource
 * whose logical ID changes (a new table, a new user pool client, the old one deleted), and a renamed
 * parameter or output breaks the deploy scripts and the stacks that read it. Moving code between
 * constructs must leave this list as it is; change the fixture only when a replacement is meant.
 */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/logical-ids.json', import.meta.url), 'utf8')) as {
  resources: Record<string, string>;
  parameters: string[];
  conditions: string[];
  rules: string[];
  outputs: string[];
};

let template: Json;
beforeAll(() => {
  template = synthGatehouse().template.toJSON();
});

const sortedKeys = (section: Record<string, unknown> | undefined) => Object.keys(section ?? {}).sort();

describe('logical IDs (a resource whose ID changes is replaced on the next deploy)', () => {
  it('keeps every resource under its recorded logical ID and type', () => {
    const resources = Object.fromEntries(sortedKeys(template.Resources).map((id) => [id, template.Resources[id].Type as string]));
    expect(resources).toEqual(fixture.resources);
  });

  it('keeps the names of the parameters, conditions, rules and outputs', () => {
    expect(sortedKeys(template.Parameters)).toEqual(fixture.parameters);
    expect(sortedKeys(template.Conditions)).toEqual(fixture.conditions);
    expect(sortedKeys(template.Rules)).toEqual(fixture.rules);
    expect(sortedKeys(template.Outputs)).toEqual(fixture.outputs);
  });
});

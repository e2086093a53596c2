import type { SchemaAttribute } from '../state.ts';

const string = (Name: string, Mutable = true, MaxLength = '2048', MinLength = '0'): SchemaAttribute => ({
  Name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable,
  Required: false,
  StringAttributeConstraints: { MinLength, MaxLength },
});

/** The standard attributes every user pool has, as DescribeUserPool lists them. */
export function standardAttributes(): SchemaAttribute[] {
  return [
    { ...string('sub', false, '2048', '1'), Required: true },
    string('name'),
    string('given_name'),
    string('family_name'),
    string('middle_name'),
    string('nickname'),
    string('preferred_username'),
    string('profile'),
    string('picture'),
    string('website'),
    string('email'),
    { Name: 'email_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    string('gender'),
    string('birthdate', true, '10', '10'),
    string('zoneinfo'),
    string('locale'),
    string('phone_number'),
    {
      Name: 'phone_number_verified',
      AttributeDataType: 'Boolean',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
    },
    string('address'),
    {
      Name: 'updated_at',
      AttributeDataType: 'Number',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      NumberAttributeConstraints: { MinValue: '0' },
    },
    string('identities'),
  ];
}

/** Standard attributes an app client or an attribute mapping may name (the reference's list). */
export const MAPPABLE_STANDARD_ATTRIBUTES = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** A person who can sign in at the test identity providers. */
export interface DemoUser {
  /** Stable, immutable subject: OIDC `sub`, SAML persistent NameID. */
  id: string;
  /** Shown on the IdP's login page; Playwright picks users by this label. */
  username: string;
  email: string;
  emailVerified?: boolean;
  givenName?: string;
  familyName?: string;
  groups?: string[];
  /** Extra claims/attributes to send as they are. */
  extra?: Record<string, string | string[]>;
}

/**
 * The default users of both IdPs. The ids look like the opaque, immutable object ids real IdPs issue, so
 * nothing downstream can get away with keying on the (mutable) email instead.
 */
export const DEMO_USERS: DemoUser[] = [
  {
    id: '6f1c2a7e-3b9d-4c58-8e21-0a4d7b5c9e13',
    username: 'alice',
    email: 'alice@acme.example',
    emailVerified: true,
    givenName: 'Alice',
    familyName: 'Anders',
    groups: ['engineering', 'admins'],
    extra: { department: 'Engineering' },
  },
  {
    id: 'b84e0d3f-92a6-4f17-a5c0-7d16e2f8b4a9',
    username: 'bob',
    email: 'bob@acme.example',
    emailVerified: true,
    givenName: 'Bob',
    familyName: 'Berg',
    groups: ['sales'],
    extra: { department: 'Sales' },
  },
  {
    // An address the IdP has not verified: relying parties must not trust it for account linking.
    id: '2d9a5f60-c7e4-41b3-9f8d-5e0b3a6c1d27',
    username: 'carol',
    email: 'carol@acme.example',
    emailVerified: false,
    givenName: 'Carol',
    familyName: 'Castro',
    groups: [],
  },
];

/** Finds a user by the label shown on the login page. */
export function findUserByUsername(users: DemoUser[], username: string): DemoUser | undefined {
  return users.find((user) => user.username === username);
}

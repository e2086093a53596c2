/**
 * Every English text the web app shows, in one place, so a translation is one more object of this shape.
 * Components take texts from here, never from string literals of their own.
 */
export const en = {
  app: {
    name: 'Gatehouse',
    skipToContent: 'Skip to main content',
    loading: 'Loading…',
    footer: 'Single sign-on setup, powered by Gatehouse',
  },
  errors: {
    unexpectedTitle: 'Something went wrong',
    unexpectedBody:
      'The page hit an unexpected problem. Reload to try again. If it keeps happening, tell your contact and quote the reference below.',
    reload: 'Reload the page',
    reference: 'Reference',
    networkTitle: 'Gatehouse cannot be reached',
    networkBody: 'Check your connection and try again.',
    notFoundTitle: 'Page not found',
    notFoundBody: 'There is nothing at this address.',
  },
  setup: {
    openingLink: 'Opening your setup link…',
    refusedTitle: 'This setup link cannot be used',
    refusedBody:
      'Setup links work for a limited time, and a link stops working when a newer one is issued or when it is withdrawn.',
    refusedNext: 'Ask your contact at the service provider to send you a new setup link.',
    noSessionTitle: 'Open your setup link',
    noSessionBody:
      'To set up single sign-on, open the setup link you received by email. If your session ended, the same link opens it again while it is valid.',
    welcomeTitle: (tenant: string) => `Set up single sign-on for ${tenant}`,
    welcomeIntro:
      'You will connect your company’s identity provider so your people sign in with their work accounts. Here is what happens:',
    stepsTitle: 'The steps',
    steps: [
      'Choose your identity provider (Microsoft Entra ID, Okta, Google Workspace and others).',
      'Register the values we show you in your identity provider.',
      'Give us your identity provider’s SAML metadata or OpenID Connect details.',
      'Check which user attributes are passed on.',
      'Prove you own your email domains.',
      'Run a test sign-in, then submit for review.',
    ],
    sessionEnds: (when: string) => `Your session lasts until ${when}. Reopen your setup link to continue after that.`,
    signOut: 'Sign out',
    signedOutTitle: 'You are signed out',
    signedOutBody: 'Open your setup link again to continue where you left off.',
  },
  admin: {
    title: 'Operator console',
    body: 'Operators sign in with the service provider’s own account. Operator sign-in is not enabled on this portal yet.',
  },
} as const;

export type Messages = typeof en;
export const t: Messages = en;

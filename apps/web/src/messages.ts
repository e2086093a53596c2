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
  wizard: {
    connectionsTitle: 'Your single sign-on connections',
    connectionsIntro: 'Each connection links one identity provider. Most organisations need one.',
    newConnection: 'Add a connection',
    continueSetup: 'Continue setup',
    noConnections: 'You have no connection yet. Start by choosing your identity provider.',
    status: {
      draft: 'Draft',
      submitted: 'Waiting for review',
      rejected: 'Changes requested',
      active: 'Active',
      suspended: 'Suspended',
    },
    steps: {
      provider: 'Identity provider',
      register: 'Register Gatehouse',
      details: 'Provider details',
      mapping: 'Attributes',
      domains: 'Email domains',
      test: 'Test login',
      submit: 'Submit',
    },
    stepsLabel: 'Setup steps',
    stepOf: (n: number, total: number) => `Step ${n} of ${total}`,
    next: 'Continue',
    back: 'Back',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Saved',
    chooseTitle: 'Choose your identity provider',
    chooseIntro: 'Pick the service your company signs in with. You will see exactly what to set up there.',
    vendorLegend: 'Identity provider',
    protocolLegend: 'Protocol',
    protocolSaml: 'SAML 2.0',
    protocolOidc: 'OpenID Connect',
    recommended: 'recommended',
    protocolLocked: 'This connection is live, so its protocol cannot change.',
    registerTitle: (vendor: string) => `Register Gatehouse in ${vendor}`,
    registerIntro: 'Follow these steps in your identity provider’s admin console. Copy each value exactly.',
    where: 'Where',
    pitfallsTitle: 'Common mistakes',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Copy failed: select the text and copy it by hand.',
    copyLabel: (label: string) => `Copy ${label}`,
    notYetTitle: (step: string) => `${step}`,
    notYetBody: 'This step is being prepared. Your progress so far is saved.',
    conflictTitle: 'Someone else changed this connection',
    conflictBody:
      'Your change was not saved, so nothing was lost on their side. Reload to see the latest version, then make your change again.',
    reload: 'Reload',
    notFoundTitle: 'Connection not found',
    notFoundBody: 'This connection does not exist for your organisation.',
    backToList: 'Back to your connections',
  },
  domains: {
    title: 'Prove you own your email domains',
    intro:
      'Users are sent to your identity provider by the domain of their email address. For each domain, publish a TXT record at your DNS host, then verify it here. Only verified domains are ever routed.',
    addLabel: 'Email domain',
    addHint: 'The part after the @ in your users’ addresses, e.g. example.com. Add each domain separately.',
    add: 'Add domain',
    adding: 'Adding…',
    added: (domain: string) => `${domain} added. Publish its TXT record, then verify it.`,
    listTitle: 'Your domains',
    none: 'No domain yet. Add the domain of your users’ email addresses.',
    publish: 'At your DNS host, create this TXT record. DNS changes can take a few minutes to appear.',
    recordName: 'Name (host)',
    recordValue: 'Value',
    recordNameFor: (domain: string) => `TXT record name for ${domain}`,
    recordValueFor: (domain: string) => `TXT record value for ${domain}`,
    verify: 'Verify',
    verifyLabel: (domain: string) => `Verify ${domain}`,
    verifying: 'Checking DNS…',
    remove: 'Remove',
    removeLabel: (domain: string) => `Remove ${domain}`,
    removed: (domain: string) => `${domain} removed.`,
    status: {
      pending: 'Not verified yet',
      verified: 'Verified',
      failed: 'Not verified',
    },
    statusLabel: 'Status',
    verifiedAt: (when: string) => `Verified on ${when}. Users with this domain are routed to this connection once it is active.`,
    checkedAt: (when: string) => `Last checked ${when}.`,
    reasons: {
      record_not_found:
        'No TXT record was found at the name above. Publish it at your DNS host (some hosts add your domain to the name themselves: then enter only _gatehouse-challenge), wait a few minutes and verify again.',
      value_mismatch:
        'There is a TXT record at that name, but not with the value above. Copy the whole value again, without quotes or spaces, and verify again.',
      dns_timeout: 'Your domain’s DNS servers did not answer in time. Try again in a minute.',
      dns_error:
        'Your domain’s DNS servers answered with an error. Check the domain’s DNS setup with your DNS host, then try again.',
      already_claimed:
        'Another organisation has already verified this domain on this service. If your organisation owns it, contact your service provider.',
    },
  },
  admin: {
    title: 'Operator console',
    body: 'Operators sign in with the service provider’s own account. Operator sign-in is not enabled on this portal yet.',
  },
} as const;

export type Messages = typeof en;
export const t: Messages = en;

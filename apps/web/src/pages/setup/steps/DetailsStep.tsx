import type { ConnectionView } from '@gatehouse/core';
import { t } from '../../../messages.ts';
import { OidcDetailsForm } from './OidcDetailsForm.tsx';
import { SamlDetailsForm } from './SamlDetailsForm.tsx';
import { StepHeading } from './StepHeading.tsx';

/** The details step: SAML metadata or OIDC settings, checked on save with every finding shown. */
export function DetailsStep({ connection }: { connection: ConnectionView }) {
  const saml = connection.protocol === 'saml';
  return (
    <>
      <StepHeading>{saml ? t.details.samlTitle : t.details.oidcTitle}</StepHeading>
      <p>{saml ? t.details.samlIntro : t.details.oidcIntro}</p>
      {saml ? <SamlDetailsForm connection={connection} /> : <OidcDetailsForm connection={connection} />}
    </>
  );
}

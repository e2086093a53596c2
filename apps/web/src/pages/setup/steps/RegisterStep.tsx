import { type ConnectionView, guideFor, VENDOR_GUIDES } from '@gatehouse/core';
import { Link } from 'react-router';
import { CopyField } from '../../../components/CopyField.tsx';
import { useProductName } from '../../../lib/branding.ts';
import { nextStepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { StepHeading } from './StepHeading.tsx';

/** What to set up in the IdP: the vendor's steps, with the values to paste under the step that needs them. */
export function RegisterStep({ connection }: { connection: ConnectionView }) {
  const guide = guideFor(connection.vendor, connection.protocol);
  const next = nextStepPath(connection.id, 'register');
  const product = useProductName();
  return (
    <>
      <StepHeading>{t.wizard.registerTitle(product, VENDOR_GUIDES[connection.vendor].inSentence)}</StepHeading>
      <p>{t.wizard.registerIntro}</p>
      <p className="muted">
        <strong>{t.wizard.where}:</strong> {guide.consolePath}
      </p>
      <ol className="guide-steps">
        {guide.steps.map((step) => (
          <li key={step.title}>
            <h2>{step.title}</h2>
            <p>{step.detail}</p>
            {step.copy?.map((item) => (
              <CopyField key={item.value} label={item.label} value={connection.serviceProvider[item.value]} />
            ))}
          </li>
        ))}
      </ol>
      {guide.pitfalls.length > 0 ? (
        <aside className="pitfalls" aria-labelledby="pitfalls-title">
          <h2 id="pitfalls-title">{t.wizard.pitfallsTitle}</h2>
          <ul>
            {guide.pitfalls.map((pitfall) => (
              <li key={pitfall}>{pitfall}</li>
            ))}
          </ul>
        </aside>
      ) : null}
      <details className="all-values">
        <summary>{t.wizard.allValuesTitle}</summary>
        {(connection.protocol === 'saml'
          ? (['entityId', 'acsUrl', 'logoutUrl', 'domainUrl'] as const)
          : (['redirectUri'] as const)
        ).map((key) => (
          <CopyField key={key} label={t.wizard.spLabels[key]} value={connection.serviceProvider[key]} />
        ))}
      </details>
      {next ? (
        <Link className="button" to={next}>
          {t.wizard.next}
        </Link>
      ) : null}
    </>
  );
}

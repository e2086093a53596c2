import { type ConnectionView, WIZARD_STEPS, type WizardStep } from '@gatehouse/core';
import { useEffect } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import { MessagePage } from '../../components/Layout.tsx';
import { ApiRequestError } from '../../lib/api.ts';
import { useConnection, useRecordStep } from '../../lib/connections.ts';
import { stepPath } from '../../lib/wizard.ts';
import { t } from '../../messages.ts';
import { PendingStep } from './steps/PendingStep.tsx';
import { ProviderStep } from './steps/ProviderStep.tsx';
import { RegisterStep } from './steps/RegisterStep.tsx';

const isStep = (value: string | undefined): value is WizardStep => WIZARD_STEPS.includes(value as WizardStep);

function StepBody({ step, connection }: { step: WizardStep; connection: ConnectionView }) {
  switch (step) {
    case 'provider':
      return <ProviderStep connection={connection} />;
    case 'register':
      return <RegisterStep connection={connection} />;
    default:
      return <PendingStep step={step} />;
  }
}

/** /setup/connections/:id/:step: one step of the wizard, with the list of steps beside it. */
export function Wizard() {
  const params = useParams();
  const id = params.id ?? '';
  const step = isStep(params.step) ? params.step : null;
  const connection = useConnection(id);
  const record = useRecordStep(id);
  const recordStep = record.mutate;
  const serverStep = connection.data?.step;

  useEffect(() => {
    if (step && serverStep && serverStep !== step) recordStep(step);
  }, [step, serverStep, recordStep]);

  if (connection.isPending) {
    return (
      <p className="loading" role="status">
        {t.app.loading}
      </p>
    );
  }
  if (connection.isError) {
    if (
      connection.error instanceof ApiRequestError &&
      (connection.error.code === 'NOT_FOUND' || connection.error.code === 'VALIDATION_FAILED')
    ) {
      return (
        <MessagePage title={t.wizard.notFoundTitle}>
          <p>{t.wizard.notFoundBody}</p>
          <Link to="/setup">{t.wizard.backToList}</Link>
        </MessagePage>
      );
    }
    throw connection.error;
  }
  if (!step) {
    return (
      <MessagePage title={t.errors.notFoundTitle}>
        <p>{t.errors.notFoundBody}</p>
        <Link to="/setup">{t.wizard.backToList}</Link>
      </MessagePage>
    );
  }
  const index = WIZARD_STEPS.indexOf(step);
  return (
    <div className="wizard">
      <nav aria-label={t.wizard.stepsLabel} className="stepper">
        <ol>
          {WIZARD_STEPS.map((s, i) => (
            <li key={s}>
              <NavLink to={stepPath(id, s)} aria-current={s === step ? 'step' : undefined}>
                <span className="step-number" aria-hidden="true">
                  {i + 1}
                </span>
                {t.wizard.steps[s]}
              </NavLink>
            </li>
          ))}
        </ol>
      </nav>
      <section className="panel wizard-body" aria-labelledby="page-title">
        <p className="muted step-count">{t.wizard.stepOf(index + 1, WIZARD_STEPS.length)}</p>
        <StepBody step={step} connection={connection.data} />
      </section>
    </div>
  );
}

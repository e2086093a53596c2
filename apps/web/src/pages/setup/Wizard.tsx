import { type ConnectionView, WIZARD_STEPS, type WizardStep } from '@gatehouse/core';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import { MessagePage } from '../../components/Layout.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ApiRequestError } from '../../lib/api.ts';
import { useProductName } from '../../lib/branding.ts';
import { useConnection, useRecordStep } from '../../lib/connections.ts';
import { stepName, stepPath } from '../../lib/wizard.ts';
import { t } from '../../messages.ts';
import { ReadOnlyBanner } from './ReadOnlyBanner.tsx';
import { ProviderStep } from './steps/ProviderStep.tsx';
import { RegisterStep } from './steps/RegisterStep.tsx';

// Steps with heavy parts (upload, mapping editor) load when reached.
const DetailsStep = lazy(() => import('./steps/DetailsStep.tsx').then((m) => ({ default: m.DetailsStep })));
const MappingStep = lazy(() => import('./steps/MappingStep.tsx').then((m) => ({ default: m.MappingStep })));
const DomainsStep = lazy(() => import('./steps/DomainsStep.tsx').then((m) => ({ default: m.DomainsStep })));
const TestStep = lazy(() => import('./steps/TestStep.tsx').then((m) => ({ default: m.TestStep })));
const SubmitStep = lazy(() => import('./steps/SubmitStep.tsx').then((m) => ({ default: m.SubmitStep })));

const isStep = (value: string | undefined): value is WizardStep => WIZARD_STEPS.includes(value as WizardStep);

function StepBody({ step, connection }: { step: WizardStep; connection: ConnectionView }) {
  switch (step) {
    case 'provider':
      return <ProviderStep connection={connection} />;
    case 'register':
      return <RegisterStep connection={connection} />;
    case 'details':
      return <DetailsStep connection={connection} />;
    case 'mapping':
      return <MappingStep connection={connection} />;
    case 'domains':
      return <DomainsStep connection={connection} />;
    case 'test':
      return <TestStep connection={connection} />;
    case 'submit':
      return <SubmitStep connection={connection} />;
  }
}

/** /setup/connections/:id/:step: one step of the wizard, with the list of steps beside it. */
export function Wizard() {
  const params = useParams();
  const id = params.id ?? '';
  const step = isStep(params.step) ? params.step : null;
  const connection = useConnection(id);
  const record = useRecordStep(id);
  const product = useProductName();
  const recordStep = record.mutate;
  const serverStep = connection.data?.step;

  // Record the step when the admin arrives at it, once per visit: a save that moves the server's step on
  // must not be answered by recording the page being left.
  const recorded = useRef<string | null>(null);
  useEffect(() => {
    if (!step || serverStep === undefined || recorded.current === `${id}/${step}`) return;
    recorded.current = `${id}/${step}`;
    if (serverStep !== step) recordStep(step);
  }, [id, step, serverStep, recordStep]);

  if (connection.isPending) {
    return <Loading />;
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
          {WIZARD_STEPS.map((s, i) => {
            // The state as the server judges it; the current step is marked by aria-current alone.
            const state = connection.data.progress.steps[s];
            return (
              <li key={s}>
                <NavLink to={stepPath(id, s)} aria-current={s === step ? 'step' : undefined} className={`step-${state}`}>
                  <span className="step-number" aria-hidden="true">
                    {state === 'done' ? '✓' : state === 'needs-attention' ? '!' : i + 1}
                  </span>
                  {stepName(s, product)}
                  {state === 'todo' ? null : <span className="visually-hidden"> ({t.wizard.stepState[state]})</span>}
                </NavLink>
              </li>
            );
          })}
        </ol>
      </nav>
      <section className="panel wizard-body" aria-labelledby="page-title">
        <p className="muted step-count">{t.wizard.stepOf(index + 1, WIZARD_STEPS.length)}</p>
        {step === 'submit' && connection.data.draftState === null ? null : <ReadOnlyBanner connection={connection.data} />}
        {/* The operator's reason, on whichever step the admin resumes: it says what to change. */}
        {connection.data.draftState === 'rejected' && connection.data.rejection ? (
          <div className="alert alert-error" role="status">
            <p>
              <strong>{t.submit.rejectedTitle}</strong>
            </p>
            <p>
              {t.submit.rejectedReason} “{connection.data.rejection.reason}”
            </p>
            <p>{t.submit.rejectedNext}</p>
          </div>
        ) : null}
        <Suspense fallback={<Loading />}>
          <StepBody step={step} connection={connection.data} />
        </Suspense>
      </section>
    </div>
  );
}

import type { ConnectionView, SubmissionBlocker, WizardStep } from '@gatehouse/core';
import { Link, useNavigate } from 'react-router';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import { useLifecycle } from '../../../lib/lifecycle.ts';
import { stepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { StepHeading } from './StepHeading.tsx';

const STEP_OF: Record<SubmissionBlocker, WizardStep> = {
  DETAILS_MISSING: 'details',
  TEST_LOGIN_MISSING: 'test',
  TEST_LOGIN_STALE: 'test',
  TEST_LOGIN_FAILED: 'test',
};

/** The last step: what is missing, submission, and the connection's state afterwards. */
export function SubmitStep({ connection }: { connection: ConnectionView }) {
  const submit = useLifecycle(connection, 'submit');
  const revise = useLifecycle(connection, 'revisions');
  const navigate = useNavigate();
  const error = submit.error ?? revise.error;

  if (connection.draftState === null && connection.activeRevision !== null) {
    return (
      <>
        <StepHeading>{t.submit.activeTitle}</StepHeading>
        <p>{t.submit.activeBody}</p>
        <ApiErrorMessage error={error} />
        <button
          type="button"
          className="button"
          disabled={revise.isPending}
          onClick={() => revise.mutate(undefined, { onSuccess: (c) => navigate(stepPath(c.id, 'details')) })}
        >
          {t.submit.newRevision}
        </button>
      </>
    );
  }

  return (
    <>
      <StepHeading>{t.submit.title}</StepHeading>
      {connection.activeRevision !== null && connection.draftRevision !== null ? (
        <p className="muted">{t.submit.activeWithDraft(connection.draftRevision)}</p>
      ) : null}
      <ApiErrorMessage error={error} />

      {/* A submitted draft: the banner above the step says so and holds Withdraw. */}
      {connection.draftState === 'submitted' ? null : (
        <>
          <p>{t.submit.intro}</p>
          <h2>{t.submit.checklist}</h2>
          {connection.submissionBlockers.length === 0 ? (
            <p>{t.submit.ready}</p>
          ) : (
            <ul className="checklist">
              {connection.submissionBlockers.map((blocker) => (
                <li key={blocker}>
                  {t.submit.blockers[blocker]} <Link to={stepPath(connection.id, STEP_OF[blocker])}>{t.submit.goToStep}</Link>
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="button"
            disabled={submit.isPending || connection.submissionBlockers.length > 0}
            onClick={() => submit.mutate()}
          >
            {t.submit.submitButton}
          </button>
        </>
      )}
    </>
  );
}

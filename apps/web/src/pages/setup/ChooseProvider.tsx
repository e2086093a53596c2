import { useNavigate } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { useCreateConnection } from '../../lib/connections.ts';
import { stepPath } from '../../lib/wizard.ts';
import { t } from '../../messages.ts';
import { ProviderForm } from './ProviderForm.tsx';

/** /setup/connections/new: the first step of a new connection. */
export function ChooseProvider() {
  const create = useCreateConnection();
  const navigate = useNavigate();
  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t.wizard.chooseTitle}
      </h1>
      <p>{t.wizard.chooseIntro}</p>
      <ApiErrorMessage error={create.error} />
      <ProviderForm
        submitLabel={t.wizard.next}
        pending={create.isPending}
        onSubmit={(input) => create.mutate(input, { onSuccess: (connection) => navigate(stepPath(connection.id, 'register')) })}
      />
    </section>
  );
}

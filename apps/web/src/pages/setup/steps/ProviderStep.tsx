import type { ConnectionView } from '@gatehouse/core';
import { useNavigate } from 'react-router';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import { useSaveProvider } from '../../../lib/connections.ts';
import { stepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { ProviderForm } from '../ProviderForm.tsx';
import { StepHeading } from './StepHeading.tsx';

export function ProviderStep({ connection }: { connection: ConnectionView }) {
  const save = useSaveProvider(connection.id);
  const navigate = useNavigate();
  return (
    <>
      <StepHeading>{t.wizard.chooseTitle}</StepHeading>
      <ApiErrorMessage error={save.error} />
      <ProviderForm
        initial={{ vendor: connection.vendor, protocol: connection.protocol }}
        protocolLocked={connection.activeRevision !== null}
        readOnly={!connection.editable}
        submitLabel={t.wizard.next}
        pending={save.isPending}
        onSubmit={(input) =>
          save.mutate(
            { ...input, version: connection.version },
            { onSuccess: () => navigate(stepPath(connection.id, 'register')) },
          )
        }
      />
    </>
  );
}

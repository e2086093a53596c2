import { MessagePage } from '../components/Layout.tsx';
import { t } from '../messages.ts';

export function NotFound() {
  return (
    <MessagePage title={t.errors.notFoundTitle}>
      <p>{t.errors.notFoundBody}</p>
    </MessagePage>
  );
}

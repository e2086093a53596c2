import { MessagePage } from '../../components/Layout.tsx';
import { t } from '../../messages.ts';

/** /admin: the operator console's entry. */
export function AdminHome() {
  return (
    <MessagePage title={t.admin.title}>
      <p>{t.admin.body}</p>
    </MessagePage>
  );
}

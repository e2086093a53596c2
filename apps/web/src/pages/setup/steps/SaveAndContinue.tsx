import type { ConnectionView } from '@gatehouse/core';
import { t } from '../../../messages.ts';

/** A step's save button; absent while the connection cannot be edited (under review, or live). */
export function SaveAndContinue({ connection, pending }: { connection: ConnectionView; pending: boolean }) {
  if (!connection.editable) return null;
  return (
    <button type="submit" className="button" disabled={pending}>
      {pending ? t.wizard.saving : t.details.saveAndContinue}
    </button>
  );
}

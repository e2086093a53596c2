import type { AdminConnectionSummary } from '@gatehouse/core';
import { useEffect, useId, useRef, useState } from 'react';
import { IacExport } from '../../components/IacExport.tsx';
import { t } from '../../messages.ts';
import { ConnectionActions } from './ConnectionActions.tsx';

/**
 * A live connection's actions (suspend, resume, roll back, export as code) behind one button in its
 * table row: they open in a drawer, a modal <dialog>, so the table keeps to a few narrow columns and the
 * exported code has the width of the screen rather than of a cell. Escape or Close shuts it. Its content
 * exists only while it is open: a closed drawer adds nothing to the row, not even hidden text.
 */
export function ConnectionDrawer({ tenantId, connection }: { tenantId: string; connection: AdminConnectionSummary }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);
  if (connection.activeRevision === null) return null;
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        aria-haspopup="dialog"
        aria-label={t.lifecycle.openActions(connection.displayName)}
        onClick={() => setOpen(true)}
      >
        {t.lifecycle.actions}
      </button>
      <dialog ref={dialog} className="drawer" aria-labelledby={titleId} onClose={() => setOpen(false)}>
        {open ? (
          <DrawerContent tenantId={tenantId} connection={connection} titleId={titleId} close={() => dialog.current?.close()} />
        ) : null}
      </dialog>
    </>
  );
}

function DrawerContent({
  tenantId,
  connection,
  titleId,
  close,
}: {
  tenantId: string;
  connection: AdminConnectionSummary;
  titleId: string;
  close: () => void;
}) {
  return (
    <>
      <div className="drawer-head">
        <h2 id={titleId}>{connection.displayName}</h2>
        <button type="button" className="button button-secondary" onClick={close}>
          {t.lifecycle.close}
        </button>
      </div>
      <p className="muted">
        <span className={`badge badge-${connection.status}`}>{t.admin.connectionStatus[connection.status]}</span>{' '}
        {connection.activeRevision === null ? null : t.lifecycle.revisionServing(connection.activeRevision)}
      </p>
      <ConnectionActions tenantId={tenantId} connection={connection} />
      {connection.status !== 'suspended' ? <IacExport tenantId={tenantId} connectionId={connection.id} /> : null}
    </>
  );
}

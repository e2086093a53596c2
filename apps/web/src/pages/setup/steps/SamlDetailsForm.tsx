import type { ConnectionView } from '@gatehouse/core';
import { type DragEvent, useId, useState } from 'react';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import { CopyField } from '../../../components/CopyField.tsx';
import { ErrorSummary, Findings, hasErrorFinding } from '../../../components/Findings.tsx';
import { refusedFindings, usePool, useSaveSaml } from '../../../lib/details.ts';
import { stepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { SaveAndContinue } from './SaveAndContinue.tsx';
import { SavedWithWarnings, useHoldOnWarnings } from './SavedWithWarnings.tsx';

/** Cognito's MetadataFile limit; larger metadata must be given by URL. */
const MAX_FILE_CHARACTERS = 131_072;

interface SamlInput {
  metadata: { source: 'file'; xml: string; fileName?: string } | { source: 'url'; url: string };
  signRequests: boolean;
  idpInitiated: boolean;
  idpSignout: boolean;
  version: number;
}

export function SamlDetailsForm({ connection }: { connection: ConnectionView }) {
  const saved = connection.saml;
  const [source, setSource] = useState<'file' | 'url'>(saved?.metadataSource ?? 'url');
  const [url, setUrl] = useState(saved?.metadataUrl ?? '');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [options, setOptions] = useState({
    signRequests: saved?.signRequests ?? false,
    idpInitiated: saved?.idpInitiated ?? false,
    idpSignout: saved?.idpSignout ?? false,
  });
  // A save with warnings stays here until the admin chooses: fix them, or continue anyway.
  const hold = useHoldOnWarnings(stepPath(connection.id, 'mapping'));
  const save = useSaveSaml(connection.id, (saved) => hold.afterSave(saved.findings));
  const pool = usePool();
  const ids = {
    url: useId(),
    urlHint: useId(),
    urlFindings: useId(),
    urlProblem: useId(),
    file: useId(),
    fileHint: useId(),
    findings: useId(),
  };
  const refused = refusedFindings(save.error);
  // What went wrong with the address itself (not found, unknown host, an OIDC issuer...) goes beside it.
  const atUrl = source === 'url' ? refused.filter((f) => f.field === 'metadataUrl') : [];
  const elsewhere = refused.filter((f) => !atUrl.includes(f));
  const urlInvalid = !!fileProblem || hasErrorFinding(atUrl);

  const readFile = async (chosen: File | undefined) => {
    if (!chosen) return;
    const text = await chosen.text();
    if (text.length > MAX_FILE_CHARACTERS) {
      setFile(null);
      setFileProblem(t.details.fileTooLarge);
      return;
    }
    setFileProblem(null);
    setFile({ name: chosen.name, text });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void readFile(event.dataTransfer.files[0]);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!connection.editable) return;
    if (source === 'file' && !file) return setFileProblem(t.details.fileRequired);
    if (source === 'url' && !url.trim()) return setFileProblem(t.details.urlRequired);
    setFileProblem(null);
    hold.release();
    const metadata: SamlInput['metadata'] =
      source === 'file' && file ? { source: 'file', xml: file.text, fileName: file.name } : { source: 'url', url: url.trim() };
    save.mutate({ metadata, ...options, version: connection.version });
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={elsewhere.length ? ids.findings : undefined}>
      <ErrorSummary findings={refused} />
      {save.error && refused.length === 0 ? <ApiErrorMessage error={save.error} /> : null}
      <fieldset className="lockable" disabled={!connection.editable}>
        <fieldset className="choice-row">
          <legend>{t.details.sourceLegend}</legend>
          {(['url', 'file'] as const).map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="source" value={value} checked={source === value} onChange={() => setSource(value)} />
              <span>{value === 'url' ? t.details.sourceUrl : t.details.sourceFile}</span>
            </label>
          ))}
        </fieldset>

        {source === 'url' ? (
          <div className="field">
            <label htmlFor={ids.url}>{t.details.urlLabel}</label>
            <input
              id={ids.url}
              type="url"
              inputMode="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={urlInvalid}
              aria-describedby={[ids.urlHint, fileProblem ? ids.urlProblem : '', atUrl.length ? ids.urlFindings : '']
                .filter(Boolean)
                .join(' ')}
            />
            <p className="hint" id={ids.urlHint}>
              {t.details.urlHint}
            </p>
            <Findings findings={atUrl} id={ids.urlFindings} />
          </div>
        ) : (
          // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is a pointer shortcut; the file input inside is the accessible control.
          <div
            className={`field drop-zone${dragging ? ' drop-zone-active' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <label htmlFor={ids.file}>{t.details.fileLabel}</label>
            <p className="hint" id={ids.fileHint}>
              {t.details.dropHere}. {t.details.fileHint}
            </p>
            <input
              id={ids.file}
              type="file"
              accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
              aria-describedby={ids.fileHint}
              onChange={(e) => void readFile(e.target.files?.[0])}
            />
            {file ? <p>{t.details.chosenFile(file.name, (file.text.length / 1024).toFixed(1))}</p> : null}
          </div>
        )}
        {fileProblem ? (
          <p className="field-error" role="alert" id={ids.urlProblem}>
            {fileProblem}
          </p>
        ) : null}
        <Findings findings={elsewhere} id={ids.findings} />

        <fieldset>
          <legend>{t.details.optionsLegend}</legend>
          {(['signRequests', 'idpInitiated', 'idpSignout'] as const).map((key) => (
            <label key={key} className="check">
              <input
                type="checkbox"
                checked={options[key]}
                onChange={(e) => setOptions({ ...options, [key]: e.target.checked })}
              />
              <span>{t.details[key]}</span>
            </label>
          ))}
          {options.signRequests && pool.data ? (
            <CopyField label={t.details.signingCertificateLabel} value={pool.data.signingCertificate} />
          ) : null}
        </fieldset>
      </fieldset>

      {saved && connection.findings.length > 0 && !save.isError ? (
        <section aria-labelledby="saved-findings">
          <h2 id="saved-findings">{t.details.findingsTitle}</h2>
          <Findings findings={connection.findings} />
        </section>
      ) : null}
      {saved?.entityId ? (
        <p className="muted">
          {t.details.entityId}: <code>{saved.entityId}</code>
        </p>
      ) : null}
      {hold.held > 0 ? <SavedWithWarnings count={hold.held} onContinue={hold.next} /> : null}
      <SaveAndContinue connection={connection} pending={save.isPending} />
    </form>
  );
}

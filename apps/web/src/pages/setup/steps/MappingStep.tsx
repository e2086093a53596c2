import { type AttributeMapping, type ConnectionView, VENDOR_GUIDES } from '@gatehouse/core';
import { analyzeAttributeMapping, claimPreset } from '@gatehouse/core/claims';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import { ErrorSummary, Findings } from '../../../components/Findings.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { claimShortName } from '../../../lib/claims.ts';
import { refusedFindings, usePool, useSaveMapping } from '../../../lib/details.ts';
import { stepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { SaveAndContinue } from './SaveAndContinue.tsx';
import { SavedWithWarnings, useHoldOnWarnings } from './SavedWithWarnings.tsx';
import { StepHeading } from './StepHeading.tsx';

interface Row {
  key: number;
  attribute: string;
  claim: string;
}

/** Cognito's own target, not in the pool's schema: the user's immutable name, from a stable identifier. */
const USERNAME = 'username';

let nextKey = 1;
// The username row comes first: it decides who a user is, the other rows only describe them.
const toRows = (mapping: AttributeMapping): Row[] =>
  Object.entries(mapping)
    .sort(([a], [b]) => Number(b === USERNAME) - Number(a === USERNAME))
    .map(([attribute, claim]) => ({ key: nextKey++, attribute, claim }));

/**
 * The claim field. A long SAML attribute URI is cut off in a narrow box, so its short name is shown
 * beside it, and the whole URI, wrapped, in a tooltip that opens on hover and on keyboard focus.
 */
function ClaimInput({ row, index, onChange }: { row: Row; index: number; onChange: (claim: string) => void }) {
  const tooltipId = useId();
  const short = claimShortName(row.claim);
  const isLong = short !== row.claim.trim() && short !== '';
  // Escape hides the tooltip until the field is left, as WCAG 1.4.13 asks of content shown on focus.
  const [dismissed, setDismissed] = useState(false);
  return (
    <div className={dismissed ? 'claim-field claim-field-dismissed' : 'claim-field'}>
      <input
        aria-label={`${t.mapping.claim} ${index + 1}`}
        aria-describedby={isLong ? tooltipId : undefined}
        value={row.claim}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setDismissed(true)}
        onBlur={() => setDismissed(false)}
      />
      {isLong ? (
        <>
          <span className="claim-short" aria-hidden="true">
            {short}
          </span>
          <span role="tooltip" id={tooltipId} className="claim-full">
            {t.mapping.fullClaim(row.claim.trim())}
          </span>
        </>
      ) : null}
    </div>
  );
}
const toMapping = (rows: Row[]): AttributeMapping =>
  Object.fromEntries(rows.filter((r) => r.attribute && r.claim.trim()).map((r) => [r.attribute, r.claim.trim()]));

/** The mapping editor: the pool's attributes, a one-click vendor preset, and core's rules checked live. */
export function MappingStep({ connection }: { connection: ConnectionView }) {
  const pool = usePool();
  // "Map this" in the explainer of what the IdP sent arrives with ?claim=: a row for it waits for its attribute.
  const [searchParams] = useSearchParams();
  const claimToMap = connection.editable ? searchParams.get('claim')?.trim() || null : null;
  const [rows, setRows] = useState<Row[]>(() => {
    const saved = toRows(connection.attributeMapping);
    if (!claimToMap || saved.some((r) => r.claim === claimToMap)) return saved;
    return [...saved, { key: nextKey++, attribute: '', claim: claimToMap }];
  });
  const [presetNote, setPresetNote] = useState(false);
  // A save with warnings stays here until the admin chooses: fix them, or continue anyway.
  const hold = useHoldOnWarnings(stepPath(connection.id, 'domains'));
  const save = useSaveMapping(connection.id, (saved) => hold.afterSave(saved.mappingFindings));
  const tableId = useId();
  const schema = pool.data?.attributes ?? [];
  const mapping = toMapping(rows);
  // Cheap enough to run on every keystroke: the rules are pure functions over a few dozen attributes.
  const live = schema.length
    ? analyzeAttributeMapping({ mapping, schema, protocol: connection.protocol, vendor: connection.vendor }).findings
    : [];
  const refused = refusedFindings(save.error);
  const vendorLabel = VENDOR_GUIDES[connection.vendor].inSentence;

  if (pool.isPending) {
    return <Loading text={t.mapping.loadingPool} />;
  }
  if (pool.isError) throw pool.error;

  const update = (key: number, patch: Partial<Row>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const usedAttributes = new Set(rows.map((r) => r.attribute));

  return (
    <>
      <StepHeading>{t.mapping.title}</StepHeading>
      <p>{t.mapping.intro}</p>
      <ErrorSummary findings={refused} />
      {save.error && refused.length === 0 ? <ApiErrorMessage error={save.error} /> : null}
      <fieldset className="lockable" disabled={!connection.editable}>
        <p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setRows(toRows(claimPreset(connection.vendor, connection.protocol, schema)));
              setPresetNote(true);
            }}
          >
            {t.mapping.applyPreset(vendorLabel)}
          </button>
        </p>
        <p role="status" className="muted">
          {presetNote ? t.mapping.presetApplied : claimToMap ? t.mapping.claimAdded(claimShortName(claimToMap)) : ''}
        </p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!connection.editable) return;
            hold.release();
            save.mutate({ attributeMapping: mapping, version: connection.version });
          }}
        >
          <table className="mapping-table" id={tableId}>
            <thead>
              <tr>
                <th scope="col">{t.mapping.attribute}</th>
                <th scope="col">{t.mapping.claim}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.mapping.remove('')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={row.key}>
                  <td data-label={t.mapping.attribute}>
                    <select
                      aria-label={`${t.mapping.attribute} ${index + 1}`}
                      value={row.attribute}
                      onChange={(e) => update(row.key, { attribute: e.target.value })}
                    >
                      <option value="">{t.mapping.chooseAttribute}</option>
                      <option value={USERNAME} disabled={row.attribute !== USERNAME && usedAttributes.has(USERNAME)}>
                        {USERNAME} ({t.mapping.usernameNote})
                      </option>
                      {schema
                        .filter((a) => a.Name !== USERNAME)
                        .map((a) => {
                          const name = a.Name ?? '';
                          const notes = [
                            a.Mutable === false ? t.mapping.immutable : '',
                            a.Required ? t.mapping.required : '',
                          ].filter(Boolean);
                          return (
                            <option key={name} value={name} disabled={name !== row.attribute && usedAttributes.has(name)}>
                              {name}
                              {notes.length ? ` (${notes.join(', ')})` : ''}
                            </option>
                          );
                        })}
                    </select>
                  </td>
                  <td data-label={t.mapping.claim}>
                    <ClaimInput row={row} index={index} onChange={(claim) => update(row.key, { claim })} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={t.mapping.remove(row.attribute)}
                      onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setRows([...rows, { key: nextKey++, attribute: '', claim: '' }])}
            >
              {t.mapping.addRow}
            </button>
          </p>
          <section aria-labelledby="mapping-checks" aria-live="polite">
            <h2 id="mapping-checks">{t.mapping.checksTitle}</h2>
            {live.length ? <Findings findings={refused.length ? refused : live} /> : <p>{t.mapping.allGood}</p>}
          </section>
          {hold.held > 0 ? <SavedWithWarnings count={hold.held} onContinue={hold.next} /> : null}
          <SaveAndContinue connection={connection} pending={save.isPending} />
        </form>
      </fieldset>
    </>
  );
}

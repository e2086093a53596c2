import { captureGuide, type ExplainProblem, type Explanation, type Protocol, type VendorId } from '@gatehouse/core';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ApiRequestError } from '../lib/api.ts';
import { claimShortName } from '../lib/claims.ts';
import { formatDateTime } from '../lib/format.ts';
import { type ExplainTarget, useExplain } from '../lib/idp-sent.ts';
import { t } from '../messages.ts';
import { TableScroll } from './TableScroll.tsx';

interface Props {
  /** The connection explained for this audience (the admin's connection, or the operator's review). */
  target: ExplainTarget;
  protocol: Protocol;
  vendor: VendorId;
  audience: 'setup' | 'operator';
  /** Where "Map this" leads for a claim (the mapping step); absent where the mapping cannot be edited. */
  mapHref?: ((claim: string) => string) | undefined;
}

/**
 * "What your IdP sent": the admin pastes a SAML response or an ID token and sees everything in it, each
 * check against the saved settings, and every claim with a way into the mapping editor.
 */
export function IdpSentExplainer({ target, protocol, vendor, audience, mapHref }: Props) {
  const explain = useExplain(target);
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const ids = { title: useId(), field: useId(), hint: useId(), error: useId() };
  const guide = captureGuide(vendor, protocol);
  const refused = explain.error instanceof ApiRequestError && explain.error.code !== 'NETWORK' ? explain.error : null;
  const problem = empty ? t.idpSent.empty : explain.error ? (explain.error as Error).message : null;
  const t_ = t.idpSent;

  return (
    <section className="idp-sent" aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t_.title}</h2>
      <p>{audience === 'setup' ? t_.intro : t_.operatorIntro}</p>
      <details className="capture-guide">
        <summary>{t_.captureTitle}</summary>
        <ol>
          {guide.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
      </details>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!text.trim()) return setEmpty(true);
          setEmpty(false);
          explain.mutate(text);
        }}
      >
        <div className="field">
          <label htmlFor={ids.field}>{t_.label(protocol)}</label>
          <textarea
            id={ids.field}
            rows={5}
            spellCheck={false}
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${ids.hint} ${ids.error}` : ids.hint}
          />
          <p className="hint" id={ids.hint}>
            {t_.hint(protocol)}
          </p>
          {problem ? (
            <p className="field-error" id={ids.error} role="alert" data-code={refused?.code}>
              {problem}
            </p>
          ) : null}
        </div>
        <p className="actions">
          <button type="submit" className="button" disabled={explain.isPending}>
            {explain.isPending ? t_.explaining : t_.explain}
          </button>{' '}
          {text ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setText('');
                explain.reset();
              }}
            >
              {t_.clear}
            </button>
          ) : null}
        </p>
      </form>
      <div aria-live="polite">{explain.data ? <ExplanationView explanation={explain.data} mapHref={mapHref} /> : null}</div>
    </section>
  );
}

function ExplanationView({
  explanation,
  mapHref,
}: {
  explanation: Explanation;
  mapHref?: ((claim: string) => string) | undefined;
}) {
  const t_ = t.idpSent;
  const by = (severity: ExplainProblem['severity']) => explanation.problems.filter((p) => p.severity === severity);
  return (
    <div className="explanation">
      <p className={`verdict verdict-${explanation.verdict}`} data-verdict={explanation.verdict}>
        {t_.verdict[explanation.verdict]}
      </p>
      <ProblemList title={t_.errorsTitle} problems={by('error')} severity="error" />
      <ProblemList title={t_.warningsTitle} problems={by('warning')} severity="warning" />
      <ProblemList title={t_.infoTitle} problems={by('info')} severity="info" />
      <h3>{t_.factsTitle}</h3>
      <dl className="facts">
        <Fact label={t_.subject(explanation.kind)} value={explanation.subject.value} />
        {explanation.subject.format ? <Fact label={t_.format} value={explanation.subject.format} /> : null}
        <Fact label={t_.issuer} value={explanation.issuer} />
        <Fact label={t_.audience} value={explanation.audiences.join(', ') || null} />
        {explanation.kind === 'saml' ? <Fact label={t_.recipient} value={explanation.recipient} /> : null}
        {explanation.status ? <Fact label={t_.status} value={explanation.status} /> : null}
        <Fact label={t_.issuedAt} value={explanation.window.issuedAt && formatDateTime(explanation.window.issuedAt)} />
        {explanation.window.notBefore ? <Fact label={t_.notBefore} value={formatDateTime(explanation.window.notBefore)} /> : null}
        <Fact
          label={t_.notOnOrAfter}
          value={explanation.window.notOnOrAfter && formatDateTime(explanation.window.notOnOrAfter)}
        />
        <dt>{t_.signature}</dt>
        <dd data-signature={explanation.signature.status}>
          {t_.signatureStatus[explanation.signature.status](explanation.signature.detail)}
        </dd>
      </dl>
      <ClaimTable explanation={explanation} mapHref={mapHref} />
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string | null }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value ? <code>{value}</code> : <span className="muted">{t.idpSent.none}</span>}</dd>
    </>
  );
}

function ProblemList({ title, problems, severity }: { title: string; problems: ExplainProblem[]; severity: string }) {
  if (problems.length === 0) return null;
  return (
    <section className={`problem-group problem-group-${severity}`}>
      <h3>{title}</h3>
      <ul className="problems">
        {problems.map((p) => (
          <li key={`${p.code}:${p.message}`} className={`problem problem-${p.severity}`} data-code={p.code}>
            <p>{p.message}</p>
            <p>
              <strong>{t.testLogin.fix}:</strong> {p.fix}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ClaimTable({ explanation, mapHref }: { explanation: Explanation; mapHref?: ((claim: string) => string) | undefined }) {
  const t_ = t.idpSent;
  const c = t_.columns;
  if (explanation.claims.length === 0) return null;
  const title = t_.claimsTitle(explanation.claims.length);
  return (
    <TableScroll label={title}>
      <table className="claims-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{c.claim}</th>
            <th scope="col">{c.values}</th>
            <th scope="col">{c.mapped}</th>
            {mapHref ? <th scope="col">{c.action}</th> : null}
          </tr>
        </thead>
        <tbody>
          {explanation.claims.map((claim) => {
            const short = claimShortName(claim.name);
            return (
              <tr key={claim.name}>
                <th scope="row">
                  <code title={claim.name}>{short}</code>
                  {claim.friendlyName && claim.friendlyName !== short ? (
                    <span className="muted"> ({claim.friendlyName})</span>
                  ) : null}
                  {short !== claim.name ? <span className="claim-uri">{claim.name}</span> : null}
                </th>
                <td>
                  {claim.values.length ? (
                    claim.values.map((value) => (
                      <code key={value} className="claim-value">
                        {value}
                      </code>
                    ))
                  ) : (
                    <span className="muted">{t_.none}</span>
                  )}
                </td>
                <td>{claim.mappedTo.length ? claim.mappedTo.join(', ') : <span className="muted">{t_.notMapped}</span>}</td>
                {mapHref ? (
                  <td>
                    <Link to={mapHref(claim.name)} aria-label={t_.mapThisLabel(short)}>
                      {t_.mapThis}
                    </Link>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

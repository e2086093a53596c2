import type { TestLoginReport } from '@gatehouse/core';
import { TableScroll } from '../../../../components/TableScroll.tsx';
import { t } from '../../../../messages.ts';

/** What a test login found: the Cognito error explained, or the attributes against the mapping. */
export function TestLoginReportView({ report }: { report: TestLoginReport }) {
  return (
    <div className="test-report">
      {report.cognitoError ? (
        <section className="alert alert-error" aria-labelledby="cognito-error-title">
          <h3 id="cognito-error-title">{t.testLogin.cognitoErrorTitle}</h3>
          <p>{report.cognitoError.explanation}</p>
          <p>
            <strong>{t.testLogin.fix}:</strong> {report.cognitoError.fix}
          </p>
          <details>
            <summary>{t.testLogin.cognitoSaid}</summary>
            <p>
              <code>{report.cognitoError.error}</code> {report.cognitoError.description}
            </p>
          </details>
        </section>
      ) : null}
      {report.problems.length > 0 && !report.cognitoError ? <Problems report={report} /> : null}
      {report.outcome === 'signed-in' ? <Identity report={report} /> : null}
      {report.attributes.length > 0 ? <AttributeTable report={report} /> : null}
    </div>
  );
}

/** The problems, set apart by what they mean: errors block submission, warnings do not. */
function Problems({ report }: { report: TestLoginReport }) {
  return (
    <>
      <ProblemGroup
        id="problems-title"
        title={t.testLogin.errorsTitle}
        problems={report.problems.filter((p) => p.severity === 'error')}
      />
      <ProblemGroup
        id="warnings-title"
        title={t.testLogin.warningsTitle}
        problems={report.problems.filter((p) => p.severity === 'warning')}
      />
    </>
  );
}

function ProblemGroup({ id, title, problems }: { id: string; title: string; problems: TestLoginReport['problems'] }) {
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby={id} className={`problem-group problem-group-${problems[0]?.severity}`}>
      <h3 id={id}>{title}</h3>
      <ul className="problems">
        {problems.map((problem) => (
          <li
            key={`${problem.code}-${problem.attribute ?? ''}`}
            className={`problem problem-${problem.severity}`}
            data-code={problem.code}
          >
            <p>{problem.message}</p>
            <p>
              <strong>{t.testLogin.fix}:</strong> {problem.fix}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Identity({ report }: { report: TestLoginReport }) {
  return (
    <dl className="test-identity">
      <dt>{t.testLogin.username}</dt>
      <dd>
        <code>{report.username}</code> {report.usernameStable ? t.testLogin.usernameStable : t.testLogin.usernameUnstable}
      </dd>
      {report.tenantClaim ? (
        <>
          <dt>{t.testLogin.tenantClaim}</dt>
          <dd>
            <code>{report.tenantClaim.expected}</code>{' '}
            {report.tenantClaim.received === report.tenantClaim.expected
              ? t.testLogin.tenantClaimReceived
              : t.testLogin.tenantClaimNotReceived}
          </dd>
        </>
      ) : null}
      {report.emailVerified === null || report.emailVerified === undefined ? null : (
        <>
          <dt>{t.testLogin.columns.attribute}: email_verified</dt>
          <dd>{report.emailVerified ? t.testLogin.emailVerified : t.testLogin.emailUnverified}</dd>
        </>
      )}
    </dl>
  );
}

function AttributeTable({ report }: { report: TestLoginReport }) {
  const c = t.testLogin.columns;
  return (
    <TableScroll label={t.testLogin.attributesTitle}>
      <table className="test-attributes">
        <caption>{t.testLogin.attributesTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{c.attribute}</th>
            <th scope="col">{c.claim}</th>
            <th scope="col">{c.value}</th>
            <th scope="col">{c.status}</th>
          </tr>
        </thead>
        <tbody>
          {report.attributes.map((row) => (
            <tr key={row.attribute} className={`attribute-${row.status}`}>
              <th scope="row">
                <code>{row.attribute}</code>
              </th>
              <td>{row.claim ?? <span className="muted">{t.testLogin.notMapped}</span>}</td>
              <td>{row.value ?? <span className="muted">{t.testLogin.noValue}</span>}</td>
              <td>{t.testLogin.status[row.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

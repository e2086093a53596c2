import type { ReactNode } from 'react';
import { t } from '../messages.ts';

/** The page frame: skip link, header, one <main> landmark, footer. */
export function Layout({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="page">
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="site-header">
        <span className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          {t.app.name}
        </span>
        {aside}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">{t.app.footer}</footer>
    </div>
  );
}

/** A titled message page; its heading takes focus so screen readers announce the new page. */
export function MessagePage({ title, children, tone = 'info' }: { title: string; children: ReactNode; tone?: 'info' | 'error' }) {
  return (
    <section className={`panel panel-${tone}`} aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {title}
      </h1>
      {children}
    </section>
  );
}

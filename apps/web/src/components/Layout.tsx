import type { ReactNode } from 'react';
import { t } from '../messages.ts';
import { accentStyle, Brand, type BrandView, GATEHOUSE_BRAND } from './Brand.tsx';

/**
 * The page frame: skip link, header, one <main> landmark, footer. `brand` is the operator's branding on
 * the wizard's pages; null while it loads (the header then names nothing rather than flashing Gatehouse).
 */
export function Layout({
  children,
  aside,
  brand = GATEHOUSE_BRAND,
}: {
  children: ReactNode;
  aside?: ReactNode;
  brand?: BrandView | null;
}) {
  return (
    <div className={brand?.accentColor ? 'page branded' : 'page'} style={brand ? accentStyle(brand) : undefined}>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="site-header">
        {brand ? <Brand brand={brand} /> : <span className="brand" />}
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

import type { CSSProperties } from 'react';
import { t } from '../messages.ts';

/** What the header shows: Gatehouse's mark and name, or an operator's product name and logo. */
export interface BrandView {
  name: string;
  logo: string | null;
  accentColor: string | null;
}

export const GATEHOUSE_BRAND: BrandView = { name: t.app.name, logo: null, accentColor: null };

/** The header's brand: the logo (named by the product name for screen readers) and the name. */
export function Brand({ brand }: { brand: BrandView }) {
  return (
    <span className="brand">
      {brand.logo ? (
        <img className="brand-logo" src={brand.logo} alt={brand.name} height="32" />
      ) : (
        <img src="/favicon.svg" alt="" width="24" height="24" />
      )}
      {/* With a logo its alt text already says the name; the visible name is then for sighted readers. */}
      <span aria-hidden={brand.logo ? true : undefined}>{brand.name}</span>
    </span>
  );
}

/**
 * The accent of an operator's branding as a CSS variable for the frame. Only solid buttons use it,
 * with white text, which the API checked reads at 4.5:1 or more: whatever the theme, that pair is the same.
 */
export function accentStyle(brand: BrandView): CSSProperties | undefined {
  return brand.accentColor ? ({ '--brand-accent': brand.accentColor } as CSSProperties) : undefined;
}

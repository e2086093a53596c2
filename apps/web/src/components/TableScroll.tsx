import type { ReactNode } from 'react';

/**
 * A table's frame: when the table is wider than its panel (a narrow phone, a long value, code opened in
 * a cell), it scrolls inside the frame and the page keeps the viewport's width. The frame is focusable
 * and named so a keyboard user can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard.
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

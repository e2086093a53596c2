import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../messages.ts';
import { MessagePage } from './Layout.tsx';

interface State {
  error: Error | null;
  reference: string | null;
}

/** Catches rendering failures and shows a page the reader can act on instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, reference: null };

  static getDerivedStateFromError(error: Error): State {
    const reference = (error as { requestId?: string | null }).requestId ?? Math.random().toString(36).slice(2, 10);
    return { error, reference };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Gatehouse UI error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <MessagePage title={t.errors.unexpectedTitle} tone="error">
        <p>{t.errors.unexpectedBody}</p>
        <p>
          {t.errors.reference}: <code>{this.state.reference}</code>
        </p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t.errors.reload}
        </button>
      </MessagePage>
    );
  }
}

import { type TestLoginReport, testLoginReportSchema } from '@gatehouse/core';
import { useMutation } from '@tanstack/react-query';
import { client } from './client.ts';

/** The popup's landing page tells the wizard on this channel (same origin), then closes itself. */
export const TEST_LOGIN_CHANNEL = 'gatehouse-test-login';
export const TEST_LOGIN_WINDOW = 'gatehouse-test-login';

export interface TestLoginMessage {
  connection: string | null;
  error: string | null;
}

export function useStartTestLogin(connectionId: string) {
  return useMutation({
    mutationFn: (options: { freshSignIn?: boolean } = {}) =>
      client.call('POST /v1/setup/connections/{id}/test-login', {
        params: { id: connectionId },
        body: options.freshSignIn ? { freshSignIn: true } : undefined,
      }),
  });
}

/**
 * Opens the sign-in window at once, inside the click, so no popup blocker stops it; its address is set
 * when the API answers. Returns null when the browser refused a popup: the caller then navigates.
 */
export function openBlankPopup(): Window | null {
  const width = 520;
  const height = 680;
  const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - height) / 2);
  return window.open('about:blank', TEST_LOGIN_WINDOW, `popup,width=${width},height=${height},left=${left},top=${top}`);
}

/** The stored report, or null when it does not have the expected shape (an older or foreign record). */
export function readReport(report: unknown): TestLoginReport | null {
  const parsed = testLoginReportSchema.safeParse(report);
  return parsed.success ? parsed.data : null;
}

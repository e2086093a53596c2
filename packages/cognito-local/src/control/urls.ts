const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * Whether Cognito would accept this app-client callback or sign-out URL: absolute, no fragment, https, or
 * http on localhost (Cognito's one exception). http on 127.0.0.1 and [::1] passes only when the local
 * stack asks for it.
 */
export function isAcceptableRedirectUrl(value: string, allowLoopbackHttp: boolean): boolean {
  const url = parse(value);
  if (!url || value.includes('#')) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') {
    // Custom schemes serve native apps; Cognito accepts them.
    return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) && url.protocol !== 'javascript:' && url.protocol !== 'data:';
  }
  if (url.hostname === 'localhost') return true;
  return allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Whether Cognito would call this IdP URL: https on port 443 or 80 (Cognito's documented rule), or, when the
 * local stack allows it, plain http to a loopback address on any port.
 */
export function isAcceptableIdpUrl(value: string, allowLoopbackHttp: boolean): boolean {
  const url = parse(value);
  if (!url || url.username || url.password) return false;
  if (url.protocol === 'https:') return url.port === '' || url.port === '443' || url.port === '80';
  return allowLoopbackHttp && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

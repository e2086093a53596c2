/**
 * A minimal browser for driving the IdPs over HTTP: keeps cookies by name (every server here is on
 * 127.0.0.1, where browsers share one jar across ports) and follows redirects by hand so a test can stop
 * where the IdP hands control back to the relying party.
 */
export class UserAgent {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until one leaves for a URL starting with `stopAt`, or a page is returned. */
  async follow(
    url: string,
    stopAt: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ location?: string; response: Response }> {
    let response = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response };
      const next = new URL(location, current).toString();
      if (next.startsWith(stopAt)) return { location: next, response };
      current = next;
      response = await this.request(next);
    }
    throw new Error('too many redirects');
  }
}

/** The sign-in form of a login page: where it posts and the hidden fields it carries. */
export function parseLoginForm(html: string): { action: string; hidden: Record<string, string>; usernames: string[] } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no sign-in form on the page');
  const hidden: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    hidden[decodeEntities(match[1] ?? '')] = decodeEntities(match[2] ?? '');
  }
  const usernames = [...html.matchAll(/<button type="submit" name="username" value="([^"]+)">Sign in as /g)].map((m) =>
    decodeEntities(m[1] ?? ''),
  );
  return { action: decodeEntities(action), hidden, usernames };
}

function decodeEntities(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

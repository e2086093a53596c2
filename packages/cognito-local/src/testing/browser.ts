/**
 * Just enough of a browser to walk a sign-in over real HTTP: it follows redirects, keeps cookies (every local
 * server shares 127.0.0.1, so one jar), clicks "Sign in as <user>" on an IdP's login page and submits the
 * IdP's auto-posting SAML form, or fills in managed login's user name and password form, and stops at the
 * app's redirect_uri without loading it.
 */
export class MiniBrowser {
  private readonly cookies = new Map<string, string>();
  /** Every URL requested, in order. */
  readonly visited: string[] = [];

  constructor(private readonly stopAt: string) {}

  private async request(url: string, init: RequestInit = {}): Promise<Response> {
    this.visited.push(url);
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects until a page, or until the app's redirect_uri (returned, not loaded). */
  private async follow(response: Response, from: string): Promise<{ finalUrl?: string; response: Response; url: string }> {
    let url = from;
    for (let step = 0; step < 20; step++) {
      const location = response.headers.get('location');
      if (!(response.status >= 300 && response.status < 400 && location)) return { response, url };
      url = new URL(location, url).toString();
      if (url.startsWith(this.stopAt)) return { finalUrl: url, response, url };
      response = await this.request(url);
    }
    throw new Error(`too many redirects: ${this.visited.join(' -> ')}`);
  }

  /**
   * Signs a native user in with managed login's form, starting from an /oauth2/authorize URL: fills in
   * "Username" and "Password" and presses "Sign in", and, when managed login asks a user with a temporary
   * password for a new one, gives `options.newPassword`. Returns the URL the app was sent to, or the status
   * and body of the page the walk stopped on (the form again, with the error in its role="alert" element).
   */
  async signInWithPassword(
    startUrl: string,
    username: string,
    password: string,
    options: { newPassword?: string } = {},
  ): Promise<{ finalUrl?: string; status: number; body?: string }> {
    const page = await this.follow(await this.request(startUrl), startUrl);
    if (page.finalUrl) return { finalUrl: page.finalUrl, status: page.response.status };
    let body = await page.response.text();
    let status = page.response.status;
    let url = page.url;
    let fields: Record<string, string> = { username, password };
    for (let step = 0; step < 2; step++) {
      const form = /<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(body);
      if (!form) return { status, body };
      const action = new URL(decode(form[1] ?? ''), url).toString();
      const data = new URLSearchParams();
      for (const input of (form[2] ?? '').matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"/gi)) {
        data.set(decode(input[1] ?? ''), decode(input[2] ?? ''));
      }
      for (const [name, value] of Object.entries(fields)) data.set(name, value);
      const posted = await this.request(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: data.toString(),
      });
      const done = await this.follow(posted, action);
      if (done.finalUrl) return { finalUrl: done.finalUrl, status: done.response.status };
      status = done.response.status;
      body = await done.response.text();
      url = done.url;
      // A temporary password: managed login asks for a new one.
      if (status !== 200 || options.newPassword === undefined || !/name="newPassword"/.test(body)) return { status, body };
      fields = { newPassword: options.newPassword };
    }
    return { status, body };
  }

  /**
   * Signs in as `username` starting from an /oauth2/authorize URL; returns the URL the app was sent to, or
   * the status and body of the page the walk stopped on.
   */
  async signIn(startUrl: string, username: string): Promise<{ finalUrl?: string; status: number; body?: string }> {
    let response = await this.request(startUrl);
    let url = startUrl;
    let clicked = false;
    for (let step = 0; step < 20; step++) {
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).toString();
        if (url.startsWith(this.stopAt)) return { finalUrl: url, status: response.status };
        response = await this.request(url);
        continue;
      }
      const body = await response.text();
      const form = /<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(body);
      if (!form || response.status !== 200) return { status: response.status, body };
      const action = new URL(decode(form[1] ?? ''), url).toString();
      const fields = new URLSearchParams();
      for (const input of (form[2] ?? '').matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"/gi)) {
        fields.set(decode(input[1] ?? ''), decode(input[2] ?? ''));
      }
      if (body.includes(`Sign in as ${username}`) && !clicked) {
        fields.set('username', username);
        clicked = true;
      } else if (!fields.has('SAMLResponse')) {
        return { status: response.status, body };
      }
      url = action;
      response = await this.request(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      });
    }
    throw new Error(`sign-in did not finish: ${this.visited.join(' -> ')}`);
  }
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

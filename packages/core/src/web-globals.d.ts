// The WHATWG URL class exists in browsers and in Node alike; core declares only what it uses rather than
// pulling in the DOM or Node type libraries, which would let other globals slip in unnoticed.
declare class URL {
  constructor(url: string, base?: string | URL);
  hash: string;
  host: string;
  hostname: string;
  href: string;
  origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  username: string;
  toString(): string;
}

// Base64 and UTF-8 decoding, for reading pasted SAML responses and ID tokens.
declare function atob(data: string): string;
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

import ipaddr from 'ipaddr.js';

/** How one dialled address is judged. */
export type AddressVerdict = 'public' | 'loopback' | 'private' | 'forbidden';

// Ranges a local test IdP may sit in when private networks are allowed. Everything else that is not
// global unicast (link-local and the cloud metadata address, unspecified, multicast, NAT64, 6to4, Teredo,
// IPv4-mapped IPv6, documentation and reserved blocks) stays refused even then.
const PRIVATE_RANGES = new Set(['private', 'uniqueLocal', 'carrierGradeNat']);

/**
 * Classifies an IP address (any spelling the WHATWG URL parser or a resolver produces). Only `public`
 * addresses may be dialled in production; `loopback` and `private` only with the private-network setting.
 */
export function classifyAddress(address: string): AddressVerdict {
  const literal = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(literal)) return 'forbidden';
  const parsed = ipaddr.parse(literal);
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  if (range === 'loopback') return 'loopback';
  if (PRIVATE_RANGES.has(range)) return 'private';
  return 'forbidden';
}

/** True when `hostname` (as in a parsed URL) is an IP literal rather than a name to resolve. */
export function isIpLiteral(hostname: string): boolean {
  const literal = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(literal) && (literal.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(literal));
}

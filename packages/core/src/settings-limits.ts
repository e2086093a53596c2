/**
 * Defaults and bounds of the API's settings, without zod: the API parses its environment with them on
 * every cold start, and must not load the schema library to do so.
 */

/** How long a setup link stays valid unless the operator says otherwise. */
export const DEFAULT_SETUP_LINK_TTL_HOURS = 72;
/** The longest a setup link may live: a month. Longer-lived bearer links are a liability. */
export const MAX_SETUP_LINK_TTL_HOURS = 24 * 30;
/** How long a verified domain's TXT record may be missing before its routing is withdrawn. */
export const DEFAULT_DOMAIN_REVERIFY_GRACE_HOURS = 72;

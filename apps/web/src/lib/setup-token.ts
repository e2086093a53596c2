/** Matches the path of a setup link: /setup/gsl_… */
const SETUP_LINK_PATH = /^\/setup\/(gsl_[^/?#]*)\/?$/;

/**
 * Takes a setup-link token out of the address bar before anything else runs, so it does not linger in
 * history, bookmarks or screenshots. Returns the token, or null when the page is not a setup link.
 */
export function takeSetupTokenFromUrl(location: Location, history: History): string | null {
  const match = SETUP_LINK_PATH.exec(location.pathname);
  if (!match?.[1]) return null;
  history.replaceState(null, '', '/setup');
  return match[1];
}

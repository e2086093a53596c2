/** The client-side routes of the web app: CloudFront answers every path under them with index.html. */
export const SPA_ROUTE_PREFIXES = ['/setup', '/admin'] as const;

/**
 * CloudFront Function (viewer request, cloudfront-js-2.0) that serves index.html for the web app's own
 * routes. A distribution-wide 403/404 error page would do the same for the static files but would also
 * turn the API's JSON 404s under /v1 into HTML, so the rewrite happens only for these prefixes.
 */
export const SPA_ROUTING_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var prefixes = ${JSON.stringify(SPA_ROUTE_PREFIXES)};
  for (var i = 0; i < prefixes.length; i++) {
    if (uri === prefixes[i] || uri.indexOf(prefixes[i] + '/') === 0) {
      request.uri = '/index.html';
      break;
    }
  }
  return request;
}`;

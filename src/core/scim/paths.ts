// Request paths a SCIM client builds: a /Users filter query.

/** `GET /Users?filter=…` path with the filter URL-encoded. */
export function filterPath(filter: string, extra = '&startIndex=1&count=100'): string {
  return `/Users?filter=${encodeURIComponent(filter)}${extra}`;
}

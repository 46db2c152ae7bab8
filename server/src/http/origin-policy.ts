/**
 * Browser origins we accept: the server's own (the Host the request was sent to) and the configured
 * ones. A request without an Origin header is not from a cross-site page (curl, mobile app, server).
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

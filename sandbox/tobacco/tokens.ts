// OAuth2 client credentials as the router's auth server does it (reference README "Token"):
// POST /token?grant_type=client_credentials with HTTP Basic client_id:secret →
// {access_token, expires_in}. Messages then carry the raw token in Authorization (no
// "Bearer" in the real clients; "Bearer <token>" is accepted too, a sandbox leniency).

/** client_id and secret from an HTTP Basic header, or undefined when it is not one. */
export function parseBasicAuth(header: string | undefined): { clientId: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The token of a message request's Authorization header. */
export function bearerOrRaw(header: string | undefined): string | undefined {
  const v = header?.trim();
  if (!v) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(v);
  return m ? m[1] : v;
}

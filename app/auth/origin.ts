// Is this non-GET request from our own pages? Shared by the server's front door and every action.

/** The origin we expect: the configured one, else the scheme and Host of the request itself. */
export function expectedOrigin(configured: string | undefined, protocol: string, host: string | null): string | null {
  if (configured) return configured;
  return host ? `${protocol.replace(/:$/, "")}://${host}` : null;
}

export function isTrustedOrigin(origin: string | null, expected: string | null): boolean {
  return !!origin && !!expected && origin === expected;
}

export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

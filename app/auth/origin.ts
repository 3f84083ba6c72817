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

/**
 * Remix's own check before any action (server-runtime's throwIfPotentialCSRFAttack): the Origin's host must be
 * the first X-Forwarded-Host, else the Host. When it is not, Remix answers a bare 500; the front door asks
 * first and answers 403 with the reason (a proxy that rewrites Host and sends no X-Forwarded-Host).
 */
export function originMatchesHost(origin: string | null, host: string | null, forwardedHost: string | null): boolean {
  if (!origin || origin === "null") return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const target = forwardedHost?.split(",")[0]?.trim() || host;
  return !!target && target === originHost;
}

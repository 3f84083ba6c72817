// The Content-Security-Policy nonce of this response (set by entry.server), for Remix's inline scripts.
// In the browser it is empty: the scripts have run by the time React hydrates.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}

// Acting on behalf (代办): while a helper acts for a resident, every audit entry written by the act names the
// helper beside the resident (audit_log.acted_by). The route that runs an allowed act wraps the command in
// `asResident`; appendAudit reads the helper from here, so no command needs to know.
import { AsyncLocalStorage } from "node:async_hooks";

const acting = new AsyncLocalStorage<{ helperId: number }>();

/** Runs `fn` as the resident, with every audit entry it writes recorded "by the helper for the resident". */
export function asResident<T>(viewer: { onBehalf: { helperId: number } | null }, fn: () => Promise<T>): Promise<T> {
  return viewer.onBehalf ? acting.run({ helperId: viewer.onBehalf.helperId }, fn) : fn();
}

/** The helper acting now, or null. */
export function actingHelper(): number | null {
  return acting.getStore()?.helperId ?? null;
}

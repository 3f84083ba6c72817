// What an action answers when it refuses (built by ~/web/actions.server); a plain module so components can name it.
import type { Msg } from "~/i18n/index";
import type { FieldErrors } from "~/web/forms";

export interface ActionFailure {
  ok: false;
  formError: Msg | null;
  fieldErrors: FieldErrors;
  intent?: string;
  /** What was typed, so a refused form (JavaScript off) comes back filled in. Passwords are never echoed. */
  values?: Record<string, string>;
}

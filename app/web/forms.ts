// The shape of a form's refusal, shared by pages and actions. The parsing itself (zod) lives in
// forms.server.ts, so that no validation library is sent to phones.
import type { Msg } from "~/i18n/index";

export type FieldErrors = Partial<Record<string, Msg>>;

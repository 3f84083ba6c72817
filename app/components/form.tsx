import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldErrors } from "~/forms";
import { type MessageKey, type Msg, useT } from "~/i18n";

interface FieldProps {
  name: string;
  label: MessageKey;
  hint?: MessageKey;
  type?: string;
  errors?: FieldErrors;
  /** What was typed before a refused submit, to fill the field again. */
  values?: Record<string, string>;
  defaultValue?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "tel" | "text";
  required?: boolean;
  maxLength?: number;
  id?: string;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({ name, label, hint, type = "text", errors, values, defaultValue, autoComplete, inputMode, required = true, maxLength, id }: FieldProps) {
  const t = useT();
  const fieldId = id ?? `f-${name}`;
  const error = errors?.[name];
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{t(label)}</label>
      {hint ? (
        <span className="hint" id={`${fieldId}-hint`}>
          {t(hint)}
        </span>
      ) : null}
      <input
        id={fieldId}
        name={name}
        type={type}
        defaultValue={defaultValue ?? (type === "password" ? undefined : values?.[name])}
        autoComplete={autoComplete}
        inputMode={inputMode}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <span className="error" id={`${fieldId}-error`}>
          {t.msg(error)}
        </span>
      ) : null}
    </div>
  );
}

export function FieldError({ name, errors }: { name: string; errors?: FieldErrors }) {
  const t = useT();
  const error = errors?.[name];
  return error ? <span className="error">{t.msg(error)}</span> : null;
}

export function FormAlert({ msg }: { msg?: Msg | null }) {
  const t = useT();
  if (!msg) return null;
  return (
    <p className="alert" role="alert">
      {t.msg(msg)}
    </p>
  );
}

/** A submit button that says it is working while the form is in flight (when JavaScript is on). */
export function Submit({ children, name, value, className }: { children: ReactNode; name?: string; value?: string; className?: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (!name || navigation.formData?.get(name) === value);
  return (
    <button type="submit" name={name} value={value} className={className} disabled={busy}>
      {busy ? t("common.submitting") : children}
    </button>
  );
}

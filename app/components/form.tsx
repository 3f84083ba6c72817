import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldErrors } from "~/web/forms";
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

/** The phone number a person signs in or registers with (its hint says what form it takes). */
export function PhoneField({ errors, values }: { errors?: FieldErrors; values?: Record<string, string> }) {
  return (
    <Field name="phone" label="field.phone" hint="hint.phone" type="tel" inputMode="tel" autoComplete="tel" errors={errors} values={values} maxLength={20} />
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

/** A submit button on a line of its own, below the fields of a form. */
export function SubmitRow(props: { children: ReactNode; name?: string; value?: string }) {
  return (
    <div>
      <Submit name={props.name} value={props.value}>
        {props.children}
      </Submit>
    </div>
  );
}

/**
 * A refusal or ending that needs a reason: folded away under its summary until wanted, and opened again
 * (with the reason typed) when the server refused it.
 */
export function ReasonForm(props: {
  summary: string;
  label: string;
  hidden: Record<string, string | number>;
  submit: { name?: string; value?: string };
  failed?: { values?: Record<string, string>; fieldErrors?: FieldErrors } | null;
  idSuffix: string | number;
}) {
  const id = `reason-${props.idSuffix}`;
  return (
    <details className="inline" open={props.failed ? true : undefined}>
      <summary>{props.summary}</summary>
      <Form method="post" className="stack">
        {Object.entries(props.hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div className="field">
          <label htmlFor={id}>{props.label}</label>
          <input
            id={id}
            name="reason"
            required
            maxLength={200}
            defaultValue={props.failed?.values?.reason}
            aria-invalid={props.failed?.fieldErrors?.reason ? true : undefined}
          />
          <FieldError name="reason" errors={props.failed?.fieldErrors} />
        </div>
        <div>
          <Submit name={props.submit.name} value={props.submit.value} className="secondary">
            {props.summary}
          </Submit>
        </div>
      </Form>
    </details>
  );
}

/** A one-field form that adds something by name; `intent` picks the branch of the action. */
export function NameForm({
  intent,
  label,
  failed,
}: {
  intent: string;
  label: string;
  failed?: { intent?: string; values?: Record<string, string>; fieldErrors?: FieldErrors } | null;
}) {
  const t = useT();
  const mine = failed?.intent === intent ? failed : null;
  const id = `f-${intent}`;
  return (
    <Form method="post" className="row">
      <div className="field grow">
        <label htmlFor={id}>{label}</label>
        <input id={id} name="name" required maxLength={40} defaultValue={mine?.values?.name} aria-invalid={mine?.fieldErrors?.name ? true : undefined} />
        <FieldError name="name" errors={mine?.fieldErrors} />
      </div>
      <Submit name="intent" value={intent}>
        {t("common.save")}
      </Submit>
    </Form>
  );
}

/**
 * One field of a filter form (a plain GET form): a labelled select whose first option is the unfiltered one
 * ("全部", value "" unless given), then each choice.
 */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  value: string | number;
  first: { label: string; value?: string };
  options: readonly { value: string | number; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value}>
        <option value={props.first.value ?? ""}>{props.first.label}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

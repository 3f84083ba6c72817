// The forms a level uses to move a request: a one-button move, and a department's send-back.
import { Form } from "@remix-run/react";
import { FieldError, Submit } from "~/components/form";
import type { RequestAction } from "~/domain/request-flow";
import type { FieldErrors } from "~/web/forms";
import { useT } from "~/i18n";

export function MoveButton({ action, label }: { action: RequestAction; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="action" value={action} />
      <Submit>{label}</Submit>
    </Form>
  );
}

export type Failure = { values?: Record<string, string>; fieldErrors?: FieldErrors } | null;

/** A department sends the request back to its street with a reason, and may name the department it belongs to. */
export function SendBackForm({ departments, failed }: { departments: readonly { id: number; name: string }[]; failed: Failure }) {
  const t = useT();
  return (
    <details className="inline" open={failed ? true : undefined}>
      <summary>{t("ract.send_back")}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="action" value="send_back" />
        <div className="field">
          <label htmlFor="reason-send_back">{t("request.reasonField")}</label>
          <input
            id="reason-send_back"
            name="reason"
            required
            maxLength={200}
            defaultValue={failed?.values?.reason}
            aria-invalid={failed?.fieldErrors?.reason ? true : undefined}
          />
          <FieldError name="reason" errors={failed?.fieldErrors} />
        </div>
        {departments.length ? (
          <div className="field">
            <label htmlFor="suggest-department">{t("request.suggestField")}</label>
            <select
              id="suggest-department"
              name="department"
              defaultValue={failed?.values?.department ?? ""}
              aria-invalid={failed?.fieldErrors?.department ? true : undefined}
            >
              <option value="">{t("request.noSuggestion")}</option>
              {departments.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
            <FieldError name="department" errors={failed?.fieldErrors} />
          </div>
        ) : null}
        <div>
          <Submit className="secondary">{t("ract.send_back")}</Submit>
        </div>
      </Form>
    </details>
  );
}

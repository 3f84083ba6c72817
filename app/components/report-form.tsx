// The direct-report form (随手拍) and the likely duplicates offered before it is sent. Works without JavaScript:
// the first submit shows the duplicates; the second, with "submit anyway", files the report.
import { Form, Link } from "@remix-run/react";
import { Field, FieldError, FormAlert, Submit } from "~/components/form";
import { REPORT_LIMITS } from "~/domain/report-duplicates";
import { SUBCATEGORIES } from "~/domain/request-kinds";
import type { ActionFailure } from "~/web/action-failure";
import { useT } from "~/i18n";

interface Page {
  compound: { id: number; name: string };
  buildings: { id: number; name: string }[];
  subcategories: readonly (keyof typeof SUBCATEGORIES)[];
}

interface Duplicate {
  id: number;
  title: string;
  building: string | null;
  spot: string | null;
  supporters: number;
  level: string;
}

export function DuplicateList({ duplicates }: { duplicates: Duplicate[] }) {
  const t = useT();
  return (
    <section aria-labelledby="h-dups" className="card" data-testid="duplicates">
      <h2 id="h-dups">{t("direct.duplicates")}</h2>
      <p className="muted">{t("direct.duplicatesHint")}</p>
      <ul className="plain stack">
        {duplicates.map((d) => (
          <li key={d.id} className="row">
            <Link to={`/requests/${d.id}`}>
              #{d.id} {d.title}
            </Link>
            <span className="muted">
              {d.building ?? d.spot ?? ""} · {t("direct.supporters", { n: d.supporters })}
            </span>
            <Form method="post" action={`/requests/${d.id}/support`}>
              <Submit className="secondary">{t("direct.plusOne")}</Submit>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ReportForm({ page, failed, values, confirm }: { page: Page; failed?: ActionFailure; values?: Record<string, string>; confirm: boolean }) {
  const t = useT();
  const errors = failed?.fieldErrors;
  const v = values ?? failed?.values;
  return (
    <Form method="post" encType="multipart/form-data" className="stack">
      <FormAlert msg={failed?.formError} />
      <div className="field">
        <label htmlFor="f-subcategory">{t("direct.subcategory")}</label>
        <select id="f-subcategory" name="subcategory" required defaultValue={v?.subcategory ?? "repair"}>
          {page.subcategories.map((s) => (
            <option key={s} value={s}>
              {t(`category.${SUBCATEGORIES[s]}`)} · {t(`sub.${s}`)}
            </option>
          ))}
        </select>
        <FieldError name="subcategory" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="f-building">{t("direct.building")}</label>
        <select id="f-building" name="building" defaultValue={v?.building ?? ""} aria-invalid={errors?.building ? true : undefined}>
          <option value="">{t("direct.noBuilding")}</option>
          {page.buildings.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <FieldError name="building" errors={errors} />
      </div>
      <Field name="spot" label="direct.spot" hint="direct.spotHint" required={false} maxLength={REPORT_LIMITS.spot} errors={errors} values={v} />
      <Field name="title" label="direct.titleField" maxLength={REPORT_LIMITS.title} errors={errors} values={v} />
      <div className="field">
        <label htmlFor="f-body">{t("direct.body")}</label>
        <textarea
          id="f-body"
          name="body"
          rows={5}
          required
          maxLength={REPORT_LIMITS.body}
          defaultValue={v?.body}
          aria-invalid={errors?.body ? true : undefined}
        />
        <FieldError name="body" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="f-evidence">{t("direct.photos", { max: REPORT_LIMITS.photos })}</label>
        <input id="f-evidence" name="evidence" type="file" accept="image/*" multiple />
        <FieldError name="evidence" errors={errors} />
      </div>
      {confirm ? <input type="hidden" name="confirm" value="1" /> : null}
      <div>
        <Submit>{t(confirm ? "direct.submitAnyway" : "direct.submit")}</Submit>
      </div>
    </Form>
  );
}

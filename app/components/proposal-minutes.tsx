// A proposal's minutes and meeting records, and the form a coordinator records them with.
import { Form } from "@remix-run/react";
import { type MessageKey, formatDateTime, useLocale, useT } from "~/i18n";
import { FormAlert, Submit } from "./form";

export interface MinutesItem {
  id: number;
  kind: "minutes" | "meeting";
  html: string;
  date: string | null;
  place: string | null;
  attendance: number | null;
  author: string;
  at: string;
}

interface Failure {
  intent?: string;
  formError?: { key: MessageKey } | null;
  values?: Record<string, string>;
}

export function MinutesSection({ minutes, canRecord, failed }: { minutes: readonly MinutesItem[]; canRecord: boolean; failed?: Failure }) {
  const t = useT();
  const locale = useLocale();
  const mine = failed?.intent === "minutes" ? failed : undefined;
  return (
    <section aria-labelledby="minutes" className="card">
      <h2 id="minutes">{t("minutes.title")}</h2>
      {minutes.length === 0 ? <p>{t("minutes.none")}</p> : null}
      {minutes.map((m) => (
        <article key={m.id} aria-label={t(m.kind === "meeting" ? "minutes.kindMeeting" : "minutes.kindMinutes")}>
          <h3>
            {t(m.kind === "meeting" ? "minutes.kindMeeting" : "minutes.kindMinutes")}{" "}
            <span className="muted">
              · {m.author} · {formatDateTime(m.at, locale)}
            </span>
          </h3>
          {m.kind === "meeting" ? <p>{t("minutes.meetingLine", { date: m.date ?? "", place: m.place ?? "", attendance: m.attendance ?? 0 })}</p> : null}
          <div className="prose" dangerouslySetInnerHTML={{ __html: m.html }} />
        </article>
      ))}
      {canRecord ? (
        <details className="inline" open={mine ? true : undefined}>
          <summary>{t("minutes.record")}</summary>
          <Form method="post" className="stack wide">
            <input type="hidden" name="intent" value="minutes" />
            {mine ? <FormAlert msg={mine.formError} /> : null}
            <div className="field">
              <label htmlFor="m-kind">{t("minutes.kind")}</label>
              <select id="m-kind" name="kind" defaultValue={failed?.values?.kind}>
                <option value="minutes">{t("minutes.kindMinutes")}</option>
                <option value="meeting">{t("minutes.kindMeeting")}</option>
              </select>
            </div>
            <div className="row">
              <div className="field">
                <label htmlFor="m-date">{t("minutes.date")}</label>
                <input id="m-date" name="date" type="date" defaultValue={failed?.values?.date} />
              </div>
              <div className="field grow">
                <label htmlFor="m-place">{t("minutes.place")}</label>
                <input id="m-place" name="place" maxLength={80} defaultValue={failed?.values?.place} />
              </div>
              <div className="field">
                <label htmlFor="m-attendance">{t("minutes.attendance")}</label>
                <input id="m-attendance" name="attendance" type="number" min={0} defaultValue={failed?.values?.attendance} />
              </div>
            </div>
            <div className="field">
              <label htmlFor="m-body">{t("minutes.body")}</label>
              <textarea id="m-body" name="body" rows={6} required defaultValue={failed?.values?.body} />
            </div>
            <div>
              <Submit>{t("minutes.record")}</Submit>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireAllowed, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FieldError, FormAlert, Submit } from "~/components/form";
import { TableForm } from "~/components/table-wrap";
import { canAdminister } from "~/domain/permissions";
import { LEVELS } from "~/domain/request-flow";
import { isCalendarDate } from "~/domain/working-days";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, optionalText, parseForm } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { rulesPage } from "~/features/requests/page.server";
import { addCalendarDay, removeCalendarDay, setDeadlines } from "~/features/requests/rules-commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.rules");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  return rulesPage();
}

const daysField = () => z.coerce.number({ invalid_type_error: "rules.daysRange" }).int("rules.daysRange").min(0, "rules.daysRange").max(60, "rules.daysRange");
const deadlineSchema = () =>
  z.object(
    Object.fromEntries(
      LEVELS.flatMap((l) => [
        [`accept-${l}`, daysField()],
        [`complete-${l}`, daysField()],
      ]),
    ) as Record<string, ReturnType<typeof daysField>>,
  );
const dateField = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "v.date")
    .refine(isCalendarDate, "v.date");
const daySchema = () => z.object({ date: dateField(), kind: choice(["holiday", "workday"] as const), note: optionalText(40) });
const removeSchema = () => z.object({ date: dateField() });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "deadlines") {
    const parsed = parseForm(deadlineSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const rows = LEVELS.map((l) => ({ level: l, acceptDays: parsed.data[`accept-${l}`], completeDays: parsed.data[`complete-${l}`] }));
    const r = await attempt(() => setDeadlines(viewer.actor, rows, now()), intent, form);
    return r.ok ? redirectWithFlash("/admin/rules", { key: "rules.saved" }) : r.response;
  }
  if (intent === "add-day") {
    const parsed = parseForm(daySchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(
      () => addCalendarDay(viewer.actor, { date: parsed.data.date, kind: parsed.data.kind, note: parsed.data.note ?? "" }, now()),
      intent,
      form,
    );
    return r.ok ? redirectWithFlash("/admin/rules", { key: "rules.dayAdded", vars: { date: parsed.data.date } }) : r.response;
  }
  if (intent === "remove-day") {
    const parsed = parseForm(removeSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(() => removeCalendarDay(viewer.actor, parsed.data.date, now()), intent, form);
    return r.ok ? redirectWithFlash("/admin/rules", { key: "rules.dayRemoved", vars: { date: parsed.data.date } }) : r.response;
  }
  return invalid({ intent: { key: "v.choice" } }, intent, form);
}

export default function Rules() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const mine = (intent: string) => (failed?.intent === intent ? failed : null);
  const dl = mine("deadlines");
  const add = mine("add-day");
  return (
    <>
      <h1>{t("rules.title")}</h1>
      <FormAlert msg={failed?.formError} />
      <section aria-labelledby="h-deadlines">
        <h2 id="h-deadlines">{t("rules.deadlines")}</h2>
        <TableForm label={t("rules.deadlines")} columns={[t("rules.level"), t("rules.acceptDays"), t("rules.completeDays")]} hidden={{ intent: "deadlines" }}>
          {d.deadlines.map((x) => (
            <tr key={x.level}>
              <th scope="row">{t(`level.${x.level}`)}</th>
              {(["accept", "complete"] as const).map((k) => {
                const name = `${k}-${x.level}`;
                return (
                  <td key={k}>
                    <input
                      name={name}
                      type="number"
                      min={0}
                      max={60}
                      required
                      aria-label={`${t(`level.${x.level}`)} ${t(k === "accept" ? "rules.acceptDays" : "rules.completeDays")}`}
                      defaultValue={dl?.values?.[name] ?? (k === "accept" ? x.acceptDays : x.completeDays)}
                      aria-invalid={dl?.fieldErrors?.[name] ? true : undefined}
                    />
                    <FieldError name={name} errors={dl?.fieldErrors} />
                  </td>
                );
              })}
            </tr>
          ))}
        </TableForm>
      </section>
      <section aria-labelledby="h-calendar">
        <h2 id="h-calendar">{t("rules.calendar")}</h2>
        <p className="muted">{t("rules.calendarHint")}</p>
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="add-day" />
          <div className="field">
            <label htmlFor="date">{t("rules.date")}</label>
            <input id="date" name="date" type="date" required defaultValue={add?.values?.date} aria-invalid={add?.fieldErrors?.date ? true : undefined} />
            <FieldError name="date" errors={add?.fieldErrors} />
          </div>
          <div className="field">
            <label htmlFor="kind">{t("rules.kind")}</label>
            <select id="kind" name="kind" defaultValue={add?.values?.kind ?? "holiday"}>
              <option value="holiday">{t("rules.kind.holiday")}</option>
              <option value="workday">{t("rules.kind.workday")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="note">{t("rules.note")}</label>
            <input id="note" name="note" maxLength={40} defaultValue={add?.values?.note} />
          </div>
          <Submit>{t("rules.addDay")}</Submit>
        </Form>
        {d.days.length === 0 ? (
          <p className="muted">{t("rules.noDays")}</p>
        ) : (
          <ul className="plain">
            {d.days.map((day) => (
              <li key={day.date} className="row">
                <span>
                  {day.date} · {t(`rules.kind.${day.kind}`)} {day.note ? `· ${day.note}` : ""}
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-day" />
                  <input type="hidden" name="date" value={day.date} />
                  <button type="submit" className="linkbutton" aria-label={t("rules.removeDay", { date: day.date })}>
                    {t("common.delete")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { idParam, readForm, requireActionViewer, requireBehalfAct, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { asResident } from "~/features/audit/acting.server";
import { now } from "~/clock.server";
import { FieldError, FormAlert, ReasonForm, Submit } from "~/components/form";
import { MoveButton, SendBackForm } from "~/components/request-forms";
import { OriginCrumbs, ReportOrigin } from "~/components/request-origin";
import { RATINGS, type Rating } from "~/domain/request-kinds";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, idField, parseForm, text } from "~/web/forms.server";
import { lastDay } from "~/domain/working-days";
import { formatDate, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { EVIDENCE_MAX_BODY, EVIDENCE_MAX_FILES, evidenceUploadHandler, storeEvidence } from "~/features/requests/evidence.server";
import { moveRequest, rateRequest } from "~/features/requests/commands.server";
import { HAND_ACTIONS, type HandAction, holdsRequest, requestPage } from "~/features/requests/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.request", { title: args.data?.r.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return visibleOr404(() => requestPage(viewer, idParam(params.id), now()));
}

const moveSchema = () =>
  z
    .object({
      action: choice(HAND_ACTIONS),
      reason: z.string().max(200, "v.tooLong|200").optional(),
      result: z.string().max(5_000, "v.tooLong|5000").optional(),
      // A dispatch's department, or the one a send-back names ("" when it names none).
      department: z.preprocess((v) => (v === "" ? undefined : v), idField.optional()),
    })
    // The street chooses where a dispatch goes (the form starts on the list's department, but says so).
    .refine((v) => v.action !== "dispatch" || v.department !== undefined, { path: ["department"], message: "request.chooseDepartment" });
const rateSchema = () => z.object({ rating: choice(RATINGS), change: z.enum(["0", "1"]).optional() });
const reopenSchema = () => z.object({ reason: text(200) });

/**
 * The form of a completion carries photos (multipart); every other form is a plain one. Photos are read only
 * from someone who holds the request, and never more than the limits allow.
 */
async function readAnyForm(request: Request, holds: boolean): Promise<FormData> {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return readForm(request);
  if (!holds) throw new Response("request.notYourLevel", { status: 403 });
  if (Number(request.headers.get("Content-Length") ?? 0) > EVIDENCE_MAX_BODY) throw new Response("evidence.bodyTooBig", { status: 413 });
  try {
    return await unstable_parseMultipartFormData(request, evidenceUploadHandler());
  } catch {
    throw new Response("error.badRequest", { status: 400 });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request, "request.rate");
  const id = idParam(params.id);
  const form = await readAnyForm(request, await visibleOr404(() => holdsRequest(viewer.actor, id)));
  const intent = String(form.get("intent") ?? "");
  // On behalf (代办) only the rating; any other step is refused.
  if (intent !== "rate") requireBehalfAct(viewer, "other");
  const here = `/requests/${id}`;
  if (intent === "move") {
    const parsed = parseForm(moveSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const { action: act, reason, result, department } = parsed.data;
    const photos = act === "complete" ? form.getAll("evidence") : [];
    const r = await attempt(
      async () => {
        const files = photos.length ? await storeEvidence(photos) : [];
        return moveRequest(
          viewer.actor,
          { requestId: id, action: act, reason: reason ?? null, result: result ?? null, files, departmentId: department ?? null },
          now(),
        );
      },
      intent,
      form,
    );
    if (!r.ok) return r.response;
    if (act === "dispatch") return redirectWithFlash(here, { key: "request.dispatched", vars: { department: r.value.department ?? "" } });
    return redirectWithFlash(here, { key: "request.moved", vars: { action: `ract.${act}` } });
  }
  if (intent === "rate") {
    const parsed = parseForm(rateSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(
      () => asResident(viewer, () => rateRequest(viewer.actor, { requestId: id, rating: parsed.data.rating, change: parsed.data.change === "1" }, now())),
      intent,
      form,
    );
    return r.ok ? redirectWithFlash(here, { key: "request.rated" }) : r.response;
  }
  if (intent === "reopen") {
    const parsed = parseForm(reopenSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(() => moveRequest(viewer.actor, { requestId: id, action: "reopen", reason: parsed.data.reason }, now()), intent, form);
    return r.ok ? redirectWithFlash(here, { key: "request.reopened", vars: { level: `level.${r.value.level}` } }) : r.response;
  }
  return invalid({ intent: { key: "v.choice" } }, intent, form);
}

export default function RequestPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const r = d.r;
  const failedAs = (a: string) => (failed && failed.intent === "move" && failed.values?.action === a ? failed : null);
  const completeFailed = failedAs("complete");
  return (
    <>
      <p className="crumbs">
        {d.links.compound ? <Link to={`/places/${r.compoundId}`}>{r.compound}</Link> : <span>{r.compound}</span>}
        {" · "}
        <OriginCrumbs r={r} links={d.links} origin={d.origin} />
      </p>
      <h1>{t("request.title", { title: r.title })}</h1>
      <ReportOrigin r={r} links={d.links} origin={d.origin} />
      <p className="row">
        <span className={`badge rstate-${r.state}`}>{t(`rstate.${r.state}`)}</span>
        {r.overdue ? <span className="badge overdue">{t("request.overdue")}</span> : null}
        <span>{t("request.where", { level: t(`level.${r.level}`), office: r.office, state: t(`rstate.${r.state}`) })}</span>
      </p>
      {r.dueAt ? <p className="muted">{t("request.due", { date: formatDate(lastDay(r.dueAt), locale) })}</p> : null}
      <p className="muted">
        {t("inbox.number", { id: r.id })} · {t("request.category", { category: t(`category.${r.category}`), sub: t(`sub.${r.subcategory}`) })}
        {d.origin ? null : <> · {t("request.budget", { amount: r.budget, funding: t(`funding.${r.funding}`) })}</>}
      </p>
      <div className="prose" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
      <FormAlert msg={failed?.formError} />

      {r.resultHtml ? (
        <section aria-labelledby="h-result" className="card">
          <h2 id="h-result">{t("request.result")}</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: r.resultHtml }} />
          {d.photos.length ? (
            <div className="photos">
              {d.photos.map((id, i) => (
                <a key={id} href={`/evidence/${id}`}>
                  <img src={`/evidence/${id}`} alt={t("request.evidenceAlt", { n: i + 1 })} width={160} height={120} loading="lazy" />
                </a>
              ))}
            </div>
          ) : null}
          <p className="muted">{t("request.ratings", d.counts)}</p>
        </section>
      ) : null}

      {d.actions.length ? (
        <section aria-labelledby="h-act" className="card stack">
          <h2 id="h-act">{t("request.actions")}</h2>
          <p className="muted">{t("request.publicHint")}</p>
          <div className="row">
            {d.actions.includes("accept") ? <MoveButton action="accept" label={t("ract.accept")} /> : null}
            {d.actions.includes("start") ? <MoveButton action="start" label={t("ract.start")} /> : null}
          </div>
          {d.dispatch ? (
            <Form method="post" className="stack" aria-labelledby="h-dispatch">
              <h3 id="h-dispatch">{t("ract.dispatch")}</h3>
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="action" value="dispatch" />
              <div className="field">
                <label htmlFor="dispatch-department">{t("request.dispatchField")}</label>
                <select
                  id="dispatch-department"
                  name="department"
                  required
                  defaultValue={failedAs("dispatch")?.values?.department ?? d.dispatch.selected ?? ""}
                  aria-invalid={failedAs("dispatch")?.fieldErrors?.department ? true : undefined}
                  aria-describedby="dispatch-hint"
                >
                  {d.dispatch.selected === null ? (
                    <option value="" disabled>
                      {t("request.chooseDepartment")}
                    </option>
                  ) : null}
                  {d.dispatch.departments.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                    </option>
                  ))}
                </select>
                <p id="dispatch-hint" className="muted">
                  {d.dispatch.suggested ? t("request.dispatchSuggested", { department: d.dispatch.suggested }) : null}
                  {d.dispatch.suggested && d.dispatch.listed ? " " : null}
                  {d.dispatch.listed ? t("request.dispatchListed", { department: d.dispatch.listed }) : t("request.dispatchUnlisted")}
                </p>
                <FieldError name="department" errors={failedAs("dispatch")?.fieldErrors} />
              </div>
              <div>
                <Submit>{t("ract.dispatch")}</Submit>
              </div>
            </Form>
          ) : null}
          {d.actions.includes("complete") ? (
            <details className="inline" open={completeFailed ? true : undefined}>
              <summary>{t("ract.complete")}</summary>
              <Form method="post" encType="multipart/form-data" className="stack">
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="action" value="complete" />
                <div className="field">
                  <label htmlFor="result">{t("request.resultField")}</label>
                  <textarea
                    id="result"
                    name="result"
                    required
                    maxLength={5000}
                    rows={4}
                    defaultValue={completeFailed?.values?.result}
                    aria-invalid={completeFailed?.fieldErrors?.result ? true : undefined}
                  />
                  <FieldError name="result" errors={completeFailed?.fieldErrors} />
                </div>
                <div className="field">
                  <label htmlFor="evidence">{t("request.evidenceField")}</label>
                  <input id="evidence" name="evidence" type="file" accept="image/jpeg,image/png,image/gif,image/webp" multiple data-max={EVIDENCE_MAX_FILES} />
                  <FieldError name="evidence" errors={completeFailed?.fieldErrors} />
                </div>
                <div>
                  <Submit>{t("ract.complete")}</Submit>
                </div>
              </Form>
            </details>
          ) : null}
          {d.sendBack ? <SendBackForm departments={d.sendBack.departments} failed={failedAs("send_back")} /> : null}
          {(["escalate", "return"] as const)
            .filter((a) => d.actions.includes(a as HandAction))
            .map((a) => (
              <ReasonForm
                key={a}
                summary={t(`ract.${a}`)}
                label={t("request.reasonField")}
                hidden={{ intent: "move", action: a }}
                submit={{}}
                failed={failedAs(a)}
                idSuffix={a}
              />
            ))}
        </section>
      ) : null}

      {d.rating ? (
        <section aria-labelledby="h-rate" className="card">
          <h2 id="h-rate">{t("request.rateTitle")}</h2>
          <p className="muted">{t("request.rateHint")}</p>
          {d.rating.mine ? <p>{t("request.yourRating", { rating: t(`rating.${d.rating.mine}`) })}</p> : null}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="rate" />
            <input type="hidden" name="change" value={d.rating.mine ? "1" : "0"} />
            <fieldset>
              <legend>{d.rating.mine ? t("request.changeRating") : t("request.rate")}</legend>
              {RATINGS.map((x: Rating) => (
                <label key={x} htmlFor={`rating-${x}`} className="block">
                  <input id={`rating-${x}`} type="radio" name="rating" value={x} required defaultChecked={d.rating?.mine === x} /> {t(`rating.${x}`)}
                </label>
              ))}
            </fieldset>
            <div>
              <Submit>{d.rating.mine ? t("request.changeRating") : t("request.rate")}</Submit>
            </div>
          </Form>
        </section>
      ) : null}

      {d.mayReopen ? (
        <section aria-labelledby="h-reopen" className="card">
          <h2 id="h-reopen">{t("request.reopen")}</h2>
          <p className="muted">{t("request.reopenHint")}</p>
          <ReasonForm
            summary={t("request.reopen")}
            label={t("request.reasonField")}
            hidden={{ intent: "reopen" }}
            submit={{}}
            failed={failed?.intent === "reopen" ? failed : null}
            idSuffix="reopen"
          />
        </section>
      ) : null}

      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">{t("request.timeline")}</h2>
        <p className="muted">{t(d.origin ? "direct.followHint" : "request.followHint")}</p>
        <ol className="timeline">
          {d.moves.map((m) => (
            <li key={m.id}>
              <p>
                <strong>{t(`ract.${m.action}`)}</strong> · <time dateTime={m.at}>{formatDateTime(m.at, locale)}</time>
                {m.on_time === 0 ? <span className="badge overdue">{t("request.late")}</span> : null}
              </p>
              <p className="muted">
                {t("request.timelineEntry", {
                  office: m.office_name,
                  level: t(`level.${m.from_level ?? m.to_level}`),
                  // A report's first step is the resident's own (no office role): named as a resident.
                  role: d.origin && m.action === "create" && m.actor_role === "system" ? t("direct.resident") : t(`role.${m.actor_role}`),
                  name: m.actor_name ? ` ${m.actor_name}` : "",
                })}
              </p>
              {m.reason ? <p>{t("request.reason", { reason: m.reason })}</p> : null}
              {m.suggested_department ? <p>{t("request.suggested", { department: m.suggested_department })}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

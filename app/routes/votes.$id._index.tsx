import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { idParam, readForm, requireActionViewer, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FormAlert, Submit } from "~/components/form";
import { ConditionsTable, FailedConditions, VoteChart } from "~/components/vote-result";
import { clientAddress, overLimit } from "~/web/limits.server";
import { formatArea } from "~/domain/places";
import { percentOf } from "~/domain/percent";
import { CHOICES } from "~/domain/tally";
import type { CannotVote } from "~/domain/vote-access";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, idField, parseForm } from "~/web/forms.server";
import { type MessageKey, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { castBallot, confirmPaperBallot, enterPaperBallot } from "~/features/votes/ballot-commands.server";
import { visibleVote, votePage } from "~/features/votes/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.vote", { title: args.data?.vote.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return visibleOr404(() => votePage(viewer, idParam(params.id), now()));
}

const castSchema = () => z.object({ choice: choice(CHOICES as unknown as ["agree", "oppose", "abstain"]) });
const paperSchema = () => z.object({ electorId: idField, choice: choice(CHOICES as unknown as ["agree", "oppose", "abstain"]) });
const confirmSchema = () => z.object({ paperId: idField });

export async function action({ request, params, context }: ActionFunctionArgs) {
  // On behalf (代办) no ballot is cast, secret or open: the resident votes themselves, or on paper.
  const viewer = await requireActionViewer(request, "vote.cast");
  const voteId = idParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const here = `/votes/${voteId}`;
  if (intent === "cast") {
    // The busiest action of the product: the service checks visibility itself, so the page's own check
    // runs only when the form is refused (another compound's vote stays a 404 whatever the form says).
    const parsed = parseForm(castSchema, form);
    if (!parsed.ok) {
      await visibleOr404(() => visibleVote(viewer.actor, voteId));
      return invalid(parsed.fieldErrors, intent, form);
    }
    const over = await overLimit("ballot", { userId: viewer.user.id, address: clientAddress(context) }, intent, form);
    if (over) return over;
    const r = await attempt(
      () => castBallot(viewer.actor, { id: viewer.user.id, phone: viewer.user.phone }, { voteId, choice: parsed.data.choice }, now()),
      intent,
      form,
    );
    if (!r.ok) return r.response;
    return redirectWithFlash(here, {
      key: "vote.cast.done",
      vars: { codes: r.value.map((x) => (r.value.length > 1 ? `${x.label} ${x.code}` : x.code)).join("；") },
    });
  }
  const v = await visibleOr404(() => visibleVote(viewer.actor, voteId));
  if (intent === "paper-enter") {
    const parsed = parseForm(paperSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(() => enterPaperBallot(viewer.actor, { voteId: v.id, ...parsed.data }, now()), intent, form);
    return r.ok ? redirectWithFlash(here, { key: "vote.paperEntered" }) : r.response;
  }
  if (intent === "paper-confirm") {
    const parsed = parseForm(confirmSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(() => confirmPaperBallot(viewer.actor, { voteId: v.id, paperId: parsed.data.paperId }, now()), intent, form);
    // One receipt per dwelling the owner's paper ballot counts for.
    return r.ok
      ? redirectWithFlash(here, { key: "vote.paperConfirmed", vars: { code: r.value.receipts.map((x) => `${x.label} ${x.code}`).join("；") } })
      : r.response;
  }
  return invalid({ intent: { key: "v.choice" } }, intent, form);
}

/** What the page says to someone who has no ballot to cast here. */
const WHY: Record<CannotVote, MessageKey> = {
  closed: "vote.closed",
  notYet: "vote.why.notYet",
  notResident: "vote.why.notResident",
  tenant: "vote.why.tenant",
  family: "vote.why.family",
  notElector: "vote.notElector",
};

function percent(a: number, b: number) {
  return percentOf(a, b) ?? 0;
}

export default function VotePage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const v = d.vote;
  return (
    <>
      <p className="crumbs">
        <Link to={`/proposals/${v.proposalId}`}>{v.title}</Link>
      </p>
      <h1>{t("vote.title", { title: v.title })}</h1>
      <p className="row">
        <span className={`badge state-${v.status === "open" ? "voting" : v.passed ? "adopted" : "rejected"}`}>
          {v.status === "open" ? t("vote.status.open") : v.passed ? t("vote.passed") : t("vote.failed")}
        </span>
        <span className="muted">{t("vote.window", { opens: formatDateTime(v.opensAt, locale), closes: formatDateTime(v.closesAt, locale) })}</span>
      </p>
      <p>{t(`vote.rule.${v.rule}`)}</p>
      <p className="muted">{v.secret ? t("vote.secretNote") : t("vote.openNote")}</p>
      <FormAlert msg={failed?.formError} />

      {d.open && d.me.electors.length > 0 ? (
        <section aria-labelledby="h-cast" className="card">
          <h2 id="h-cast">{t("vote.choice")}</h2>
          {d.me.electors.length > 1 || v.per === "dwelling" || v.rule !== "residents" ? (
            <p className="muted">{t("vote.forWhom", { labels: d.me.electors.join("、") })}</p>
          ) : null}
          {d.me.lastCast ? <p>{t("vote.youVoted", { when: formatDateTime(d.me.lastCast, locale) })}</p> : null}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="cast" />
            <fieldset>
              <legend className="visually-hidden">{t("vote.choice")}</legend>
              {CHOICES.map((c) => (
                <label key={c} htmlFor={`choice-${c}`} className="block">
                  <input id={`choice-${c}`} type="radio" name="choice" value={c} required /> {t(`vote.choice.${c}`)}
                </label>
              ))}
            </fieldset>
            <div>
              <Submit>{d.me.lastCast ? t("vote.change") : t("vote.cast")}</Submit>
            </div>
          </Form>
        </section>
      ) : d.why ? (
        <section aria-labelledby="h-cast" className="card">
          <h2 id="h-cast">{t("vote.cast")}</h2>
          <p>{t(WHY[d.why], { opens: formatDateTime(v.opensAt, locale) })}</p>
          {d.why === "notResident" ? (
            <p>
              <Link to="/claim">{t("vote.why.claim")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="h-turnout">
        <h2 id="h-turnout">{t("vote.turnout")}</h2>
        <p>{t("vote.turnoutLine", { cast: d.turnout.cast, total: d.turnout.electors, percent: percent(d.turnout.cast, d.turnout.electors) })}</p>
        {v.rule !== "residents" || v.per === "dwelling" ? (
          <p>{t("vote.turnoutArea", { cast: formatArea(d.turnout.castAreaCenti), total: formatArea(d.turnout.areaCenti) })}</p>
        ) : null}
        {d.mayTurnout ? (
          <p>
            <Link to={`/votes/${v.id}/turnout`}>{t("vote.byBuilding")}</Link>
          </p>
        ) : null}
        {d.totals ? (
          <p>
            <strong>{t("vote.liveTotals")}：</strong>
            {CHOICES.map((c) => `${t(`vote.choice.${c}`)} ${d.totals![c]}`).join(" · ")}
          </p>
        ) : null}
      </section>

      {d.result ? (
        <section aria-labelledby="h-result" className="card">
          <h2 id="h-result">
            {t("vote.result")}：<span className={d.result.passed ? "ok" : "bad"}>{d.result.passed ? t("vote.passed") : t("vote.failed")}</span>
          </h2>
          <FailedConditions tally={d.result} />
          <ConditionsTable tally={d.result} />
          <VoteChart tally={d.result} />
          <p>
            <Link to={`/votes/${v.id}/ballots`}>{t("vote.publishedList")}</Link>
            {d.resolution ? (
              <>
                {" · "}
                <Link to={`/resolutions/${d.resolution.id}`}>{t("vote.resolution", { number: d.resolution.number })}</Link>
              </>
            ) : null}
          </p>
        </section>
      ) : (
        <p>
          <Link to={`/votes/${v.id}/ballots`}>{t("vote.publishedList")}</Link> <span className="muted">（{t("vote.afterClose")}）</span>
        </p>
      )}

      {d.paper ? (
        <section aria-labelledby="h-paper" className="card">
          <h2 id="h-paper">{t("vote.paper")}</h2>
          <p className="muted">{t("vote.paperRule")}</p>
          {d.paper.mayEnter ? (
            <Form method="post" className="row">
              <input type="hidden" name="intent" value="paper-enter" />
              <div className="field grow">
                <label htmlFor="paper-elector">{t("vote.paperElector")}</label>
                <select id="paper-elector" name="electorId">
                  {d.paper.electors.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="paper-choice">{t("vote.paperChoice")}</label>
                <select id="paper-choice" name="choice">
                  {CHOICES.map((c) => (
                    <option key={c} value={c}>
                      {t(`vote.choice.${c}`)}
                    </option>
                  ))}
                </select>
              </div>
              <Submit className="secondary">{t("vote.paperEnter")}</Submit>
            </Form>
          ) : null}
          {d.paper.mayEnter && d.paper.electors.length === 0 ? <p className="muted">{t("vote.paperAllVoted")}</p> : null}
          <h3>{t("vote.paperPendingList")}</h3>
          {d.paper.pending.length === 0 ? <p className="muted">{t("vote.paperNone")}</p> : null}
          {d.paper.waitingForOthers > 0 ? <p>{t("vote.paperWaiting", { count: d.paper.waitingForOthers })}</p> : null}
          <ul className="plain">
            {d.paper.pending.map((p) => (
              <li key={p.id} className="row">
                <span className="grow">{t("vote.paperBy", { label: p.label, choice: p.choice ? t(`vote.choice.${p.choice}`) : "", by: p.by })}</span>
                {p.mayConfirm ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="paper-confirm" />
                    <input type="hidden" name="paperId" value={p.id} />
                    <Submit className="secondary">{t("vote.paperConfirm")}</Submit>
                  </Form>
                ) : (
                  <span className="muted">{t("vote.paperWaitsOther")}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { idParam, readForm, requireActionViewer, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FormAlert, ReasonForm, Submit } from "~/components/form";
import { CommentForm, CommentItem, ReportForm, type ThreadComment, useThreadLinks } from "~/components/thread";
import { MinutesSection } from "~/components/proposal-minutes";
import { ProposalLog } from "~/components/proposal-log";
import { clientAddress, overLimit } from "~/web/limits.server";
import { PROPOSAL_RULES, type ProposalAction, acceptsComments } from "~/domain/proposal-lifecycle";
import { redirectWithFlash } from "~/web/flash.server";
import { commentSchema, editCommentSchema, minutesSchema, moderateSchema, moveSchema, reportSchema } from "~/features/proposals/forms.server";
import { parseForm, parseSearch } from "~/web/forms.server";
import { type MessageKey, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { RequestList } from "~/components/request-list";
import { moderate, report } from "~/features/threads/moderation-commands.server";
import { cosponsor, moveProposal, setFollow } from "~/features/proposals/commands.server";
import { proposalPage, publishThreshold, visibleProposal } from "~/features/proposals/page.server";
import { editComment, postComment, recordMinutes } from "~/features/threads/commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.proposal", { title: args.data?.proposal.title ?? "" });

const positiveId = () => z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().catch(null);
/** ?cpage= pages the thread (from 1, at most 10,000); ?reply= and ?report= open that comment's form. */
const pageSearch = () =>
  z.object({
    cpage: z.coerce
      .number()
      .int()
      .min(1)
      .catch(1)
      .transform((n) => Math.min(n, 10_000)),
    reply: positiveId(),
    report: positiveId(),
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const id = idParam(params.id);
  const q = parseSearch(pageSearch, request.url);
  return visibleOr404(() => proposalPage(viewer, id, { page: q.cpage, reply: q.reply, report: q.report }, now()));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const proposalId = idParam(params.id);
  // Another compound's proposal, or someone else's draft, is not found whatever the form says.
  const p = await visibleOr404(() => visibleProposal(viewer, proposalId));
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const formId = String(form.get("formId") ?? intent);
  const at = now();
  const a = viewer.actor;
  const here = `/proposals/${proposalId}`;
  const done = (key: MessageKey, vars?: Record<string, string | number>, hash = "") => redirectWithFlash(`${here}${hash}`, { key, vars });
  const run = async <T,>(fn: () => Promise<T>) => attempt(fn, formId, form);
  const who = { userId: viewer.user.id, address: clientAddress(context) };

  switch (intent) {
    case "cosponsor": {
      const r = await run(() => cosponsor(a, proposalId, at));
      if (!r.ok) return r.response;
      return r.value.published ? done("cosponsor.published", { threshold: await publishThreshold(p.compound_id) }) : done("cosponsor.done");
    }
    case "follow":
    case "unfollow": {
      const r = await run(() => setFollow(a, proposalId, intent === "follow", at));
      return r.ok ? done(intent === "follow" ? "proposal.following" : "proposal.unfollowed") : r.response;
    }
    case "submit": {
      const r = await run(() => moveProposal(a, { proposalId, action: "submit", reason: null }, at));
      return r.ok ? done("proposal.moved", { state: "pstate.submitted" }) : r.response;
    }
    case "move": {
      const parsed = parseForm(moveSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => moveProposal(a, { proposalId, action: parsed.data.move, reason: parsed.data.reason, mergeInto: parsed.data.mergeInto }, at));
      return r.ok ? done("proposal.moved", { state: `pstate.${r.value}` }) : r.response;
    }
    case "comment": {
      const parsed = parseForm(commentSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const over = await overLimit("comment", who, formId, form);
      if (over) return over;
      const r = await run(() => postComment(a, { proposalId, ...parsed.data }, at));
      return r.ok ? done("comment.posted", undefined, `#c-${r.value}`) : r.response;
    }
    case "edit-comment": {
      const parsed = parseForm(editCommentSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => editComment(a, parsed.data, at));
      return r.ok ? done("comment.saved", undefined, `#c-${parsed.data.commentId}`) : r.response;
    }
    case "report": {
      const parsed = parseForm(reportSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const over = await overLimit("report", who, formId, form);
      if (over) return over;
      const r = await run(() => report(a, { proposalId, ...parsed.data }, at));
      return r.ok ? done("report.done") : r.response;
    }
    case "moderate": {
      const parsed = parseForm(moderateSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => moderate(a, { proposalId, ...parsed.data }, at));
      if (!r.ok) return r.response;
      // Each act says what it did (issue 12 · 17), the mute whom and for how long.
      const { act, muted } = r.value;
      return done(`mod.did.${act}`, muted, parsed.data.commentId ? `#c-${parsed.data.commentId}` : "");
    }
    case "minutes": {
      const parsed = parseForm(minutesSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => recordMinutes(a, { proposalId, ...parsed.data }, at));
      return r.ok ? done("minutes.recorded", undefined, "#minutes") : r.response;
    }
    default:
      return invalid({ intent: { key: "v.choice" } }, formId, form);
  }
}

export default function ProposalPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as { intent?: string; formError?: { key: MessageKey } | null; values?: Record<string, string> } | undefined;
  const p = d.proposal;
  const open = acceptsComments(p.state as never) && !p.locked;
  const top = d.thread.filter((c) => c.parentId === null);
  const replies = new Map<number, ThreadComment[]>();
  for (const c of d.thread) if (c.parentId !== null) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  const tp = d.threadPage;
  const generalError = failed && !["comment", "edit", "report", "reply"].some((k) => failed.intent?.startsWith(k)) ? failed.formError : null;
  const moveWithReason = (m: ProposalAction) => PROPOSAL_RULES[m].reason;
  const followInThread = useThreadLinks();
  return (
    <>
      <p className="crumbs">
        <Link to={`/compounds/${p.compoundId}`}>{p.compound}</Link>
      </p>
      <h1>{p.title}</h1>
      <p className="row">
        <span className={`badge state-${p.state}`}>{t(`pstate.${p.state}`)}</span>
        <span className="badge">{t(`category.${p.category}`)}</span>
        <span className="muted">
          {t("proposal.by", { author: p.author })} · {formatDateTime(p.createdAt, locale)}
        </span>
      </p>
      {p.stateReason ? <p className="card">{t("proposal.stateReason", { reason: p.stateReason })}</p> : null}
      {d.mergedInto ? (
        <p className="card">
          {t("proposal.mergedInto")} <Link to={`/proposals/${d.mergedInto.id}`}>{d.mergedInto.title}</Link>
        </p>
      ) : null}
      {d.mergedFrom.length > 0 ? (
        <p className="card">
          {t("proposal.mergedFrom")}{" "}
          {d.mergedFrom.map((m, i) => (
            <span key={m.id}>
              {i > 0 ? "、" : ""}
              <Link to={`/proposals/${m.id}`}>{m.title}</Link>
            </span>
          ))}
        </p>
      ) : null}
      <FormAlert msg={generalError} />
      {d.vote ? (
        <p className="card">
          <Link className="button" to={`/votes/${d.vote.id}`}>
            {d.vote.status === "open" ? t("vote.goVote") : t("vote.viewVote")}
          </Link>
        </p>
      ) : null}
      {d.requests.length ? (
        <section aria-labelledby="h-requests" className="card">
          <h2 id="h-requests">{t("request.list")}</h2>
          <RequestList items={d.requests} />
        </section>
      ) : null}
      {p.hiddenReason ? <p className="hidden-note">{t("proposal.hidden", { reason: p.hiddenReason })}</p> : null}
      {p.html ? <div className="prose card" dangerouslySetInnerHTML={{ __html: p.html }} /> : null}

      <section aria-labelledby="h-actions" className="row">
        <h2 id="h-actions" className="visually-hidden">
          {t("proposal.actions")}
        </h2>
        {d.me.canEdit ? (
          <Link className="button secondary" to={`/proposals/${p.id}/edit`}>
            {t("proposal.edit")}
          </Link>
        ) : null}
        {d.me.canSubmit ? (
          <Form method="post">
            <Submit name="intent" value="submit">
              {t("move.submit")}
            </Submit>
          </Form>
        ) : null}
        {d.me.canCosponsor && !d.me.cosponsored ? (
          <Form method="post">
            <Submit name="intent" value="cosponsor">
              {t("cosponsor.action")}
            </Submit>
          </Form>
        ) : null}
        {d.me.cosponsored ? <span className="badge">{t("cosponsor.you")}</span> : null}
        <Form method="post">
          <Submit name="intent" value={d.me.following ? "unfollow" : "follow"} className="secondary">
            {d.me.following ? t("proposal.unfollow") : t("proposal.follow")}
          </Submit>
        </Form>
        {d.me.canReport && !d.me.isAuthor && p.state !== "draft" ? <ReportForm failed={failed} /> : null}
      </section>

      {d.me.moves.length > 0 || d.me.moderator || d.mayOpenVote ? (
        <section aria-labelledby="h-manage" className="card">
          <h2 id="h-manage">{t("compound.manage")}</h2>
          <div className="row">
            {d.mayOpenVote ? (
              <Link className="button" to={`/proposals/${p.id}/vote`}>
                {t("vote.open")}
              </Link>
            ) : null}
            {d.me.moves
              .filter((m) => !moveWithReason(m) && m !== "merge")
              .map((m) => (
                <Form method="post" key={m}>
                  <input type="hidden" name="intent" value="move" />
                  <Submit name="move" value={m} className={m === "publish" ? undefined : "secondary"}>
                    {t(`move.${m}`)}
                  </Submit>
                </Form>
              ))}
            {d.me.moves.filter(moveWithReason).map((m) => (
              <ReasonForm
                key={m}
                summary={t(`move.${m}`)}
                label={t("proposal.reason")}
                hidden={{ intent: "move", formId: `move-${m}` }}
                submit={{ name: "move", value: m }}
                failed={failed?.intent === `move-${m}` ? failed : null}
                idSuffix={m}
              />
            ))}
            {d.me.moves.includes("merge") && d.mergeTargets.length > 0 ? (
              <details className="inline">
                <summary>{t("move.merge")}</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="move" />
                  <div className="field">
                    <label htmlFor="merge-into">{t("proposal.mergeInto")}</label>
                    <select id="merge-into" name="mergeInto">
                      {d.mergeTargets.map((m) => (
                        <option key={m.id} value={m.id}>
                          #{m.id} {m.title}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="merge-reason">{t("proposal.reason")}</label>
                    <input id="merge-reason" name="reason" maxLength={200} />
                  </div>
                  <div>
                    <Submit name="move" value="merge" className="secondary">
                      {t("move.merge")}
                    </Submit>
                  </div>
                </Form>
              </details>
            ) : null}
            {d.me.moderator ? (
              <>
                <Form method="post">
                  <input type="hidden" name="intent" value="moderate" />
                  <Submit name="act" value={p.locked ? "unlock" : "lock"} className="secondary">
                    {p.locked ? t("mod.unlock") : t("mod.lock")}
                  </Submit>
                </Form>
                {p.hiddenReason ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="moderate" />
                    <Submit name="act" value="restore_proposal" className="secondary">
                      {t("mod.restore")}
                    </Submit>
                  </Form>
                ) : (
                  <ReasonForm
                    summary={t("mod.hide")}
                    label={t("mod.hideReason")}
                    hidden={{ intent: "moderate" }}
                    submit={{ name: "act", value: "hide_proposal" }}
                    idSuffix="proposal"
                  />
                )}
              </>
            ) : null}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="h-cosponsors">
        <h2 id="h-cosponsors">
          {t("proposal.cosponsorList")} <span className="muted">({d.cosponsors.length})</span>
        </h2>
        {p.state === "submitted" ? (
          <p className="muted">{t("proposal.cosponsorProgress", { count: d.progress.dwellings, threshold: d.progress.threshold })}</p>
        ) : null}
        {d.cosponsors.length > 0 ? <p>{d.cosponsors.map((c) => `${c.name}（${c.building}）`).join("、")}</p> : null}
      </section>

      <section aria-labelledby="h-thread">
        <h2 id="h-thread">{t("comment.thread")}</h2>
        <p className="counts" aria-live="polite">
          {t("comment.counts", d.counts)}
        </p>
        {p.locked ? <p className="alert">{t("comment.locked")}</p> : null}
        {d.me.muted ? <p className="alert">{t("comment.muted", { until: formatDateTime(d.me.muted, locale) })}</p> : null}
        {top.length === 0 ? <p>{t("comment.none")}</p> : null}
        {/* Delegation: the clicks are on the links inside (Enter on a link is a click too), not on the list. */}
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions */}
        <ul className="plain thread" onClick={followInThread}>
          {top.map((c) => (
            <CommentItem
              key={c.id}
              c={c}
              replies={replies.get(c.id) ?? []}
              may={d.me}
              failed={failed}
              open={open}
              focus={{ reply: tp.reply, report: tp.report, page: tp.page }}
            />
          ))}
        </ul>
        {tp.pages > 1 ? (
          <nav className="row" aria-label={t("comment.pages", { page: tp.page, pages: tp.pages })}>
            {tp.page > 1 ? <Link to={`?cpage=${tp.page - 1}#h-thread`}>{t("comment.earlier")}</Link> : null}
            <span>{t("comment.pages", { page: tp.page, pages: tp.pages })}</span>
            {tp.page < tp.pages ? <Link to={`?cpage=${tp.page + 1}#h-thread`}>{t("comment.later")}</Link> : null}
          </nav>
        ) : null}
        {open && d.me.canComment ? <CommentForm failed={failed} label={t("comment.body")} /> : null}
        {open && !d.me.canComment && !d.me.muted ? <p className="muted">{t("comment.signInToComment")}</p> : null}
      </section>

      <MinutesSection minutes={d.minutes} canRecord={d.me.canMinutes} failed={failed} />

      <ProposalLog log={d.log} />
    </>
  );
}

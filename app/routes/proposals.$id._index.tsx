import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, invalid } from "~/web/actions.server";
import { idParam, readForm, requireActionViewer, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FormAlert, ReasonForm, Submit } from "~/components/form";
import { CommentForm, CommentItem, ReportForm, type ThreadComment, useThreadLinks } from "~/components/thread";
import { getDb } from "~/db.server";
import { clientAddress, overLimit } from "~/web/limits.server";
import { can } from "~/domain/permissions";
import { PROPOSAL_RULES, type ProposalAction, acceptsComments, acceptsCosponsors, acceptsVote, availableActions, isEditable } from "~/domain/proposal-lifecycle";
import { redirectWithFlash } from "~/web/flash.server";
import { commentSchema, editCommentSchema, minutesSchema, moderateSchema, moveSchema, reportSchema } from "~/features/proposals/forms.server";
import { parseForm } from "~/web/forms.server";
import { type Locale, type MessageKey, formatDateTime, translate, useLocale, useT, pageTitle, isMessageKey } from "~/i18n";
import { THREAD_PAGE, minutesOf, revisionsOf, stanceCounts, threadOf } from "~/features/threads/queries.server";
import { voteOfProposal } from "~/features/votes/queries.server";
import { RequestList } from "~/components/request-list";
import { requestsOfProposal } from "~/features/requests/queries.server";
import { cosponsorThreshold, cosponsorsOf, isFollowing, mergeTargets, proposalLog, supportingDwellings } from "~/features/proposals/queries.server";
import { moderate, report } from "~/features/threads/moderation.server";
import { cosponsor, loadVisibleProposal, moveProposal, setFollow } from "~/features/proposals/commands.server";
import { editComment, mutedUntil, postComment, recordMinutes } from "~/features/threads/commands.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.proposal", { title: data?.proposal.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const db = getDb();
  const at = now();
  const p = await visibleOr404(() => loadVisibleProposal(db, viewer.actor, idParam(params.id)));
  const a = viewer.actor;
  const compound = { path: p.compound_path, kind: "compound" as const };
  const moderator = can(a, "thread.moderate", compound);
  const isAuthor = p.author_id === viewer.user.id;
  const vote = await voteOfProposal(db, p.id);
  const url = new URL(request.url);
  const num = (name: string) => {
    const n = Number(url.searchParams.get(name));
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  };
  const page = Math.min(num("cpage") ?? 1, 10_000);
  const [cosponsors, counts, { comments, topCount }, minutes, log, following, muted, targets, mergedFrom, mergedInto] = await Promise.all([
    cosponsorsOf(db, p.id),
    stanceCounts(db, p.id),
    threadOf(db, p.id, page),
    minutesOf(db, p.id),
    proposalLog(db, p.id),
    isFollowing(db, viewer.user.id, p.id),
    mutedUntil(db, viewer.user.id, p.compound_id, at),
    moderator ? mergeTargets(db, p.compound_id, p.id) : Promise.resolve([]),
    db.selectFrom("proposals").select(["id", "title"]).where("merged_into_id", "=", p.id).execute(),
    p.merged_into_id ? db.selectFrom("proposals").select(["id", "title"]).where("id", "=", p.merged_into_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  const revisions = moderator ? await revisionsOf(db, comments.filter((c) => c.edited_at).map((c) => c.id)) : [];
  const threshold = await cosponsorThreshold(db, p.compound_id);
  const dwellings = p.state === "submitted" ? await supportingDwellings(db, p) : 0;
  const moves: ProposalAction[] = [
    ...(isAuthor ? availableActions(p.state, "author") : []),
    ...(can(a, "proposal.review", compound) ? availableActions(p.state, "coordinator") : []),
  ].filter((m) => m !== "open_vote" && m !== "submit");
  const proposalHidden = !!p.hidden_reason;
  const thread: ThreadComment[] = comments.map((c) => ({
    id: c.id,
    parentId: c.parent_id,
    author: c.author,
    authorId: c.author_id,
    stance: c.stance,
    html: c.hidden_reason && !moderator ? null : c.body_html,
    bodyMd: c.author_id === viewer.user.id ? c.body_md : null,
    hiddenReason: c.hidden_reason,
    official: !!c.official,
    pinned: !!c.pinned,
    createdAt: c.created_at,
    editedAt: c.edited_at,
    mine: c.author_id === viewer.user.id,
    revisions: moderator ? revisions.filter((r) => r.comment_id === c.id).map((r) => ({ id: r.id, html: r.body_html, stance: r.stance, at: r.created_at })) : null,
  }));
  return {
    proposal: {
      id: p.id,
      title: p.title,
      html: proposalHidden && !moderator && !isAuthor ? null : p.body_html,
      hiddenReason: p.hidden_reason,
      state: p.state,
      stateReason: p.state_reason,
      category: p.category,
      author: p.author,
      createdAt: p.created_at,
      compound: p.compound,
      compoundId: p.compound_id,
      locked: !!p.locked,
      cosponsorCount: p.cosponsor_count,
    },
    mergedInto: mergedInto ?? null,
    mergedFrom,
    cosponsors: cosponsors.map((c) => ({ name: c.name, building: c.building, userId: c.user_id })),
    progress: { dwellings, threshold },
    counts: Object.fromEntries(["for", "against", "neutral"].map((s) => [s, Number(counts.find((c) => c.stance === s)?.n ?? 0)])) as Record<"for" | "against" | "neutral", number>,
    thread,
    threadPage: { page, pages: Math.max(1, Math.ceil(topCount / THREAD_PAGE)), reply: num("reply"), report: num("report") },
    minutes: minutes.map((m) => ({ id: m.id, kind: m.kind, html: m.body_html, date: m.meeting_date, place: m.meeting_place, attendance: m.attendance, author: m.author, at: m.created_at })),
    log: log.map((l) => ({ id: l.id, at: l.at, action: l.action, reason: l.reason, actor: l.actor, data: l.data ? (JSON.parse(l.data) as Record<string, string>) : {} })),
    me: {
      isAuthor,
      following,
      cosponsored: cosponsors.some((c) => c.user_id === viewer.user.id),
      canCosponsor: !isAuthor && acceptsCosponsors(p.state) && can(a, "compound.participate", compound),
      canComment: can(a, "thread.comment", compound) && !muted,
      canReport: can(a, "content.report", compound),
      canMinutes: can(a, "minutes.record", compound) && p.state !== "draft",
      canEdit: isAuthor && isEditable(p.state),
      canSubmit: isAuthor && p.state === "draft",
      muted,
      moderator,
      moves,
    },
    mergeTargets: targets,
    vote: vote ? { id: vote.id, status: vote.status } : null,
    requests: p.state === "adopted" ? await requestsOfProposal(db, p.id) : [],
    mayOpenVote: acceptsVote(p.state) && !vote && can(a, "vote.open", compound),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const proposalId = idParam(params.id);
  // Another compound's proposal, or someone else's draft, is not found whatever the form says.
  await visibleOr404(() => loadVisibleProposal(getDb(), viewer.actor, proposalId));
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const formId = String(form.get("formId") ?? intent);
  const db = getDb();
  const at = now();
  const a = viewer.actor;
  const here = `/proposals/${proposalId}`;
  const done = (key: MessageKey, vars?: Record<string, string | number>, hash = "") => redirectWithFlash(`${here}${hash}`, { key, vars });
  const run = async <T,>(fn: () => Promise<T>) => attempt(fn, formId, form);
  const who = { userId: viewer.user.id, address: clientAddress(context) };

  switch (intent) {
    case "cosponsor": {
      const r = await run(() => cosponsor(db, a, proposalId, at));
      if (!r.ok) return r.response;
      return r.value.published ? done("cosponsor.published", { threshold: await cosponsorThreshold(db, (await loadVisibleProposal(db, a, proposalId)).compound_id) }) : done("cosponsor.done");
    }
    case "follow":
    case "unfollow": {
      const r = await run(() => setFollow(db, a, proposalId, intent === "follow", at));
      return r.ok ? done(intent === "follow" ? "proposal.following" : "proposal.unfollowed") : r.response;
    }
    case "submit": {
      const r = await run(() => moveProposal(db, a, { proposalId, action: "submit", reason: null }, at));
      return r.ok ? done("proposal.moved", { state: "pstate.submitted" }) : r.response;
    }
    case "move": {
      const parsed = parseForm(moveSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => moveProposal(db, a, { proposalId, action: parsed.data.move, reason: parsed.data.reason, mergeInto: parsed.data.mergeInto }, at));
      return r.ok ? done("proposal.moved", { state: `pstate.${r.value}` }) : r.response;
    }
    case "comment": {
      const parsed = parseForm(commentSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const over = overLimit("comment", who, formId, form);
      if (over) return over;
      const r = await run(() => postComment(db, a, { proposalId, ...parsed.data }, at));
      return r.ok ? done("comment.posted", undefined, `#c-${r.value}`) : r.response;
    }
    case "edit-comment": {
      const parsed = parseForm(editCommentSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => editComment(db, a, parsed.data, at));
      return r.ok ? done("comment.saved", undefined, `#c-${parsed.data.commentId}`) : r.response;
    }
    case "report": {
      const parsed = parseForm(reportSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const over = overLimit("report", who, formId, form);
      if (over) return over;
      const r = await run(() => report(db, a, { proposalId, ...parsed.data }, at));
      return r.ok ? done("report.done") : r.response;
    }
    case "moderate": {
      const parsed = parseForm(moderateSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => moderate(db, a, { proposalId, ...parsed.data }, at));
      if (!r.ok) return r.response;
      // Each act says what it did (issue 12 · 17), the mute whom and for how long.
      const { act, muted } = r.value;
      return done(`mod.did.${act}`, muted, parsed.data.commentId ? `#c-${parsed.data.commentId}` : "");
    }
    case "minutes": {
      const parsed = parseForm(minutesSchema, form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, formId, form);
      const r = await run(() => recordMinutes(db, a, { proposalId, ...parsed.data }, at));
      return r.ok ? done("minutes.recorded", undefined, "#minutes") : r.response;
    }
    default:
      return invalid({ intent: { key: "v.choice" } }, formId, form);
  }
}

/** An audit entry in words; its action and states are read from the log, so each key is checked at run time. */
function logLine(locale: Locale, l: { action: string; data: Record<string, string> }) {
  const named = (key: string, raw: string | undefined) => (isMessageKey(key) ? translate(locale, key) : (raw ?? ""));
  if (l.action === "proposal.transition") {
    return translate(locale, "log.proposal.transition", {
      from: named(`pstate.${l.data.from}`, l.data.from),
      to: named(`pstate.${l.data.to}`, l.data.to),
    });
  }
  return named(`log.${l.action}`, l.action);
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
  const timeline = d.log.filter((l) => l.action.startsWith("proposal.") || l.action.startsWith("minutes."));
  const moderation = d.log.filter((l) => l.action.startsWith("mod."));
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
                  <ReasonForm summary={t("mod.hide")} label={t("mod.hideReason")} hidden={{ intent: "moderate" }} submit={{ name: "act", value: "hide_proposal" }} idSuffix="proposal" />
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
        {p.state === "submitted" ? <p className="muted">{t("proposal.cosponsorProgress", { count: d.progress.dwellings, threshold: d.progress.threshold })}</p> : null}
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
        <ul className="plain thread" onClick={followInThread}>
          {top.map((c) => (
            <CommentItem key={c.id} c={c} replies={replies.get(c.id) ?? []} may={d.me} failed={failed} open={open} focus={{ reply: tp.reply, report: tp.report, page: tp.page }} />
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

      <section aria-labelledby="minutes" className="card">
        <h2 id="minutes">{t("minutes.title")}</h2>
        {d.minutes.length === 0 ? <p>{t("minutes.none")}</p> : null}
        {d.minutes.map((m) => (
          <article key={m.id} aria-label={t(m.kind === "meeting" ? "minutes.kindMeeting" : "minutes.kindMinutes")}>
            <h3>
              {t(m.kind === "meeting" ? "minutes.kindMeeting" : "minutes.kindMinutes")} <span className="muted">· {m.author} · {formatDateTime(m.at, locale)}</span>
            </h3>
            {m.kind === "meeting" ? <p>{t("minutes.meetingLine", { date: m.date ?? "", place: m.place ?? "", attendance: m.attendance ?? 0 })}</p> : null}
            <div className="prose" dangerouslySetInnerHTML={{ __html: m.html }} />
          </article>
        ))}
        {d.me.canMinutes ? (
          <details className="inline" open={failed?.intent === "minutes" ? true : undefined}>
            <summary>{t("minutes.record")}</summary>
            <Form method="post" className="stack wide">
              <input type="hidden" name="intent" value="minutes" />
              {failed?.intent === "minutes" ? <FormAlert msg={failed.formError} /> : null}
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

      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">{t("proposal.timeline")}</h2>
        <ol className="timeline">
          {timeline.map((l) => (
            <li key={l.id}>
              <span className="muted">{formatDateTime(l.at, locale)}</span> {logLine(locale, l)}
              {l.actor ? ` · ${l.actor}` : ""}
              {l.reason ? ` · ${l.reason}` : ""}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="h-moderation">
        <h2 id="h-moderation">{t("proposal.moderation")}</h2>
        {moderation.length === 0 ? <p className="muted">{t("proposal.noModeration")}</p> : null}
        <ol className="timeline">
          {moderation.map((l) => (
            <li key={l.id}>
              <span className="muted">{formatDateTime(l.at, locale)}</span> {logLine(locale, l)}
              {l.actor ? ` · ${l.actor}` : ""}
              {l.reason ? ` · ${t("proposal.stateReason", { reason: l.reason })}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

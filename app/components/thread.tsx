// The consultation thread: comments with their stance, replies one level deep, and the forms around them.
import { Form, useFetcher, useNavigate } from "@remix-run/react";
import { memo, useEffect, useRef } from "react";
import { LIMITS, REPORT_REASONS, STANCES } from "~/domain/categories";
import type { FieldErrors } from "~/web/forms";
import { type Locale, type MessageKey, type Msg, formatDateTime, translate, useLocale, useT } from "~/i18n";
import { FieldError, FormAlert, Submit } from "./form";

export interface ThreadComment {
  id: number;
  parentId: number | null;
  author: string;
  authorId: number;
  /** None on a reply that takes no side: no badge, and it counts for no stance. */
  stance: "for" | "against" | "neutral" | null;
  html: string | null;
  bodyMd: string | null;
  hiddenReason: string | null;
  official: boolean;
  pinned: boolean;
  createdAt: string;
  editedAt: string | null;
  mine: boolean;
  revisions: { id: number; html: string; stance: "for" | "against" | "neutral" | null; at: string }[] | null;
}

export interface ThreadPermissions {
  canComment: boolean;
  canReport: boolean;
  moderator: boolean;
}

interface Failure {
  intent?: string;
  formError?: Msg | null;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
}

/** The stance: a top-level comment takes one (neutral at first); a reply may take none, and takes none at first. */
function StanceChoice({ name, idPrefix, value, allowNone }: { name: string; idPrefix: string; value?: string | null; allowNone: boolean }) {
  const t = useT();
  const checked = value ?? (allowNone ? "" : "neutral");
  return (
    <fieldset>
      <legend>{t("comment.stance")}</legend>
      {allowNone ? (
        <label htmlFor={`${idPrefix}-none`}>
          <input id={`${idPrefix}-none`} type="radio" name={name} value="" defaultChecked={checked === ""} /> {t("comment.noStance")}
        </label>
      ) : null}
      {STANCES.map((s) => (
        <label key={s} htmlFor={`${idPrefix}-${s}`}>
          <input id={`${idPrefix}-${s}`} type="radio" name={name} value={s} defaultChecked={checked === s} /> {t(`stance.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Posting a comment: without JavaScript a plain form; with it, a fetcher, so the page does not reload. */
export function CommentForm({ parentId, failed, label }: { parentId?: number; failed?: Failure | null; label: string }) {
  const t = useT();
  const fetcher = useFetcher<Failure>();
  const ref = useRef<HTMLFormElement>(null);
  const id = parentId ? `reply-${parentId}` : "comment";
  const result = fetcher.data ?? failed;
  const mine = result?.intent === id ? result : null;
  const wasBusy = useRef(false);
  // Once posted (the action redirects back here), the form is emptied for the next comment.
  useEffect(() => {
    if (fetcher.state !== "idle") wasBusy.current = true;
    else if (wasBusy.current) {
      wasBusy.current = false;
      if (!fetcher.data?.formError) ref.current?.reset();
    }
  }, [fetcher.state, fetcher.data]);
  return (
    <fetcher.Form method="post" className="stack wide" ref={ref}>
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="formId" value={id} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <FormAlert msg={mine?.formError} />
      <div className="field">
        <label htmlFor={`${id}-body`}>{label}</label>
        <textarea id={`${id}-body`} name="body" rows={parentId ? 3 : 5} maxLength={LIMITS.comment} defaultValue={mine?.values?.body} required />
        <FieldError name="body" errors={mine?.fieldErrors} />
      </div>
      <StanceChoice name="stance" idPrefix={`${id}-stance`} value={mine?.values?.stance} allowNone={!!parentId} />
      <div>
        <button type="submit" disabled={fetcher.state !== "idle"}>
          {fetcher.state !== "idle" ? t("common.submitting") : parentId ? t("comment.reply") : t("comment.post")}
        </button>
      </div>
    </fetcher.Form>
  );
}

function Moderation({ c }: { c: ThreadComment }) {
  const t = useT();
  const act = (name: string, label: string) => (
    <Form method="post">
      <input type="hidden" name="intent" value="moderate" />
      <input type="hidden" name="commentId" value={c.id} />
      <Submit name="act" value={name} className="secondary">
        {label}
      </Submit>
    </Form>
  );
  return (
    <details className="inline">
      <summary>{t("compound.manage")}</summary>
      <div className="row">
        {c.hiddenReason ? act("restore_comment", t("mod.restore")) : null}
        {!c.parentId ? (c.pinned ? act("unpin", t("mod.unpin")) : act("pin", t("mod.pin"))) : null}
        {c.official ? act("unofficial", t("mod.unofficial")) : act("official", t("mod.official"))}
      </div>
      {!c.hiddenReason ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="moderate" />
          <input type="hidden" name="commentId" value={c.id} />
          <div className="field">
            <label htmlFor={`hide-${c.id}`}>{t("mod.hideReason")}</label>
            <input id={`hide-${c.id}`} name="reason" required maxLength={LIMITS.reason} />
          </div>
          <div>
            <Submit name="act" value="hide_comment" className="secondary">
              {t("mod.hide")}
            </Submit>
          </div>
        </Form>
      ) : null}
      {!c.mine ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="moderate" />
          <input type="hidden" name="userId" value={c.authorId} />
          <div className="field">
            <label htmlFor={`mute-days-${c.id}`}>{t("mod.muteDays")}</label>
            <input id={`mute-days-${c.id}`} name="days" type="number" min={1} max={90} defaultValue={7} required />
          </div>
          <div className="field grow">
            <label htmlFor={`mute-reason-${c.id}`}>{t("mod.muteReason")}</label>
            <input id={`mute-reason-${c.id}`} name="reason" required maxLength={LIMITS.reason} />
          </div>
          <Submit name="act" value="mute" className="secondary">
            {t("mod.mute")} {c.author}
          </Submit>
        </Form>
      ) : null}
    </details>
  );
}

export function ReportForm({ commentId, failed, open }: { commentId?: number; failed?: Failure | null; open?: boolean }) {
  const t = useT();
  const id = commentId ? `report-${commentId}` : "report-proposal";
  const mine = failed?.intent === id ? failed : null;
  return (
    <details className="inline" open={mine || open ? true : undefined}>
      <summary>{t("report.action")}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="report" />
        <input type="hidden" name="formId" value={id} />
        {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
        <FormAlert msg={mine?.formError} />
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t("report.reason")}</label>
          <select id={`${id}-reason`} name="reason">
            {REPORT_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reportReason.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t("report.note")}</label>
          <input id={`${id}-note`} name="note" maxLength={LIMITS.reason} />
        </div>
        <div>
          <Submit className="secondary">{t("report.action")}</Submit>
        </div>
      </Form>
    </details>
  );
}

function EditForm({ c, failed }: { c: ThreadComment; failed?: Failure | null }) {
  const t = useT();
  const id = `edit-${c.id}`;
  const mine = failed?.intent === id ? failed : null;
  return (
    <details className="inline" open={mine ? true : undefined}>
      <summary>{t("comment.edit")}</summary>
      <Form method="post" className="stack wide">
        <input type="hidden" name="intent" value="edit-comment" />
        <input type="hidden" name="formId" value={id} />
        <input type="hidden" name="commentId" value={c.id} />
        <FormAlert msg={mine?.formError} />
        <div className="field">
          <label htmlFor={`${id}-body`}>{t("comment.editBody")}</label>
          <textarea id={`${id}-body`} name="body" rows={4} maxLength={LIMITS.comment} defaultValue={mine?.values?.body ?? c.bodyMd ?? ""} required />
          <FieldError name="body" errors={mine?.fieldErrors} />
        </div>
        <StanceChoice name="stance" idPrefix={`${id}-stance`} value={mine?.values?.stance ?? c.stance ?? ""} allowNone={c.parentId !== null} />
        <div>
          <Submit>{t("comment.saveEdit")}</Submit>
        </div>
      </Form>
    </details>
  );
}

/**
 * What every comment shows the same way to everyone — author, stance, badges, time, and the body (markdown
 * rendered and sanitised when it was written). A thread page draws dozens of comments, so this is kept light:
 * a handful of elements, no hooks (the locale comes from the caller), and drawn again only when its comment
 * or the language changes. React escapes the author's name and the hiding reason.
 */
export const CommentHead = memo(function CommentHead({ c, locale }: { c: ThreadComment; locale: Locale }) {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const badges = c.stance !== null || c.official || c.pinned;
  return (
    <>
      <p className="meta" id={`c-${c.id}-by`}>
        <strong>{c.author}</strong>
        {badges ? " " : null}
        {c.stance !== null ? <span className={`badge stance-${c.stance}`}>{t(`stance.${c.stance}`)}</span> : null}
        {c.official ? <span className="badge official">{t("comment.official")}</span> : null}
        {c.pinned ? <span className="badge">{t("comment.pinned")}</span> : null}{" "}
        <span className="muted">{formatDateTime(c.createdAt, locale) + (c.editedAt ? ` · ${t("comment.edited")}` : "")}</span>
      </p>
      {c.hiddenReason ? <p className="hidden-note">{t("comment.hiddenPlaceholder", { reason: c.hiddenReason })}</p> : null}
      {c.html ? <div className="prose" dangerouslySetInnerHTML={{ __html: c.html }} /> : null}
    </>
  );
});

/**
 * The thread's "reply" and "report" links are plain links (they work without JavaScript); with it, one
 * handler on the thread follows them in place, keeping the scroll position, instead of a Link per comment.
 */
export function useThreadLinks() {
  const navigate = useNavigate();
  return (e: React.MouseEvent) => {
    const a = (e.target as Element).closest?.("a[data-in-thread]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(a.getAttribute("href")!, { preventScrollReset: true, replace: true });
  };
}

/**
 * One comment and its replies. A long thread must stay light on a phone, so the reply and report forms are
 * drawn only under the comment they were asked for (a plain link, `?reply=ID` / `?report=ID`, works without
 * JavaScript), or where a refused form has to come back.
 */
export function CommentItem({
  c,
  replies,
  may,
  failed,
  open,
  focus,
}: {
  c: ThreadComment;
  replies: ThreadComment[];
  may: ThreadPermissions;
  failed?: Failure | null;
  open: boolean;
  focus: { reply: number | null; report: number | null; page: number };
}) {
  const t = useT();
  const locale = useLocale();
  const ask = (key: "reply" | "report") =>
    `?${new URLSearchParams({ ...(focus.page > 1 ? { cpage: String(focus.page) } : {}), [key]: String(c.id) })}#c-${c.id}`;
  const reporting = focus.report === c.id || failed?.intent === `report-${c.id}`;
  const replying = focus.reply === c.id || failed?.intent === `reply-${c.id}`;
  return (
    <li id={`c-${c.id}`} className={`comment${c.official ? " official" : ""}`}>
      <article aria-labelledby={`c-${c.id}-by`}>
        <CommentHead c={c} locale={locale} />
        {c.revisions && c.revisions.length > 0 ? (
          <details className="inline">
            <summary>{t("comment.history")}</summary>
            <ol>
              {c.revisions.map((r) => (
                <li key={r.id}>
                  <span className="muted">
                    {formatDateTime(r.at, locale)}
                    {r.stance ? ` · ${t(`stance.${r.stance}`)}` : ""}
                  </span>
                  <div className="prose" dangerouslySetInnerHTML={{ __html: r.html }} />
                </li>
              ))}
            </ol>
          </details>
        ) : null}
        <div className="row actions">
          {c.mine && open && !c.hiddenReason ? <EditForm c={c} failed={failed} /> : null}
          {may.canReport && !c.mine && !c.hiddenReason ? (
            reporting ? (
              <ReportForm commentId={c.id} failed={failed} open />
            ) : (
              <a href={ask("report")} data-in-thread="">
                {t("report.action")}
              </a>
            )
          ) : null}
          {may.moderator ? <Moderation c={c} /> : null}
        </div>
      </article>
      {replies.length > 0 ? (
        <ul className="replies plain">
          {replies.map((r) => (
            <CommentItem key={r.id} c={r} replies={[]} may={may} failed={failed} open={open} focus={focus} />
          ))}
        </ul>
      ) : null}
      {!c.parentId && may.canComment && open ? (
        replying ? (
          <div className="reply">
            <CommentForm parentId={c.id} failed={failed} label={t("comment.replyBody")} />
          </div>
        ) : (
          <p className="reply">
            <a href={ask("reply")} data-in-thread="">
              {t("comment.reply")}
            </a>
          </p>
        )
      ) : null}
    </li>
  );
}

// What a notice says outside the app: one line per notification, with its link; a digest lists them all.
import { env } from "~/env.server";
import { type Locale, isLocale, isMessageKey, translate } from "~/i18n";

export interface NoticeRow {
  kind: string;
  proposal_id: number | null;
  comment_id: number | null;
  data: string | null;
  title: string | null;
  actor: string | null;
}

export function noticeLine(locale: Locale, n: NoticeRow): string {
  const data = n.data ? (JSON.parse(n.data) as Record<string, string>) : {};
  const vars = { actor: n.actor ?? translate(locale, "audit.system"), title: n.title ?? "" };
  const named = (prefix: string, value: string | undefined) => {
    const key = `${prefix}.${value}`;
    return isMessageKey(key) ? translate(locale, key) : (value ?? "");
  };
  switch (n.kind) {
    case "state":
      return translate(locale, "notify.state", { ...vars, state: named("pstate", data.to) });
    case "moderated":
      return translate(locale, "notify.moderated", { ...vars, act: named("log.mod", data.act) });
    case "reply":
    case "comment":
    case "cosponsor":
      return translate(locale, `notify.${n.kind}`, vars);
    case "request": {
      const line = translate(locale, "log.request", { title: data.title ?? "", action: named("ract", data.action), level: named("level", data.level) });
      const steps = Number(data.steps ?? 1);
      return steps > 1 ? `${line}${translate(locale, "notice.steps", { count: steps })}` : line;
    }
    default:
      return n.title ?? "";
  }
}

export function noticeLink(n: NoticeRow): string {
  const data = n.data ? (JSON.parse(n.data) as Record<string, string>) : {};
  const path =
    n.kind === "request" && data.requestId ? `/requests/${data.requestId}` : `/proposals/${n.proposal_id}${n.comment_id ? `#c-${n.comment_id}` : ""}`;
  return `${origin()}${path}`;
}

function origin(): string {
  const e = env();
  return e.APP_ORIGIN ?? `http://localhost:${e.PORT}`;
}

export interface Message {
  subject: string;
  text: string;
  short: string;
  url: string;
}

/** One notice, or the digest of several: a subject, the text with links, a short form for SMS and push. */
export function compose(localeName: string | null, rows: NoticeRow[], digest: boolean): Message {
  const locale: Locale = isLocale(localeName) ? localeName : "zh-CN";
  const lines = rows.map((r) => ({ line: noticeLine(locale, r), url: noticeLink(r) }));
  if (!digest && lines.length === 1) {
    const { line, url } = lines[0];
    return { subject: line, text: `${line}\n${url}\n`, short: `${translate(locale, "notice.sign")}${line} ${url}`, url };
  }
  const subject = translate(locale, "notice.digestSubject", { count: lines.length });
  const text = `${subject}\n\n${lines.map((l, i) => `${i + 1}. ${l.line}\n   ${l.url}`).join("\n")}\n`;
  const notices = `${origin()}/notifications`;
  return { subject, text, short: `${translate(locale, "notice.sign")}${subject} ${notices}`, url: notices };
}

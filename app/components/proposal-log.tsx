// A proposal's timeline (state changes, minutes) and its public moderation log, read from the audit log.
import { type Locale, formatDateTime, translate, useLocale, useT, isMessageKey } from "~/i18n";

export interface LogEntry {
  id: number;
  at: string;
  action: string;
  reason: string | null;
  actor: string | null;
  data: Record<string, string>;
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

export function ProposalLog({ log }: { log: readonly LogEntry[] }) {
  const t = useT();
  const locale = useLocale();
  const timeline = log.filter((l) => l.action.startsWith("proposal.") || l.action.startsWith("minutes."));
  const moderation = log.filter((l) => l.action.startsWith("mod."));
  return (
    <>
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

import { Link } from "@remix-run/react";
import type { Category, ProposalState } from "~/domain/words";
import { formatDateTime, useLocale, useT } from "~/i18n";

export interface ProposalSummary {
  id: number;
  title: string;
  state: ProposalState;
  category: Category;
  cosponsor_count?: number;
  comment_count?: number;
  last_activity_at?: string;
  author?: string;
  hidden_reason?: string | null;
}

export function ProposalList({ items }: { items: ProposalSummary[] }) {
  const t = useT();
  const locale = useLocale();
  if (items.length === 0) return <p>{t("proposal.empty")}</p>;
  return (
    <ul className="plain">
      {items.map((p) => (
        <li key={p.id}>
          <Link to={`/proposals/${p.id}`}>{p.hidden_reason ? t("proposal.hidden", { reason: p.hidden_reason }) : p.title}</Link>
          <div className="row muted">
            <span className={`badge state-${p.state}`}>{t(`pstate.${p.state}`)}</span>
            <span className="badge">{t(`category.${p.category}`)}</span>
            {p.author ? <span>{t("proposal.by", { author: p.author })}</span> : null}
            {p.cosponsor_count !== undefined ? <span>{t("proposal.cosponsors", { count: p.cosponsor_count })}</span> : null}
            {p.comment_count !== undefined ? <span>{t("proposal.comments", { count: p.comment_count })}</span> : null}
            {p.last_activity_at ? <span>{t("proposal.lastActivity", { time: formatDateTime(p.last_activity_at, locale) })}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

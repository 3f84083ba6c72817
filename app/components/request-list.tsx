import { Link } from "@remix-run/react";
import type { Level as RequestLevel, RequestState as RequestStateName } from "~/domain/request-flow";
import { useT } from "~/i18n";

export interface RequestItem {
  id: number;
  title: string;
  level: RequestLevel;
  state: RequestStateName;
  /** Shown where the list spans compounds (an administrator's overview). */
  compound?: string;
}

/** Requests linked from a resolution or a proposal: where each is and in what state. */
export function RequestList({ items }: { items: readonly RequestItem[] }) {
  const t = useT();
  if (items.length === 0) return <p className="muted">{t("request.none")}</p>;
  return (
    <ul className="plain">
      {items.map((r) => (
        <li key={r.id}>
          <Link to={`/requests/${r.id}`}>{r.title}</Link> <span className={`badge rstate-${r.state}`}>{t(`rstate.${r.state}`)}</span>{" "}
          <span className="muted">
            {r.compound ? `${r.compound} · ` : ""}
            {t(`level.${r.level}`)}
          </span>
        </li>
      ))}
    </ul>
  );
}

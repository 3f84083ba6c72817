import type { MetaFunction } from "@remix-run/react";
import { useT, pageTitle } from "~/i18n";

export const meta: MetaFunction = (args) => pageTitle(args, "title.openData");

const ENDPOINTS = [
  { path: "/api/resolutions?per=50&before={id}", key: "openData.resolutions" },
  { path: "/api/votes/{id}", key: "openData.vote" },
  { path: "/api/requests?per=50&before={id}", key: "openData.requests" },
  { path: "/api/requests/{id}", key: "openData.request" },
  { path: "/p/{compound}/feed", key: "public.openDataFeed" },
] as const;

const EXAMPLE = `{
  "per": 50, "next": 11,
  "data": [{
    "id": 12, "title": "更换单元门禁设备", "compound": "幸福里小区",
    "level": "street", "state": "in_progress",
    "timeline": [
      { "action": "create", "to_level": "compound", "actor_role": "coordinator", "at": "2026-11-20T02:00:00.000Z" },
      { "action": "escalate", "from_level": "compound", "to_level": "community", "actor_role": "coordinator",
        "reason": "超出小区能力", "on_time": true, "at": "2026-11-21T03:00:00.000Z" }
    ]
  }]
}`;

/** The documentation of the read-only JSON API: open to everyone, no sign-in. */
export default function OpenData() {
  const t = useT();
  return (
    <>
      <h1>{t("openData.title")}</h1>
      <p>{t("openData.intro")}</p>
      <p>{t("openData.paging")}</p>
      <dl>
        {ENDPOINTS.map((e) => (
          <div key={e.path}>
            <dt>
              <code>GET {e.path}</code>
            </dt>
            <dd>{t(e.key)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("openData.example")}</h2>
      {/* A scrollable region must be reachable by keyboard (axe: scrollable-region-focusable). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <pre className="example" tabIndex={0} aria-label={t("openData.example")}>
        <code>{EXAMPLE}</code>
      </pre>
    </>
  );
}

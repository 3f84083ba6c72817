import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ConditionsTable } from "~/components/vote-result";
import { formatDate, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { noticePage } from "~/features/votes/page.server";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.notice", { number: args.data?.number ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  return noticePage(request, params.id);
}

/** The public notice (公示): one A4 page with the figures and a QR code to the online page. */
export default function Notice() {
  const t = useT();
  const locale = useLocale();
  const r = useLoaderData<typeof loader>();
  return (
    <article className="notice">
      <h1>{t("resolution.noticeTitle", { compound: r.compound })}</h1>
      <p className="center">{t("resolution.title", { number: r.number })}</p>
      <p>
        <strong>{r.title}</strong>
      </p>
      <p>{t(`vote.rule.${r.rule}`)}</p>
      <p>{t("resolution.adoptedOn", { date: formatDateTime(r.closedAt, locale) })}</p>
      <ConditionsTable tally={r.tally} />
      <p>
        {t("vote.choice.agree")} {r.tally.counts.byChoice.agree.ballots} · {t("vote.choice.oppose")} {r.tally.counts.byChoice.oppose.ballots} ·{" "}
        {t("vote.choice.abstain")} {r.tally.counts.byChoice.abstain.ballots}
      </p>
      <p>
        <strong>{t("resolution.period", { start: formatDate(r.noticeStarts, locale), end: formatDate(r.noticeEnds, locale) })}</strong>
      </p>
      <div className="row">
        {/* QR code generated on the server by the qrcode package: plain SVG paths. */}
        <div className="qr" role="img" aria-label={t("resolution.scan")} dangerouslySetInnerHTML={{ __html: r.qr }} />
        <p>{t("resolution.scan")}</p>
      </div>
      <p className="end">{t("resolution.issuer", { compound: r.compound })}</p>
      <p className="noprint">
        <button type="button" onClick={() => window.print()}>
          {t("resolution.print")}
        </button>
      </p>
    </article>
  );
}

// Where a request came from: a resolution and its proposal, or a resident's direct report (its place, how many
// residents back it, the "+1" button, the coordinator's merge link, and where it was merged to).
import { Form, Link } from "@remix-run/react";
import { Submit } from "~/components/form";
import { useT } from "~/i18n";

interface Props {
  r: { id: number; resolutionId: number | null; resolutionNumber: string | null; proposalId: number | null; proposalTitle: string | null };
  links: { resolution: boolean; proposal: boolean };
  origin: { place: string; mergedInto: number | null; supporters: number; photos: number[]; maySupport: boolean; mayMerge: boolean } | null;
}

/** The crumbs after the compound: the resolution and proposal, or "resident's report". */
export function OriginCrumbs({ r, links, origin }: Props) {
  const t = useT();
  if (origin || r.resolutionId === null) return <span>{t("direct.fromReport")}</span>;
  const resolution = t("request.fromResolution", { number: r.resolutionNumber ?? "" });
  const proposal = t("request.fromProposal", { title: r.proposalTitle ?? "" });
  return (
    <>
      {links.resolution ? <Link to={`/resolutions/${r.resolutionId}`}>{resolution}</Link> : <span>{resolution}</span>}
      {" · "}
      {links.proposal ? <Link to={`/proposals/${r.proposalId}`}>{proposal}</Link> : <span>{proposal}</span>}
    </>
  );
}

/** A report's place and backers, with the "+1" form and the merge link for those who may use them. */
export function ReportOrigin({ r, origin }: Props) {
  const t = useT();
  if (!origin) return null;
  return (
    <>
      <div className="row" data-testid="report-origin">
        <span>{t("direct.where", { place: origin.place })}</span>
        <span>{t("direct.supporters", { n: origin.supporters })}</span>
        {origin.mergedInto !== null ? <Link to={`/requests/${origin.mergedInto}`}>{t("direct.mergedInto", { id: origin.mergedInto })}</Link> : null}
        {origin.maySupport ? (
          <Form method="post" action={`/requests/${r.id}/support`}>
            <Submit className="secondary">{t("direct.plusOne")}</Submit>
          </Form>
        ) : null}
        {origin.mayMerge ? <Link to={`/requests/${r.id}/merge`}>{t("direct.merge")}</Link> : null}
      </div>
      {origin.photos.length ? (
        <div className="photos">
          {origin.photos.map((id, i) => (
            <a key={id} href={`/evidence/${id}`}>
              <img src={`/evidence/${id}`} alt={t("direct.photoAlt", { n: i + 1 })} width={160} height={120} loading="lazy" />
            </a>
          ))}
        </div>
      ) : null}
    </>
  );
}

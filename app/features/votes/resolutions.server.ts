import QRCode from "qrcode";
import { idParam, notFound, viewerFor } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import type { Tally } from "~/domain/tally";
import { env } from "~/env.server";
import { getResolution } from "~/features/votes/queries.server";

/**
 * A resolution with its frozen tally: part of a closed vote's public record (`vote.record`), so a passer-by
 * who scans the notice's QR code reads it without an account. Nothing personal is in it.
 */
export async function loadResolution(request: Request, id: string | undefined) {
  const r = await getResolution(getDb(), idParam(id));
  if (!r) notFound();
  const viewer = await viewerFor(request, "vote.record", { path: r.compound_path, kind: "compound" });
  return {
    viewer,
    resolution: {
      id: r.id,
      number: r.number,
      title: r.title,
      compound: r.compound,
      compoundPath: r.compound_path,
      proposalId: r.proposal_id,
      voteId: r.vote_id,
      rule: r.rule,
      closedAt: r.closed_at ?? r.created_at,
      noticeStarts: r.notice_starts,
      noticeEnds: r.notice_ends,
      tally: JSON.parse(r.tally) as Tally,
    },
  };
}

/** A QR code (SVG markup) that leads to the resolution's online page. */
export async function resolutionQr(request: Request, id: number): Promise<string> {
  const origin = env().APP_ORIGIN ?? new URL(request.url).origin;
  return QRCode.toString(`${origin}/resolutions/${id}`, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

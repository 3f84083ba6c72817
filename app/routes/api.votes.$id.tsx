import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, openJson, openVote } from "~/features/open-data/page.server";

/** GET /api/votes/:id — the result of a closed vote; an open or unknown one is a 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, "error.notFound");
  const v = await openVote(id);
  return v ? openJson(v) : apiError(404, "error.notFound");
}

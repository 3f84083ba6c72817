import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, openJson, openRequest } from "~/features/open-data/page.server";

/** GET /api/requests/:id — one request and its timeline, by role (no names). */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, "error.notFound");
  const r = await openRequest(id);
  return r ? openJson(r) : apiError(404, "error.notFound");
}

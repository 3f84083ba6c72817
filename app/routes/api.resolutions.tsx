import type { LoaderFunctionArgs } from "@remix-run/node";
import { openJson, openResolutions, paging } from "~/features/open-data/page.server";

/** GET /api/resolutions?per=&before= — resolutions with their public tallies, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const p = paging(new URL(request.url));
  if (p instanceof Response) return p;
  return openJson(await openResolutions(p));
}

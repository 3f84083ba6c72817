import type { LoaderFunctionArgs } from "@remix-run/node";
import { openJson, openRequests, paging } from "~/features/open-data/page.server";

/** GET /api/requests?per=&before= — service requests, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const p = paging(new URL(request.url));
  if (p instanceof Response) return p;
  return openJson(await openRequests(p));
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { requireSameOrigin, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { attempt } from "~/web/actions.server";
import { redirectWithFlash } from "~/web/flash.server";
import { endBehalf } from "~/features/on-behalf/commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

/** Ends acting on behalf: the one action a helper acting for someone may always take (the banner's button). */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const viewer = await requireViewer(request);
  const r = await attempt(() => endBehalf(viewer, now()));
  if (!r.ok) return r.response;
  return redirectWithFlash("/behalf", { key: "behalf.ended" });
}

export function loader() {
  throw new Response("error.notFound", { status: 404 });
}

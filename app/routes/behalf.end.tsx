import type { ActionFunctionArgs } from "@remix-run/node";
import { requireSameOrigin, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { redirectWithFlash } from "~/web/flash.server";
import { endBehalf } from "~/features/on-behalf/commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

/** Ends acting on behalf: the one action a helper acting for someone may always take (the banner's button). */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const viewer = await requireViewer(request);
  const ended = await endBehalf(viewer, now());
  return redirectWithFlash("/behalf", { key: ended ? "behalf.ended" : "behalf.error.notActing" });
}

export function loader() {
  throw new Response("error.notFound", { status: 404 });
}

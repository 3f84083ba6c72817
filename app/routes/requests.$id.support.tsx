import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { idParam, readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { redirectWithFlash } from "~/web/flash.server";
import { AppError } from "~/features/errors";
import { supportRequest } from "~/features/requests/report-commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

/** Nothing to show: the "+1" lives on the request page and beside each likely duplicate. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireViewer(request);
  return redirect(`/requests/${idParam(params.id)}`);
}

/** "+1 this one instead": a verified resident of the compound backs an open request and follows it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const id = idParam(params.id);
  await readForm(request);
  try {
    const r = await supportRequest(viewer.actor, id, now());
    return redirectWithFlash(`/requests/${id}`, { key: r.added ? "direct.supported" : "direct.alreadySupported" });
  } catch (e) {
    if (e instanceof AppError) throw new Response(e.msg.key, { status: e.status });
    throw e;
  }
}

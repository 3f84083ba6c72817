import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { evidencePhoto } from "~/features/requests/page.server";

/** An evidence photo, for those who may see its request; sent with the type found in its content. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const { mime, body } = await visibleOr404(() => evidencePhoto(viewer.actor, idParam(params.id)));
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(body.length),
      "Cache-Control": "private, max-age=86400",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
}

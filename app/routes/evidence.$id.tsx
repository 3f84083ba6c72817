import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam, notFound, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { readStoredFile } from "~/features/requests/evidence.server";
import { loadVisibleRequest } from "~/features/requests/commands.server";

/** An evidence photo, for those who may see its request; sent with the type found in its content. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const db = getDb();
  const e = await db.selectFrom("request_evidence").select(["request_id", "file", "mime", "bytes"]).where("id", "=", idParam(params.id)).executeTakeFirst();
  if (!e) notFound();
  await visibleOr404(() => loadVisibleRequest(db, viewer.actor, e.request_id));
  let body: Buffer;
  try {
    body = await readStoredFile(e.file);
  } catch {
    notFound();
  }
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": e.mime,
      "Content-Length": String(body.length),
      "Cache-Control": "private, max-age=86400",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
}

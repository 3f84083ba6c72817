import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { exportMyData } from "~/features/accounts/page.server";

// A download of everything kept about the signed-in person, as JSON (a resource route: no page).
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const data = await exportMyData(viewer.user.id, now());
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="gongzhi-my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}

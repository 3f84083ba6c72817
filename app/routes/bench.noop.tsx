import type { ActionFunctionArgs } from "@remix-run/node";
import { notFound, readForm, requireSameOrigin } from "~/auth/guards.server";

// The baseline of the benchmarks: a trivial Remix loader and action served by the same server, so every
// figure is a ratio measured in the same run. Exists only when the server was started with BENCH=1.
export async function loader() {
  if (process.env.BENCH !== "1") notFound();
  return Response.json({ ok: true });
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  if (process.env.BENCH !== "1") notFound();
  await readForm(request);
  return Response.json({ ok: true });
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, readForm, requireSameOrigin } from "~/auth/guards.server";
import { moveClock, now } from "~/clock.server";
import { deliverOutbox } from "~/features/outbox/commands.server";
import { runRequestJobs } from "~/features/requests/commands.server";
import { runDueJobs } from "~/features/votes/commands.server";

// Browser tests move the server's clock instead of sleeping: a vote's window ends, the job closes it.
// This exists only when the server was started with TEST_CLOCK=1; everywhere else it is not found.
export async function loader() {
  notFound();
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  if (process.env.TEST_CLOCK !== "1") notFound();
  const form = await readForm(request);
  const parsed = z.coerce
    .number()
    .int()
    .min(0)
    .max(366 * 86_400_000)
    .safeParse(form.get("ms"));
  if (!parsed.success) throw new Response("error.badRequest", { status: 400 });
  moveClock(parsed.data);
  // The same jobs the server's timer runs.
  const closed = await runDueJobs(now());
  const escalated = await runRequestJobs(now());
  const delivered = await deliverOutbox(now());
  return Response.json({ now: now().toISOString(), closed, escalated, delivered });
}

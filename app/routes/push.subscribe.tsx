// A browser's Web Push subscription (issue 17): the push switch of /account/contacts posts it here.
import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { choice, parseForm } from "~/web/forms.server";
import { subscribePush, unsubscribePush } from "~/features/outbox/contact-commands.server";

const LOCAL = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** A push service's address: https (plain http only on this machine, for trials). */
const endpoint = () =>
  z
    .string({ required_error: "push.bad" })
    .max(1000, "push.bad")
    .refine((s) => {
      try {
        const u = new URL(s);
        return u.protocol === "https:" || (u.protocol === "http:" && LOCAL.has(u.hostname));
      } catch {
        return false;
      }
    }, "push.bad");
/** base64url of exactly `bytes` bytes. */
const key = (bytes: number) =>
  z
    .string({ required_error: "push.bad" })
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "push.bad")
    .refine((s) => Buffer.from(s, "base64url").length === bytes, "push.bad");

const schema = () =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("subscribe"), endpoint: endpoint(), p256dh: key(65), auth: key(16) }),
    z.object({ intent: z.literal("unsubscribe"), endpoint: endpoint() }),
  ]);
const intentSchema = () => z.object({ intent: choice(["subscribe", "unsubscribe"]) });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const which = parseForm(intentSchema(), form);
  if (!which.ok) return invalid(which.fieldErrors, undefined, form);
  const parsed = parseForm(schema(), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, which.data.intent, form);
  const d = parsed.data;
  const r = await attempt(
    () => (d.intent === "subscribe" ? subscribePush(viewer.user.id, d, now()) : unsubscribePush(viewer.user.id, d.endpoint)),
    d.intent,
    form,
  );
  if (!r.ok) return r.response;
  return data({ ok: true });
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getViewer, requireSameOrigin } from "~/auth/guards.server";
import { blankSessionCookie } from "~/auth/session.server";
import { secureCookies } from "~/env.server";
import { signOut } from "~/features/accounts/commands.server";

// Sign out by POST only: a GET here changes nothing.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const viewer = await getViewer(request);
  if (viewer) await signOut(viewer.sessionId);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(secureCookies()) } });
}

// Guards every loader and action calls: who is asking, are they signed in, did the request come from us.
import { redirect } from "@remix-run/node";
import { type Action, type Actor, type BehalfAct, type Target, can, onBehalfAllows } from "~/domain/permissions";
import type { OnBehalf } from "~/domain/on-behalf";
import { env, secureCookies } from "~/env.server";
import { now } from "~/clock.server";
import { validateSessionToken } from "~/features/accounts/commands.server";
import { placeById } from "~/features/places/page.server";
import { expectedOrigin, isSafeMethod, isTrustedOrigin } from "./origin";
import { AppError } from "~/features/errors";
import { BodyTooLarge, FORM_MAX_BYTES, declaredTooLarge } from "~/web/body-limit.server";
import { SESSION_COOKIE, type SessionUser, blankSessionCookie, deviceCookie, readCookie, sessionCookie } from "./session.server";

type Place = NonNullable<Awaited<ReturnType<typeof placeById>>>;

export interface Viewer {
  user: SessionUser;
  sessionId: string;
  actor: Actor;
  /** Acting on behalf (代办): user and actor are the resident's; this names the helper. */
  onBehalf: OnBehalf | null;
}

export interface ViewerResult {
  viewer: Viewer | null;
  /** A Set-Cookie value to send back: the renewed cookie, or a blank one for a dead session. */
  setCookie: string | null;
}

const cache = new WeakMap<Request, Promise<ViewerResult>>();

async function resolveViewer(request: Request): Promise<ViewerResult> {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  if (!token) return { viewer: null, setCookie: null };
  const at = now();
  // The session and the person's roles in one hold of the connection, as prepared statements.
  const session = await validateSessionToken(token, at);
  if (!session) return { viewer: null, setCookie: blankSessionCookie(secureCookies()) };
  return {
    viewer: { user: session.user, sessionId: session.sessionId, actor: session.actor, onBehalf: session.onBehalf },
    setCookie: sessionCookie(token, session.expiresAt, secureCookies()),
  };
}

/** The signed-in person, or null. Validated once per request. */
export function getViewerResult(request: Request): Promise<ViewerResult> {
  let p = cache.get(request);
  if (!p) {
    p = resolveViewer(request);
    cache.set(request, p);
  }
  return p;
}

export async function getViewer(request: Request): Promise<Viewer | null> {
  return (await getViewerResult(request)).viewer;
}

export async function requireViewer(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return viewer;
}

/**
 * For pages some records of which are public (a closed vote's published record, see `vote.record` in
 * domain/permissions): the viewer when signed in, null for a passer-by where the action is open to anyone;
 * otherwise sign in first.
 */
export async function viewerFor(request: Request, action: Action, target: Target | null): Promise<Viewer | null> {
  const viewer = await getViewer(request);
  if (viewer || can(null, action, target)) return viewer;
  return requireViewer(request);
}

export function notFound(): never {
  throw new Response("error.notFound", { status: 404 });
}

export function forbidden(): never {
  throw new Response("error.forbidden", { status: 403 });
}

/** Every non-GET request must come from our own origin (CSRF). */
export function requireSameOrigin(request: Request): void {
  if (isSafeMethod(request.method)) return;
  const url = new URL(request.url);
  const expected = expectedOrigin(env().APP_ORIGIN, url.protocol, request.headers.get("Host") ?? url.host);
  if (!isTrustedOrigin(request.headers.get("Origin"), expected)) throw new Response("error.origin", { status: 403 });
}

/**
 * For actions: same origin, then a signed-in person. While acting on behalf (代办) only the acts allowed on
 * behalf pass (domain/permissions onBehalfAllows): a route doing one names it as `act` (and runs the command in
 * `asResident`, app/features/on-behalf); any other action is refused with a Chinese message.
 */
export async function requireActionViewer(request: Request, act: BehalfAct = "other"): Promise<Viewer> {
  requireSameOrigin(request);
  const viewer = await requireViewer(request);
  requireBehalfAct(viewer, act);
  return viewer;
}

/** While acting on behalf, refuses (403, Chinese message) an act not allowed on behalf; else does nothing. */
export function requireBehalfAct(viewer: Viewer, act: BehalfAct): void {
  if (viewer.onBehalf && !onBehalfAllows(act)) {
    throw new Response(act === "vote.cast" ? "behalf.error.ballot" : "behalf.error.notAllowed", { status: 403 });
  }
}

/** A place the viewer may act on: 404 when they may not see it, 403 when they see it but may not act. */
export async function requirePlace(viewer: Viewer, placeId: string | undefined, action: Action, kind?: Place["kind"]): Promise<Place> {
  const id = Number(placeId);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const place = await placeById(id);
  if (!place || (kind && place.kind !== kind)) notFound();
  if (!can(viewer.actor, "place.view", place) && !can(viewer.actor, action, place)) notFound();
  if (!can(viewer.actor, action, place)) forbidden();
  return place;
}

export function requireAllowed(viewer: Viewer, allowed: boolean): void {
  if (!allowed) forbidden();
}

/** A redirect target from a form or query: a path on this site only, never "//elsewhere". */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  // Browsers drop tabs and newlines and read "\\" as "/": refuse anything that could leave the site.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  try {
    const url = new URL(to, "http://our.site");
    if (url.origin !== "http://our.site") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/**
 * The request's form; a body that is not a form is a 400, not a 500. At most FORM_MAX_BYTES: a longer one is a
 * 413, refused before reading when its Content-Length says so, else as soon as it passes the cap (the rest is
 * left unread). The server's front door (app/server.mjs) applies the same cap to every request.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (declaredTooLarge(null, request.headers.get("Content-Length"))) throw new Response("error.tooLarge", { status: 413 });
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readCapped(request, FORM_MAX_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLarge) throw new Response("error.tooLarge", { status: 413 });
    throw new Response("error.badRequest", { status: 400 });
  }
  try {
    return await new Response(body, { headers: { "Content-Type": request.headers.get("Content-Type") ?? "" } }).formData();
  } catch {
    throw new Response("error.badRequest", { status: 400 });
  }
}

async function readCapped(request: Request, cap: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Not cancelled: under Express that would cut the connection before the 413 is sent.
    if (size > cap) {
      reader.releaseLock();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Signed-in people have no business on the sign-in and register pages. */
export async function redirectIfSignedIn(request: Request): Promise<null> {
  if (await getViewer(request)) throw redirect("/");
  return null;
}

/** After signing in or registering: the new session's cookie (and a new device's), and on to the page. */
export function redirectWithSession(to: string, session: { token: string; expiresAt: string; newDeviceToken?: string | null }) {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(session.token, session.expiresAt, secureCookies()));
  if (session.newDeviceToken) headers.append("Set-Cookie", deviceCookie(session.newDeviceToken, secureCookies()));
  return redirect(to, { headers });
}

/** A route's numeric id, or 404. */
export function idParam(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) notFound();
  return n;
}

/** Runs a "load what this person may see" service: its refusal becomes the page's 404. */
export async function visibleOr404<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof AppError) notFound();
    throw e;
  }
}

import type { Msg, MessageKey, Vars } from "~/i18n/index";
import { type Action, type Actor, type Target, can } from "~/domain/permissions";

export type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 429;

/** A refusal with a status and a message for the person; never a 500. */
export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly msg: Msg,
    readonly field?: string,
  ) {
    super(msg.key);
  }
}

export function fail(status: ErrorStatus, key: MessageKey, vars?: Vars, field?: string): never {
  throw new AppError(status, { key, vars }, field);
}

/** 404 when the actor may not even see the place, 403 when they see it but may not act. */
export function authorize(actor: Actor, action: Action, target: Target): void {
  if (can(actor, action, target)) return;
  if (!can(actor, "place.view", target)) fail(404, "error.notFound");
  fail(403, "error.forbidden");
}

/** The command line acts as the deployment's administrator. */
export const SYSTEM_ACTOR: Actor = { userId: 0, grants: [{ role: "admin", placePath: null }], residencies: [] };

export function actorId(actor: Actor): number | null {
  return actor.userId > 0 ? actor.userId : null;
}

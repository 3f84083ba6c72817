// Form schemas shared by the proposal routes.
import { z } from "zod";
import { CATEGORIES, LIMITS, REPORT_REASONS, STANCES } from "~/domain/categories";
import { choice, idField, optionalText, text } from "~/web/forms.server";
import { MODERATION_ACTS } from "~/features/threads/moderation-commands.server";

export const proposalSchema = z.object({
  title: text(LIMITS.title),
  body: text(LIMITS.body),
  category: choice(CATEGORIES),
  intent: choice(["preview", "save", "submit"] as const),
});

/** A stance, or none ("" or left out): a reply may take no side; a top-level comment must (the service says so). */
const stanceField = choice(["", ...STANCES] as const)
  .optional()
  .transform((v) => (v ? v : null));

export const commentSchema = z.object({
  body: text(LIMITS.comment),
  stance: stanceField,
  parentId: z
    .union([z.literal("").transform(() => null), idField])
    .optional()
    .transform((v) => v ?? null),
});

export const editCommentSchema = z.object({ commentId: idField, body: text(LIMITS.comment), stance: stanceField });

export const reportSchema = z.object({
  reason: choice(REPORT_REASONS),
  note: optionalText(LIMITS.reason),
  commentId: z
    .union([z.literal("").transform(() => null), idField])
    .optional()
    .transform((v) => v ?? null),
});

export const moveSchema = z.object({
  move: choice(["submit", "request_changes", "publish", "decline", "withdraw", "merge", "archive"] as const),
  reason: optionalText(LIMITS.reason),
  mergeInto: z
    .union([z.literal("").transform(() => null), idField])
    .optional()
    .transform((v) => v ?? null),
});

export const moderateSchema = z.object({
  act: choice(MODERATION_ACTS),
  commentId: z
    .union([z.literal("").transform(() => null), idField])
    .optional()
    .transform((v) => v ?? null),
  userId: z
    .union([z.literal("").transform(() => null), idField])
    .optional()
    .transform((v) => v ?? null),
  reason: optionalText(LIMITS.reason),
  days: z
    .union([z.literal("").transform(() => null), z.coerce.number({ invalid_type_error: "mod.days" }).int("mod.days").min(1, "mod.days").max(90, "mod.days")])
    .optional()
    .transform((v) => v ?? null),
});

export const minutesSchema = z.object({
  kind: choice(["minutes", "meeting"] as const),
  body: text(LIMITS.minutes),
  date: z
    .union([
      z.literal("").transform(() => null),
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "v.date")
        .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "v.date"),
    ])
    .optional()
    .transform((v) => v ?? null),
  place: optionalText(80),
  attendance: z
    .union([
      z.literal("").transform(() => null),
      z.coerce.number({ invalid_type_error: "v.number" }).int("v.number").min(0, "v.number").max(100_000, "v.number"),
    ])
    .optional()
    .transform((v) => v ?? null),
});

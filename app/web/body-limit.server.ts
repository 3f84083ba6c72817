// How much a request may send. A form is text: 256 KB holds the longest one (20,000 Chinese characters
// percent-encoded weigh 180 KB). A multipart body carries photos: the completion form's own limit (six photos
// of 5 MB and room for the text) is the ceiling of every upload. Over the cap the answer is 413, given before
// the body is read when Content-Length says so, and as soon as a chunked body passes it otherwise.
import { EVIDENCE_MAX_BODY } from "~/features/requests/evidence.server";

export const FORM_MAX_BYTES = 256 * 1024;
export const UPLOAD_MAX_BYTES = EVIDENCE_MAX_BODY;

/** The most a request with this Content-Type may send. */
export function bodyCap(contentType: string | null | undefined): number {
  return /^\s*multipart\/form-data\b/i.test(contentType ?? "") ? UPLOAD_MAX_BYTES : FORM_MAX_BYTES;
}

/** True when the declared length alone is over the cap (an unreadable length is refused too). */
export function declaredTooLarge(contentType: string | null | undefined, contentLength: string | null | undefined): boolean {
  if (contentLength === null || contentLength === undefined) return false;
  const n = Number(contentLength);
  return !Number.isSafeInteger(n) || n < 0 || n > bodyCap(contentType);
}

export class BodyTooLarge extends Error {
  constructor() {
    super("request body over its cap");
  }
}

// Evidence photos of a completed request: checked by content (images only, ≤ 5 MB each), stored on disk
// under a random name beside the database, and read back only through a page that checks who may see it.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { UploadHandler } from "@remix-run/node";
import { sniffImage } from "~/domain/image-type";
import { fail } from "~/features/errors";
import { uploadDir } from "~/db.server";

export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 6;
const TOO_BIG = "\u0000too-big:";
const TOO_MANY = "\u0000too-many";
/** The most a completion form may weigh: every photo at its limit, and room for the text. */
export const EVIDENCE_MAX_BODY = EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES + 1024 * 1024;

export interface StoredFile {
  file: string;
  mime: string;
  bytes: number;
  sha256: string;
}

/**
 * Keeps each uploaded file in memory up to the limit and one byte more; a bigger one is read to its end and
 * dropped, so the rest of the form still arrives and the person gets a message instead of a broken page.
 */
/** Reads a part to its end without keeping it (the rest of the form comes after it). */
async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const _ of data) void _;
}

export function evidenceUploadHandler(): UploadHandler {
  let files = 0;
  let fields = 0;
  return async ({ name, filename, data }) => {
    if (filename === undefined) {
      if (++fields > 20) {
        await drain(data);
        return undefined;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const c of data) {
        size += c.length;
        if (size <= 100_000) chunks.push(c);
      }
      return Buffer.concat(chunks).toString("utf8");
    }
    if (name !== "evidence" || filename === "") {
      await drain(data);
      return undefined;
    }
    // Past the limit, a file is read to its end and dropped: memory holds at most the allowed photos.
    if (++files > EVIDENCE_MAX_FILES) {
      await drain(data);
      return TOO_MANY;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const c of data) {
      size += c.length;
      if (size <= EVIDENCE_MAX_BYTES + 1) chunks.push(c);
    }
    if (size > EVIDENCE_MAX_BYTES) return `${TOO_BIG}${filename}`;
    return new File([Buffer.concat(chunks)], filename);
  };
}

/** Checks every file, then writes them all; nothing is written when one is refused. */
export async function storeEvidence(entries: FormDataEntryValue[]): Promise<StoredFile[]> {
  if (entries.length > EVIDENCE_MAX_FILES || entries.includes(TOO_MANY)) fail(400, "evidence.tooMany", { max: EVIDENCE_MAX_FILES }, "evidence");
  const checked: { bytes: Buffer; mime: string }[] = [];
  for (const e of entries) {
    if (typeof e === "string") {
      if (e.startsWith(TOO_BIG)) fail(413, "evidence.tooBig", { name: e.slice(TOO_BIG.length) }, "evidence");
      fail(400, "evidence.notImage", { name: "?" }, "evidence");
    }
    const bytes = Buffer.from(await e.arrayBuffer());
    if (bytes.length > EVIDENCE_MAX_BYTES) fail(413, "evidence.tooBig", { name: e.name }, "evidence");
    const mime = sniffImage(bytes);
    if (!mime) fail(400, "evidence.notImage", { name: e.name }, "evidence");
    checked.push({ bytes, mime });
  }
  const dir = uploadDir();
  await fs.mkdir(dir, { recursive: true });
  const stored: StoredFile[] = [];
  for (const c of checked) {
    const file = randomBytes(16).toString("hex");
    await fs.writeFile(path.join(dir, file), c.bytes, { flag: "wx" });
    stored.push({ file, mime: c.mime, bytes: c.bytes.length, sha256: createHash("sha256").update(c.bytes).digest("hex") });
  }
  return stored;
}

export async function discardFiles(files: StoredFile[]) {
  await Promise.all(files.map((f) => fs.rm(path.join(uploadDir(), f.file), { force: true })));
}

export function readStoredFile(file: string): Promise<Buffer> {
  if (!/^[0-9a-f]{32}$/.test(file)) throw new Error("bad evidence file name");
  return fs.readFile(path.join(uploadDir(), file));
}

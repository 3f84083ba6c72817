// The uploaded photos in a backup, on both engines: the upload folder (UPLOAD_DIR) packed as a tar archive
// beside the database copy, `FILE.uploads.tar` next to `FILE`. Taken after the database copy: a photo is
// written before the row that names it and never removed once named, so every photo the copy names is in it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Where a backup FILE keeps its uploads. */
export function uploadsArchiveOf(file: string): string {
  return `${file}.uploads.tar`;
}

/** Packs `dir` (every file in it; none when it does not exist) into `archive`; answers how many files. */
export function packUploads(dir: string, archive: string): number {
  const partial = `${archive}.partial`;
  fs.rmSync(partial, { force: true });
  // The folder as a whole ("."), not a list of names: a city's hundreds of thousands would not fit in argv.
  const exists = fs.existsSync(dir);
  execFileSync("tar", exists ? ["-cf", partial, "-C", dir, "."] : ["-cf", partial, "-T", "/dev/null"]);
  fs.renameSync(partial, archive);
  return exists ? fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile()).length : 0;
}

/**
 * Puts the archive's files in place of `dir`'s: unpacked into a folder beside it first, then swapped in with
 * two renames; the folder as it was is kept beside it (`dir.before-restore-…`). Answers how many files and the
 * kept folder (null when there was none).
 */
export function unpackUploads(archive: string, dir: string, now: Date): { files: number; saved: string | null } {
  const target = path.resolve(dir);
  const stage = `${target}.restoring`;
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  try {
    execFileSync("tar", ["-xf", archive, "-C", stage, "--no-same-owner"]);
  } catch (e) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  let saved: string | null = null;
  if (fs.existsSync(target)) {
    saved = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(target, saved);
  }
  fs.renameSync(stage, target);
  return { files: fs.readdirSync(target).length, saved };
}

import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
// TEST_ARTIFACTS: another folder, for a run of the suite inside the suite (the date check).
export const ARTIFACTS = process.env.TEST_ARTIFACTS ?? path.join(ROOT, "tests/.artifacts");
export const TEMPLATE_DB = path.join(ARTIFACTS, "template.db");

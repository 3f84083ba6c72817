import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "tests/.artifacts");
export const TEMPLATE_DB = path.join(ARTIFACTS, "template.db");

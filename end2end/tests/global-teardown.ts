// Removes the run's data folder, which the console server created at the path that
// playwright.config.ts chose.
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env.CONSOLE_E2E_DATA_DIR;
  if (dataDir === undefined) {
    return;
  }
  // Only a folder of the shape that the config chooses is removed, so that a value set by hand
  // can never delete anything else.
  const isRunFolder =
    path.dirname(dataDir) === tmpdir() && path.basename(dataDir).startsWith("console-e2e-");
  if (!isRunFolder) {
    console.warn(`Kept ${dataDir}: it is not a data folder that the end-to-end run chose.`);
    return;
  }
  await rm(dataDir, { recursive: true, force: true });
}

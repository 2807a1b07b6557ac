// The settings page hydrates: validation runs while the admin types, and no script fails.
// A release build whose wasm-opt produced a broken module fails here first.
import { expect, test } from "@playwright/test";

import { demoAdmin, signIn } from "./console-users";
import { installHydrationProbe, waitForHydration } from "./hydration";

const settingsPath = "/environments/development/integrations/salesforce";

test("settings page validates while typing", async ({ page }) => {
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") {
      consoleErrors.push(message.text());
    }
  });
  await installHydrationProbe(page);
  await signIn(page, demoAdmin);

  await page.goto(settingsPath);
  await waitForHydration(page);
  const myDomain = page.getByLabel("Salesforce MyDomain", { exact: true });
  await expect(myDomain).not.toHaveAttribute("aria-invalid", "true");

  // `test` is Salesforce's generic sandbox login host, not a My Domain name.
  await myDomain.pressSequentially("test");

  await expect(myDomain).toHaveAttribute("aria-invalid", "true");
  await expect(myDomain).toHaveAccessibleDescription(
    /^test\.salesforce\.com is Salesforce's generic sandbox login host, not a My Domain/,
  );
  await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toHaveCount(0);
  expect(pageErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

// Environments on the environments list: create one with a derived URL slug, rename it, and
// delete it after confirming. The steps share one page and run in order.
import { expect, test, type Page } from "@playwright/test";

import { demoAdmin, signIn } from "./console-users";
import { createEnvironment, openHydrated, settingsPath } from "./console-setup";
import { installHydrationProbe } from "./hydration";

test.describe.configure({ mode: "serial" });

let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await installHydrationProbe(page);
  await signIn(page, demoAdmin);
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("page at failure", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  }
});

test.afterAll(async () => {
  await page.context().close();
});

/** Returns the list's row of the environment `slug`, found by its link. */
function environmentRow(slug: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: slug, exact: true }) });
}

test("create derives the URL slug", async () => {
  const slug = await createEnvironment(page, "Staging EU");

  expect(slug).toBe("staging-eu");
  const row = environmentRow("staging-eu");
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name: "staging-eu", exact: true })).toHaveAttribute(
    "href",
    settingsPath("staging-eu"),
  );
  await expect(row.getByRole("cell").first()).toContainText("Staging EU");
  await expect(row.getByRole("cell", { name: "Not set up", exact: true })).toBeVisible();

  // The create form is empty again for the next environment.
  const form = page.getByRole("region", { name: "New environment" });
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("");
});

test("rename changes the name", async () => {
  const row = environmentRow("staging-eu");
  await row.getByRole("button", { name: "Rename staging-eu", exact: true }).click();

  const name = row.getByLabel("Name", { exact: true });
  await expect(name).toHaveValue("Staging EU");
  await expect(row.getByLabel("URL slug", { exact: true })).toHaveValue("staging-eu");
  await name.fill("Staging Europe");
  await row.getByRole("button", { name: "Save name", exact: true }).click();

  await expect(row.getByRole("button", { name: "Save name", exact: true })).toHaveCount(0);
  await expect(row.getByRole("cell").first()).toContainText("Staging Europe");

  // A new document shows the stored name under the same slug.
  await openHydrated(page, "/");
  await expect(environmentRow("staging-eu").getByRole("cell").first()).toContainText("Staging Europe");
});

test("delete asks for confirmation", async () => {
  const row = environmentRow("staging-eu");
  await row.getByRole("button", { name: "Delete staging-eu", exact: true }).click();

  const confirmation = row.getByRole("alertdialog", { name: "Confirm deleting staging-eu" });
  await expect(confirmation).toContainText("This cannot be undone.");
  await confirmation.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(confirmation).toHaveCount(0);
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: "Delete staging-eu", exact: true }).click();
  await confirmation.getByRole("button", { name: "Confirm delete", exact: true }).click();

  await expect(environmentRow("staging-eu")).toHaveCount(0);
  await openHydrated(page, "/");
  await expect(page.getByRole("link", { name: "development", exact: true })).toBeVisible();
  await expect(environmentRow("staging-eu")).toHaveCount(0);
});

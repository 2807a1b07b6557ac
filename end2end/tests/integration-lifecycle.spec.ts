// An integration from its first save to its deletion: the audit log records the save,
// Disconnect removes the connection but keeps the settings, and Delete integration shows a
// confirmation step and then removes everything. The steps share one page and one environment, and run in order.
import { expect, test, type Page } from "@playwright/test";

import { demoAdmin, signIn } from "./console-users";
import {
  connectDemoOrg,
  createEnvironment,
  maskedSecret,
  openHydrated,
  saveDemoSettings,
  settingsPath,
} from "./console-setup";
import { demoOrg } from "./demo-org";
import { installHydrationProbe } from "./hydration";

test.describe.configure({ mode: "serial" });

let page: Page;
let slug: string;

test.beforeAll(async ({ browser }, testInfo) => {
  page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await installHydrationProbe(page);
  page.on("dialog", (dialog) => (dialog.type() === "beforeunload" ? dialog.accept() : dialog.dismiss()));
  await signIn(page, demoAdmin);
  slug = await createEnvironment(page, "Lifecycle Checks");
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

function connectionPanel() {
  return page.getByRole("region", { name: "Connection", exact: true });
}

/** Returns the audit log's rows whose What column is `action`. */
function auditRows(action: string) {
  const log = page.getByRole("region", { name: "Audit log" });
  return log.getByRole("row").filter({ has: page.getByRole("cell", { name: action, exact: true }) });
}

test("audit log lists settings.saved", async () => {
  await saveDemoSettings(page, slug);

  const saved = auditRows("settings.saved");
  await expect(saved).toHaveCount(1);
  await expect(saved.getByRole("cell", { name: demoAdmin.email, exact: true })).toBeVisible();
  // Details name the changed fields, never the secret's value.
  await expect(saved).toContainText("client_secret");
  await expect(saved).not.toContainText(demoOrg.clientSecret);
});

test("disconnect leaves it not connected", async () => {
  await connectDemoOrg(page, slug);

  await connectionPanel().getByRole("button", { name: "Disconnect", exact: true }).click();

  await expect(connectionPanel().getByText("Not connected.", { exact: true })).toBeVisible();
  await expect(connectionPanel().getByRole("status")).toHaveText(/^Disconnected: /);
  await expect(connectionPanel().getByRole("button", { name: "Disconnect", exact: true })).toHaveCount(0);
  await expect(auditRows("connection.deleted")).toHaveCount(1);

  // A new document shows the stored state: the settings stay, the connection is gone.
  await openHydrated(page, settingsPath(slug));
  await expect(connectionPanel().getByText("Not connected.", { exact: true })).toBeVisible();
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
  await expect(connectionPanel().getByRole("button", { name: "Connect", exact: true })).toBeEnabled();
  const testPanel = page.getByRole("region", { name: "Test connection" });
  await expect(testPanel.getByRole("button", { name: "Test connection", exact: true })).toBeDisabled();
});

test("delete integration asks for confirmation", async () => {
  const deleteButton = page.getByRole("button", { name: "Delete integration", exact: true });
  await deleteButton.click();

  const confirmation = page.getByRole("alertdialog");
  await expect(confirmation).toContainText("This cannot be undone.");
  await confirmation.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(confirmation).toHaveCount(0);
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();

  await deleteButton.click();
  await confirmation.getByRole("button", { name: "Confirm delete", exact: true }).click();

  await expect(page.getByRole("status").filter({ hasText: /^Integration deleted\./ })).toBeVisible();
  await expect(page.getByText("Stored secret", { exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Client Secret", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeDisabled();
  await expect(auditRows("integration.deleted")).toHaveCount(1);

  // A new document shows that nothing is stored any more.
  await openHydrated(page, settingsPath(slug));
  await expect(page.getByLabel("Client ID", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Salesforce MyDomain", { exact: true })).toHaveValue("");
  await expect(page.getByText("Stored secret", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete integration", exact: true })).toHaveCount(0);
});

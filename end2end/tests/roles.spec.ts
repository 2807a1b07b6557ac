// The demo support user views the settings with the secret masked, cannot change them, runs a
// test connection and reads records once an admin has connected, and signs out. The steps share
// one page and run in order.
import { expect, test, type Page } from "@playwright/test";

import { demoAdmin, demoSupport, signIn } from "./console-users";
import {
  connectDemoOrg,
  createEnvironment,
  explorerPath,
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
  // An admin sets up and connects the environment in a context of their own.
  const admin = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await signIn(admin, demoAdmin);
  slug = await createEnvironment(admin, "Role Checks");
  await saveDemoSettings(admin, slug);
  await connectDemoOrg(admin, slug);
  await admin.context().close();

  page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await installHydrationProbe(page);
  page.on("dialog", (dialog) => (dialog.type() === "beforeunload" ? dialog.accept() : dialog.dismiss()));
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

function myDomainInput() {
  return page.getByLabel("Salesforce MyDomain", { exact: true });
}

test("support sees the secret masked", async () => {
  await signIn(page, demoSupport);
  await openHydrated(page, settingsPath(slug));

  await expect(page.getByRole("banner")).toContainText(`${demoSupport.email} (support)`);
  await expect(page.getByLabel("Client ID", { exact: true })).toHaveValue(demoOrg.clientId);
  await expect(myDomainInput()).toHaveValue(demoOrg.orgDomain);
  await expect(page.getByText("Stored secret", { exact: true })).toBeVisible();
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
  await expect(page.getByLabel("Client Secret", { exact: true })).toHaveCount(0);
  expect(await page.content()).not.toContain(demoOrg.clientSecret);
});

test("support cannot save settings", async () => {
  // The page offers a support user no control that changes settings or the connection.
  await expect(page.getByText("Your role can view these settings but not change them", { exact: false })).toBeVisible();
  await expect(myDomainInput()).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Disconnect", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete integration", exact: true })).toHaveCount(0);
  await expect(myDomainInput()).toHaveValue(demoOrg.orgDomain);
});

test("support runs a test connection", async () => {
  const panel = page.getByRole("region", { name: "Test connection" });
  await panel.getByRole("button", { name: "Test connection", exact: true }).click();

  await expect(panel.getByText("Every step passed.", { exact: true })).toBeVisible();
  await expect(panel.getByText("Failed", { exact: true })).toHaveCount(0);
});

test("support reads records", async () => {
  await openHydrated(page, explorerPath(slug));

  await page.getByLabel("SOQL", { exact: true }).fill("SELECT Id, Name FROM Account ORDER BY Name LIMIT 5");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page.getByRole("status").filter({ hasText: "record" })).toHaveText("5 records");
  await expect(page.getByRole("table").getByRole("row").filter({ has: page.getByRole("cell") })).toHaveCount(5);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("sign out ends the session", async () => {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();

  await expect(page).toHaveURL("/sign-in");
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);

  // The server deleted the session too, so a page redirects to the sign-in page, with the page
  // as the `next` parameter to return to.
  await page.goto(settingsPath(slug));
  await expect(page).toHaveURL(
    (url) => url.pathname === "/sign-in" && url.searchParams.get("next") === settingsPath(slug),
  );
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

// Accessibility: axe-core finds no serious or critical violation on the console's pages in the
// states an admin meets, and the settings form works from the keyboard alone. The steps share
// one page and one environment, and run in order.
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";

import { demoAdmin, signIn } from "./console-users";
import {
  connectDemoOrg,
  createEnvironment,
  explorerPath,
  maskedSecret,
  openHydrated,
  settingsPath,
} from "./console-setup";
import { demoOrg } from "./demo-org";
import { installHydrationProbe } from "./hydration";

test.describe.configure({ mode: "serial" });

let page: Page;
let slug: string;

test.beforeAll(async ({ browser }, testInfo) => {
  // AxeBuilder needs a page of a context that the test created, not one from browser.newPage().
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  page = await context.newPage();
  await installHydrationProbe(page);
  // The settings form shows a beforeunload prompt when a page with unsaved input unloads.
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

/**
 * Runs axe-core on the page as it is and fails with every violation of impact serious or
 * critical, each with its rule, help text and the elements it found.
 */
async function expectNoSeriousViolations(pageState: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => {
      const targets = violation.nodes.map((node) => node.target.join(" ")).join(", ");
      return `${violation.impact} ${violation.id}: ${violation.help} (${violation.helpUrl}) at ${targets}`;
    });
  expect(serious, `axe-core found serious or critical violations on ${pageState}`).toEqual([]);
}

/** Presses Tab until `target` has the focus, and fails after `maxPresses` presses. */
async function tabTo(target: Locator, maxPresses: number): Promise<void> {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) {
      return;
    }
  }
  throw new Error(`${target} did not get the focus within ${maxPresses} presses of Tab`);
}

test("sign-in page passes axe", async () => {
  await openHydrated(page, "/sign-in");

  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expectNoSeriousViolations("the sign-in page");
});

test("environments list passes axe", async () => {
  await signIn(page, demoAdmin);
  slug = await createEnvironment(page, "Accessibility Checks");
  await openHydrated(page, "/");

  await expect(page.getByRole("link", { name: slug, exact: true })).toBeVisible();
  await expectNoSeriousViolations("the environments list");
});

test("empty settings page passes axe", async () => {
  await openHydrated(page, settingsPath(slug));

  await expect(page.getByLabel("Client Secret", { exact: true })).toBeVisible();
  await expectNoSeriousViolations("the settings page before saving");
});

test("settings validation error passes axe", async () => {
  await openHydrated(page, settingsPath(slug));

  const clientId = page.getByLabel("Client ID", { exact: true });
  await clientId.fill("not a consumer key");
  await page.getByRole("button", { name: "Save", exact: true }).click();

  await expect(clientId).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousViolations("the settings page with a validation error");
});

test("keyboard alone saves the settings", async () => {
  await openHydrated(page, settingsPath(slug));
  const clientId = page.getByLabel("Client ID", { exact: true });
  const clientSecret = page.getByLabel("Client Secret", { exact: true });
  const myDomain = page.getByLabel("Salesforce MyDomain", { exact: true });
  const save = page.getByRole("button", { name: "Save", exact: true });

  // The header and the breadcrumbs come before the form in the tab order.
  await tabTo(clientId, 10);
  await page.keyboard.type(demoOrg.clientId);
  await page.keyboard.press("Tab");
  await expect(clientSecret).toBeFocused();
  await page.keyboard.type(demoOrg.clientSecret);
  await page.keyboard.press("Tab");
  await expect(myDomain).toBeFocused();
  await page.keyboard.type(demoOrg.orgDomain);
  // The login host, the scope checkboxes and the callback URL lie between My Domain and Save.
  await tabTo(save, 30);
  await page.keyboard.press("Enter");

  await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();
  await expect(clientId).toHaveValue(demoOrg.clientId);
  await expect(myDomain).toHaveValue(demoOrg.orgDomain);
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
});

test("saved settings page passes axe", async () => {
  await openHydrated(page, settingsPath(slug));

  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
  await expectNoSeriousViolations("the settings page after saving");
});

test("explorer results pass axe", async () => {
  await connectDemoOrg(page, slug);
  await openHydrated(page, explorerPath(slug));

  await page.getByLabel("SOQL", { exact: true }).fill("SELECT Id, Name FROM Account ORDER BY Name LIMIT 5");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page.getByRole("status").filter({ hasText: "record" })).toHaveText("5 records");
  await expectNoSeriousViolations("the explorer with results");
});

test("explorer error passes axe", async () => {
  await page.getByLabel("SOQL", { exact: true }).fill("SELEC Id FROM Account");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page.getByRole("alert")).toContainText("MALFORMED_QUERY");
  await expectNoSeriousViolations("the explorer with a query error");
});

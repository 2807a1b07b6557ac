// An environment admin's whole journey against the demo org: sign-in, settings, connect, test
// connection and the record explorer. The steps share one page, because each builds on the
// state that the one before it stored, and they run in order.
import { expect, test, type Page } from "@playwright/test";

import { demoAdmin, signIn } from "./console-users";
import { demoOrg } from "./demo-org";
import { installHydrationProbe, waitForHydration } from "./hydration";

const settingsPath = "/environments/development/integrations/salesforce";
const explorerPath = `${settingsPath}/explorer`;

const testConnectionSteps = [
  "Refresh access token",
  "Read user info",
  "List API versions",
  "Run SELECT Id FROM Account LIMIT 1",
];

// The first five of the demo org's Accounts in Name order; digits sort before letters.
const firstFiveAccountNames = [
  "50%_off Outlet",
  "Acme Corporation",
  "Adventure Works Cycles",
  "Alpine Ski House",
  "Anne-Marie Boutique",
];

// The page shows a stored secret as four bullets and its last four characters.
const maskedSecret = `••••${demoOrg.clientSecret.slice(-4)}`;

const scopeLabels = [
  "Access the identity URL service (id, profile, email, address, phone)",
  "Manage user data via APIs (api)",
  "Perform requests at any time (refresh_token, offline_access)",
];

test.describe.configure({ mode: "serial" });

let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await installHydrationProbe(page);
  // The settings form shows a beforeunload prompt when a page with unsaved input unloads, and
  // the steps that leave such a page do so on purpose.
  page.on("dialog", (dialog) => (dialog.type() === "beforeunload" ? dialog.accept() : dialog.dismiss()));
});

test.afterEach(async ({}, testInfo) => {
  // The shared page is not one of Playwright's fixtures, so its failure screenshot is taken here.
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("page at failure", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  }
});

test.afterAll(async () => {
  await page.close();
});

/** Opens `path` in a new document and waits until it has hydrated. */
async function open(path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

function clientIdInput() {
  return page.getByLabel("Client ID", { exact: true });
}

function clientSecretInput() {
  return page.getByLabel("Client Secret", { exact: true });
}

function myDomainInput() {
  return page.getByLabel("Salesforce MyDomain", { exact: true });
}

/** Matches an accessible description that starts with `message`, followed by the field's help. */
function startsWith(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

function savedStatus() {
  return page.getByRole("status").filter({ hasText: "Settings saved" });
}

test("demo admin signs in", async () => {
  await signIn(page, demoAdmin);

  await expect(page).toHaveURL("/");
});

test("environments list links to development", async () => {
  await open("/");

  const link = page.getByRole("link", { name: "development", exact: true });
  await expect(link).toHaveAttribute("href", settingsPath);

  await link.click();
  await expect(page).toHaveURL(settingsPath);
  await expect(page.getByRole("heading", { level: 1, name: "Salesforce" })).toBeVisible();
});

test("invalid settings are rejected", async () => {
  await open(settingsPath);

  await clientIdInput().fill("not a consumer key");
  await myDomainInput().fill("https://acme--uat.sandbox.lightning.com/");
  await page.getByRole("button", { name: "Save", exact: true }).click();

  await expect(clientIdInput()).toHaveAttribute("aria-invalid", "true");
  await expect(clientIdInput()).toHaveAccessibleDescription(
    startsWith("Client ID contains a space or line break: copy the Consumer Key again as one piece"),
  );
  await expect(clientSecretInput()).toHaveAttribute("aria-invalid", "true");
  await expect(clientSecretInput()).toHaveAccessibleDescription(
    startsWith("Client Secret is required: paste the Consumer Secret"),
  );
  await expect(myDomainInput()).toHaveAttribute("aria-invalid", "true");
  await expect(myDomainInput()).toHaveAccessibleDescription(
    startsWith("not a Salesforce domain: enter the My Domain name, for example acme--uat.sandbox"),
  );
  await expect(savedStatus()).toHaveCount(0);

  // A new document shows what the server stored: nothing.
  await open(settingsPath);
  await expect(clientIdInput()).toHaveValue("");
  await expect(myDomainInput()).toHaveValue("");
  await expect(page.getByText("Stored secret")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeDisabled();
});

test("valid settings are saved", async () => {
  await open(settingsPath);

  await clientIdInput().fill(demoOrg.clientId);
  await clientSecretInput().fill(demoOrg.clientSecret);
  await myDomainInput().fill(demoOrg.orgDomain);
  for (const label of scopeLabels) {
    await page.getByRole("checkbox", { name: label, exact: true }).check();
  }
  await page.getByRole("button", { name: "Save", exact: true }).click();

  await expect(savedStatus()).toBeVisible();
  await expect(clientIdInput()).not.toHaveAttribute("aria-invalid", "true");
  await expect(myDomainInput()).not.toHaveAttribute("aria-invalid", "true");
  // With a secret stored, its field stays hidden until the admin chooses to replace it.
  await expect(clientSecretInput()).toHaveCount(0);
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeEnabled();
});

test("reload shows the secret masked", async () => {
  await open(settingsPath);

  await expect(clientIdInput()).toHaveValue(demoOrg.clientId);
  await expect(myDomainInput()).toHaveValue(demoOrg.orgDomain);
  await expect(page.getByText("Stored secret", { exact: true })).toBeVisible();
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
  for (const label of scopeLabels) {
    await expect(page.getByRole("checkbox", { name: label, exact: true })).toBeChecked();
  }
  await expect(page.getByLabel("Callback URL", { exact: true })).toHaveValue(
    new URL("/integration-callback", page.url()).href,
  );

  // Replacing the secret starts from an empty field, and keeping it hides the field again.
  await expect(clientSecretInput()).toHaveCount(0);
  await page.getByRole("button", { name: "Replace secret", exact: true }).click();
  await expect(clientSecretInput()).toHaveValue("");
  await page.getByRole("button", { name: "Keep the stored secret", exact: true }).click();
  await expect(clientSecretInput()).toHaveCount(0);

  // The secret never reaches the browser, neither in the markup nor in the hydration data.
  expect(await page.content()).not.toContain(demoOrg.clientSecret);
});

test("connect signs in at the demo org", async () => {
  const authorizeRequest = page.waitForRequest((request) =>
    new URL(request.url()).pathname.endsWith("/services/oauth2/authorize"),
  );
  await page.getByRole("button", { name: "Connect", exact: true }).click();

  // The Web Server flow with PKCE, sent to the demo org with the exact callback URL.
  const authorizeUrl = new URL((await authorizeRequest).url());
  expect(authorizeUrl.hostname).toMatch(new RegExp(`^(login|${demoOrg.orgDomain})\\.localhost$`));
  expect(authorizeUrl.searchParams.get("response_type")).toBe("code");
  expect(authorizeUrl.searchParams.get("client_id")).toBe(demoOrg.clientId);
  expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(
    new URL("/integration-callback", test.info().project.use.baseURL).href,
  );
  expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorizeUrl.searchParams.get("state")).toMatch(/.{16,}/);

  await page.getByLabel("Username", { exact: true }).fill(demoOrg.username);
  await page.getByLabel("Password", { exact: true }).fill(demoOrg.password);
  await page.getByRole("button", { name: "Log In", exact: true }).click();
  await page.getByRole("button", { name: "Allow", exact: true }).click();

  await expect(page).toHaveURL(settingsPath);
  await waitForHydration(page);
  const connection = page.getByRole("region", { name: "Connection" });
  await expect(connection.getByText(`Connected as ${demoOrg.username}`, { exact: true })).toBeVisible();
  await expect(connection.getByText(/^00D[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/)).toBeVisible();
});

test("test connection passes every step", async () => {
  const panel = page.getByRole("region", { name: "Test connection" });
  await panel.getByRole("button", { name: "Test connection", exact: true }).click();

  await expect(panel.getByText("Every step passed.", { exact: true })).toBeVisible();
  await expect(panel.getByRole("listitem")).toHaveCount(testConnectionSteps.length);
  for (const step of testConnectionSteps) {
    const item = panel.getByRole("listitem").filter({ hasText: step });
    await expect(item).toContainText("Passed");
    await expect(item).toContainText(/\(\d+ ms\)/);
  }
  await expect(panel.getByText("Failed", { exact: true })).toHaveCount(0);
});

test("explorer lists five accounts", async () => {
  await page.getByRole("link", { name: "Record explorer", exact: true }).click();
  await expect(page).toHaveURL(explorerPath);
  await expect(page.getByRole("heading", { level: 1, name: "Record explorer" })).toBeVisible();

  await page.getByLabel("SOQL", { exact: true }).fill("SELECT Id, Name FROM Account ORDER BY Name LIMIT 5");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page.getByRole("status").filter({ hasText: "record" })).toHaveText("5 records");
  const table = page.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["Id", "Name"]);
  const dataRows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(dataRows).toHaveCount(5);

  const names: string[] = [];
  for (const row of await dataRows.all()) {
    const cells = row.getByRole("cell");
    await expect(cells).toHaveCount(2);
    await expect(cells.nth(0)).toHaveText(/^001[0-9A-Za-z]{15}$/);
    names.push(await cells.nth(1).innerText());
  }
  expect(names).toEqual(firstFiveAccountNames);
});

test("malformed query shows MALFORMED_QUERY", async () => {
  await page.getByLabel("SOQL", { exact: true }).fill("SELEC Id FROM Account");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("MALFORMED_QUERY");
  await expect(alert).toContainText("unexpected token: SELEC");
  await expect(page.getByRole("table")).toHaveCount(0);
});

test("environments list shows development connected", async () => {
  await open("/");

  const row = page.getByRole("row").filter({
    has: page.getByRole("link", { name: "development", exact: true }),
  });
  await expect(row.getByRole("cell", { name: "Connected", exact: true })).toBeVisible();
});

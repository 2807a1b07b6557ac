// The console's forms without JavaScript: sign-in, the settings form, Connect, Test connection
// and the explorer are plain form posts or GETs, so the server-rendered pages must work alone.
// The steps share one page in a browser context with JavaScript off, and run in order.
import { expect as baseExpect, test, type Page } from "@playwright/test";

import { demoAdmin, signIn } from "./console-users";
import {
  createEnvironment,
  explorerPath,
  maskedSecret,
  requiredScopeLabels,
  settingsPath,
  signInAtDemoOrg,
} from "./console-setup";
import { demoOrg } from "./demo-org";

// Without JavaScript a loaded document never changes, so a control that is missing now will not
// appear later, and long waits would only slow down a failure.
test.use({ actionTimeout: 5_000 });
const expect = baseExpect.configure({ timeout: 5_000 });
test.describe.configure({ mode: "serial" });

// The pages render in order on the server (every route uses SsrMode::InOrder) and write value
// and checked attributes beside their DOM properties, so each form here is complete without
// JavaScript.
const testConnectionSteps = [
  "Refresh access token",
  "Read user info",
  "List API versions",
  "Run SELECT Id FROM Account LIMIT 1",
];

let page: Page;
let slug: string;

test.beforeAll(async ({ browser }, testInfo) => {
  // A separate admin context creates the environment, so that the page below starts signed out.
  const setup = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await signIn(setup, demoAdmin);
  slug = await createEnvironment(setup, "No Script");
  await setup.context().close();

  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: false,
  });
  page = await context.newPage();
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

function clientIdInput() {
  return page.getByLabel("Client ID", { exact: true });
}

function clientSecretInput() {
  return page.getByLabel("Client Secret", { exact: true });
}

function myDomainInput() {
  return page.getByLabel("Salesforce MyDomain", { exact: true });
}

function savedStatus() {
  return page.getByRole("status").filter({ hasText: "Settings saved" });
}

/** Matches an accessible description that starts with `message`, followed by the field's help. */
function startsWith(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

test("sign-in posts without JavaScript", async () => {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(demoAdmin.email);
  await page.getByLabel("Password", { exact: true }).fill(demoAdmin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Environments" })).toBeVisible();
});

test("invalid settings come back with messages", async () => {
  await page.goto(settingsPath(slug));

  await clientIdInput().fill("not a consumer key");
  await myDomainInput().fill("https://acme--uat.sandbox.lightning.com/");
  await page.getByRole("button", { name: "Save", exact: true }).click();

  // The settings route redirects back with the typed values, never the secret, in the query.
  await expect(page).toHaveURL((url) => url.pathname === settingsPath(slug) && url.searchParams.has("invalid"));
  expect(page.url()).not.toContain("client_secret");
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

  // The admin corrects the typed values instead of typing them again.
  await expect(clientIdInput()).toHaveValue("not a consumer key");
  await expect(myDomainInput()).toHaveValue("https://acme--uat.sandbox.lightning.com/");
});

test("invalid settings store nothing", async () => {
  await page.goto(settingsPath(slug));

  await expect(page.getByRole("heading", { level: 1, name: "Salesforce" })).toBeVisible();
  await expect(page.getByText("Stored secret", { exact: true })).toHaveCount(0);
  await expect(clientSecretInput()).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeDisabled();
});

test("valid settings are saved", async () => {
  await page.goto(settingsPath(slug));

  await clientIdInput().fill(demoOrg.clientId);
  await clientSecretInput().fill(demoOrg.clientSecret);
  await myDomainInput().fill(demoOrg.orgDomain);
  for (const label of requiredScopeLabels) {
    await page.getByRole("checkbox", { name: label, exact: true }).check();
  }
  await page.getByRole("button", { name: "Save", exact: true }).click();

  await expect(page).toHaveURL((url) => url.pathname === settingsPath(slug) && url.searchParams.has("saved"));
  await expect(savedStatus()).toBeVisible();
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
  await expect(clientSecretInput()).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeEnabled();
});

test("reload shows the secret masked", async () => {
  await page.goto(settingsPath(slug));

  await expect(page.getByText("Stored secret", { exact: true })).toBeVisible();
  await expect(page.getByText(maskedSecret, { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(demoOrg.clientSecret);

  // A second save without JavaScript posts these fields again, so they must hold the stored values.
  await expect(clientIdInput()).toHaveValue(demoOrg.clientId);
  await expect(myDomainInput()).toHaveValue(demoOrg.orgDomain);
  for (const label of requiredScopeLabels) {
    await expect(page.getByRole("checkbox", { name: label, exact: true })).toBeChecked();
  }
});

test("connect posts to the demo org", async () => {
  await page.goto(settingsPath(slug));

  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await signInAtDemoOrg(page);

  await expect(page).toHaveURL(settingsPath(slug));
  const connection = page.getByRole("region", { name: "Connection", exact: true });
  await expect(connection.getByText(`Connected as ${demoOrg.username}`, { exact: true })).toBeVisible();
});

test("test connection posts and shows the run", async () => {
  await page.goto(settingsPath(slug));

  const panel = page.getByRole("region", { name: "Test connection" });
  await panel.getByRole("button", { name: "Test connection", exact: true }).click();

  // The server function responds to a form post with a redirect back to the page, which then
  // shows the stored run.
  await expect(page).toHaveURL((url) => url.pathname === settingsPath(slug));
  await expect(panel.getByText(/^Last run at /)).toBeVisible();
  await expect(panel.getByText("Every step passed.", { exact: true })).toBeVisible();
  await expect(panel.getByRole("listitem")).toHaveCount(testConnectionSteps.length);
  for (const step of testConnectionSteps) {
    await expect(panel.getByRole("listitem").filter({ hasText: step })).toContainText("Passed");
  }
});

test("explorer runs the query from the address", async () => {
  await page.goto(explorerPath(slug));

  const query = "SELECT Id, Name FROM Account ORDER BY Name LIMIT 5";
  await page.getByLabel("SOQL", { exact: true }).fill(query);
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page).toHaveURL((url) => url.pathname === explorerPath(slug) && url.searchParams.get("soql") === query);
  await expect(page.getByRole("status").filter({ hasText: "record" })).toHaveText("5 records");
  const table = page.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["Id", "Name"]);
  await expect(table.getByRole("row").filter({ has: page.getByRole("cell") })).toHaveCount(5);

  await expect(page.getByLabel("SOQL", { exact: true })).toHaveValue(query);
});

test("explorer shows a query error", async () => {
  await page.goto(explorerPath(slug));

  await page.getByLabel("SOQL", { exact: true }).fill("SELEC Id FROM Account");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page).toHaveURL((url) => url.searchParams.get("soql") === "SELEC Id FROM Account");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("MALFORMED_QUERY");
  await expect(alert).toContainText("unexpected token: SELEC");
  await expect(page.getByRole("table")).toHaveCount(0);
});

// Steps that several spec files share: opening a hydrated page, creating an environment,
// saving the demo org's settings in it and connecting it. Each spec file that uses them works
// in an environment that it creates, so it does not depend on the state another file left.
import { expect, type Page } from "@playwright/test";

import { demoOrg } from "./demo-org";
import { waitForHydration } from "./hydration";

/** Returns the path of the Salesforce settings page of the environment `slug`. */
export function settingsPath(slug: string): string {
  return `/environments/${slug}/integrations/salesforce`;
}

/** Returns the path of the record explorer of the environment `slug`. */
export function explorerPath(slug: string): string {
  return `${settingsPath(slug)}/explorer`;
}

/** The stored secret as the settings page shows it: four bullets and its last four characters. */
export const maskedSecret = `••••${demoOrg.clientSecret.slice(-4)}`;

/** The scopes that the console needs, by their labels on the settings page. */
export const requiredScopeLabels = [
  "Access the identity URL service (id, profile, email, address, phone)",
  "Manage user data via APIs (api)",
  "Perform requests at any time (refresh_token, offline_access)",
];

/**
 * Opens `path` in a new document of `page` and waits until it has hydrated. `page` needs the
 * hydration probe, which signIn installs.
 */
export async function openHydrated(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

/**
 * Creates an environment named `name` on the environments list, with the URL slug derived from
 * the name, and returns that slug. `page` must belong to a signed-in admin.
 */
export async function createEnvironment(page: Page, name: string): Promise<string> {
  await openHydrated(page, "/");
  const form = page.getByRole("region", { name: "New environment" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByRole("button", { name: "Create environment", exact: true }).click();

  const created = form.getByRole("status").filter({ hasText: /^Environment \S+ created$/ });
  await expect(created).toBeVisible();
  const slug = /^Environment (\S+) created$/.exec(await created.innerText())?.[1];
  if (slug === undefined) {
    throw new Error(`creating the environment ${name} showed no slug`);
  }
  return slug;
}

/**
 * Saves the demo org's Client ID, Client Secret and My Domain with the required scopes in the
 * environment `slug`. `page` must belong to a signed-in admin.
 */
export async function saveDemoSettings(page: Page, slug: string): Promise<void> {
  await openHydrated(page, settingsPath(slug));
  await page.getByLabel("Client ID", { exact: true }).fill(demoOrg.clientId);
  await page.getByLabel("Client Secret", { exact: true }).fill(demoOrg.clientSecret);
  await page.getByLabel("Salesforce MyDomain", { exact: true }).fill(demoOrg.orgDomain);
  for (const label of requiredScopeLabels) {
    await page.getByRole("checkbox", { name: label, exact: true }).check();
  }
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();
}

/**
 * Signs in as the demo org's user on the login page that `page` shows after Connect, and allows
 * access on the approval page that follows.
 */
export async function signInAtDemoOrg(page: Page): Promise<void> {
  await page.getByLabel("Username", { exact: true }).fill(demoOrg.username);
  await page.getByLabel("Password", { exact: true }).fill(demoOrg.password);
  await page.getByRole("button", { name: "Log In", exact: true }).click();
  await page.getByRole("button", { name: "Allow", exact: true }).click();
}

/**
 * Connects the environment `slug`, whose settings are saved, to the demo org through Connect,
 * the demo org's login page and its Allow page. `page` must belong to a signed-in admin.
 */
export async function connectDemoOrg(page: Page, slug: string): Promise<void> {
  await openHydrated(page, settingsPath(slug));
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await signInAtDemoOrg(page);

  await expect(page).toHaveURL(settingsPath(slug));
  await waitForHydration(page);
  const connection = page.getByRole("region", { name: "Connection", exact: true });
  await expect(connection.getByText(`Connected as ${demoOrg.username}`, { exact: true })).toBeVisible();
}

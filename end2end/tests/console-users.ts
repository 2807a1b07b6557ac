// The console's demo users, read from the server's demo_users module so that they are defined
// once, and signing in as one of them.
import { expect, type Page } from "@playwright/test";

import { installHydrationProbe, waitForHydration } from "./hydration";
import { readStringConstant, readWorkspaceFile } from "./rust-constants";

/** A console user's sign-in credentials. */
export interface ConsoleUser {
  email: string;
  password: string;
}

const demoUsersPath = "server/src/auth/demo_users.rs";
const demoUsersSource = readWorkspaceFile(demoUsersPath);

/** The demo admin, who may change settings, connect and test. */
export const demoAdmin: ConsoleUser = {
  email: readStringConstant(demoUsersSource, "DEMO_ADMIN_EMAIL", demoUsersPath),
  password: readStringConstant(demoUsersSource, "DEMO_ADMIN_PASSWORD", demoUsersPath),
};

/** The demo support user, who may view settings, run test connections and read records. */
export const demoSupport: ConsoleUser = {
  email: readStringConstant(demoUsersSource, "DEMO_SUPPORT_EMAIL", demoUsersPath),
  password: readStringConstant(demoUsersSource, "DEMO_SUPPORT_PASSWORD", demoUsersPath),
};

/**
 * Signs `user` in through the sign-in page and waits until the page it returns to has
 * hydrated, so that the next navigation does not cut off its loading.
 */
export async function signIn(page: Page, user: ConsoleUser): Promise<void> {
  await installHydrationProbe(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await waitForHydration(page);
}

// The record explorer against the demo org: paging with Load more, Salesforce's query errors
// with the explorer's advice, and child subqueries. The steps share one page and one connected
// environment, and run in order.
import { expect, test, type Page } from "@playwright/test";

import { demoAdmin, signIn } from "./console-users";
import {
  connectDemoOrg,
  createEnvironment,
  explorerPath,
  openHydrated,
  saveDemoSettings,
} from "./console-setup";
import { installHydrationProbe } from "./hydration";

test.describe.configure({ mode: "serial" });

/** The records that Salesforce returns per page of a query, with the default batch size. */
const pageSize = 2000;

let page: Page;
let slug: string;

test.beforeAll(async ({ browser }, testInfo) => {
  page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await installHydrationProbe(page);
  await signIn(page, demoAdmin);
  slug = await createEnvironment(page, "Explorer Checks");
  await saveDemoSettings(page, slug);
  await connectDemoOrg(page, slug);
  await openHydrated(page, explorerPath(slug));
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

function soqlInput() {
  return page.getByLabel("SOQL", { exact: true });
}

function recordCount() {
  return page.getByRole("status").filter({ hasText: "record" });
}

/** Returns the top-level result table, inside whose cells child subqueries nest their tables. */
function resultTable() {
  return page.getByRole("table").first();
}

async function runQuery(soql: string): Promise<void> {
  await soqlInput().fill(soql);
  await page.getByRole("button", { name: "Run", exact: true }).click();
}

test("load more pages through contacts", async () => {
  await runQuery("SELECT Id, Name FROM Contact");

  await expect(recordCount()).toHaveText(/^2000 of \d+ records loaded$/);
  const firstCount = await recordCount().innerText();
  const totalSize = Number(/ of (\d+) records/.exec(firstCount)?.[1]);
  expect(totalSize, "the demo org has more Contacts than one page holds").toBeGreaterThan(pageSize);
  const rows = resultTable().getByRole("row");
  // One header row and one row per record.
  await expect(rows).toHaveCount(pageSize + 1);

  await page.getByRole("button", { name: "Load more", exact: true }).click();

  // The count is Salesforce's totalSize of the query, so it stays the same while pages load.
  const loaded = Math.min(2 * pageSize, totalSize);
  const expected = loaded < totalSize ? `${loaded} of ${totalSize} records loaded` : `${totalSize} records`;
  await expect(recordCount()).toHaveText(expected);
  await expect(rows).toHaveCount(loaded + 1);
  await expect(page.getByRole("button", { name: "Load more", exact: true })).toHaveCount(loaded < totalSize ? 1 : 0);
});

test("FIELDS(ALL) offers a suggested query", async () => {
  await runQuery("SELECT FIELDS(ALL) FROM Account");

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("MALFORMED_QUERY");
  await expect(alert).toContainText("LIMIT");
  const suggested = "SELECT FIELDS(ALL) FROM Account LIMIT 200";
  await expect(page.getByText(`Suggested query: ${suggested}`)).toBeVisible();

  await page.getByRole("button", { name: "Run the suggested query", exact: true }).click();

  await expect(soqlInput()).toHaveValue(suggested);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(recordCount()).toHaveText(/^\d+ records?$/);
  const count = Number(/^(\d+)/.exec(await recordCount().innerText())?.[1]);
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(200);
  await expect(resultTable().getByRole("columnheader", { name: "Id", exact: true })).toBeVisible();
  await expect(resultTable().getByRole("columnheader", { name: "Name", exact: true })).toBeVisible();
});

test("INVALID_FIELD shows where the query failed", async () => {
  await runQuery("SELECT Id, Email, Legacy_Date__c FROM Lead");

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("INVALID_FIELD");
  await expect(alert).toContainText("Legacy_Date__c");
  await expect(alert).toContainText("At row 1, column 19");
  await expect(page.getByRole("table")).toHaveCount(0);

  // The caret moves to the failing field: column 19 is offset 18 in the text area.
  await expect(soqlInput()).toBeFocused();
  expect(await soqlInput().evaluate((area: HTMLTextAreaElement) => area.selectionStart)).toBe(18);
});

test("child subquery renders nested tables", async () => {
  await runQuery("SELECT Name, (SELECT Id FROM Contacts) FROM Account ORDER BY Name LIMIT 3");

  await expect(recordCount()).toHaveText("3 records");
  const table = resultTable();
  const rows = table.getByRole("row");
  await expect(rows.first().getByRole("columnheader")).toHaveText(["Name", "Contacts"]);
  await expect(page.getByRole("main")).not.toContainText("[object Object]");

  // Each account's Contacts cell contains its contacts as a collapsed table with a count, so
  // only the header row and the three accounts' rows are visible.
  await expect(rows).toHaveCount(4);
  const contacts = rows.nth(1).getByRole("cell").nth(1);
  // "(N)" when every child record came with the parent, "(N, first M shown)" when the child
  // query has more pages than the first.
  const summary = contacts.getByText(/^\(\d+(?:, first \d+ shown)?\)$/);
  await expect(summary).toBeVisible();
  const [, total, shown] = /^\((\d+)(?:, first (\d+) shown)?\)$/.exec(await summary.innerText()) ?? [];
  await summary.click();

  const nested = contacts.getByRole("table");
  await expect(nested).toBeVisible();
  await expect(nested.getByRole("columnheader")).toHaveText(["Id"]);
  const contactIds = nested.getByRole("cell");
  await expect(contactIds).toHaveCount(Number(shown ?? total));
  await expect(contactIds.first()).toHaveText(/^003[0-9A-Za-z]{15}$/);
});

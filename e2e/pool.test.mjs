// Browser test: the matching pool. Ana and Ben join through the form in their own browsers; a run
// proposes them as a pair. Ana accepts but Ben lets the deadline pass, so the proposal expires and
// Ben is paused; he resumes, the next proposal he declines, and Ana goes back first in line; the
// third proposal both accept, and the circle and its loop appear, laid into their common evenings.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { useServerAndBrowser, signUp } from "./harness.mjs";

const context = useServerAndBrowser(before, after);

async function join(page, name, days) {
  await signUp(page, `${context.server.url}/signup`, name);
  await page.getByRole("link", { name: "Partners" }).click();
  await page.getByLabel("Track").selectOption("ds");
  await page.getByLabel("Target level").selectOption("staff");
  await page.getByLabel(/Time zone/).fill("Europe/Berlin");
  const rows = page.locator(".slot-row");
  while ((await rows.count()) < days.length) await page.getByRole("button", { name: "Add a slot" }).click();
  for (const [index, day] of days.entries()) {
    const row = rows.nth(index);
    await row.getByLabel("Day").selectOption(day);
    await row.getByLabel("From").fill("18:00");
    await row.getByLabel("To").fill("22:00");
  }
  await page.getByLabel("Two (one partner)").check();
  await page.getByRole("group", { name: /want to practise/ }).getByLabel("Advanced coding").check();
  await page.getByRole("group", { name: /ready to interview/ }).getByLabel("Advanced coding").check();
  await page.getByRole("button", { name: "Join the pool" }).click();
  await page.getByText("Your pool entry is saved").waitFor();
  assert.equal(await page.locator("#pool-status").textContent(), "active");
  const saved = await page.locator('.slot-row input[name="slot_start"]').evaluateAll((inputs) => inputs.filter((i) => i.value).length);
  assert.equal(saved, days.length, "every slot row was saved");
}

function runMatching() {
  return JSON.parse(context.server.command(["pool", "run", "--json"]));
}

/** Moves every open proposal's deadline into the past, as if two days had gone by. */
function ageOpenProposals() {
  const script = `import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE match_proposals SET deadline = 1 WHERE status = 'open'")
db.commit()`;
  const result = spawnSync("python3", ["-c", script, context.server.databasePath], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

async function openProposal(page) {
  await page.goto(`${context.server.url}/pool`);
  await page.getByRole("link", { name: "see it and answer" }).click();
  await page.locator("#proposal-status").waitFor();
}

test("join, a proposal that expires, one declined, and one accepted into a circle with a loop", async () => {
  const ana = await (await context.browser.newContext()).newPage();
  const ben = await (await context.browser.newContext()).newPage();
  await join(ana, "Ana", ["mon", "tue", "wed"]);
  await join(ben, "Ben", ["tue", "wed", "thu", "fri"]);
  assert.match(await ana.locator("#next-run").textContent(), /\d{4}/, "the page says when the next run is");

  // 1. A proposal Ben never answers expires; Ana, who accepted, is first in line, Ben is paused.
  assert.equal(runMatching().proposals.length, 1);
  await openProposal(ana);
  assert.match(await ana.locator("#proposal-members").textContent(), /Ben/);
  await ana.getByRole("button", { name: "Accept" }).click();
  await ana.getByText("You accepted").waitFor();
  assert.equal(await ana.locator("#proposal-status").textContent(), "open");
  ageOpenProposals();
  assert.equal(runMatching().expired, 1);
  await ana.reload();
  assert.equal(await ana.locator("#proposal-status").textContent(), "expired");
  await ana.goto(`${context.server.url}/pool`);
  assert.match(await ana.locator("#entry-heading + p").textContent(), /first in line/);
  await ben.goto(`${context.server.url}/pool`);
  assert.equal(await ben.locator("#pool-status").textContent(), "paused");
  await ben.getByRole("button", { name: "Resume" }).click();
  await ben.getByText("Welcome back").waitFor();

  // 2. Ben declines the next proposal: Ana goes back first in line again.
  assert.equal(runMatching().proposals.length, 1);
  await openProposal(ben);
  await ben.getByRole("button", { name: "Decline" }).click();
  await ben.getByText("You declined").waitFor();
  assert.equal(await ben.locator("#proposal-status").textContent(), "declined");
  await ana.goto(`${context.server.url}/pool`);
  assert.match(await ana.locator("#entry-heading + p").textContent(), /first in line/);

  // 3. Both accept the third: the circle and its loop exist, in their common evenings.
  assert.equal(runMatching().proposals.length, 1);
  await openProposal(ana);
  await ana.getByRole("button", { name: "Accept" }).click();
  await ana.getByText("You accepted").waitFor();
  await openProposal(ben);
  await ben.getByRole("button", { name: "Accept" }).click();
  await ben.locator("#agenda").waitFor();
  assert.match(await ben.locator("h1").textContent(), /Staff Data Scientist loop/);
  const rounds = ben.locator("#agenda > li");
  assert.equal(await rounds.count(), 10);
  for (const text of await ben.locator("#agenda .when").allTextContents()) {
    assert.match(text, /(Tue|Wed)/, `${text} falls on a common evening`);
  }
  await ana.reload();
  await ana.getByRole("link", { name: "Open your loop's agenda" }).click();
  await ana.locator("#agenda").waitFor();
  await ana.goto(`${context.server.url}/pool`);
  assert.equal(await ana.locator("#pool-status").textContent(), "matched");
});

// Browser test: in a live round the interviewer starts the shared timer and reveals a hint; the
// candidate's screen shows the running clock and that one hint, and never the brief.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, pairWithLoop } from "./harness.mjs";

const context = useServerAndBrowser(before, after);

test("the interviewer reveals a hint and the candidate sees only that hint", async () => {
  const { ana, ben } = await pairWithLoop(context, { circle: "Room pair", template: "staff-ds" });

  // The first round in which Ana interviews Ben.
  const round = ana.locator("#agenda > li").filter({ hasText: /Ben\s+interviewed\s+by\s+Ana/ }).first();
  await round.getByRole("link", { name: "Enter the room" }).click();
  const roomUrl = ana.url();
  await ana.getByRole("heading", { name: "Hint ladder" }).waitFor();
  const hintTexts = await ana.locator(".hint-ladder li span").allTextContents();
  assert.ok(hintTexts.length >= 3);

  await ben.goto(roomUrl);
  await ben.getByText("The prompt appears when the round starts.").waitFor();
  assert.equal(await ben.getByRole("heading", { name: "Hint ladder" }).count(), 0, "no brief for the candidate");

  await ana.getByRole("button", { name: "Start" }).click();
  await ben.locator("#timer-phase").filter({ hasNotText: "Not started" }).waitFor();
  await ben.locator("#prompt h3").waitFor();

  await ana.getByRole("button", { name: "Reveal to the candidate" }).nth(1).click();
  await ben.locator("#hints li", { hasText: hintTexts[1].slice(0, 30) }).waitFor();
  const benPage = await ben.content();
  assert.ok(!benPage.includes(hintTexts[0]), "an unrevealed hint reached the candidate");
  assert.ok(!benPage.includes(hintTexts[2]), "an unrevealed hint reached the candidate");

  await ana.getByLabel("New note").fill("Asked about the data grain before writing SQL");
  await ana.getByRole("button", { name: "Add note" }).click();
  await ana.locator("#notes textarea").first().waitFor();
  await ben.waitForTimeout(300);
  assert.ok(!(await ben.content()).includes("Asked about the data grain"), "a private note reached the candidate");
});

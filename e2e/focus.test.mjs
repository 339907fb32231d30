// Browser test: feedback turns into a focus area and follows the candidate into the next loop.
// Ana's feedback on Ben raises trade-off justification; Ben confirms it as his focus area, ticks a
// line of the practice plan and shares it by link. In the next loop Ana's brief says what Ben is
// working on and what to watch for; Ben's own pages never show it and the brief is a 404 for him.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, pairWithLoop } from "./harness.mjs";

const context = useServerAndBrowser(before, after);
const DIMENSIONS = ["communication", "problem_solving", "technical_depth", "tradeoffs"];
const FOCUS = "Trade-off justification";

async function fillItem(page, index, fields) {
  for (const [name, value] of Object.entries(fields)) {
    await page.locator(`[data-index="${index}"] textarea[name="${name}"]`).fill(value);
  }
}

/** The first round of the agenda on `page` in which Ben is interviewed by Ana. */
function benByAna(page) {
  return page.locator("#agenda > li").filter({ hasText: /Ben\s+interviewed\s+by\s+Ana/ }).first();
}

test("feedback on trade-offs becomes Ben's focus area and reaches only Ana's next brief", async () => {
  const { ana, ben } = await pairWithLoop(context, { circle: "Focus pair", template: "staff-ds" });
  const firstLoopUrl = ana.url();

  // 1. Ana runs a round with Ben as the candidate and writes feedback about trade-offs.
  await benByAna(ana).getByRole("link", { name: "Enter the room" }).click();
  await ana.getByRole("button", { name: "Start" }).click();
  ana.once("dialog", (dialog) => dialog.accept());
  await ana.getByRole("button", { name: "End round" }).click();
  await ana.getByRole("link", { name: "Go to feedback" }).click();
  const feedbackUrl = ana.url();

  await fillItem(ana, 0, {
    situation: "At 12:40, while you were sizing the daily event volume",
    behavior: "You wrote users x sessions x events on the board and derived 40 million rows a day before choosing the aggregation",
    impact: "I could check the estimate and we agreed on a daily partition within a minute",
    suggestion: "Keep writing the arithmetic down; next time also state the retention window",
  });
  await fillItem(ana, 1, {
    situation: "Around minute 20, when choosing between a self-join and a window function for the sessions query",
    behavior: "You named the self-join as the only option and moved on without comparing it to a window function on cost or readability",
    impact: "I could not tell why you chose it, and the self-join would scan the events table twice",
    suggestion: "Before committing, name two alternatives and say which requirement decides between them, e.g. 'window over self-join because it scans once'",
  });
  // Wait for the theme suggestion on the whole text, then make sure the item is tagged with the theme.
  await ana.locator('[data-index="1"] .theme-hint').filter({ hasText: "Suggested:" }).waitFor();
  const improvementTheme = ana.locator('[data-index="1"] select[name="theme"]');
  if ((await improvementTheme.inputValue()) !== "tradeoff_justification") {
    await improvementTheme.selectOption({ label: FOCUS });
  }
  for (const dimension of DIMENSIONS) {
    await ana.locator(`select[name="rating-${dimension}"]`).selectOption(dimension === "tradeoffs" ? "2" : "3");
  }
  await ana.locator('textarea[name="comment-communication"]').fill("You summarised the requirements in one sentence before writing any SQL.");
  await ana.locator('textarea[name="comment-problem_solving"]').fill("You asked whether late events arrive after midnight before choosing the window.");
  await ana.locator('textarea[name="comment-technical_depth"]').fill("When I asked about ties you explained why ROW_NUMBER and RANK differ on duplicates.");
  await ana.locator('textarea[name="comment-tradeoffs"]').fill("You chose the self-join without weighing it against a window function on cost or readability.");
  await ana.getByRole("radio", { name: "At", exact: true }).check();
  assert.equal(await improvementTheme.inputValue(), "tradeoff_justification");
  await ana.getByRole("button", { name: "Submit feedback" }).click();
  await ana.getByText("Submitted. The candidate reads it after their self-assessment.").waitFor();
  await ana.getByRole("heading", { name: `To improve · ${FOCUS}` }).waitFor();

  // 2. Ben self-assesses, which releases the feedback to him and into his history.
  await ben.goto(feedbackUrl);
  await ben.getByRole("heading", { name: "First, your own view of the round" }).waitFor();
  for (const dimension of DIMENSIONS) await ben.locator(`select[name="${dimension}"]`).selectOption("3");
  await ben.getByRole("radio", { name: "At", exact: true }).check();
  await ben.getByLabel("What went well").fill("Estimating the volume");
  await ben.getByLabel("What to improve").fill("Comparing the query options before choosing one");
  await ben.getByRole("button", { name: "Save my self-assessment" }).click();
  await ben.getByRole("heading", { name: "You and your partners" }).waitFor();
  await ben.locator("article.feedback-item.improvement").getByText("named the self-join as the only option").waitFor();

  // Focus page: the theme with its reason, suggested and preselected.
  await ben.getByRole("link", { name: "Focus", exact: true }).click();
  await ben.getByRole("heading", { name: "Focus areas", exact: true }).waitFor();
  const themeRow = ben.locator("table.calibration tbody tr")
    .filter({ has: ben.getByRole("rowheader", { name: FOCUS, exact: true }) });
  await themeRow.waitFor();
  const reason = await themeRow.locator("td").last().textContent();
  assert.match(reason, /raised by 1 interviewer in 1 round/);
  assert.match(reason, /trade-offs rated 1-2 in 1 round/i);
  await ben.getByText(`Suggested: ${FOCUS}.`).waitFor();
  assert.equal(await ben.getByLabel("First focus area").inputValue(), "tradeoff_justification");
  assert.equal(await ben.getByRole("heading", { name: "Your practice plan" }).count(), 0, "a plan before any focus area was chosen");

  await ben.getByRole("button", { name: "Confirm these focus areas" }).click();
  await ben.getByRole("heading", { name: "Your practice plan" }).waitFor();
  await ben.getByRole("heading", { name: new RegExp(`^${FOCUS}`) }).waitFor();
  await ben.getByRole("button", { name: "Save focus areas" }).waitFor();
  const drills = ben.getByRole("group", { name: "Drills from the bank" });
  const revisit = ben.getByRole("group", { name: "Revisit" });
  const checklist = ben.getByRole("group", { name: "Show it next time" });
  for (const group of [drills, revisit, checklist]) {
    await group.getByRole("checkbox").first().waitFor();
    assert.ok((await group.getByRole("checkbox").count()) >= 1);
  }

  // Tick one line; the tick is saved at once and survives a reload.
  const line = checklist.getByRole("checkbox").first();
  assert.equal(await line.isChecked(), false);
  const saved = ben.waitForResponse((r) => r.url().endsWith("/api/v1/me/practice-plan/ticks") && r.request().method() === "PUT");
  await line.check();
  assert.equal((await saved).status(), 204);
  await ben.reload();
  await ben.getByRole("heading", { name: "Your practice plan" }).waitFor();
  assert.equal(await checklist.getByRole("checkbox").first().isChecked(), true, "the ticked line lost its tick");
  assert.equal(await revisit.getByRole("checkbox").first().isChecked(), false, "an unticked line came back ticked");

  // Sharing: the text and a link that works without signing in.
  const shareText = await ben.getByLabel("Paste this into a message").inputValue();
  assert.match(shareText, /My focus areas for this mock interview:/);
  assert.ok(shareText.includes(FOCUS), "the share text does not name the focus area");
  await ben.getByRole("button", { name: "Make a share link" }).click();
  const shareLink = await ben.getByLabel("Share link").inputValue();
  assert.match(shareLink, /\/shared\/focus\/\S+$/);
  await ben.getByRole("button", { name: "Make a new link" }).waitFor();

  const strangerContext = await context.browser.newContext();
  try {
    const stranger = await strangerContext.newPage();
    const response = await stranger.goto(shareLink);
    assert.equal(response.status(), 200);
    await stranger.getByRole("heading", { name: "Ben's focus areas" }).waitFor();
    await stranger.getByText(FOCUS).first().waitFor();
    await stranger.getByRole("link", { name: "Sign in" }).waitFor();
    const shared = await stranger.content();
    assert.ok(!shared.includes("self-join"), "the share page leaked feedback text");
  } finally {
    await strangerContext.close();
  }

  // 3. Ana plans the next loop of the same circle and reads the brief of a round where Ben is the
  // candidate. It is dated in the past so that Ben's prompt page is already open to him.
  await ana.goto(firstLoopUrl);
  await ana.getByRole("link", { name: "← Back to the circle" }).click();
  await ana.getByLabel("Loop", { exact: true }).selectOption("staff-ds");
  await ana.getByLabel("First day starts at").fill("2020-01-06T09:00");
  await ana.getByLabel("Hours per day at most").fill("8");
  await ana.getByRole("button", { name: "Plan the loop" }).click();
  await ana.locator("#agenda").waitFor();
  const nextLoopUrl = ana.url();
  assert.notEqual(nextLoopUrl, firstLoopUrl, "no new loop was planned");

  await benByAna(ana).locator('a[href$="/brief"]').click();
  const briefUrl = ana.url();
  assert.match(briefUrl, /\/rounds\/[^/]+\/brief$/);
  const roundUrl = briefUrl.replace(/\/brief$/, "");
  await ana.getByText("Ben is the candidate · you are the interviewer").waitFor();
  const focusBrief = ana.getByRole("region", { name: "Ben is working on" });
  await focusBrief.getByRole("heading", { name: FOCUS, exact: true }).waitFor();
  await focusBrief.getByText("Watch for:").waitFor();
  const watchFor = (await focusBrief.getByRole("listitem").allTextContents()).map((text) => text.trim());
  assert.ok(watchFor.length >= 1 && watchFor.every((text) => text.length > 10), "no watch-for lines");

  // The interviewer's room shows the same reminder.
  await ana.goto(`${roundUrl}/room`);
  await ana.getByText("Ben is working on:").waitFor();
  await ana.getByText(watchFor[0]).first().waitFor();

  // Ben's side of that round: agenda, room, prompt. None of it mentions his focus area's brief.
  const assertNothingForBen = async (where) => {
    const html = await ben.content();
    assert.ok(!html.includes("is working on"), `"is working on" reached Ben on the ${where}`);
    for (const text of watchFor) assert.ok(!html.includes(text), `a watch-for line reached Ben on the ${where}`);
  };
  await ben.goto(nextLoopUrl);
  await benByAna(ben).getByText("you: interviewee").waitFor();
  assert.equal(await benByAna(ben).locator('a[href$="/brief"]').count(), 0, "Ben has a link to his own brief");
  await assertNothingForBen("agenda");

  await ben.goto(`${roundUrl}/room`);
  await ben.getByText("The prompt appears when the round starts.").waitFor();
  await assertNothingForBen("room before the start");

  await ana.getByRole("button", { name: "Start" }).click();
  await ben.locator("#prompt h3").waitFor();
  await assertNothingForBen("room after the start");

  await ben.goto(nextLoopUrl);
  await benByAna(ben).getByRole("link", { name: "Open the prompt" }).click();
  await ben.getByRole("heading", { name: "Prompt", exact: true }).waitFor();
  await assertNothingForBen("prompt page");

  const denied = await ben.goto(briefUrl);
  assert.equal(denied.status(), 404, "the candidate can open the interviewer's brief");
  await assertNothingForBen("brief URL");
  const api = await ben.request.get(`${context.server.url}/api/v1${new URL(briefUrl).pathname}/focus`);
  assert.equal(api.status(), 404, "the candidate can read his brief's focus areas through the API");
});

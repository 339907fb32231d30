// Browser test: the whole feedback exchange. Ana ends a round and writes feedback; a vague item
// blocks her submission until she fixes it. Ben self-assesses, reads the feedback, asks a question,
// Ana answers, and Ben keeps a takeaway that shows up in his notes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, pairWithLoop } from "./harness.mjs";

const context = useServerAndBrowser(before, after);

async function fillItem(page, index, fields) {
  for (const [name, value] of Object.entries(fields)) {
    await page.locator(`[data-index="${index}"] textarea[name="${name}"]`).fill(value);
  }
}

test("a round ends into feedback that goes from a blocked draft to a kept takeaway", async () => {
  const { ana, ben } = await pairWithLoop(context, { circle: "Feedback pair", template: "staff-ds" });

  const round = ana.locator("#agenda > li").filter({ hasText: /Ben\s+interviewed\s+by\s+Ana/ }).first();
  await round.getByRole("link", { name: "Enter the room" }).click();
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
  await fillItem(ana, 1, { situation: "During the interview", behavior: "It was okay", impact: "Not great", suggestion: "Practice more" });
  for (const dimension of ["communication", "problem_solving", "technical_depth", "tradeoffs"]) {
    await ana.locator(`select[name="rating-${dimension}"]`).selectOption("3");
  }
  await ana.locator('textarea[name="comment-communication"]').fill("You summarised the requirements in one sentence before writing any SQL.");
  await ana.locator('textarea[name="comment-problem_solving"]').fill("You asked whether late events arrive after midnight before choosing the window.");
  await ana.locator('textarea[name="comment-technical_depth"]').fill("When I asked about ties you explained why ROW_NUMBER and RANK differ on duplicates.");
  await ana.locator('textarea[name="comment-tradeoffs"]').fill("You compared a self-join with a window function on cost and readability and chose the window.");
  await ana.getByRole("radio", { name: "At", exact: true }).check();

  await ana.getByRole("button", { name: "Submit feedback" }).click();
  await ana.locator("#submit-result").filter({ hasText: "problem(s) remain" }).waitFor();
  await ana.locator('[data-index="1"] .problem[data-code="vague"]').first().waitFor();

  await fillItem(ana, 1, {
    situation: "When I asked how you would test the query, around minute 30",
    behavior: "You ran it once on the sample and said it looked right without checking an empty day",
    impact: "A day with no events would have silently dropped out of the report",
    suggestion: "Before saying done, list three edge cases aloud (empty day, duplicates, late events) and test one",
  });
  await ana.locator('[data-index="1"] .ok').waitFor();
  await ana.getByRole("button", { name: "Submit feedback" }).click();
  await ana.getByText("Submitted. The candidate reads it after their self-assessment.").waitFor();

  await ben.goto(feedbackUrl);
  await ben.getByRole("heading", { name: "First, your own view of the round" }).waitFor();
  assert.ok(!(await ben.content()).includes("list three edge cases"), "feedback shown before the self-assessment");
  for (const dimension of ["communication", "problem_solving", "technical_depth", "tradeoffs"]) {
    await ben.locator(`select[name="${dimension}"]`).selectOption("4");
  }
  await ben.getByRole("radio", { name: "Above", exact: true }).check();
  await ben.getByLabel("What went well").fill("Estimating the volume");
  await ben.getByLabel("What to improve").fill("Testing before calling it done");
  await ben.getByRole("button", { name: "Save my self-assessment" }).click();
  await ben.getByRole("heading", { name: "You and your partners" }).waitFor();
  const improvement = ben.locator("article.feedback-item.improvement");
  await improvement.getByText("list three edge cases").waitFor();

  await improvement.getByLabel("Ask a clarifying question").fill("Which edge case matters most for this report?");
  await improvement.getByRole("button", { name: "Ask" }).click();
  await ben.locator("article.feedback-item.improvement .thread li", { hasText: "Which edge case" }).waitFor();

  await ana.goto(feedbackUrl);
  await ana.getByLabel("Answer").fill("The empty day: it breaks the weekly trend.");
  await ana.getByRole("button", { name: "Send" }).click();
  await ana.locator(".thread li", { hasText: "The empty day" }).waitFor();

  await ben.reload();
  await ben.locator("article.feedback-item.improvement .thread li", { hasText: "The empty day" }).waitFor();
  await ben.locator("article.feedback-item.improvement").getByRole("button", { name: "Thanks" }).click();
  await ben.locator("article.feedback-item.improvement").getByRole("button", { name: "Thanked" }).waitFor();
  await ben.locator("article.feedback-item.improvement").getByRole("button", { name: "Keep" }).click();
  await ben.locator("article.feedback-item.improvement").getByRole("button", { name: "Update takeaway" }).waitFor();
  await ben.getByRole("link", { name: "Your takeaways and calibration over time" }).click();
  await ben.getByText("list three edge cases aloud").waitFor();
  await ben.getByRole("heading", { name: "Calibration over time" }).waitFor();
  assert.ok((await ben.locator("table.calibration tbody tr").count()) >= 1);
});

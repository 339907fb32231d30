// Browser test: a circle of three plans a loop; each person's agenda shows the questions they
// will ask (with the brief one click away) and hides the ones they will be asked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, signUp } from "./harness.mjs";

const context = useServerAndBrowser(before, after);

async function invite(owner) {
  await owner.getByRole("button", { name: "Create invite link" }).click();
  return owner.getByLabel("Invite link").inputValue();
}

test("a circle of three plans a loop and each sees only their own briefs", async () => {
  const ana = await (await context.browser.newContext()).newPage();
  await signUp(ana, `${context.server.url}/signup`, "Ana");
  await ana.getByLabel("New circle name").fill("Loop trio");
  await ana.getByRole("button", { name: "Create circle" }).click();
  await ana.getByRole("heading", { name: "Loop trio" }).waitFor();

  const others = [];
  for (const name of ["Ben", "Chen"]) {
    const link = await invite(ana);
    const page = await (await context.browser.newContext()).newPage();
    await signUp(page, link, name);
    await page.getByRole("button", { name: "Join circle" }).click();
    await page.getByRole("heading", { name: "Loop trio" }).waitFor();
    others.push(page);
  }

  await ana.reload();
  await ana.getByLabel("Loop", { exact: true }).selectOption("staff-mle");
  await ana.getByLabel("First day starts at").fill("2030-01-07T09:00");
  await ana.getByLabel(/Time zone/).fill("Europe/Berlin");
  await ana.getByLabel("Hours per day at most").fill("5");
  await ana.getByRole("button", { name: "Plan the loop" }).click();
  await ana.locator("#agenda").waitFor();
  const loopUrl = ana.url();
  assert.equal(await ana.locator("#agenda > li").count(), 15);

  // Ana interviews Ben in some rounds: those show the question, and its brief opens the rubric.
  const anaInterviewsBen = ana.locator("#agenda > li").filter({ hasText: /Ben\s+interviewed\s+by\s+Ana/ });
  assert.ok((await anaInterviewsBen.count()) >= 1, "Ana interviews Ben at least once");
  const titles = [];
  for (const round of await anaInterviewsBen.all()) {
    titles.push((await round.locator("a[href*='/brief']").textContent()).trim());
  }
  await anaInterviewsBen.first().locator("a[href*='/brief']").click();
  await ana.getByRole("heading", { name: "Rubric" }).waitFor();
  await ana.getByRole("heading", { name: "Hint ladder" }).waitFor();

  // Ben, the interviewee of those rounds, sees when they are but never their questions.
  const ben = others[0];
  await ben.goto(loopUrl);
  await ben.locator("#agenda").waitFor();
  const benPage = await ben.content();
  for (const title of titles) assert.ok(title && !benPage.includes(title), `Ben's agenda shows ${title}`);
  assert.equal(await ben.getByText("Your question stays hidden until the round starts.").count(), 5);
  const briefUrl = ana.url();
  const response = await ben.goto(briefUrl);
  assert.equal(response.status(), 404, "Ben cannot open the brief of his own round");
});

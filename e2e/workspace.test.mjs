// Browser test: in a coding round the candidate types in the shared editor and the interviewer
// sees the code, and a run's verdict is shown to both; in a system design round a box drawn on the
// whiteboard and the shared notes reach the other participant.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, pairWithLoop } from "./harness.mjs";

const context = useServerAndBrowser(before, after);

test("the candidate types code, the interviewer sees it, and both see the run", async () => {
  const { ana, ben } = await pairWithLoop(context, { circle: "Code pair", template: "staff-mle" });
  const errors = [];
  ana.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  const round = ana.locator("#agenda > li").filter({ hasText: "Advanced coding" }).filter({ hasText: /Ben\s+interviewed\s+by\s+Ana/ }).first();
  await round.getByRole("link", { name: "Enter the room" }).click();
  const roomUrl = ana.url();
  await ben.goto(roomUrl);

  const benEditor = ben.locator("#editor .cm-content");
  await benEditor.waitFor();
  await ana.locator("#editor .cm-content").waitFor();
  await ben.waitForFunction(() => document.querySelector("#editor .cm-content")?.textContent.length > 0);
  await benEditor.click();
  await ben.keyboard.press("Control+End");
  await ben.keyboard.type("\n# mockloop-typed-by-the-candidate\n");
  await ana.locator("#editor .cm-content", { hasText: "mockloop-typed-by-the-candidate" }).waitFor();

  await ben.getByRole("button", { name: "Run examples" }).click();
  await ana.locator("#run-result pre", { hasText: "Ben ran the examples" }).waitFor();
  await ben.locator("#run-result pre", { hasText: "Ben ran the examples" }).waitFor();

  // The replay shows the run on the timeline and the code as it was at any moment.
  await ana.goto(roomUrl.replace(/\/room$/, "/replay"));
  await ana.locator("#timeline li", { hasText: "Ben ran the examples" }).waitFor();
  await ana.locator("#replay-text", { hasText: "mockloop-typed-by-the-candidate" }).waitFor();
  await ana.locator("#scrubber").fill("0");
  await ana.locator("#scrubber").dispatchEvent("input");
  assert.ok(!(await ana.locator("#replay-text").textContent()).includes("mockloop-typed-by-the-candidate"), "at the start the code is the starter code");

  // A system design round: one draws on the whiteboard, the other sees it; both write shared notes.
  await ana.goto(roomUrl.split("/rounds/")[0]);
  const design = ana.locator("#agenda > li").filter({ hasText: "ML system design" }).filter({ hasText: /Ben\s+interviewed\s+by\s+Ana/ }).first();
  await design.getByRole("link", { name: "Enter the room" }).click();
  const designUrl = ana.url();
  await ben.goto(designUrl);
  const board = ana.locator("svg.board");
  await board.waitFor();
  await ben.locator("svg.board").waitFor();
  await ana.waitForFunction(() => window.mockloopWorkspace?.provider?.wsconnected);
  const box = await board.boundingBox();
  await ana.mouse.move(box.x + 40, box.y + 40);
  await ana.mouse.down();
  await ana.mouse.move(box.x + 160, box.y + 110, { steps: 5 });
  await ana.mouse.up();
  // The box arrives as soon as it is started, then grows as it is dragged.
  await ben.waitForFunction(() => Number(document.querySelector("svg.board rect.shape")?.getAttribute("width")) > 100);

  await ben.locator("#notes-doc .cm-content").click();
  await ben.keyboard.type("Candidate: start with the serving path");
  await ana.locator("#notes-doc .cm-content", { hasText: "start with the serving path" }).waitFor();

  // An experimentation round: the structured canvas and its calculator are shared too.
  await ana.goto(roomUrl.split("/rounds/")[0]);
  const experiment = ana.locator("#agenda > li").filter({ hasText: "Experiment design" }).filter({ hasText: /Ben\s+interviewed\s+by\s+Ana/ }).first();
  await experiment.getByRole("link", { name: "Enter the room" }).click();
  await ben.goto(ana.url());
  await ben.getByLabel("Hypothesis").waitFor();
  await ben.getByLabel("Hypothesis").fill("Free shipping over 30 raises orders per visitor");
  await ana.getByLabel("Hypothesis").waitFor();
  await ana.waitForFunction(() => document.getElementById("canvas-hypothesis")?.value.includes("orders per visitor"));
  await ben.getByRole("button", { name: "Calculate and add to the canvas" }).click();
  await ana.waitForFunction(() => document.getElementById("canvas-power")?.value.includes("per arm"));
  assert.deepEqual(errors.filter((e) => e.includes("Content Security Policy")), [], "no CSP violations");
});

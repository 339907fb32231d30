// Browser test: one person signs up, creates a circle and copies an invite link; a second
// person, in a separate browser context, signs up through the link and sees the circle.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, signUp } from "./harness.mjs";

const context = useServerAndBrowser(before, after);

test("a second person joins a circle through an invite link", async () => {
  const owner = await (await context.browser.newContext()).newPage();
  await signUp(owner, `${context.server.url}/signup`, "Ana");
  await owner.waitForURL(`${context.server.url}/`);

  await owner.getByLabel("New circle name").fill("Staff MLE prep");
  await owner.getByRole("button", { name: "Create circle" }).click();
  await owner.getByRole("heading", { name: "Staff MLE prep" }).waitFor();
  await owner.getByRole("button", { name: "Create invite link" }).click();
  const inviteUrl = await owner.getByLabel("Invite link").inputValue();
  assert.match(inviteUrl, /\/invites\/inv_/);

  const guest = await (await context.browser.newContext()).newPage();
  await guest.goto(inviteUrl);
  await guest.getByText("Ana invited you").waitFor();
  await guest.getByRole("link", { name: "Create an account to join" }).click();
  await signUp(guest, guest.url(), "Ben");
  await guest.getByRole("button", { name: "Join circle" }).click();
  await guest.getByRole("heading", { name: "Staff MLE prep" }).waitFor();
  const members = await guest.locator("#member-list .member-name").allTextContents();
  assert.deepEqual(members.sort(), ["Ana", "Ben"]);

  await owner.reload();
  await owner.locator("#member-list", { hasText: "Ben" }).waitFor();
  await guest.goto(`${context.server.url}/`);
  await guest.getByRole("link", { name: "Staff MLE prep" }).waitFor();
});

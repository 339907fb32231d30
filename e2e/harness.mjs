// Shared set-up for browser tests: a real mockloop on a random port with a fresh SQLite file,
// and Debian's Chromium driven by playwright-core.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const targetDir = process.env.CARGO_TARGET_DIR ?? "target";
const binary = process.env.MOCKLOOP_BIN ?? join(targetDir, "debug", "mockloop");

export async function startServer() {
  if (!existsSync(binary)) throw new Error(`${binary} not found: run cargo build first (or set MOCKLOOP_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), "mockloop-e2e-"));
  const databasePath = join(dir, "e2e.db");
  const child = spawn(binary, ["serve", "--bind", "127.0.0.1:0", "--database-url", `sqlite://${databasePath}`], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" },
  });
  const url = await new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/[0-9.:]+)\//);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`mockloop exited with ${code} before listening`)));
  });
  return {
    url,
    databasePath,
    /** Runs a `mockloop` command against this server's database and returns its standard output. */
    command(args) {
      const result = spawnSync(binary, [...args, "--database-url", `sqlite://${databasePath}`], { encoding: "utf8" });
      if (result.status !== 0) throw new Error(`mockloop ${args.join(" ")} failed: ${result.stderr}`);
      return result.stdout;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
    ],
  });
}

/** Registers before/after hooks that start one server and one browser for a test file. */
export function useServerAndBrowser(before, after) {
  const context = { server: null, browser: null };
  before(async () => {
    context.server = await startServer();
    context.browser = await launchBrowser();
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.stop();
  });
  return context;
}

/** Signs up through the form at `url` (the sign-up page, or an invite link). */
export async function signUp(page, url, name) {
  await page.goto(url);
  if (!page.url().includes("/signup")) await page.getByRole("link", { name: "Create an account to join" }).click();
  await page.getByLabel("Email").fill(`${name.toLowerCase()}@example.test`);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Ana creates a circle and Ben joins it through an invite link, each in their own browser
 *  context; then Ana plans a loop from `template`. Returns both pages, Ana's on the agenda. */
export async function pairWithLoop(context, { circle, template }) {
  const ana = await (await context.browser.newContext()).newPage();
  await signUp(ana, `${context.server.url}/signup`, "Ana");
  await ana.getByLabel("New circle name").fill(circle);
  await ana.getByRole("button", { name: "Create circle" }).click();
  await ana.getByRole("button", { name: "Create invite link" }).click();
  const link = await ana.getByLabel("Invite link").inputValue();
  const ben = await (await context.browser.newContext()).newPage();
  await signUp(ben, link, "Ben");
  await ben.getByRole("button", { name: "Join circle" }).click();
  await ben.getByRole("heading", { name: circle }).waitFor();
  await ana.reload();
  await ana.getByLabel("Loop", { exact: true }).selectOption(template);
  await ana.getByLabel("First day starts at").fill("2030-01-07T09:00");
  await ana.getByLabel("Hours per day at most").fill("8");
  await ana.getByRole("button", { name: "Plan the loop" }).click();
  await ana.locator("#agenda").waitFor();
  return { ana, ben };
}

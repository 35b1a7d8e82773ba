// End to end in a real VS Code (code-server) driven by Chromium through playwright-core.
// Run by tests/editors/test_vscode_e2e.py, which starts code-server with our .vsix installed and passes a
// JSON config as argv[2]:
//   {url, file, settingsFile, expectedFixAll, screenshot, failShot, lineA, lineB, chromium}
// Every wait polls a condition with a deadline; a failed check prints what it saw, saves failShot, exits 1.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const cfg = JSON.parse(process.argv[2]);
const T = 45000; // default deadline of one wait, ms
let page;
let context;

function log(msg) {
  process.stderr.write(`[vscode-e2e ${new Date().toISOString().slice(11, 23)}] ${msg}\n`);
}

class CheckFailed extends Error {}

/** Poll `fn` until it returns a truthy value; throw naming `what` after `timeout` ms. */
async function waitFor(what, fn, timeout = T, interval = 100) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new CheckFailed(`timed out after ${timeout / 1000}s waiting for ${what} (last: ${String(last).slice(0, 500)})`);
    }
    await page.waitForTimeout(interval);
  }
}

const norm = (s) => s.replace(/\u00a0/g, " ");

/** The editor's visible text, one string per rendered line, in line order. */
async function editorLines() {
  return page.evaluate(() => {
    const ed = document.querySelector(".editor-instance .monaco-editor .view-lines");
    if (!ed) {
      return [];
    }
    const rows = [...ed.querySelectorAll(".view-line")].map((el) => ({
      top: parseFloat(el.style.top || "0"),
      text: el.textContent || "",
    }));
    rows.sort((a, b) => a.top - b.top);
    return rows.map((r) => r.text);
  }).then((ls) => ls.map(norm));
}

/** Rows of the Problems panel that carry our code. */
async function problemRows(code) {
  const rows = await page.locator(".markers-panel .monaco-list-row").allInnerTexts();
  return rows.map(norm).filter((t) => t.includes(code));
}

async function command(name) {
  // F1 opens the command palette with ">" already typed.
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: T });
  await input.fill(`>${name}`);
  await waitFor(`"${name}" in the command palette`, async () =>
    (await page.locator(".quick-input-widget .monaco-list-row").first().innerText()).includes(name));
  await page.keyboard.press("Enter");
}

async function main() {
  context = await chromium.launchPersistentContext(cfg.browserProfile, {
    executablePath: cfg.chromium,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(T);

  log(`open ${cfg.url}`);
  await page.goto(cfg.url, { waitUntil: "domcontentloaded", timeout: 60000 });
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 90000 });
  await waitFor("the explorer to list demo_test.go", async () =>
    (await page.locator(".explorer-folders-view .monaco-list-row").allInnerTexts()).some((t) => t.includes(path.basename(cfg.file))), 60000);

  // Open the file from the explorer, as a person would.
  log("open the Go test file");
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: path.basename(cfg.file) }).first().dblclick();
  await waitFor("the editor to show the file", async () => (await editorLines()).some((l) => l.includes('os.Setenv("A"')));

  // 1. Diagnostics in the Problems panel, with their code, each once.
  log("open the Problems panel");
  await command("View: Focus Problems");
  await waitFor("two HAB004 rows in the Problems panel", async () => (await problemRows("HAB004")).length >= 2, 60000);
  const rows = await problemRows("HAB004");
  log(`problems: ${JSON.stringify(rows)}`);
  if (rows.length !== 2) {
    throw new CheckFailed(`expected each HAB004 diagnostic once in the Problems panel, saw ${rows.length}: ${JSON.stringify(rows)}`);
  }
  if (!rows.every((r) => r.includes("gotestsmells"))) {
    throw new CheckFailed(`Problems rows do not name the source gotestsmells: ${JSON.stringify(rows)}`);
  }

  // 2. Settings reach the server without a reload: ignore HAB004 in the workspace settings, then undo.
  log("settings: ignore HAB004");
  const original = fs.readFileSync(cfg.settingsFile, "utf8");
  const withIgnore = JSON.parse(original);
  withIgnore["gotestsmells.ignore"] = ["HAB004"];
  fs.writeFileSync(cfg.settingsFile, JSON.stringify(withIgnore, null, 2));
  await waitFor("HAB004 to leave the Problems panel after gotestsmells.ignore = [HAB004]", async () => (await problemRows("HAB004")).length === 0);
  fs.writeFileSync(cfg.settingsFile, original);
  await waitFor("HAB004 to come back after removing the ignore", async () => (await problemRows("HAB004")).length === 2);

  // The "Restart server" command: a new server, the same diagnostics.
  log("command: gotestsmells: Restart server");
  await command("gotestsmells: Restart server");
  await waitFor("HAB004 back after the restart", async () => (await problemRows("HAB004")).length === 2);

  // 3. The squiggle and its hover (our rule's documentation): the screenshot for the README.
  log("hover the diagnostic");
  // The squiggle on line A (other rules may underline other lines): overlay lines share their line's top.
  // Found and hovered again on each try: the restart above may still be replacing the diagnostics.
  const squiggleBox = () =>
    page.evaluate((needle) => {
      const ed = document.querySelector(".editor-instance .monaco-editor");
      const line = [...ed.querySelectorAll(".view-lines .view-line")].find((el) => (el.textContent || "").replace(/\u00a0/g, " ").includes(needle));
      if (!line) {
        return null;
      }
      const top = line.getBoundingClientRect().top;
      for (const sq of ed.querySelectorAll(".squiggly-warning")) {
        const r = sq.getBoundingClientRect();
        if (Math.abs(r.top - top) < 3 && r.width > 0) {
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
      }
      return null;
    }, 'os.Setenv("A"');
  await waitFor("the hover of the squiggle on line A to show HAB004", async () => {
    const box = await squiggleBox();
    if (!box) {
      return false;
    }
    await page.mouse.move(5, 400);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    return waitFor("hover", async () => (await page.locator(".monaco-hover").allInnerTexts()).some((h) => h.includes("HAB004")), 3000).catch(() => false);
  });
  fs.mkdirSync(path.dirname(cfg.screenshot), { recursive: true });
  await page.screenshot({ path: cfg.screenshot });
  log(`screenshot: ${cfg.screenshot}`);
  await page.mouse.move(5, 400);
  await page.keyboard.press("Escape");

  // 4. The quick fix from the light bulb: put the cursor in the first diagnostic, click the bulb.
  log("quick fix from the light bulb");
  await page.locator(".editor-instance .view-lines").click({ position: { x: 5, y: 5 } });
  await command("Go to Line/Column");
  await page.keyboard.type(`${cfg.lineA + 1}:6`);
  await page.keyboard.press("Enter");
  const bulb = page.locator(".editor-instance .lightBulbWidget, .editor-instance [class*='codicon-lightbulb']").first();
  await bulb.waitFor({ state: "visible", timeout: T });
  await bulb.click();
  const action = page.locator(".action-widget .monaco-list-row", { hasText: "Replace with t.Setenv" }).first();
  await action.waitFor({ state: "visible", timeout: T });
  const offered = await page.locator(".action-widget .monaco-list-row").allInnerTexts();
  log(`light bulb offers: ${JSON.stringify(offered.map(norm))}`);
  // Choose it as a keyboard user does (a click can race the menu's entrance animation).
  for (let i = 0; i < offered.length; i++) {
    const focused = norm(await page.locator(".action-widget .monaco-list-row.focused").first().innerText().catch(() => ""));
    if (focused.includes("Replace with t.Setenv")) {
      break;
    }
    await page.keyboard.press("ArrowDown");
  }
  await waitFor("the fix to be selected in the light bulb menu", async () =>
    norm(await page.locator(".action-widget .monaco-list-row.focused").first().innerText()).includes("Replace with t.Setenv"));
  await page.keyboard.press("Enter");
  await waitFor("the quick fix to change line A", async () => {
    const ls = await editorLines();
    return ls.some((l) => l.includes('t.Setenv("A", "1")') && !l.includes("os.")) && ls.some((l) => l.includes('os.Setenv("B", "2")'));
  });
  const onDisk = fs.readFileSync(cfg.file, "utf8");
  if (!onDisk.includes('os.Setenv("A", "1")')) {
    throw new CheckFailed("the file on disk changed before saving");
  }
  await waitFor("one HAB004 left in the Problems panel", async () => (await problemRows("HAB004")).length === 1);

  // 5. Save: codeActionsOnSave runs source.fixAll.gotestsmells.
  log("save (fix all on save)");
  await page.keyboard.press("Control+S");
  const expected = fs.readFileSync(cfg.expectedFixAll, "utf8");
  await waitFor("the saved file to be the fix-all result", async () => fs.readFileSync(cfg.file, "utf8") === expected);
  await waitFor("no HAB004 left in the Problems panel", async () => (await problemRows("HAB004")).length === 0);

  // 6. No server found: a clear notification with a "How to install" action that opens the README.
  log("server not found: notification");
  const broken = JSON.parse(original);
  broken["gotestsmells.path"] = "/nonexistent/gotestsmells";
  fs.writeFileSync(cfg.settingsFile, JSON.stringify(broken, null, 2));
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "gotestsmells" }).first();
  await toast.waitFor({ state: "visible", timeout: T });
  const toastText = norm(await toast.innerText());
  log(`notification: ${JSON.stringify(toastText)}`);
  if (!toastText.includes("/nonexistent/gotestsmells")) {
    throw new CheckFailed(`the notification does not say what is wrong: ${toastText}`);
  }
  await toast.locator(".monaco-button", { hasText: "How to install" }).click();
  await waitFor("the README preview tab", async () =>
    (await page.locator(".tabs-container .tab").allInnerTexts()).some((t) => /readme/i.test(t)));
  // The preview is a webview (nested frames): look for the README's install section in any frame.
  await waitFor("the README preview to show how to install", async () => {
    for (const frame of page.frames()) {
      const text = await frame.evaluate(() => document.body?.innerText || "").catch(() => "");
      if (text.includes("pipx install gotestsmells")) {
        return true;
      }
    }
    return false;
  });
  fs.writeFileSync(cfg.settingsFile, original);
  log("all checks passed");
}

main()
  .then(async () => {
    await context.close();
    process.exit(0);
  })
  .catch(async (e) => {
    process.stderr.write(`VSCODE-E2E FAILED: ${e instanceof CheckFailed ? e.message : e.stack || e}\n`);
    try {
      if (page) {
        await page.screenshot({ path: cfg.failShot });
        process.stderr.write(`failure screenshot: ${cfg.failShot}\n`);
      }
    } catch {
      // ignore
    }
    try {
      await context?.close();
    } catch {
      // ignore
    }
    process.exit(1);
  });

// Drives Firefox for the browser tests (tests/support/engines.py): reads one
// JSON command a line on stdin and writes one JSON reply a line on stdout.
//
// Firefox is launched by puppeteer-core over WebDriver BiDi, from the
// executable named in argv[2] (Debian's firefox-esr). Commands:
//   {op: "goto", url}                    -> {}
//   {op: "eval", js}   (a function's source, maybe async) -> {value}
//   {op: "shot", path, full}             -> {}   (a PNG screenshot)
//   {op: "pdf", path}                    -> {}   (printed as the reader would, A4)
//   {op: "viewport", width, height}      -> {}
//   {op: "errors"}                       -> {value: the console errors so far}
// Any failure: {error: message}. The browser closes when stdin ends.

import readline from "node:readline";
import puppeteer from "puppeteer-core";

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.argv[2],
  headless: true,
  protocol: "webDriverBiDi",
});
const page = await browser.newPage();
const errors = [];
page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
page.on("pageerror", (error) => errors.push(String(error)));

const operations = {
  async goto({ url }) { await page.goto(url, { waitUntil: "load" }); },
  async eval({ js }) { return page.evaluate(`(${js})()`); },
  async shot({ path, full }) { await page.screenshot({ path, fullPage: Boolean(full) }); },
  async pdf({ path }) { await page.pdf({ path, format: "A4", printBackground: true }); },
  async viewport({ width, height }) { await page.setViewport({ width, height }); },
  async errors() { return errors.slice(); },
};

const reply = (message) => process.stdout.write(JSON.stringify(message) + "\n");
reply({ ready: (await browser.version()) });
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = JSON.parse(line);
  try {
    const value = await operations[command.op](command);
    reply({ value: value === undefined ? null : value });
  } catch (error) {
    reply({ error: String((error && error.message) || error) });
  }
}
await browser.close();

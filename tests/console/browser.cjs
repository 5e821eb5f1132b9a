// A real browser for the console tests: Debian's Chromium, headless, driven over the DevTools
// protocol by puppeteer-core (pinned in tools/console-test). The C++ tests (tests/support/Browser)
// send one JSON command per line on stdin and read one JSON answer per line on stdout, so every
// assertion stays in the doctest test that drives it.
//
// usage: node browser.cjs TOOLS-DIR   (TOOLS-DIR: tools/console-test, with node_modules)
'use strict';

const path = require('path');
const readline = require('readline');
const { createRequire } = require('module');

const puppeteer = createRequire(path.resolve(process.argv[2], 'package.json'))('puppeteer-core');

async function main() {
  const browser = await puppeteer.launch({
    executablePath: process.env.HALL_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // The central's certificate is its own (terminals pin it); the test's browser takes it as a
    // district office's browser would once its certificate is installed.
    acceptInsecureCerts: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN',
      '--font-render-hinting=none'],
    defaultViewport: { width: 1366, height: 900 },
  });
  let page = await browser.newPage();
  const errors = [];
  const watch = (p) => {
    p.on('dialog', (d) => d.accept());
    p.on('pageerror', (e) => errors.push(String(e)));
  };
  watch(page);

  const ops = {
    async open({ url }) {
      const res = await page.goto(url, { waitUntil: 'load' });
      // A console page fetches what it shows after loading, and says when it has.
      await page.waitForFunction('!document.body || !document.body.dataset.page || !!document.body.dataset.loaded',
        { timeout: 10000, polling: 100 });
      return res ? res.status() : 0;
    },
    // A new tab, as a second maintainer or another site would be.
    async newPage() {
      page = await browser.newPage();
      watch(page);
      return true;
    },
    async wait({ js, timeout }) {
      await page.waitForFunction(js, { timeout: timeout || 10000, polling: 100 });
      return true;
    },
    async click({ selector }) {
      await page.waitForSelector(selector, { visible: true, timeout: 10000 });
      await Promise.all([
        page.waitForNetworkIdle({ idleTime: 200, timeout: 10000 }).catch(() => {}),
        page.click(selector),
      ]);
      return true;
    },
    async type({ selector, text }) {
      await page.waitForSelector(selector, { timeout: 10000 });
      await page.$eval(selector, (e) => { e.value = ''; });
      await page.type(selector, text);
      return true;
    },
    async select({ selector, value }) {
      await page.waitForSelector(selector, { timeout: 10000 });
      await page.select(selector, value);
      return true;
    },
    async eval({ js }) {
      return page.evaluate(js);
    },
    async screenshot({ file }) {
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async cookies() {
      return page.cookies();
    },
    async errors() {
      return errors.splice(0);
    },
    async url() {
      return page.url();
    },
  };

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    let answer;
    try {
      const command = JSON.parse(line);
      const value = await ops[command.op](command);
      answer = { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      answer = { ok: false, error: String(e && e.message ? e.message : e) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
  await browser.close();
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ ok: false, error: `the browser did not start: ${e}` }) + '\n');
  process.exit(1);
});

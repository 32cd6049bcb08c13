// The live page in a real headless Chromium (Debian's, driven by puppeteer-core; no browser is ever
// downloaded): every service shows, `svc -d` turns a row down within a second without a reload, a click
// shows the last log lines, and a screenshot is kept in artifacts/ for CI.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { requireProgram } from './real-process.js';
import { cleanupServe, runTree, scanDir, serve, tempDir } from './serve-helpers.js';

// Globals of the page, for the functions evaluated in the browser (this package compiles without the DOM lib).
declare const document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { textContent: string | null } | null };
declare const window: Record<string, unknown>;

const CHROMIUM = '/usr/bin/chromium';
const SVC = '/usr/bin/svc';
/** Gitignored; CI uploads it (.github/workflows/ci.yml). */
const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));

let browser: Browser | undefined;
afterEach(async () => {
  if (browser) {
    const proc = browser.process();
    await browser.close().catch(() => proc?.kill('SIGKILL'));
    browser = undefined;
  }
  await cleanupServe();
});

describe('the status page in headless Chromium', () => {
  it('shows every service, follows svc -d live, shows log lines on click', async () => {
    requireProgram(CHROMIUM, 'chromium');
    requireProgram(SVC, 'daemontools');
    const d = scanDir();
    await runTree(d);
    const s = await serve(d);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: tempDir('dt-serve-chromium-'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 500 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(s.url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('#services tbody tr').length === 4, { timeout: 10000 });
    const rows = () =>
      page.$$eval('#services tbody tr', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-service'), tr.querySelector('td.state')!.textContent, tr.querySelector('td.pid')!.textContent !== '']),
      );
    expect(await rows()).toEqual([
      ['idle', 'down', false],
      ['web', 'up', true],
      ['web/log', 'up', true],
      ['worker', 'up', true],
    ]);
    expect(await page.$eval('#conn', (e) => e.textContent)).toBe('live');

    // the same document (no reload) turns the row down once the real svc has spoken to the supervisor
    await page.evaluate(() => (window.marker = 42));
    execFileSync(SVC, ['-d', join(d, 'worker')]);
    await page.waitForFunction(
      () => document.querySelector('#services tbody tr[data-service="worker"] td.state')?.textContent === 'down',
      { timeout: 1000, polling: 'mutation' },
    );
    expect(await page.evaluate(() => window.marker)).toBe(42);

    // Each live update redraws the rows, so find and click the cell in one step inside the page (a
    // person's click is one event too); page.click would query, scroll, then click a node maybe replaced.
    await page.evaluate(() => (document.querySelector('#services tbody tr[data-service="web"] td.name') as HTMLElement).click());
    await page.waitForFunction(() => document.querySelector('#log-lines')?.textContent?.includes('second line'), { timeout: 10000 });
    const log = await page.$eval('#log-lines', (e) => e.textContent!.split('\n'));
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/\d.* hello from web$/); // a local date and time, then the line
    expect(errors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'serve-page.png'), fullPage: true });
  });
});

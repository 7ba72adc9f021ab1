// The page of `warta serve` in a real browser: Debian's headless Chromium driven by
// playwright-core, against the real binary serving an index of sample_corpus plus one
// hostile article (tests/browser/fixtures/hostile.json).
//
//   cd tests/browser && npm ci && npm test
//
// Environment: WARTA_BIN (default ../../target/debug/warta, built by `cargo test`),
// CHROMIUM (default /usr/bin/chromium), SCREENSHOT (default ../../docs/serve.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const warta = process.env.WARTA_BIN || join(repo, 'target', 'debug', 'warta');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const screenshot = process.env.SCREENSHOT || join(repo, 'docs', 'serve.png');

let work, index, server, base, browser, context;
const servers = [];

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

// `warta serve` on the test index and a free loopback port, answering /healthz.
async function startServer(extraArgs) {
  const port = await freePort();
  const child = spawn(warta, ['--index', index, 'serve', '--bind', `127.0.0.1:${port}`, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = { child, url: `http://127.0.0.1:${port}`, log: '' };
  child.stdout.on('data', (d) => { started.log += d; });
  child.stderr.on('data', (d) => { started.log += d; });
  servers.push(started);
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`warta serve exited (${child.exitCode}):\n${started.log}`);
    try {
      if ((await fetch(started.url + '/healthz')).ok) return started;
    } catch (e) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`warta serve did not answer /healthz in 30 s:\n${started.log}`);
}

before(async () => {
  assert.ok(existsSync(warta), `${warta} not found: build it with \`cargo build\` or set WARTA_BIN`);
  assert.ok(existsSync(chromiumPath), `${chromiumPath} not found: apt-get install chromium, or set CHROMIUM`);
  work = mkdtempSync(join(tmpdir(), 'warta-browser-'));
  index = join(work, 'index');
  execFileSync(warta, ['--index', index, 'index', '--quiet',
    join(repo, 'sample_corpus'), join(here, 'fixtures')], { stdio: 'inherit' });
  server = await startServer([]);
  base = server.url;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=id-ID'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
});

after(async () => {
  if (browser) await browser.close();
  for (const { child } of servers) {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

// A fresh tab that records everything that must never happen: script errors, dialogs
// (alert), Content-Security-Policy violations, failed API calls.
async function openPage() {
  const page = await context.newPage();
  const trouble = { errors: [], dialogs: [], violations: [], apiFailures: [] };
  page.on('pageerror', (e) => trouble.errors.push(String(e)));
  page.on('dialog', (d) => { trouble.dialogs.push(d.message()); d.dismiss(); });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) trouble.violations.push(m.text());
  });
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 500) trouble.apiFailures.push(`${r.status()} ${r.url()}`);
  });
  page.trouble = trouble;
  return page;
}

function assertCalm(page) {
  assert.deepEqual(page.trouble.errors, [], 'script errors');
  assert.deepEqual(page.trouble.dialogs, [], 'dialogs');
  assert.deepEqual(page.trouble.apiFailures, [], 'API failures');
}

async function hitTitles(page) {
  return page.locator('#hits .hit h2').allTextContents();
}

async function waitIdle(page) {
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
}

test('the page is sent with a policy that forbids inline script', async () => {
  const response = await fetch(base + '/');
  assert.equal(response.status, 200);
  const csp = response.headers.get('content-security-policy') || '';
  assert.match(csp, /script-src 'self'|default-src 'self'/, `CSP: ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `CSP: ${csp}`);
  const html = await response.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'an inline <script> in index.html');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'an inline event handler in index.html');
});

test('typing a query shows the hit with its snippet highlighted, and the URL says so', async () => {
  const page = await openPage();
  await page.goto(base + '/');
  await waitIdle(page);
  await page.fill('#q', 'Vostochny');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#hits .hit');
  await waitIdle(page);
  assert.deepEqual(await hitTitles(page),
    ['Presiden Rusia, Vladimir Putin, bertemu Pemimpin Korea Utara, Kim Jong Un']);
  const hit = page.locator('#hits .hit').first();
  assert.deepEqual(await hit.locator('mark').allTextContents(), ['Vostochny']);
  const meta = await hit.locator('.meta').textContent();
  assert.match(meta, /Tribunnews\.com/);
  assert.match(meta, /13 September 2023/);
  assert.match(meta, /Nuryanti/);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Vostochny');
  assert.match(await page.textContent('#summary'), /^1 artikel cocok/);
  assert.equal(await page.locator('#chart svg .bar').count(), 1);
  assertCalm(page);
  await page.close();
});

test('the outlet filter lists counts, narrows the hits and is undone by back', async () => {
  const page = await openPage();
  await page.goto(base + '/?q=jakarta');
  await page.waitForSelector('#hits .hit');
  await waitIdle(page);
  assert.match(await page.textContent('#summary'), /^12 artikel cocok; menampilkan 1–10/);
  const liputan = page.locator('#sources label', { hasText: 'Liputan6.com' });
  assert.equal((await liputan.locator('.count').textContent()).trim(), '2');
  assert.equal(await page.locator('#sources li label').count(), 10);
  await liputan.locator('input').check();
  await page.waitForURL(/source=Liputan6\.com/);
  await waitIdle(page);
  const sources = await page.locator('#hits .hit .source').allTextContents();
  assert.deepEqual(sources, ['Liputan6.com', 'Liputan6.com']);
  assert.match(await page.textContent('#summary'), /^2 artikel cocok/);
  assert.ok(await liputan.locator('input').isChecked());
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('#hits .hit').length === 10);
  assert.equal(new URL(page.url()).searchParams.get('source'), null);
  assertCalm(page);
  await page.close();
});

test('pages, sort and date range are URLs too', async () => {
  const page = await openPage();
  await page.goto(base + '/?q=jakarta');
  await page.waitForSelector('#hits .hit');
  await page.click('#pager a[rel=next]');
  await page.waitForURL(/page=2/);
  await waitIdle(page);
  assert.equal(await page.locator('#hits .hit').count(), 2);
  assert.match(await page.textContent('#summary'), /menampilkan 11–12/);
  await page.selectOption('#sort', 'newest');
  await page.waitForURL(/sort=newest/);
  await waitIdle(page);
  const dates = await page.locator('#hits .hit time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.ok(dates.length >= 2);
  assert.deepEqual(dates, [...dates].sort().reverse(), `newest first: ${dates}`);
  await page.fill('#since', '2019-09-01');
  await page.fill('#until', '2019-09-30');
  await page.click('#filters button[type=submit]');
  await page.waitForURL(/since=2019-09-01/);
  await waitIdle(page);
  const inSeptember = await page.locator('#hits .hit time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.ok(inSeptember.length > 0);
  for (const d of inSeptember) assert.ok(d.startsWith('2019-09'), `${d} is outside the range`);
  assertCalm(page);
  await page.close();
});

test('a result opens its article with full text and metadata; back returns to the results', async () => {
  const page = await openPage();
  await page.goto(base + '/?q=Vostochny');
  await page.waitForSelector('#hits .hit');
  await page.click('#hits .hit h2 a');
  await page.waitForSelector('#article-view:not([hidden])');
  await waitIdle(page);
  assert.equal(new URL(page.url()).searchParams.get('id'), 'tribunnews/2023/putin-kim-vostochny.txt');
  assert.equal(await page.textContent('#article-title'),
    'Presiden Rusia, Vladimir Putin, bertemu Pemimpin Korea Utara, Kim Jong Un');
  const meta = await page.textContent('#article-meta');
  assert.match(meta, /Tribunnews\.com/);
  assert.match(meta, /Nuryanti/);
  assert.match(await page.textContent('#article-body'), /Vostochny Cosmodrome/);
  assert.ok(await page.locator('#article-body p').count() > 1, 'the body keeps its paragraphs');
  await page.click('#back');
  await page.waitForSelector('#results-view:not([hidden])');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Vostochny');
  await page.goForward();
  await page.waitForSelector('#article-view:not([hidden])');
  assertCalm(page);
  await page.close();
});

test('a deep link restores the search, its filters and an article', async () => {
  const page = await openPage();
  await page.goto(base + '/?q=presiden&source=Tempo.co&since=2019-01-01&sort=oldest');
  await page.waitForSelector('#hits .hit');
  await waitIdle(page);
  assert.equal(await page.inputValue('#q'), 'presiden');
  assert.equal(await page.inputValue('#since'), '2019-01-01');
  assert.equal(await page.inputValue('#sort'), 'oldest');
  assert.ok(await page.locator('#sources label', { hasText: 'Tempo.co' }).locator('input').isChecked());
  const sources = await page.locator('#hits .hit .source').allTextContents();
  assert.deepEqual(sources, ['Tempo.co', 'Tempo.co']);

  await page.goto(base + '/?id=' + encodeURIComponent('tribunnews/2023/putin-kim-vostochny.txt'));
  await page.waitForSelector('#article-view:not([hidden])');
  assert.match(await page.textContent('#article-title'), /Kim Jong Un/);
  assert.equal(await page.textContent('#back'), '← Beranda');

  await page.goto(base + '/?id=tidak-ada-artikel-ini');
  await waitIdle(page);
  assert.match(await page.textContent('#status'), /Tidak ditemukan/);
  await page.goto(base + '/?q=' + encodeURIComponent('"tanpa penutup'));
  await waitIdle(page);
  assert.match(await page.textContent('#status'), /Kueri tidak dapat dibaca/);
  assertCalm(page);
  await page.close();
});

test('a hostile article shows its markup as text and runs nothing', async () => {
  const page = await openPage();
  await page.goto(base + '/?q=xenokrasi');
  await page.waitForSelector('#hits .hit');
  await waitIdle(page);
  const title = await page.textContent('#hits .hit h2');
  assert.match(title, /<script>window\.__wartaPwned = 'title-script'<\/script>/);
  assert.match(title, /<img src=x onerror=/);
  assert.match(await page.textContent('#hits .hit .snippet'), /<script>window\.__wartaPwned = 'body-script'/);
  assert.match(await page.textContent('#hits .hit .meta'), /<img src=x onerror=/);
  assert.match(await page.textContent('#sources'), /<b onmouseover=/);
  assert.equal(await page.locator('main script, main img, main iframe, main b').count(), 0);
  await page.hover('#sources label');

  await page.click('#hits .hit h2 a');
  await page.waitForSelector('#article-view:not([hidden])');
  await waitIdle(page);
  assert.match(await page.textContent('#article-title'), /<script>/);
  const body = await page.textContent('#article-body');
  assert.match(body, /<img src=x onerror=/);
  assert.match(body, /<iframe src="javascript:alert\('frame'\)"><\/iframe>/);
  assert.equal(await page.locator('main script, main img, main iframe').count(), 0);
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, 'a javascript: URL became a link');
  assert.match(await page.textContent('#article-meta'), /javascript:window\.__wartaPwned/);
  // Give any event that would fire (an image's onerror) its chance.
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => typeof window.__wartaPwned), 'undefined');
  assertCalm(page);
  await page.close();
});

test('a server with a token: the page asks for it once and then searches', async () => {
  const token = 'rahasia-redaksi-2019-panjang';
  const guarded = await startServer(['--token', token]);
  const page = await openPage();
  await page.goto(guarded.url + '/?q=Vostochny');
  await page.waitForSelector('#status form.token');
  assert.equal(await page.locator('#hits .hit').count(), 0);
  await page.fill('#status form.token input', token);
  await page.press('#status form.token input', 'Enter');
  await page.waitForSelector('#hits .hit');
  assert.match(await page.textContent('#hits .hit h2'), /Kim Jong Un/);
  await page.goto(guarded.url + '/?q=jakarta');
  await page.waitForSelector('#hits .hit');
  assert.deepEqual(page.trouble.errors, []);
  await page.close();
});

test('the results page, as the README shows it', async () => {
  const page = await openPage();
  await page.goto(base + '/?q=presiden');
  await page.waitForSelector('#hits .hit');
  await waitIdle(page);
  assert.equal(await page.locator('#chart svg .bar').count() > 0, true);
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: false });
  assertCalm(page);
  await page.close();
});

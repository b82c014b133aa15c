// Drives the demo page (webapp/index.html) in headless Chromium: picks the flow, asks, waits for the
// streamed answer to finish, and reports what the page shows.
//
//   node demo-page.mjs --url <page url> --question <q> [--question <q2> ...] [--flow <id>]
//        [--screenshot <file.png>] [--timeout-ms 20000]
//
// Several --question flags are asked one after another in the same chat (the page keeps chatId).
// Result (fields of the last turn at the top level):
//   {answer, state, tokensSeen, liveUpdates, sources:[{name,snippet}], error, chatId, streamMismatch,
//    flows:[ids], socket:{state,id,transport}, turns:[{...per question}], consoleErrors,
//    resourceErrors (Chromium's "Failed to load resource" lines for non-2xx answers), blocked}
// Only loopback is reachable: every request to another host is aborted and listed in `blocked`.
import { chromium } from 'playwright-core';
import { emitResult, fail, installTimeout, log, parseArgs, required, single } from './lib.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-domain-reliability', '--disable-client-side-phishing-detection',
  '--dns-prefetch-disable', '--no-pings', '--metrics-recording-only', '--no-default-browser-check',
  '--no-proxy-server',
  // Chromium still looks up update hosts (clients2.google.com) despite the flags above: no name
  // but loopback resolves, so not even a DNS query leaves the machine. (No --disable-features
  // here: a second one would replace the list playwright passes.)
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const args = parseArgs();
const pageUrl = new URL(required(args, 'url'));
if (!LOOPBACK.has(pageUrl.hostname)) fail(`--url must be a loopback address, was: ${pageUrl.hostname}`);
const questions = [].concat(required(args, 'question') && args.question);
const flow = single(args, 'flow', undefined);
const screenshot = single(args, 'screenshot', undefined);

const consoleErrors = [];
const resourceErrors = [];
const blocked = [];
const turns = [];
let browser;
let stage = 'launching chromium';
const timeoutMs = installTimeout(args, () => ({ stage, turns, consoleErrors, resourceErrors, blocked }));
// On any exit playwright kills the browser it launched, so a timeout leaves no Chromium behind.

async function main() {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || LOOPBACK.has(url.hostname)) return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  page.on('console', (msg) => {
    // Chromium logs every non-2xx fetch as an error; those are the server's answers, kept apart.
    if (msg.type() === 'error' && msg.text().startsWith('Failed to load resource')) resourceErrors.push(msg.text());
    else if (msg.type() === 'error') consoleErrors.push(msg.text());
    else log(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));

  stage = 'loading the page';
  await page.goto(pageUrl.href, { waitUntil: 'load' });
  stage = 'waiting for the flow list';
  await page.waitForFunction(() => {
    const select = document.getElementById('flow');
    return (!select.disabled && select.options.length > 0) || document.getElementById('notice').textContent;
  });
  const flows = await page.$$eval('#flow option', (options) => options.map((o) => o.value).filter(Boolean));
  const notice = await page.textContent('#notice');
  if (notice) return finish(page, { flows, notice });
  if (flow !== undefined) {
    if (!flows.includes(flow)) return finish(page, { flows, notice: `flow ${flow} is not offered by the page` });
    await page.selectOption('#flow', flow);
  }

  stage = 'waiting for the socket to connect';
  await page.waitForFunction(() => document.body.dataset.socket === 'connected');
  await page.evaluate(installLiveCounter);

  for (const question of questions) {
    stage = `asking "${question}"`;
    const index = turns.length;
    await page.fill('#question', question);
    await page.click('#send');
    await page.waitForFunction((n) => {
      const answers = document.querySelectorAll('.answer');
      return answers.length > n && ['done', 'error'].includes(answers[n].dataset.state);
    }, index);
    // `end` marks the answer done; the HTTP answer (chat id) may still be on its way.
    await page.waitForFunction(() => !document.getElementById('send').disabled);
    turns.push(await page.evaluate(readTurn, index));
  }
  return finish(page, { flows });
}

async function finish(page, extra) {
  stage = 'reporting';
  const socket = await page.evaluate(() => ({
    state: document.body.dataset.socket,
    id: document.body.dataset.socketId || null,
    transport: document.body.dataset.transport || null,
  }));
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  const last = turns[turns.length - 1] || {
    answer: null, state: null, tokensSeen: 0, liveUpdates: 0, sources: [], error: null, chatId: null,
  };
  const result = { ...last, ...extra, socket, turns, consoleErrors, resourceErrors, blocked };
  await browser.close();
  browser = undefined;
  emitResult(result);
}

/** Runs in the page: counts visible changes of an answer's text while it is still streaming. */
function installLiveCounter() {
  window.__liveUpdates = new Map();
  const seen = new Map();
  new MutationObserver(() => {
    document.querySelectorAll('.answer[data-state="streaming"]').forEach((answer) => {
      const length = answer.textContent.length;
      if (length > 0 && seen.get(answer) !== length) {
        seen.set(answer, length);
        window.__liveUpdates.set(answer, (window.__liveUpdates.get(answer) || 0) + 1);
      }
    });
  }).observe(document.getElementById('conversation'), { childList: true, subtree: true, characterData: true });
}

/** Runs in the page: what turn n shows. */
function readTurn(n) {
  const answer = document.querySelectorAll('.answer')[n];
  const turn = answer.closest('.turn');
  const error = turn.querySelector('.answer-error').textContent;
  return {
    question: turn.querySelector('.question').textContent,
    answer: answer.textContent,
    state: answer.dataset.state,
    tokensSeen: Number(answer.dataset.tokens || 0),
    liveUpdates: window.__liveUpdates.get(answer) || 0,
    sources: [...turn.querySelectorAll('.answer-sources li')].map((li) => ({
      name: li.querySelector('.source-name').textContent,
      snippet: li.querySelector('.source-snippet').textContent,
    })),
    tools: [...turn.querySelectorAll('.answer-tools li .tool-name')].map((t) => t.textContent),
    error: error || null,
    chatId: answer.dataset.chatId || null,
    streamMismatch: answer.dataset.streamMismatch === 'true',
  };
}

main().catch((e) => fail(`demo page failed while ${stage}`, e));

// N concurrent seed-style clients, each on its own socket, each asking a question tagged with its
// index ("client 7: <q>"), checking that it received its own stream and only its own.
//
//   node many-clients.mjs --url <base> --flow <id> --clients N --question <q>
//        [--transports websocket|polling|default] [--client v4|v2] [--rounds R] [--timeout-ms 20000]
//
// Every client connects first; then each round all clients POST at once and wait for their HTTP
// answer and their `end` (at most 3 s after the answer). Rounds run one after another on the same
// sockets. Per request it is "ok" when HTTP is 200, exactly one start (first) and one end (last),
// no error event, and the concatenated tokens equal the HTTP answer's text.
// Result: {clients, rounds, requests, connected, ok, crossTalk, missingEnd, mismatches, httpErrors,
//          ttftMs:{p50,p95}, httpMs:{p50,p95}, connectMs:{p50,p95}, tokens, tokensPerSec, wallMs,
//          transports:{name:count}, failures:[first few failed requests]}
import {
  baseUrl, clientFactory, emitResult, fail, installTimeout, integer, log, parseArgs, percentile,
  postPrediction, required, round, single, socketTarget, transportName, waiter,
} from './lib.mjs';

const END_GRACE_MS = 3000;
const MAX_FAILURES_REPORTED = 5;

const args = parseArgs();
const base = baseUrl(required(args, 'url'));
const flow = required(args, 'flow');
const question = required(args, 'question');
const count = integer(args, 'clients', 10);
const rounds = Math.max(1, integer(args, 'rounds', 1));
const transports = single(args, 'transports', 'websocket');
const socketIOClient = clientFactory(single(args, 'client', 'v4'));
if (count < 1) fail('--clients must be at least 1');

const clients = [];
const done = [];
const timeoutMs = installTimeout(args, () => ({
  connected: clients.filter((c) => c.id).length,
  finishedRequests: done.length,
  inFlight: clients.filter((c) => c.current).map((c) => summary(c.current)).slice(0, 5),
}));
const progress = waiter();

function openClient(index) {
  const { uri, opts } = socketTarget(base, transports);
  const socket = socketIOClient(uri, { ...opts, forceNew: true, reconnection: false });
  const client = { index, socket, id: null, connectMs: null, current: null, stray: 0 };
  const started = performance.now();
  socket.on('connect', () => {
    client.id = socket.id;
    client.connectMs = performance.now() - started;
    progress.poke();
  });
  socket.on('connect_error', (e) => log(`client ${index} connect_error:`, (e && e.message) || e));
  socket.on('disconnect', (reason) => log(`client ${index} disconnect:`, reason));
  for (const name of ['start', 'token', 'sourceDocuments', 'usedTools', 'error', 'end']) {
    socket.on(name, (data) => onEvent(client, name, data));
  }
  return client;
}

function onEvent(client, name, data) {
  const req = client.current;
  if (!req) {
    client.stray++;
    return;
  }
  req.sequence.push(name);
  if (name === 'start') req.starts++;
  else if (name === 'end') req.ends++;
  else if (name === 'error') req.errors.push(data);
  else if (name === 'token') {
    if (req.firstTokenAt === null) req.firstTokenAt = performance.now();
    req.tokens.push(data);
  }
  progress.poke();
}

async function predict(client, roundNo) {
  const req = {
    client: client.index, round: roundNo, sequence: [], tokens: [], errors: [], starts: 0, ends: 0,
    postedAt: performance.now(), firstTokenAt: null, httpAt: null, http: null, strayBefore: client.stray,
  };
  client.current = req;
  try {
    req.http = await postPrediction(base, flow,
      { question: `client ${client.index}: ${question}`, socketIOClientId: client.id }, false);
  } catch (e) {
    req.http = { status: 0, body: String((e && e.cause && e.cause.message) || e) };
  }
  req.httpAt = performance.now();
  const refused = req.http.status !== 200 && req.sequence.length === 0;
  if (!refused) await progress.until(() => req.ends > 0, END_GRACE_MS);
  client.current = null;
  return judge(req);
}

function judge(req) {
  const joined = req.tokens.join('');
  const text = req.http.status === 200 && req.http.body && typeof req.http.body.text === 'string'
    ? req.http.body.text : null;
  const foreign = [...joined.matchAll(/client (\d+):/g)].some((m) => Number(m[1]) !== req.client);
  req.missingEnd = req.ends === 0 && (text !== null || req.sequence.length > 0);
  req.mismatch = text !== null && joined !== text;
  req.crossTalk = req.starts > 1 || req.ends > 1 || foreign
    || (text !== null && joined.length > text.length);
  req.ok = text !== null && !req.mismatch && req.starts === 1 && req.ends === 1
    && req.sequence[0] === 'start' && req.sequence[req.sequence.length - 1] === 'end'
    && req.errors.length === 0;
  return req;
}

function summary(req) {
  const body = req.http && req.http.body;
  return {
    client: req.client,
    round: req.round,
    status: req.http ? req.http.status : null,
    message: body && typeof body === 'object' ? body.message : undefined,
    starts: req.starts,
    ends: req.ends,
    tokens: req.tokens.length,
    errors: req.errors,
    received: req.tokens.join('').slice(0, 200),
    text: body && typeof body.text === 'string' ? body.text.slice(0, 200) : undefined,
  };
}

async function main() {
  for (let i = 0; i < count; i++) clients.push(openClient(i));
  const connectDeadline = Math.max(1000, Math.floor(timeoutMs / 2));
  await progress.until(() => clients.every((c) => c.id), connectDeadline);
  const live = clients.filter((c) => c.id);
  log(`${live.length}/${count} clients connected; ${rounds} round(s) of "${question}" on ${flow}`);

  const phaseStart = performance.now();
  for (let r = 0; r < rounds; r++) {
    done.push(...await Promise.all(live.map((c) => predict(c, r))));
  }
  const wallMs = performance.now() - phaseStart;

  const transportCounts = {};
  for (const c of live) {
    const name = transportName(c.socket) || 'none';
    transportCounts[name] = (transportCounts[name] || 0) + 1;
  }
  const strays = clients.reduce((n, c) => n + c.stray, 0);
  const tokens = done.reduce((n, r) => n + r.tokens.length, 0);
  const withToken = done.filter((r) => r.firstTokenAt !== null);
  const result = {
    clients: count,
    rounds,
    requests: done.length,
    connected: live.length,
    ok: done.filter((r) => r.ok).length,
    crossTalk: done.filter((r) => r.crossTalk).length + strays,
    missingEnd: done.filter((r) => r.missingEnd).length,
    mismatches: done.filter((r) => r.mismatch).length,
    httpErrors: done.filter((r) => r.http.status !== 200).length,
    ttftMs: {
      p50: percentile(withToken.map((r) => r.firstTokenAt - r.postedAt), 50),
      p95: percentile(withToken.map((r) => r.firstTokenAt - r.postedAt), 95),
    },
    httpMs: {
      p50: percentile(done.map((r) => r.httpAt - r.postedAt), 50),
      p95: percentile(done.map((r) => r.httpAt - r.postedAt), 95),
    },
    connectMs: {
      p50: percentile(live.map((c) => c.connectMs), 50),
      p95: percentile(live.map((c) => c.connectMs), 95),
    },
    tokens,
    tokensPerSec: wallMs > 0 ? Math.round((tokens / wallMs) * 1000) : null,
    wallMs: round(wallMs),
    transports: transportCounts,
    strayEvents: strays,
    failures: done.filter((r) => !r.ok).slice(0, MAX_FAILURES_REPORTED).map(summary),
  };
  for (const c of clients) c.socket.disconnect();
  emitResult(result);
}

main().catch((e) => fail('many-clients failed', e));

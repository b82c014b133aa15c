// The client from Flowise's streaming docs (seed/streaming.md), run as written:
// connect, take socket.id, listen for the stream, POST the prediction with socketIOClientId.
//
//   node seed-client.mjs --url <base> --flow <id> --question <q>
//        [--transports polling|websocket|default] [--client v4|v2] [--literal-seed]
//        [--chat-id <id>] [--timeout-ms 20000]
//
// --literal-seed sends `body: data` exactly like the seed (the server sees "[object Object]");
// without it the body is JSON.stringify(data) with no headers (the fix users make).
// Result: {socketId, transport, client, events:[{name,data}], http:{status,body},
//          endBeforeHttp, timings:{connectMs, firstTokenMs, httpMs}}
import {
  awaitUpgrade, baseUrl, clientFactory, emitResult, fail, installTimeout, log, parseArgs,
  postPrediction, required, round, single, socketTarget, transportName, waiter,
} from './lib.mjs';

const STREAM_EVENTS = ['start', 'token', 'sourceDocuments', 'usedTools', 'error', 'end'];
const END_GRACE_MS = 3000;

const args = parseArgs();
const base = baseUrl(required(args, 'url'));
const flow = required(args, 'flow');
const question = required(args, 'question');
const transports = single(args, 'transports', 'default');
const clientVersion = single(args, 'client', 'v4');
const literalSeed = args['literal-seed'] === true;
const chatId = single(args, 'chat-id', undefined);

const events = [];
const timings = { connectMs: null, firstTokenMs: null, httpMs: null };
let http = null;
let lastConnectError = null;
installTimeout(args, () => ({ connected: timings.connectMs !== null, lastConnectError, events, http }));

const started = performance.now();
const { uri, opts } = socketTarget(base, transports);
const socketIOClient = clientFactory(clientVersion);
const socket = Object.keys(opts).length ? socketIOClient(uri, opts) : socketIOClient(uri);
const progress = waiter();

let socketIOClientId = '';
let postedAt = null;
let endSeenAt = null;

socket.on('connect', () => {
  socketIOClientId = socket.id;
  if (timings.connectMs === null) timings.connectMs = round(performance.now() - started);
  progress.poke();
});
socket.on('connect_error', (e) => {
  lastConnectError = String((e && e.message) || e);
  // engine.io puts the HTTP status or the network error in description: it names the cause
  if (e && e.description !== undefined) {
    const d = e.description;
    lastConnectError += ` (${d && d.message ? d.message : typeof d === 'object' ? JSON.stringify(d) : d})`;
  }
  log('connect_error:', lastConnectError);
});
socket.on('disconnect', (reason) => log('disconnect:', reason));

for (const name of STREAM_EVENTS) {
  socket.on(name, (...payload) => {
    // An Error object (the v2 client reports transport errors as 'error') would serialise as {}.
    const first = payload[0] instanceof Error ? { clientError: payload[0].message } : payload[0];
    const entry = { name, data: payload.length ? first : null };
    if (payload.length > 1) entry.args = payload;
    events.push(entry);
    if (name === 'token' && timings.firstTokenMs === null && postedAt !== null) {
      timings.firstTokenMs = round(performance.now() - postedAt);
    }
    if (name === 'end' && endSeenAt === null) endSeenAt = performance.now();
    progress.poke();
  });
}

async function query(data) {
  postedAt = performance.now();
  const result = await postPrediction(base, flow, data, literalSeed);
  timings.httpMs = round(performance.now() - postedAt);
  return result;
}

async function main() {
  await progress.until(() => socketIOClientId !== '', 24 * 3600 * 1000); // bounded by --timeout-ms
  log(`connected as ${socketIOClientId} over ${transportName(socket)} (client ${clientVersion})`);
  const data = { question, socketIOClientId };
  if (chatId !== undefined) data.chatId = chatId;
  http = await query(data);
  const endBeforeHttp = endSeenAt !== null;
  const nothingComing = http.status !== 200 && events.length === 0; // refused before streaming
  if (!endBeforeHttp && !nothingComing) await progress.until(() => endSeenAt !== null, END_GRACE_MS);
  const transport = transports === 'default' ? await awaitUpgrade(socket, 2000) : transportName(socket);
  const result = {
    socketId: socketIOClientId,
    transport,
    client: clientVersion,
    events,
    http,
    endBeforeHttp,
    timings,
  };
  socket.disconnect();
  emitResult(result);
}

main().catch((e) => fail('seed client failed', e));

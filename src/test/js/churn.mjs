// Connection churn: socket.io clients that connect and disconnect again at once, as fast as the
// server lets them, for a fixed time. Each of `--parallel` loops opens a socket, waits for its
// `connect` (or its failure), closes it and opens the next.
//
//   node churn.mjs --url <base> --seconds S [--parallel 50] [--client v4|raw]
//        [--transports websocket|polling|default] [--timeout-ms]
//
// `--client v4` is the stock socket.io-client; `--client raw` speaks the same protocol over a bare
// websocket (engine.io open, socket.io CONNECT "40", its answer, close) and costs the load
// generator far less CPU per connection, so the server, not the client, sets the pace.
//
// Result: {connects, failures, perSecond, wallMs, firstFailures:[...]}; a refused handshake (429
// when the server limits handshakes per address) counts as a failure, not a harness error.
import {
  baseUrl, emitResult, installTimeout, integer, parseArgs, required, round, single, socketTarget,
} from './lib.mjs';
import socketIOClient from 'socket.io-client';
import WebSocket from 'ws';

const args = parseArgs();
const base = baseUrl(required(args, 'url'));
const seconds = integer(args, 'seconds', 10);
const parallel = Math.max(1, integer(args, 'parallel', 50));
const transports = single(args, 'transports', 'websocket');
const client = single(args, 'client', 'v4');
const firstFailures = [];
let connects = 0;
let failures = 0;
installTimeout({ 'timeout-ms': String((seconds + 30) * 1000), ...args }, () => ({ connects, failures }));

const started = performance.now();
const deadline = started + seconds * 1000;

function failed(message) {
  failures++;
  if (firstFailures.length < 5) firstFailures.push(message);
}

/** One raw engine.io v4 websocket session: wait for the open packet, CONNECT, wait for its answer, close. */
function onceRaw() {
  return new Promise((resolve) => {
    const url = new URL('socket.io/?EIO=4&transport=websocket', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let settled = false;
    const settle = (ok, message) => {
      if (settled) return;
      settled = true;
      if (ok) connects++;
      else failed(message);
      ws.terminate();
      if (ok) resolve();
      else setTimeout(resolve, 10);
    };
    const timer = setTimeout(() => settle(false, 'no CONNECT answer in 10 s'), 10000);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('0{')) ws.send('40');
      else if (text.startsWith('40')) {
        clearTimeout(timer);
        ws.close();
        settle(true);
      }
    });
    ws.on('unexpected-response', (req, res) => {
      clearTimeout(timer);
      settle(false, `HTTP ${res.statusCode}`);
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      settle(false, String(error && error.message));
    });
  });
}

function once() {
  if (client === 'raw') return onceRaw();
  return new Promise((resolve) => {
    const { uri, opts } = socketTarget(base, transports);
    const socket = socketIOClient(uri, { ...opts, forceNew: true, reconnection: false, timeout: 10000 });
    socket.on('connect', () => {
      connects++;
      socket.disconnect();
      resolve();
    });
    socket.on('connect_error', (error) => {
      failed(String(error && error.message));
      socket.close();
      setTimeout(resolve, 10);
    });
  });
}

async function loop() {
  while (performance.now() < deadline) await once();
}

await Promise.all(Array.from({ length: parallel }, loop));
const wallMs = performance.now() - started;
emitResult({ connects, failures, perSecond: round(connects / (wallMs / 1000)), wallMs: round(wallMs), firstFailures });

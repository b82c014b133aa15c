// Shared plumbing for the harness scripts: arguments, the one-line JSON result, the overall
// timeout, URLs under any context path, socket.io clients (v4 and v2) and the prediction POST.
//
// Contract of every script: exactly one JSON line on stdout (the result), diagnostics on stderr,
// exit 0 whenever the server answered (even with an error, which the JSON reports), exit 1 for a
// harness failure, exit 2 when --timeout-ms (default 20000) ran out.
import socketIOClient from 'socket.io-client';
import socketIOClientV2 from 'socket-io-client-v2';

/** `--key value`, `--key=value` and bare `--flag` (true). A key given twice becomes an array. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) fail(`unexpected argument: ${arg}`);
    let key = arg.slice(2);
    let value;
    const eq = key.indexOf('=');
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    } else {
      value = true;
    }
    if (key in out) out[key] = [].concat(out[key], value);
    else out[key] = value;
  }
  return out;
}

export function required(args, key) {
  const value = args[key];
  if (value === undefined || value === true || value === '') fail(`missing --${key}`);
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function single(args, key, fallback) {
  const value = args[key];
  if (value === undefined) return fallback;
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function integer(args, key, fallback) {
  const raw = single(args, key, undefined);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`--${key} must be a whole number, was: ${raw}`);
  return n;
}

export function log(...parts) {
  process.stderr.write(`[${new Date().toISOString()}] ${parts.join(' ')}\n`);
}

let finished = false;

function exit(code, line) {
  if (finished) return;
  finished = true;
  const done = () => process.exit(code);
  if (line === undefined) process.stderr.write('', done);
  else process.stdout.write(line + '\n', done);
}

/** Prints the result line and exits 0. */
export function emitResult(result) {
  exit(0, JSON.stringify(result));
}

/** A harness failure: message on stderr, nothing on stdout, exit 1. */
export function fail(message, cause) {
  process.stderr.write(`harness failure: ${message}${cause ? `\n${cause.stack || cause}` : ''}\n`);
  exit(1);
}

/**
 * Bounds the whole script. `describe` returns what was seen so far; it goes to stderr on expiry.
 * Returns the timeout in ms.
 */
export function installTimeout(args, describe = () => undefined) {
  const ms = integer(args, 'timeout-ms', 20000);
  const timer = setTimeout(() => {
    let state;
    try {
      state = JSON.stringify(describe());
    } catch (e) {
      state = String(e);
    }
    process.stderr.write(`timeout: no result after ${ms} ms${state ? `; state so far: ${state}` : ''}\n`);
    exit(2);
  }, ms);
  timer.unref();
  process.on('unhandledRejection', (e) => fail('unhandled rejection', e));
  process.on('uncaughtException', (e) => fail('uncaught exception', e));
  return ms;
}

/** The base URL with a trailing slash, so relative paths resolve under any context path. */
export function baseUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail(`--url is not a URL: ${raw}`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * What to hand to `socketIOClient(uri, opts)`: the origin (a path in the URI would be read as a
 * namespace), plus `path` when the server sits under a context path, plus `transports`.
 */
export function socketTarget(base, transports) {
  const opts = {};
  if (base.pathname !== '/') opts.path = `${base.pathname}socket.io/`;
  if (transports === 'polling') opts.transports = ['polling'];
  else if (transports === 'websocket') opts.transports = ['websocket'];
  else if (transports !== 'default') fail(`--transports must be polling, websocket or default, was: ${transports}`);
  return { uri: base.origin, opts };
}

export function clientFactory(version) {
  if (version === 'v4') return socketIOClient;
  if (version === 'v2') return socketIOClientV2;
  return fail(`--client must be v4 or v2, was: ${version}`);
}

/** The engine.io transport in use right now ('polling' or 'websocket'). */
export function transportName(socket) {
  return socket.io && socket.io.engine && socket.io.engine.transport
    ? socket.io.engine.transport.name
    : undefined;
}

/** Resolves once the engine has upgraded to websocket or `ms` passed (whatever it is then). */
export function awaitUpgrade(socket, ms) {
  return new Promise((resolve) => {
    const engine = socket.io && socket.io.engine;
    if (!engine || transportName(socket) === 'websocket') return resolve(transportName(socket));
    const timer = setTimeout(() => resolve(transportName(socket)), ms);
    engine.once('upgrade', () => {
      clearTimeout(timer);
      resolve(transportName(socket));
    });
  });
}

/** The prediction POST as the seed does it; `literal` keeps the seed's `body: data`. */
export async function postPrediction(base, flow, data, literal) {
  const url = new URL(`api/v1/prediction/${encodeURIComponent(flow)}`, base);
  const init = literal
    ? { method: 'POST', body: data } // fetch turns the object into "[object Object]"
    : { method: 'POST', body: JSON.stringify(data) };
  const response = await fetch(url, init);
  const raw = await response.text();
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    body = raw;
  }
  return { status: response.status, body };
}

/** Nearest-rank percentile of a numeric array; null when empty. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return round(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
}

export function round(ms) {
  return ms === null || ms === undefined ? null : Math.round(ms * 10) / 10;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true when `predicate()` holds (checked on `poke()`), false after `ms`. */
export function waiter() {
  let pending = [];
  return {
    poke() {
      pending = pending.filter((w) => {
        if (!w.predicate()) return true;
        clearTimeout(w.timer);
        w.resolve(true);
        return false;
      });
    },
    until(predicate, ms) {
      if (predicate()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const w = { predicate, resolve };
        w.timer = setTimeout(() => {
          pending = pending.filter((x) => x !== w);
          resolve(false);
        }, ms);
        pending.push(w);
      });
    },
  };
}

#!/usr/bin/env bash
# Flowstream benchmark: the packaged WAR (java -jar, embedded Undertow) answering a chatflow whose
# model is the local OpenAI stub, driven by real socket.io clients (src/test/js/many-clients.mjs).
#
#   bench/run.sh [-n CLIENTS] [-t TOKENS] [-r ROUNDS] [-w WARMUP] [-d DELAY_MS] [--transports websocket|polling|default]
#                [--build] [--out FILE] [--keep]
#
# Scenarios: (A) CLIENTS concurrent clients (default 50), one prediction each, TOKENS tokens
# (default 200); (B) one client, ROUNDS (default 20) predictions one after another, TOKENS tokens.
# Reports TTFT and HTTP p50/p95, tokens/s, and the server's resident memory (VmRSS: idle after
# warm-up, and peak). Warm-up runs the measured workload WARMUP times
# (default 20) first, unreported: the JIT keeps compiling for a long while. Everything it starts is stopped on exit; only 127.0.0.1 is used.
# Environment: SERVER_JAVA_OPTS (e.g. "-Xmx512m") for the server JVM.
set -euo pipefail

clients=50 tokens=200 rounds=20 warmup=20 delay=0 transports=websocket build=0 keep=0 out=''
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--clients) clients=$2; shift 2 ;;
    -t|--tokens) tokens=$2; shift 2 ;;
    -r|--rounds) rounds=$2; shift 2 ;;
    -w|--warmup) warmup=$2; shift 2 ;;
    -d|--delay-ms) delay=$2; shift 2 ;;
    --transports) transports=$2; shift 2 ;;
    --build) build=1; shift ;;
    --out) out=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in "$clients" "$tokens" "$rounds" "$warmup" "$delay"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "numbers only, got: $n" >&2; exit 2; }
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
js="$root/src/test/js"
work=$(mktemp -d "${TMPDIR:-/tmp}/flowstream-bench.XXXXXX")
stub_pid='' server_pid='' sampler_pid=''

cleanup() {
  local status=$?
  for pid in $sampler_pid $server_pid $stub_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $sampler_pid $server_pid $stub_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$keep" = 1 ]; then echo "kept $work (logs, config, raw results)"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# ---- prerequisites ---------------------------------------------------------------------------
command -v java >/dev/null || die "java not found"
command -v node >/dev/null || die "node not found"
command -v mvn >/dev/null || die "mvn not found"
[ -d "$js/node_modules/socket.io-client" ] || (cd "$js" && npm ci --no-audit --no-fund >&2)
if [ "$build" = 1 ] || [ ! -f target/flowstream.war ] || [ ! -f target/test-classes/dev/flowstream/testing/OpenAiStub.class ]; then
  say "building (mvn -DskipTests package) ..."
  mvn -B -q -ntp -Dstyle.color=never -DskipTests package >&2
fi
classpath_file=target/bench-classpath.txt
if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
  mvn -B -q -ntp -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
fi

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# ---- the OpenAI stub -------------------------------------------------------------------------
# created here, not by the background job's redirect, which may come after the first read below
: >"$work/stub.out"
java -cp "target/test-classes:$(cat "$classpath_file")" dev.flowstream.testing.OpenAiStub 0 \
  >"$work/stub.out" 2>"$work/stub.err" &
stub_pid=$!
stub_url=''
for _ in $(seq 300); do
  stub_url=$(sed -n 's/^OPENAI_STUB_URL=//p' "$work/stub.out" | head -1)
  [ -n "$stub_url" ] && break
  kill -0 "$stub_pid" 2>/dev/null || die "the stub exited: $(tail -20 "$work/stub.err")"
  sleep 0.1
done
[ -n "$stub_url" ] || die "the stub printed no OPENAI_STUB_URL within 30 s"

# ---- config: one chatflow, chatOpenAI (basepath = stub) -> promptTemplate "{question}" -> llmChain
mkdir -p "$work/config/chatflows"
cat >"$work/config/chatflows/bench.json" <<JSON
{
  "nodes": [
    {
      "id": "chatOpenAI_0", "type": "customNode", "position": { "x": 400, "y": 100 },
      "data": {
        "id": "chatOpenAI_0", "label": "ChatOpenAI", "version": 6, "name": "chatOpenAI", "type": "ChatOpenAI",
        "baseClasses": ["ChatOpenAI", "BaseChatModel", "BaseLanguageModel", "Runnable"], "category": "Chat Models",
        "inputs": { "modelName": "bench", "temperature": "0", "streaming": true, "basepath": "$stub_url" },
        "outputAnchors": [{ "id": "chatOpenAI_0-output-chatOpenAI-ChatOpenAI|BaseChatModel|BaseLanguageModel|Runnable", "name": "chatOpenAI", "label": "ChatOpenAI", "type": "ChatOpenAI | BaseChatModel | BaseLanguageModel | Runnable" }],
        "outputs": {}
      }
    },
    {
      "id": "promptTemplate_0", "type": "customNode", "position": { "x": 0, "y": 300 },
      "data": {
        "id": "promptTemplate_0", "label": "Prompt Template", "version": 1, "name": "promptTemplate", "type": "PromptTemplate",
        "baseClasses": ["PromptTemplate", "BaseStringPromptTemplate", "BasePromptTemplate", "Runnable"], "category": "Prompts",
        "inputs": { "template": "{question}", "promptValues": "{\"question\":\"{{question}}\"}" },
        "outputAnchors": [{ "id": "promptTemplate_0-output-promptTemplate-PromptTemplate|BaseStringPromptTemplate|BasePromptTemplate|Runnable", "name": "promptTemplate", "label": "PromptTemplate", "type": "PromptTemplate | BaseStringPromptTemplate | BasePromptTemplate | Runnable" }],
        "outputs": {}
      }
    },
    {
      "id": "llmChain_0", "type": "customNode", "position": { "x": 800, "y": 250 },
      "data": {
        "id": "llmChain_0", "label": "LLM Chain", "version": 3, "name": "llmChain", "type": "LLMChain",
        "baseClasses": ["LLMChain", "BaseChain", "Runnable"], "category": "Chains",
        "inputs": { "model": "{{chatOpenAI_0.data.instance}}", "prompt": "{{promptTemplate_0.data.instance}}", "outputParser": "", "inputModeration": "", "chainName": "bench" },
        "outputs": { "output": "llmChain" }
      }
    }
  ],
  "edges": [
    { "id": "chatOpenAI_0-llmChain_0", "source": "chatOpenAI_0", "target": "llmChain_0", "type": "buttonedge",
      "sourceHandle": "chatOpenAI_0-output-chatOpenAI-ChatOpenAI|BaseChatModel|BaseLanguageModel|Runnable",
      "targetHandle": "llmChain_0-input-model-BaseLanguageModel" },
    { "id": "promptTemplate_0-llmChain_0", "source": "promptTemplate_0", "target": "llmChain_0", "type": "buttonedge",
      "sourceHandle": "promptTemplate_0-output-promptTemplate-PromptTemplate|BaseStringPromptTemplate|BasePromptTemplate|Runnable",
      "targetHandle": "llmChain_0-input-prompt-BasePromptTemplate" }
  ]
}
JSON

# ---- the server ------------------------------------------------------------------------------
port=$(free_port)
base="http://127.0.0.1:$port"
# shellcheck disable=SC2086 # SERVER_JAVA_OPTS is a list of JVM flags
PORT=$port FLOWSTREAM_CONFIG="$work/config" java ${SERVER_JAVA_OPTS:-} -jar target/flowstream.war \
  >"$work/server.log" 2>&1 &
server_pid=$!
started=$(date +%s%N)
until [ "$(curl -s --max-time 2 "$base/api/v1/ping" 2>/dev/null)" = pong ]; do
  kill -0 "$server_pid" 2>/dev/null || die "the server exited: $(tail -30 "$work/server.log")"
  [ $(( ($(date +%s%N) - started) / 1000000000 )) -lt 60 ] || die "no pong from $base within 60 s"
  sleep 0.1
done
startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
flows=$(curl -s --max-time 10 "$base/api/v1/chatflows" || true)
[[ "$flows" == *'"bench"'* ]] || die "the server did not load chatflows/bench.json: $flows $(tail -30 "$work/server.log")"

# VmRSS of the server, one line "<kB>" per 100 ms, for as long as it runs.
( while read -r key value _ < <(grep '^VmRSS:' "/proc/$server_pid/status" 2>/dev/null); do
    echo "$value"; sleep 0.1
  done ) >"$work/rss.log" 2>/dev/null &
sampler_pid=$!
rss_mark() { wc -l <"$work/rss.log"; }
rss_peak_since() { tail -n "+$(( $1 + 1 ))" "$work/rss.log" | sort -n | tail -1; }

question="[[tokens=$tokens]]"
[ "$delay" -gt 0 ] && question="$question [[delay=$delay]]"
scenario_timeout=$(( 120000 + tokens * delay * rounds ))

run_clients() { # name, then many-clients.mjs arguments
  local name=$1; shift
  say "scenario $name: $*"
  node "$js/many-clients.mjs" --url "$base" --flow bench --timeout-ms "$scenario_timeout" "$@" \
    >"$work/$name.json" 2>"$work/$name.err" || die "$name failed: $(tail -20 "$work/$name.err")"
}

# The JIT needs tens of thousands of passes through the token path before it settles: warm up
# with the measured workload itself (not reported), so the figures are steady-state ones.
run_clients warmup --clients "$clients" --rounds "$warmup" --question "$question" --transports "$transports"
run_clients warmup-sequential --clients 1 --rounds "$rounds" --question "$question" --transports "$transports"
sleep 1
rss_idle=$(tail -1 "$work/rss.log")
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }
mark=$(rss_mark)
cpu_before=$(cpu_ms "$server_pid") stub_before=$(cpu_ms "$stub_pid")
run_clients concurrent --clients "$clients" --question "$question" --transports "$transports"
rss_concurrent=$(rss_peak_since "$mark")
server_cpu_ms=$(( $(cpu_ms "$server_pid") - cpu_before )) stub_cpu_ms=$(( $(cpu_ms "$stub_pid") - stub_before ))
mark=$(rss_mark)
run_clients sequential --clients 1 --rounds "$rounds" --question "$question" --transports "$transports"
rss_sequential=$(rss_peak_since "$mark")
rss_peak=$(sort -n "$work/rss.log" | tail -1)

# ---- report ----------------------------------------------------------------------------------
export BENCH_WORK=$work BENCH_CLIENTS=$clients BENCH_TOKENS=$tokens BENCH_ROUNDS=$rounds BENCH_DELAY=$delay \
  BENCH_TRANSPORTS=$transports BENCH_STARTUP_MS=$startup_ms BENCH_RSS_IDLE=$rss_idle \
  BENCH_RSS_CONCURRENT=$rss_concurrent BENCH_RSS_SEQUENTIAL=$rss_sequential BENCH_RSS_PEAK=$rss_peak \
  BENCH_SERVER_CPU_MS=$server_cpu_ms BENCH_STUB_CPU_MS=$stub_cpu_ms \
  BENCH_OUT=$out BENCH_JAVA="$(java -version 2>&1 | head -1)" BENCH_OPTS="${SERVER_JAVA_OPTS:-}"
node --input-type=module <<'NODE'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import os from 'node:os';
const e = process.env;
const read = (name) => JSON.parse(readFileSync(`${e.BENCH_WORK}/${name}.json`, 'utf8'));
const mb = (kb) => (Number(kb) / 1024).toFixed(0);
const concurrent = read('concurrent');
const sequential = read('sequential');
const report = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), java: e.BENCH_JAVA, node: process.version, serverJavaOpts: e.BENCH_OPTS },
  params: { clients: +e.BENCH_CLIENTS, tokens: +e.BENCH_TOKENS, rounds: +e.BENCH_ROUNDS, delayMs: +e.BENCH_DELAY, transports: e.BENCH_TRANSPORTS },
  startupMs: +e.BENCH_STARTUP_MS,
  rssMB: { idle: +mb(e.BENCH_RSS_IDLE), concurrentPeak: +mb(e.BENCH_RSS_CONCURRENT), sequentialPeak: +mb(e.BENCH_RSS_SEQUENTIAL), peak: +mb(e.BENCH_RSS_PEAK) },
  cpuMs: { server: +e.BENCH_SERVER_CPU_MS, stub: +e.BENCH_STUB_CPU_MS },
  concurrent, sequential,
};
const row = (label, r) => [label, `${r.ok}/${r.requests}`, r.crossTalk, r.missingEnd, r.mismatches,
  r.ttftMs.p50, r.ttftMs.p95, r.httpMs.p50, r.httpMs.p95, r.tokensPerSec, r.wallMs];
const table = [
  ['scenario', 'ok', 'crossTalk', 'missingEnd', 'mismatch', 'TTFT p50', 'TTFT p95', 'HTTP p50', 'HTTP p95', 'tokens/s', 'wall ms'],
  row(`${report.params.clients} clients x ${report.params.tokens} tokens`, concurrent),
  row(`1 client x ${report.params.tokens} tokens x ${report.params.rounds}`, sequential),
].map((cells) => cells.map(String));
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const lines = table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log(`\nFlowstream bench  ${report.date}  (${report.machine.cpus} CPUs, ${report.machine.java}, node ${report.machine.node})`);
console.log(`transport ${report.params.transports}, token delay ${report.params.delayMs} ms, server start to first pong ${report.startupMs} ms; times in ms\n`);
lines.forEach((l, i) => console.log(i === 0 ? `${l}\n${'-'.repeat(l.length)}` : l));
console.log(`\nserver RSS: idle after warm-up ${report.rssMB.idle} MB, peak during ${report.params.clients} clients ${report.rssMB.concurrentPeak} MB, during sequential ${report.rssMB.sequentialPeak} MB, overall peak ${report.rssMB.peak} MB`);
console.log(`CPU during ${report.params.clients} clients: server ${report.cpuMs.server} ms (${(report.cpuMs.server * 1000 / concurrent.tokens).toFixed(1)} us per token delivered), model stub ${report.cpuMs.stub} ms; the rest of the machine went to the Node clients`);
const out = e.BENCH_OUT || `target/bench/results-${report.date.replace(/[:.]/g, '-')}.json`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`raw results: ${out}`);
const bad = [concurrent, sequential].filter((r) => r.ok !== r.requests || r.crossTalk || r.connected !== r.clients);
if (bad.length) {
  console.log('\nFAILED requests:', JSON.stringify(bad.flatMap((r) => r.failures), null, 2));
  process.exit(1);
}
NODE

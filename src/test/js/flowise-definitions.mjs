// Extracts Flowise's node definitions (name, category, type, base classes, credential, inputs with
// their types, defaults, options) from the published flowise-components packages, the source of
// truth for every node Flowstream implements. The result is committed; the Java tests check the
// registered nodes against it.
//
//   node flowise-definitions.mjs [--out ../resources/flowise/node-definitions.json]
//        [--package flowise-components@3.1.2 --package flowise-components@1.8.6]
//
// Each node file (dist/nodes/<category>/<Node>/*.js defining a nodeClass) is run in a sandbox whose `require`
// returns inert stand-ins, and its class is constructed: a constructor only assigns its definition.
// What a stand-in cannot give (base classes computed from LangChain's classes) is left out.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { parseArgs } from './lib.mjs';

const args = parseArgs();
const packages = [].concat(args.package ?? ['flowise-components@3.1.2', 'flowise-components@1.8.6']);
const out = path.resolve(args.out ?? new URL('../resources/flowise/node-definitions.json', import.meta.url).pathname);

function standIn() {
  const target = function standIn() {};
  return new Proxy(target, {
    get(_, key) {
      if (key === 'getBaseClasses') return () => [];
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'toJSON' || key === 'then' || typeof key === 'symbol') return undefined;
      return standIn();
    },
    apply: () => standIn(),
    construct: () => standIn(),
  });
}

function unpack(spec) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowise-components-'));
  const file = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', file], { cwd: dir });
  return path.join(dir, 'package', 'dist', 'nodes');
}

function load(file) {
  const module = { exports: {} };
  const code = fs.readFileSync(file, 'utf8');
  const context = vm.createContext({ module, exports: module.exports, require: () => standIn(), console,
    process: { env: {} }, __dirname: path.dirname(file), __filename: file, Buffer, URL, setTimeout, clearTimeout });
  vm.runInContext(code, context, { filename: file, timeout: 2000 });
  const NodeClass = module.exports.nodeClass;
  return NodeClass ? new NodeClass() : null;
}

const plain = (value) => (value === null || ['string', 'number', 'boolean'].includes(typeof value) ? value : undefined);

function input(def) {
  const kept = { name: def.name, type: plain(def.type) };
  for (const key of ['default', 'optional', 'additionalParams', 'list', 'acceptVariable']) {
    const value = plain(def[key]);
    if (value !== undefined && value !== null && value !== '') kept[key] = value;
  }
  if (Array.isArray(def.options)) kept.options = def.options.map((o) => plain(o?.name)).filter((n) => typeof n === 'string');
  return kept;
}

function definitions(root) {
  const nodes = {};
  for (const category of fs.readdirSync(root)) {
    const categoryDir = path.join(root, category);
    if (!fs.statSync(categoryDir).isDirectory()) continue;
    for (const folder of fs.readdirSync(categoryDir)) {
      const folderDir = path.join(categoryDir, folder);
      if (!fs.statSync(folderDir).isDirectory()) continue;
      for (const file of nodeFiles(folderDir)) {
        let node;
        try {
          node = load(file);
        } catch (e) {
          process.stderr.write(`skipped ${path.relative(root, file)}: ${e.message}\n`);
          continue;
        }
        if (!node || typeof node.name !== 'string') continue;
        nodes[node.name] = describe(node, path.relative(root, file));
      }
    }
  }
  return Object.fromEntries(Object.entries(nodes).sort(([a], [b]) => a.localeCompare(b)));
}

/** The files of a node folder that define a node class (most hold one, named as the folder). */
function nodeFiles(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js'))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.readFileSync(f, 'utf8').includes('nodeClass'));
}

function describe(node, file) {
  return {
        file,
        category: plain(node.category),
        type: plain(node.type),
        version: plain(node.version),
        baseClasses: (Array.isArray(node.baseClasses) ? node.baseClasses : []).filter((b) => typeof b === 'string'),
        credential: Array.isArray(node.credential?.credentialNames) ? node.credential.credentialNames : undefined,
        inputs: (Array.isArray(node.inputs) ? node.inputs : []).filter((i) => typeof i?.name === 'string').map(input),
  };
}

const result = { generatedBy: 'src/test/js/flowise-definitions.mjs', packages: {} };
for (const spec of packages) result.packages[spec] = definitions(unpack(spec));
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
process.stdout.write(JSON.stringify({ out, nodes: Object.fromEntries(Object.entries(result.packages).map(([k, v]) => [k, Object.keys(v).length])) }) + '\n');

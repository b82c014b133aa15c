// Unpacks the chatflow templates of Flowise's marketplace (the exports Flowise itself ships) from the
// published flowise packages, for the tests that load them: one folder per package version.
//
//   node flowise-templates.mjs --out <dir> [--package flowise@3.1.4 --package flowise@1.8.4]
//
// Idempotent: a version already unpacked under <dir> is left as it is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, required } from './lib.mjs';

const args = parseArgs();
const out = path.resolve(required(args, 'out'));
const packages = [].concat(args.package ?? ['flowise@3.1.4', 'flowise@1.8.4']);
const counts = {};
for (const spec of packages) {
  const target = path.join(out, spec);
  if (!fs.existsSync(target)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowise-'));
    const file = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', file, 'package/marketplaces/chatflows'], { cwd: dir });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(path.join(dir, 'package', 'marketplaces', 'chatflows'), target);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  counts[spec] = fs.readdirSync(target).filter((f) => f.endsWith('.json')).length;
}
process.stdout.write(JSON.stringify({ out, templates: counts }) + '\n');

/**
 * `npm run lint` checks that DESIGN.md stays true to the code:
 *  - every path it names in backticks (`src/engine/engine.ts`, `curated/places.json`) exists,
 *    and a bare file name (`parse.ts`) exists somewhere in the tree;
 *  - every identifier it names in backticks that looks like a type or class (`Engine`,
 *    `PlatformModule`) is exported by some source file;
 *  - its dependency table lists exactly the dependencies in package.json;
 *  - every dependency rule in .dependency-cruiser.cjs is named in it;
 *  - it carries no benchmark figures (p50/p99, "measured": those live in README.md).
 * Prints each problem as `DESIGN.md:line: …` and exits 1 when there is one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('../', import.meta.url).pathname.replace(/dist\/$/, '');
const ROOT = existsSync(join(root, 'DESIGN.md')) ? root : join(root, '..');
const design = readFileSync(join(ROOT, 'DESIGN.md'), 'utf8');
const lines = design.split('\n');
const problems: string[] = [];
const at = (index: number) => `DESIGN.md:${design.slice(0, index).split('\n').length}`;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.') || name === 'data') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path.slice(ROOT.length).replace(/^\//, ''));
  }
  return out;
}
const files = walk(ROOT);
const names = new Set(files.map((f) => basename(f)));
const sources = files.filter((f) => f.endsWith('.ts') && !f.startsWith('test/fixtures/'));
const exported = new Set<string>();
for (const f of sources) {
  for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/export\s+(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|const|function|enum)\s+([A-Za-z_]\w*)/g))
    exported.add(m[1]!);
  for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(','))
      exported.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .replace(/^type\s+/, ''),
      );
  }
}

// Names the dependencies export (their type declarations): `MiniSearch` is minisearch's.
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
for (const d of declared) {
  const dir = join(ROOT, 'node_modules', d);
  if (!existsSync(dir)) continue;
  for (const f of walkTypes(dir)) for (const m of readFileSync(f, 'utf8').matchAll(/(?:class|interface|type|const|function)\s+([A-Z]\w*)/g)) exported.add(m[1]!);
}
function walkTypes(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 3) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    const st = statSync(path);
    if (st.isDirectory()) walkTypes(path, out, depth + 1);
    else if (name.endsWith('.d.ts') && st.size < 2_000_000) out.push(path);
  }
  return out;
}

// Paths and identifiers in backticks (code blocks excluded).
const prose = design.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
for (const m of prose.matchAll(/`([^`\n]+)`/g)) {
  const token = m[1]!.trim();
  if (/^[\w.@-]+(\/[\w.@*<>-]+)+\/?$/.test(token) && !/[<*>]/.test(token) && /^(src|app|adapters|commands|scripts|test|curated|seeds|\.ci)\//.test(token)) {
    if (!existsSync(join(ROOT, token.replace(/\/$/, '')))) problems.push(`${at(m.index!)}: names ${token}, which does not exist`);
  } else if (/^[\w-]+\.(ts|json|md|txt)$/.test(token)) {
    if (!names.has(token)) problems.push(`${at(m.index!)}: names ${token}, which no file in the tree is called`);
  } else if (/^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$/.test(token) && !exported.has(token)) {
    problems.push(`${at(m.index!)}: names \`${token}\`, which no source file exports`);
  }
}

// The dependency table against package.json (type packages aside).
const table = lines.findIndex((l) => /^## Dependencies/.test(l));
if (table < 0) problems.push('DESIGN.md: has no "## Dependencies" section');
else {
  const listed = new Set<string>();
  for (let i = table + 1; i < lines.length && !lines[i]!.startsWith('## '); i++) {
    const cell = /^\|([^|]+)\|/.exec(lines[i]!)?.[1];
    if (!cell || /^[\s-]+$/.test(cell) || cell.trim() === 'dependency') continue;
    for (const m of cell.replace(/\(dev\)/g, '').matchAll(/(@?[a-z0-9][\w./-]*)/g)) listed.add(m[1]!);
  }
  for (const d of declared) if (!d.startsWith('@types/') && !listed.has(d)) problems.push(`DESIGN.md: the dependency table does not list ${d} (package.json)`);
  for (const d of listed) if (!declared.has(d)) problems.push(`DESIGN.md: the dependency table lists ${d}, which package.json does not have`);
}

// Every dependency rule is stated.
const cruiser = join(ROOT, '.dependency-cruiser.cjs');
if (existsSync(cruiser)) {
  for (const m of readFileSync(cruiser, 'utf8').matchAll(/name:\s*'([\w-]+)'/g)) {
    if (!design.includes(m[1]!)) problems.push(`DESIGN.md: does not state the dependency rule ${m[1]} (.dependency-cruiser.cjs)`);
  }
}

// Volatile figures belong to README.md.
lines.forEach((line, i) => {
  if (/\bp(50|99)\b|\bmeasured\b.*\d/i.test(line)) problems.push(`DESIGN.md:${i + 1}: a benchmark figure; figures live in README.md ("${line.trim().slice(0, 60)}")`);
});

for (const p of problems) process.stderr.write(`${p}\n`);
if (problems.length) {
  process.stderr.write(`check-design: ${problems.length} problem(s)\n`);
  process.exit(1);
}
process.stdout.write('check-design: DESIGN.md matches the tree\n');

/**
 * The layers' import rules (issue 12), checked by `npm run lint` (`depcruise .`).
 *
 *   src/       the engine and its services: knows no platform, no command, no composition root
 *   commands/  what the bot can do: built on src/, knows no platform
 *   adapters/  one folder per platform module; never another platform's
 *   app/       the composition root: the only place that wires all of them together
 *   scripts/   entry points (npm run …): imported by nothing
 *
 * Type-only imports count (tsPreCompilationDeps): knowing a platform's types is knowing the platform.
 */
const PLATFORM_SDK = '(^|/)node_modules/(discord\\.js|@discordjs/[^/]+|grammy|@grammyjs/[^/]+)/';
const PRODUCTION = '^(src|commands|adapters|app|scripts)/';
/** Files run directly (or by vitest) rather than imported: an orphan among them is fine. */
const ENTRY_POINTS = [
  '^scripts/[^/]+\\.ts$',
  '^scripts/bench/[^/]+\\.ts$',
  '^app/',
  '^adapters/[^/]+/module\\.ts$',
  '^test/.+\\.test\\.ts$',
  '^vitest\\.config\\.ts$',
  '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts|json)$',
  '\\.d\\.(c|m)?ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'src-not-to-outer-layers',
      severity: 'error',
      comment: 'src/ is the engine and its services: it never imports commands/, adapters/ or the composition root app/ (they import it).',
      from: { path: '^src/' },
      to: { path: '^(adapters|commands|app)/' },
    },
    {
      name: 'src-not-to-platform-sdk',
      severity: 'error',
      comment: 'src/ knows no platform: discord.js, @discordjs/*, grammy and @grammyjs/* belong in adapters/<platform>/.',
      from: { path: '^src/' },
      to: { path: PLATFORM_SDK },
    },
    {
      name: 'commands-not-to-adapters-or-app',
      severity: 'error',
      comment: 'commands/ are written once for every platform: they never import adapters/ or the composition root app/.',
      from: { path: '^commands/' },
      to: { path: '^(adapters|app)/' },
    },
    {
      name: 'commands-not-to-platform-sdk',
      severity: 'error',
      comment: 'commands/ know no platform: no discord.js, @discordjs/*, grammy or @grammyjs/*.',
      from: { path: '^commands/' },
      to: { path: PLATFORM_SDK },
    },
    {
      name: 'adapter-not-to-other-adapter',
      severity: 'error',
      comment: 'A platform module stands alone: adapters/<a>/ never imports adapters/<b>/ (share through src/ instead).',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'adapters-not-to-commands-or-app',
      severity: 'error',
      comment: 'A platform module translates: it gets the commands from the engine (declarations) and is wired by app/, never imports them.',
      from: { path: '^adapters/' },
      to: { path: '^(commands|app)/' },
    },
    {
      name: 'nothing-imports-scripts',
      severity: 'error',
      comment: 'scripts/ are entry points (npm run …); shared code lives in src/ or app/.',
      from: { path: '^(src|commands|adapters|app)/' },
      to: { path: '^scripts/' },
    },
    {
      name: 'production-not-to-tests',
      severity: 'error',
      comment: 'Production code (src, commands, adapters, app, scripts) never imports test/ code.',
      from: { path: PRODUCTION },
      to: { path: '^test/' },
    },
    {
      name: 'production-not-to-dev-deps',
      severity: 'error',
      comment:
        'A devDependency is not installed in the image (npm ci --omit=dev): production code must not import one at run time. ' +
        'Benchmarks (scripts/bench*) run from a dev checkout and may, and so does the bundler (scripts/bundle.ts), run by the build stage.',
      from: { path: PRODUCTION, pathNot: '^scripts/(bench(/|\\.ts$)|bundle\\.ts$)' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '(^|/)node_modules/@types/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module depends on itself through others: a cycle means two modules own one fact.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports and that imports nothing is dead code, unless it is an entry point (run directly or by vitest).',
      from: { orphan: true, pathNot: ENTRY_POINTS },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file or package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'An npm package imported but not declared in package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-deprecated-core',
      severity: 'error',
      comment: 'A deprecated Node.js core module.',
      from: {},
      to: { dependencyTypes: ['core'], path: '^(punycode|domain|constants|sys|_linklist|_stream_wrap)$' },
    },
  ],
  options: {
    exclude: { path: '^(dist|data|\\.cache|test/fixtures)/' },
    doNotFollow: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};

#!/usr/bin/env node
// Entry point of the root npm scripts. It runs before any dependency is installed, so it uses only
// Node's built-ins (and apps/cli/bin/bundle-state.js, which does too): it installs what is missing (pnpm
// packages, Chromium for browser tests), then runs the requested command with the workspace's own tools.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, bundleIsFresh } from '../apps/cli/bin/bundle-state.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The Node.js release everything runs on: install, typecheck, tests, the local stack, the CLI and the
 * benchmarks. The Lambdas run the same major (infra/src/bundle.ts). When the machine's Node is older, this
 * script fetches this release from the npm registry (the per-platform `node-<os>-<arch>` packages) into
 * `.tools/` once, then runs itself again on it.
 */
const NODE_VERSION = '24.22.3';
const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);

function say(text) {
  process.stdout.write(`\x1b[1m${text}\x1b[0m\n`);
}

/** Path of the pinned Node binary under `.tools/`, installing it from the npm registry on first use. */
function pinnedNode() {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  const pkg = `node-${os}-${process.arch}`;
  const dir = join(root, '.tools', `node-${NODE_VERSION}`);
  const binary = join(dir, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(binary)) return binary;
  if (!os) throw new Error(`No Node ${NODE_VERSION} package for ${process.platform}; install Node ${NODE_MAJOR} yourself.`);
  say(
    `Node ${process.versions.node} is older than ${NODE_MAJOR}: fetching Node ${NODE_VERSION} (${pkg}, about 60 MB) from the npm registry into .tools/ (first run only)...`,
  );
  mkdirSync(dir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = Date.now();
  execFileSync(
    npm,
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pkg}@${NODE_VERSION}`,
    ],
    { cwd: dir, stdio: 'inherit' },
  );
  if (!existsSync(binary)) throw new Error(`npm installed ${pkg}@${NODE_VERSION} but ${binary} is missing.`);
  say(`Node ${NODE_VERSION} is ready (${((Date.now() - started) / 1000).toFixed(0)} s).`);
  return binary;
}

if (Number(process.versions.node.split('.')[0]) < NODE_MAJOR) {
  let node;
  try {
    node = pinnedNode();
  } catch (error) {
    console.error(`Could not get Node ${NODE_VERSION}: ${error.message}`);
    process.exit(1);
  }
  // Every child (pnpm, tsx, vitest, playwright, `#!/usr/bin/env node` scripts) finds the pinned Node first.
  const PATH = [dirname(node), process.env.PATH].filter(Boolean).join(process.platform === 'win32' ? ';' : ':');
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PATH },
  });
  // Ctrl-C reaches the whole foreground group; the re-run handles it and this parent only waits.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => signal !== 'SIGINT' && child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
} else {
  main();
}

function main() {
  const PNPM = 'pnpm@11.29.0';
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  const env = {
    ...process.env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--disable-warning=ExperimentalWarning'].filter(Boolean).join(' '),
  };

  const [command = 'help', ...args] = process.argv.slice(2);

  function run(cmd, cmdArgs, options = {}) {
    const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env, ...options });
    if (result.error) throw result.error;
    return result.status ?? 1;
  }

  /** Hash of every file that decides what `pnpm install` produces. */
  function installFingerprint() {
    const hash = createHash('sha256');
    const files = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc'];
    for (const group of ['apps', 'packages']) {
      if (!existsSync(join(root, group))) continue;
      for (const name of readdirSync(join(root, group)).sort()) files.push(join(group, name, 'package.json'));
    }
    for (const single of ['infra', 'e2e', 'bench']) files.push(join(single, 'package.json'));
    for (const file of files) {
      const full = join(root, file);
      if (existsSync(full)) hash.update(file).update(readFileSync(full));
    }
    return hash.digest('hex');
  }

  const installStamp = join(root, 'node_modules', '.gatehouse-install');
  const dependenciesFresh = () => existsSync(installStamp) && readFileSync(installStamp, 'utf8') === installFingerprint();

  function installDependencies() {
    const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
    const status = run('npx', ['-y', PNPM, 'install', ...frozen]);
    if (status === 0) writeFileSync(installStamp, installFingerprint());
    else console.error('Dependency installation failed; see the output above.');
    return status;
  }

  function ensureDependencies() {
    if (dependenciesFresh()) return;
    say(`Installing dependencies with ${PNPM} (first run, or package files changed)...`);
    const status = installDependencies();
    if (status !== 0) process.exit(status);
  }

  /**
   * Runs what `npm start` still needs before the portal can start, numbered, each with what it does and
   * how long it took: on a first run that is a minute or more of work that should not look like a hang.
   */
  function prepareStart() {
    const steps = [
      !dependenciesFresh() && [
        `Installing dependencies with ${PNPM} (first run, or package files changed; usually 1-3 min)`,
        installDependencies,
      ],
      webBuildNeeded() && ['Building the web app with Vite (after its sources change)', () => buildWeb()],
      !bundleIsFresh() && ['Building the CLI with esbuild (after its sources change)', buildCli],
    ].filter(Boolean);
    steps.forEach(([label, action], index) => {
      say(`[${index + 1}/${steps.length}] ${label}...`);
      const started = Date.now();
      const status = action();
      if (status !== 0) process.exit(status);
      console.log(`      done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    });
  }

  function javaOk() {
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
    const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`);
    const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
    if (major >= 17) return true;
    console.error(
      `${major ? `Java ${major} was found, but` : 'No Java runtime was found:'} DynamoDB Local needs Java 17 or newer.\n` +
        '  Debian/Ubuntu:  sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:          brew install openjdk@17\n' +
        '  Windows:        winget install Microsoft.OpenJDK.17\n' +
        'Or set JAVA_HOME to an existing Java 17+ installation, then run the command again.',
    );
    return false;
  }

  const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

  function ensureChromium() {
    if (existsSync(CHROMIUM)) return true;
    if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
      say('Installing Debian Chromium for the browser tests (apt-get install chromium)...');
      const quiet = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
      if (
        run('apt-get', ['update', '-qq'], { env: quiet }) === 0 &&
        run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: quiet }) === 0
      ) {
        return existsSync(CHROMIUM);
      }
    }
    console.error(
      `The browser tests need Chromium at ${CHROMIUM}.\n` +
        '  Debian/Ubuntu:  sudo apt-get install -y chromium\n' +
        'Or set CHROMIUM_PATH to a Chromium or Chrome binary, then run npm test again.',
    );
    return false;
  }

  function newestMtime(dir) {
    let newest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = join(dir, entry.name);
      newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
    }
    return newest;
  }

  /** Whether the web app's sources (or core's) are newer than its last build. */
  function webBuildNeeded() {
    const web = join(root, 'apps', 'web');
    const stamp = join(web, 'dist', 'index.html');
    if (!existsSync(stamp)) return true;
    return statSync(stamp).mtimeMs < Math.max(newestMtime(web), newestMtime(join(root, 'packages', 'core', 'src')));
  }

  function buildWeb() {
    const web = join(root, 'apps', 'web');
    return run(join(web, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: web });
  }

  /** Builds the web app when its sources (or core's) are newer than the last build. */
  function ensureWebBuild(force = false) {
    if (!force && !webBuildNeeded()) return 0;
    say('Building the web app...');
    return buildWeb();
  }

  /**
   * Bundles the CLI (apps/cli/dist): bundled, it starts without transpiling, and each command loads only
   * its own chunk.
   */
  function buildCli() {
    return run(bin('tsx'), [join(root, 'apps', 'cli', 'scripts', 'build.ts')], { stdio: ['inherit', 'ignore', 'inherit'] });
  }

  /** Bundles the CLI when a file it was built from changed. */
  function ensureCliBuild() {
    if (bundleIsFresh()) return 0;
    // On stderr: the command's own output (--json) may be piped.
    process.stderr.write('\x1b[1mBuilding the CLI...\x1b[0m\n');
    return buildCli();
  }

  function readJson(file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return null;
    }
  }

  function testCommand() {
    const started = Date.now();
    if (!javaOk() || !ensureChromium()) process.exit(1);
    const tmp = join(root, '.tmp');
    mkdirSync(tmp, { recursive: true });
    const vitestReport = join(tmp, 'vitest.json');
    const playwrightReport = join(tmp, 'playwright.json');
    const steps = [
      ['Typecheck', () => run(bin('pnpm'), ['-r', '--workspace-concurrency=2', 'run', 'typecheck'])],
      ['Lint and format', () => run(bin('biome'), ['ci', '.'])],
      ['Build web', () => ensureWebBuild(true)],
      [
        'Unit and API tests',
        () =>
          run(bin('vitest'), [
            'run',
            '--reporter=default',
            '--reporter=json',
            `--outputFile.json=${relative(root, vitestReport)}`,
          ]),
      ],
      [
        'Browser tests',
        () =>
          run(join(root, 'e2e', 'node_modules', '.bin', 'playwright'), ['test', '-c', 'e2e/playwright.config.ts'], {
            env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, CHROMIUM_PATH: CHROMIUM },
          }),
      ],
    ];
    const results = [];
    for (const [name, step] of steps) {
      say(`\n=== ${name} ===`);
      const t0 = Date.now();
      const status = step();
      results.push({ name, status, seconds: (Date.now() - t0) / 1000 });
    }

    const vitest = readJson(vitestReport);
    const playwright = readJson(playwrightReport);
    const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0);
    const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0);
    const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);

    say('\n=== Summary ===');
    for (const r of results) console.log(`${r.status === 0 ? 'ok  ' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(1)} s)`);
    console.log(`Total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const stepFailures = results.filter((r) => r.status !== 0).length;
    console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    process.exit(stepFailures > 0 || failed > 0 || passed === 0 ? 1 : 0);
  }

  /** Runs a long-lived child and waits for it; Ctrl-C reaches the child, which shuts down cleanly. */
  function foreground(cmd, cmdArgs) {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        if (signal !== 'SIGINT') child.kill(signal);
      });
    }
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
  }

  switch (command) {
    case 'start': {
      if (!javaOk()) process.exit(1);
      prepareStart();
      foreground(process.execPath, [BUNDLE_FILE, 'local', ...args]);
      break;
    }
    case 'test':
      ensureDependencies();
      testCommand();
      break;
    case 'bench':
      ensureDependencies();
      if (!javaOk() || !ensureChromium() || ensureWebBuild() !== 0) process.exit(1);
      foreground(bin('tsx'), [join(root, 'bench', 'src', 'main.ts'), ...args]);
      break;
    case 'screenshots':
      // The pictures in README.md and docs/operators.md, taken from the local stack in Chromium.
      ensureDependencies();
      if (!javaOk() || !ensureChromium() || ensureWebBuild() !== 0) process.exit(1);
      foreground(bin('tsx'), [join(root, 'e2e', 'screenshots.ts'), ...args]);
      break;
    case 'synth':
      ensureDependencies();
      // The web build is part of the deployment; vite builds it offline.
      if (ensureWebBuild() !== 0) process.exit(1);
      foreground(bin('tsx'), [join(root, 'infra', 'bin', 'synth.ts'), ...args]);
      break;
    case 'typecheck':
      ensureDependencies();
      process.exit(run(bin('pnpm'), ['-r', '--workspace-concurrency=2', 'run', 'typecheck']));
      break;
    case 'lint':
      ensureDependencies();
      process.exit(run(bin('biome'), ['check', ...args, '.']));
      break;
    case 'gatehouse':
      ensureDependencies();
      if (ensureCliBuild() !== 0) process.exit(1);
      foreground(process.execPath, [BUNDLE_FILE, ...args]);
      break;
    default:
      console.log(
        'Usage: npm start | npm test | npm run bench | npm run screenshots | npm run synth | npm run typecheck | npm run lint | npm run gatehouse -- <args>',
      );
      process.exit(command === 'help' ? 0 : 2);
  }
}

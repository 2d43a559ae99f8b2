// Runs the gallery as a real child process (from source through tsx, or the built dist/) for start/stop tests.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export const NODE = 'node_modules/.bin/node';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process ends. */
  exited: Promise<number | string>;
}

/**
 * Runs a TypeScript entry point from source as one Node process, the way production runs the built one. Not the
 * `tsx` command: it puts a second process in front that relays SIGTERM and, when the app has not acknowledged it
 * within 30 ms (a loaded machine), SIGKILLs it and exits 143 — a graceful stop that the test would see as a crash.
 */
export function startSource(
  args: string[],
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): RunningProcess {
  return startProcess(NODE, ['--import', 'tsx', ...args], env, options);
}

export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): RunningProcess {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own: killing -pid reaches every process it started, as a crash or OOM kill would.
    detached: options.detached ?? false,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Polls url until it answers with the expected status or the time runs out. Given the process that should answer,
 * gives up as soon as it exits and says what it printed either way.
 */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
  run?: RunningProcess,
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  const output = () =>
    run ? `\nstdout: ${run.stdout().slice(-3000)}\nstderr: ${run.stderr().slice(-3000)}` : '';
  while (Date.now() < deadline) {
    if (run && (run.child.exitCode !== null || run.child.signalCode !== null))
      throw new Error(
        `${url}: the process exited (${run.child.exitCode ?? run.child.signalCode})${output()}`,
      );
    try {
      const res = await fetch(url);
      if (res.status === status) return res;
      last = `status ${res.status}`;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${url} did not answer ${status} within ${timeoutMs} ms (last: ${String(last)})${output()}`,
  );
}

/** Waits until the process has written text to stdout; throws (with its output) when it exits or time runs out. */
export async function waitForOutput(run: RunningProcess, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.stdout().includes(text)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null || Date.now() > deadline) {
      throw new Error(
        `no "${text}" on stdout within ${timeoutMs} ms\nstdout: ${run.stdout().slice(-2000)}\nstderr: ${run.stderr()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

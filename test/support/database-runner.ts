import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface DatabaseProcess {
  child: ChildProcessWithoutNullStreams;
  /** Sends "start" or "stop" and waits for the answer ("started <url> <ownerUrl>", …). */
  tell(command: 'start' | 'stop'): Promise<string>;
  /** Lines the process wrote that were not answers (supervision events). */
  events: string[];
  /** Closes stdin and waits for the process to stop its cluster and exit. */
  end(): Promise<void>;
}

/** An embedded PostgreSQL in a process of its own (test/support/database-process.js). */
export function databaseProcess(dataDir: string, port: number): DatabaseProcess {
  const child = spawn(process.execPath, [
    join(__dirname, 'database-process.js'),
    dataDir,
    String(port),
  ]);
  const events: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('event ')) events.push(line.slice(6));
    else waiting.shift()?.(line);
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    events,
    tell: (command) =>
      new Promise((resolve, reject) => {
        waiting.push((line) =>
          line.startsWith('error') ? reject(new Error(`database process: ${line}`)) : resolve(line),
        );
        child.stdin.write(`${command}\n`);
      }),
    end: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

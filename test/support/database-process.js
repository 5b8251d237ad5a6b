// Runs an embedded PostgreSQL in its own process for fault tests (Jest cannot load the ESM
// package itself). Lines on stdin: "start" and "stop"; it answers "started <url> <ownerUrl>" /
// "stopped", and writes "event <kind> <attempt>" when the cluster dies or is restarted.
// Needs the built app (npm test builds first).
const { join } = require('node:path');
const readline = require('node:readline');
const { EmbeddedDatabase } = require(
  join(__dirname, '..', '..', 'dist', 'src', 'database', 'embedded-database.js'),
);

const [dataDir, port] = process.argv.slice(2);
let database;
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async (command) => {
  try {
    if (command === 'start') {
      database = new EmbeddedDatabase({
        dataDir,
        port: Number(port),
        fast: true,
        onSupervision: ({ kind, attempt }) => process.stdout.write(`event ${kind} ${attempt}\n`),
      });
      const url = await database.start();
      process.stdout.write(`started ${url} ${database.ownerUrl}\n`);
    } else if (command === 'stop') {
      await database?.stop();
      process.stdout.write('stopped\n');
    }
  } catch (error) {
    process.stdout.write(`error ${error.message.replace(/\n/g, ' ')}\n`);
  }
});
lines.on('close', async () => {
  await database?.stop();
  process.exit(0);
});

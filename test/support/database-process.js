// Runs an embedded PostgreSQL in its own process for fault tests (Jest cannot load the ESM
// package itself). Lines on stdin: "start" and "stop"; it answers "started <url>" / "stopped".
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
      database = new EmbeddedDatabase({ dataDir, port: Number(port), fast: true });
      process.stdout.write(`started ${await database.start()}\n`);
    } else if (command === 'stop') {
      await database?.stop();
      process.stdout.write('stopped\n');
    }
  } catch (error) {
    process.stdout.write(`error ${error.message}\n`);
  }
});
lines.on('close', async () => {
  await database?.stop();
  process.exit(0);
});

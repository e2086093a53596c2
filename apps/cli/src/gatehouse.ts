import { main } from './main.ts';
import type { CommandIo } from './usage.ts';

// The process entry of the CLI (bundled to dist/gatehouse.mjs); main.ts stays importable by tests.
const io: CommandIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
// Exit explicitly: the AWS SDK's keep-alive sockets would otherwise hold the process open a while.
process.exit(await main(process.argv.slice(2), io));

/**
 * Verifies a downloaded register export without Parity running (docs/register.md).
 *
 *   node scripts/verify-register.ts decisions.json [--head seq:hash]
 *
 * Recomputes every entry's hash and link, every vote tally and every personal-data digest. With --head,
 * also checks that the export still contains the head you kept from an earlier visit. Exit code 0 when
 * everything verifies, 1 when something does not (the message names the first failing entry), 2 for
 * a usage error. Uses only Node's built-in modules and the project's pure domain code.
 */
import { readFileSync } from 'node:fs';
import { parseHead } from '../src/lib/domain/chain.ts';
import { verifyExport } from '../src/lib/domain/register-record.ts';

function usage(message?: string): never {
	if (message) console.error(message);
	console.error('usage: node scripts/verify-register.ts EXPORT.json [--head SEQ:HASH]');
	process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let head: string | undefined;
for (let i = 0; i < args.length; i++) {
	const a = args[i];
	if (a === '--head') head = args[++i] ?? usage('--head needs a value such as 12:3f5a…');
	else if (a.startsWith('--head=')) head = a.slice('--head='.length);
	else if (a === '--help' || a === '-h') usage();
	else if (!file) file = a;
	else usage(`Unexpected argument: ${a}`);
}
if (!file) usage();
if (head !== undefined && !parseHead(head))
	usage(`"${head}" is not a chain head (SEQ:HASH, 64 lower-case hex digits).`);

let data: unknown;
try {
	data = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
	console.error(`NOT VERIFIED: cannot read ${file} as JSON (${(e as Error).message}).`);
	process.exit(1);
}

const report = verifyExport(data, { expectedHead: head ?? null });
if (report.ok) {
	console.log(`VERIFIED: ${report.count} entries, head ${report.headText}`);
	console.log(`  ${report.tallies} vote tallies recomputed and matched`);
	console.log(`  ${report.personal} personal-data digests matched`);
	if (head) console.log(`  the expected head ${head} is in the chain`);
	process.exit(0);
}
const f = report.failure!;
console.error(`NOT VERIFIED: ${f.message}`);
if (f.index >= 0) console.error(`  first failing entry: seq ${f.seq} (position ${f.index + 1} in the file)`);
console.error(`  entries verified before it: ${report.count}`);
process.exit(1);

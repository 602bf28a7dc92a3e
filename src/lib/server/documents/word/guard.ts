// The checks a Word file passes before any library reads it: its size, that it is a zip (a .docx) and not an
// older or password-protected Word file, and that it cannot unpack into more than the server will hold. The
// zip's central directory declares each part's sizes; the declared sizes are checked first, then every part is
// inflated with the declared size as a hard ceiling, so a file that lies about its sizes is refused too.
import { inflateRawSync } from 'node:zlib';
import { Invalid, TooLarge } from '../../errors.ts';

export const MAX_WORD_FILE = 10 * 1024 * 1024;
/** The most a Word file may unpack to, in all. */
export const MAX_UNPACKED = 100 * 1024 * 1024;
/** The most one part may grow when unpacked (ordinary Word XML shrinks about ten to thirty times). */
export const MAX_RATIO = 200;

const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED = Buffer.from('EncryptedPackage', 'utf16le');

export type ZipEntry = { name: string; method: number; compressed: number; size: number; offset: number };

const notWord = () =>
	new Invalid(
		'This is not a Word file (.docx). Save it from Word as "Word Document (.docx)" and try again.',
		{ file: 'Choose a .docx file.' },
		'not_docx'
	);

function findEndOfDirectory(buf: Buffer): number {
	// The end record is 22 bytes plus a comment of at most 65,535 bytes.
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--)
		if (buf.readUInt32LE(i) === 0x06054b50) return i;
	return -1;
}

/** The zip's entries as its central directory declares them; throws when the file is not a usable zip. */
export function zipEntries(buf: Buffer): ZipEntry[] {
	const end = findEndOfDirectory(buf);
	if (end < 0) throw notWord();
	const count = buf.readUInt16LE(end + 10);
	const dirSize = buf.readUInt32LE(end + 12);
	const dirOffset = buf.readUInt32LE(end + 16);
	// Zip64 (more than 65,535 parts or 4 GB) is never needed by a Word file under 10 MB.
	if (count === 0xffff || dirOffset === 0xffffffff || dirOffset + dirSize > end) throw notWord();
	const entries: ZipEntry[] = [];
	let at = dirOffset;
	for (let i = 0; i < count; i++) {
		if (at + 46 > end || buf.readUInt32LE(at) !== 0x02014b50) throw notWord();
		const nameLength = buf.readUInt16LE(at + 28);
		const extraLength = buf.readUInt16LE(at + 30);
		const commentLength = buf.readUInt16LE(at + 32);
		entries.push({
			method: buf.readUInt16LE(at + 10),
			compressed: buf.readUInt32LE(at + 20),
			size: buf.readUInt32LE(at + 24),
			offset: buf.readUInt32LE(at + 42),
			name: buf.toString('utf8', at + 46, at + 46 + nameLength)
		});
		at += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

function tooBig(): never {
	throw new TooLarge(
		'This Word file unpacks to far more than a document holds, so it was not opened. If it is a real policy, save a copy without embedded files or images and try again.',
		'zip_bomb'
	);
}

/**
 * Checks a Word file before it is read: refuses (with a message a person can act on) a file over 10 MB, an
 * older .doc, a password-protected file, anything that is not a .docx, and a zip that unpacks past the limits.
 * Returns the names of the file's parts.
 */
export function checkWordFile(buf: Buffer): string[] {
	if (buf.length > MAX_WORD_FILE)
		throw new TooLarge('The file is larger than 10 MB. Save a copy without large images and try again.');
	if (buf.length >= 8 && buf.subarray(0, 8).equals(CFB)) {
		if (buf.includes(ENCRYPTED))
			throw new Invalid(
				'This Word file is protected with a password. Remove the password in Word (File → Info → Protect Document), save it, and try again.',
				{ file: 'Remove the password first.' },
				'password_protected'
			);
		throw new Invalid(
			'This is an older Word file (.doc). Open it in Word, save it as "Word Document (.docx)", and try again.',
			{ file: 'Choose a .docx file.' },
			'not_docx'
		);
	}
	if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw notWord();
	const entries = zipEntries(buf);
	if (!entries.some((e) => e.name === 'word/document.xml')) throw notWord();
	let total = 0;
	for (const e of entries) {
		total += e.size;
		if (total > MAX_UNPACKED) tooBig();
		if (e.size > 1024 * 1024 && e.size > e.compressed * MAX_RATIO) tooBig();
	}
	for (const e of entries) unpacksAsDeclared(buf, e);
	return entries.map((e) => e.name);
}

/** Inflates one part with its declared size as the ceiling; refuses a part that grows past it. */
function unpacksAsDeclared(buf: Buffer, e: ZipEntry): void {
	if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50) throw notWord();
	const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
	const data = buf.subarray(start, start + e.compressed);
	if (e.method === 0) {
		if (e.compressed !== e.size) tooBig();
		return;
	}
	if (e.method !== 8) throw notWord();
	let out: Buffer;
	try {
		out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
	} catch (err) {
		if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') tooBig();
		throw notWord();
	}
	if (out.length !== e.size) tooBig();
}

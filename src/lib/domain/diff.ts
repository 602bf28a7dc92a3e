// Word-level diff (Myers' O(ND) algorithm) for comparing two versions' plain text.

export type DiffPart = { op: 'equal' | 'insert' | 'delete'; text: string };

/** Words, runs of white space and single punctuation marks, so a changed comma does not mark a whole word. */
export function tokenize(text: string): string[] {
	return text.match(/\s+|[\p{L}\p{N}'’_-]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** Shortest edit script between token arrays, one equal/insert/delete part per token. */
export function myers(a: string[], b: string[]): DiffPart[] {
	const n = a.length;
	const m = b.length;
	const max = n + m;
	const offset = max + 1;
	const v = new Int32Array(2 * max + 3);
	const trace: Int32Array[] = [];
	outer: for (let d = 0; d <= max; d++) {
		trace.push(v.slice());
		for (let k = -d; k <= d; k += 2) {
			let x =
				k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
					? v[offset + k + 1]
					: v[offset + k - 1] + 1;
			let y = x - k;
			while (x < n && y < m && a[x] === b[y]) {
				x++;
				y++;
			}
			v[offset + k] = x;
			if (x >= n && y >= m) break outer;
		}
	}
	// Walk the trace back to recover the path.
	const parts: DiffPart[] = [];
	let x = n;
	let y = m;
	for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
		const vd = trace[d];
		const k = x - y;
		const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
		const prevX = vd[offset + prevK];
		const prevY = prevX - prevK;
		while (x > prevX && y > prevY) {
			x--;
			y--;
			parts.push({ op: 'equal', text: a[x] });
		}
		if (d > 0) {
			if (x === prevX) parts.push({ op: 'insert', text: b[--y] });
			else parts.push({ op: 'delete', text: a[--x] });
		}
	}
	return parts.reverse();
}

function merge(parts: DiffPart[]): DiffPart[] {
	const out: DiffPart[] = [];
	for (const p of parts) {
		if (!p.text) continue;
		const last = out[out.length - 1];
		if (last && last.op === p.op) last.text += p.text;
		else out.push({ ...p });
	}
	return out;
}

/** A readable word-level diff from `before` to `after`. */
export function diffWords(before: string, after: string): DiffPart[] {
	const a = tokenize(before);
	const b = tokenize(after);
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const middle = myers(a.slice(start, endA), b.slice(start, endB));
	return merge([
		{ op: 'equal', text: a.slice(0, start).join('') },
		...middle,
		{ op: 'equal', text: a.slice(endA).join('') }
	]);
}

/** How many words were added and removed. */
export function diffStats(parts: DiffPart[]): { added: number; removed: number } {
	const words = (s: string) => tokenize(s).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
	let added = 0;
	let removed = 0;
	for (const p of parts) {
		if (p.op === 'insert') added += words(p.text);
		if (p.op === 'delete') removed += words(p.text);
	}
	return { added, removed };
}

// A person's colour (caret, name in "who is here"): one rule, used by the collaboration server, which stamps it
// on every awareness state it relays, and by the browser for the person's own caret, so that everyone sees
// each person in the same colour on every screen.

/** Colours for carets and names: each has at least 4.5:1 contrast with white text and on a white page. */
const PALETTE = [
	'#1d4ed8',
	'#b91c1c',
	'#047857',
	'#7e22ce',
	'#a16207',
	'#0e7490',
	'#be185d',
	'#4d7c0f',
	'#c2410c',
	'#4338ca'
];

/** A user's colour, stable across sessions and documents. */
export function userColour(userId: string): string {
	let h = 2166136261;
	for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 16777619);
	return PALETTE[(h >>> 0) % PALETTE.length];
}

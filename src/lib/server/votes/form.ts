// The vote form's fields (with or without JavaScript) as the input the vote commands take: the times as typed
// in the workspace's zone (the command reads them there), rule numbers as typed, and the electorate choice.
function text(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v.trim() : '';
}

export function readVoteForm(data: FormData) {
	const mode = text(data, 'electorateMode');
	return {
		question: text(data, 'question'),
		explanation: text(data, 'explanation'),
		documentId: text(data, 'documentId') || null,
		opensAt: text(data, 'opensAt'),
		closesAt: text(data, 'closesAt'),
		rule: {
			uplift: text(data, 'uplift'),
			shares: { vcse: text(data, 'shareVcse'), statutory: text(data, 'shareStatutory') },
			quorum: text(data, 'quorum'),
			threshold: text(data, 'threshold'),
			dualMajority: data.get('dualMajority') === 'on'
		},
		showRunningTotals: data.get('showRunningTotals') === 'on',
		electorate:
			mode === 'chosen' ? data.getAll('electorate').filter((v): v is string => typeof v === 'string') : null
	};
}

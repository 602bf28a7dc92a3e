// How the drafting checks read a document's outline: each section's parent is the nearest heading above it
// of a higher level, however the levels skip or come back.
import { describe, expect, it } from 'vitest';
import { fromMarkdown } from '../../src/lib/domain/checks/index.ts';

describe('sections of a document', () => {
	it('nest under the nearest heading above of a higher level', () => {
		const s = fromMarkdown(
			[
				'Opening words.',
				'# Policy',
				'### 1. Deep first',
				'## 2. Scope',
				'### 2.1 Who',
				'#### 2.1.1 Partners',
				'### 2.2 What',
				'## 3. Payment',
				'Paid within thirty (30) days.',
				'# Annex',
				'## Sources'
			].join('\n')
		);
		expect(s.sections.map((x) => x.path.join(' › '))).toEqual([
			'',
			'Policy',
			'Policy › 1. Deep first',
			'Policy › 2. Scope',
			'Policy › 2. Scope › 2.1 Who',
			'Policy › 2. Scope › 2.1 Who › 2.1.1 Partners',
			'Policy › 2. Scope › 2.2 What',
			'Policy › 3. Payment',
			'Annex',
			'Annex › Sources'
		]);
		expect(s.sections.map((x) => x.name)).toContain('payment');
		// Each block knows its section and its normalised text.
		const paid = s.blocks.find((b) => b.text.startsWith('Paid'))!;
		expect(s.sections[paid.section].title).toBe('3. Payment');
		expect(paid.t).toBe('paid within 30 days.');
	});
});

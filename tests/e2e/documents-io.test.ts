// Documents in and out in Chromium at 360 px: an editor imports a policy from Word with the page's form, reads
// the import report, opens the document and downloads it as PDF and as Word; axe on each page.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { DB } from '../../src/lib/server/db/index.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll, watchErrors } from '../fixtures/browser.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { everyConstructDocx } from '../fixtures/word.ts';
import { readWordFile } from '../../src/lib/server/documents/word/import.ts';

let server: TestServer;
let db: DB;
let browser: Browser;
useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('documents in and out in the browser', () => {
	it('imports a policy from Word on a phone, shows what was left out, and downloads it as PDF and Word', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const dir = mkdtempSync(path.join(tmpdir(), 'parity-word-'));
		try {
			const file = path.join(dir, 'Involvement policy.docx');
			writeFileSync(file, await everyConstructDocx());
			const context = await contextAs(browser, server, editor.sessionToken, {
				viewport: { width: 360, height: 740 },
				acceptDownloads: true
			});
			const page = await context.newPage();
			const errors = watchErrors(page);
			await page.goto(`/w/${p.workspace.slug}/documents`);
			await page.getByRole('heading', { name: 'New document from a Word file' }).waitFor();
			await expectAccessible(page, 'documents page with the Word import form at 360 px');
			await expectNoSidewaysScroll(page);

			// A file that is not Word: refused beside the form, nothing created.
			const notWord = path.join(dir, 'notes.docx');
			writeFileSync(notWord, 'just some text');
			await page.getByLabel('Word file (.docx)').setInputFiles(notWord);
			await page.getByRole('button', { name: 'Import Word file' }).click();
			await expect
				.poll(() => page.getByRole('alert').textContent())
				.toContain('This is not a Word file (.docx)');

			await page.getByLabel('Word file (.docx)').setInputFiles(file);
			await page.getByLabel('Kind', { exact: true }).last().selectOption('reimbursement');
			await page.getByRole('button', { name: 'Import Word file' }).click();
			const report = page.getByRole('status').filter({ hasText: 'Imported' });
			await expect.poll(() => report.textContent()).toContain('Imported “Involvement payments policy”');
			expect(await report.getByRole('listitem').allTextContents()).toEqual(['1 image']);
			await expectAccessible(page, 'import report at 360 px');
			await expectNoSidewaysScroll(page);

			await report.getByRole('link', { name: 'Open the document' }).click();
			await page.getByRole('heading', { level: 1, name: 'Involvement payments policy' }).waitFor();
			await page.locator('.editor-surface').getByRole('table').waitFor();
			await expectAccessible(page, 'imported document at 360 px');

			const pdfDownload = page.waitForEvent('download');
			await page.getByRole('link', { name: 'Download as PDF' }).click();
			const pdf = await pdfDownload;
			expect(pdf.suggestedFilename()).toBe('Involvement payments policy.pdf');
			const pdfPath = path.join(dir, 'out.pdf');
			await pdf.saveAs(pdfPath);
			const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
			expect(text).toContain('People with lived experience are paid on the day for their time.[1]');
			expect(text).toMatch(/SHA-256: [0-9a-f]{64}/);

			const wordDownload = page.waitForEvent('download');
			await page.getByRole('link', { name: 'Download as Word' }).click();
			const word = await wordDownload;
			expect(word.suggestedFilename()).toBe('Involvement payments policy.docx');
			const wordPath = path.join(dir, 'out.docx');
			await word.saveAs(wordPath);
			const back = await readWordFile(readFileSync(wordPath));
			expect(back.content).toEqual((await readWordFile(await everyConstructDocx())).content);
			expect(errors).toEqual([]);
			await context.close();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

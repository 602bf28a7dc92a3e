import { describe, expect, it } from 'vitest';
import { deviceOf } from '../../src/lib/domain/device.ts';

describe('a device in words', () => {
	it('names common browsers and systems from their user agents', () => {
		const cases: [string, string][] = [
			[
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
				'Chrome on Windows'
			],
			[
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
				'Edge on Windows'
			],
			['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
			[
				'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
				'Safari on iPhone'
			],
			[
				'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
				'Samsung Internet on Android'
			],
			[
				'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
				'Safari on macOS'
			],
			['curl/8.5.0', 'Unknown device'],
			['', 'Unknown device']
		];
		for (const [ua, words] of cases) expect(deviceOf(ua), ua).toBe(words);
		expect(deviceOf(null)).toBe('Unknown device');
	});
});

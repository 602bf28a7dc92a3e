// In the browser: a photo over 5 MB is drawn again at most 2400 px on its longer side as a JPEG, so a phone's
// camera picture fits the receipt limit. PDFs and small files go as they are; without JavaScript the server
// refuses a file over 5 MB with a message saying so.
export const RECEIPT_LIMIT = 5 * 1024 * 1024;
const LONGEST = 2400;

export async function scaleDownPhoto(file: File): Promise<File> {
	if (file.size <= RECEIPT_LIMIT || !file.type.startsWith('image/')) return file;
	try {
		const bitmap = await createImageBitmap(file);
		const scale = Math.min(1, LONGEST / Math.max(bitmap.width, bitmap.height));
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(bitmap.width * scale);
		canvas.height = Math.round(bitmap.height * scale);
		canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
		for (const quality of [0.85, 0.7, 0.5]) {
			const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
			if (blob && blob.size <= RECEIPT_LIMIT)
				return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
		}
	} catch {
		// A format the browser cannot draw: send it as it is, and the server says what is wrong.
	}
	return file;
}

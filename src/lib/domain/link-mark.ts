// The link mark of the document's schema, without the behaviour that comes with Tiptap's Link extension
// (finding addresses as people type or paste, which carries linkify and its list of every top-level domain).
// The live editor starts with this mark, so that it is ready sooner on a slow link, and adds that behaviour
// once it has loaded (src/lib/editor/link-behaviour.ts). The server's schema (document-schema.ts) uses
// Tiptap's Link itself; tests/unit/editor-schema.test.ts checks that the two give the same schema, since a
// difference would make the collaboration binding drop or change links for everyone.
import { Mark, mergeAttributes } from '@tiptap/core';

/** How links behave in a document: followed with Ctrl/Cmd only from the reader, found as people type. */
export const LINK_OPTIONS = {
	openOnClick: false,
	autolink: true,
	protocols: ['http', 'https', 'mailto']
} as const;

/** Link's own default attributes on every link it draws. */
const HTML_ATTRIBUTES = { target: '_blank', rel: 'noopener noreferrer nofollow', class: null };

/** The schemes a link may use besides relative addresses (Tiptap Link's list and ours). */
const SCHEMES = [
	'http',
	'https',
	'ftp',
	'ftps',
	'mailto',
	'tel',
	'callto',
	'sms',
	'cid',
	'xmpp',
	...LINK_OPTIONS.protocols
];
// eslint-disable-next-line no-control-regex
const WHITESPACE = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;
const ALLOWED = new RegExp(`^(?:(?:${SCHEMES.join('|')}):|[^a-z]|[a-z0-9+.\\-]+(?:[^a-z+.\\-:]|$))`, 'i');

/** Whether an address may be a link's target: no `javascript:` and the like (the same test as Tiptap's Link). */
export function isAllowedHref(href: string | null | undefined): boolean {
	return !href || ALLOWED.test(href.replace(WHITESPACE, ''));
}

// Its commands (setLink, toggleLink, unsetLink) are Link's, typed by @tiptap/extension-link's declarations.
export const LinkMark = Mark.create({
	name: 'link',
	priority: 1000,
	keepOnSplit: false,
	exitable: true,
	inclusive: () => LINK_OPTIONS.autolink,
	addAttributes() {
		return {
			href: { default: null, parseHTML: (element) => element.getAttribute('href') },
			target: { default: HTML_ATTRIBUTES.target },
			rel: { default: HTML_ATTRIBUTES.rel },
			class: { default: HTML_ATTRIBUTES.class },
			title: { default: null }
		};
	},
	parseHTML() {
		return [{ tag: 'a[href]', getAttrs: (dom) => (isAllowedHref(dom.getAttribute('href')) ? null : false) }];
	},
	renderHTML({ HTMLAttributes }) {
		const attributes = mergeAttributes(HTML_ATTRIBUTES, HTMLAttributes);
		return ['a', isAllowedHref(HTMLAttributes.href) ? attributes : { ...attributes, href: '' }, 0];
	},
	addCommands() {
		return {
			setLink:
				(attributes) =>
				({ chain }) =>
					isAllowedHref(attributes.href) &&
					chain().setMark(this.name, attributes).setMeta('preventAutolink', true).run(),
			toggleLink:
				(attributes) =>
				({ chain }) =>
					(!attributes?.href || isAllowedHref(attributes.href)) &&
					chain()
						.toggleMark(this.name, attributes, { extendEmptyMarkRange: true })
						.setMeta('preventAutolink', true)
						.run(),
			unsetLink:
				() =>
				({ chain }) =>
					chain().unsetMark(this.name, { extendEmptyMarkRange: true }).setMeta('preventAutolink', true).run()
		};
	}
});

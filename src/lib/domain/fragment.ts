/** The name of the XmlFragment that holds a document's text in its Y.Doc (Tiptap's default). */
export const FRAGMENT = 'default';

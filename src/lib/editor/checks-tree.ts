// The editor's ProseMirror document as the drafting checks' neutral tree (src/lib/domain/checks/structure.ts):
// the same plain-text offsets as anchors, so a finding's passage maps back to the editor (text-index.ts).
import type { Node as PMNode } from '@tiptap/pm/model';
import type { TreeNode } from '$lib/domain/checks/structure';

export function treeOf(node: PMNode): TreeNode {
	if (node.isText) return { text: node.text ?? '' };
	const children: TreeNode[] = [];
	node.forEach((child) => children.push(treeOf(child)));
	return { type: node.type.name, level: Number(node.attrs.level) || undefined, children };
}

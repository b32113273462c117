/*
 * el: builds an element from a tag, attributes and children. Strings become text nodes,
 * so untrusted text is never parsed as HTML; null/undefined/false children are skipped.
 */
export function el(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === null || value === undefined || value === false) { continue; }
		if (name === 'className') {
			element.className = value;
		} else if (name === 'dataset') {
			Object.assign(element.dataset, value);
		} else {
			element.setAttribute(name, value === true ? '' : String(value));
		}
	}
	for (const child of children.flat()) {
		if (child === null || child === undefined || child === false) { continue; }
		element.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return element;
}

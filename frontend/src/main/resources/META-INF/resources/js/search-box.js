/*
 * SearchBox: the free-text search field (q). Reports the trimmed text on every edit;
 * the incident loader debounces the refetch.
 */
export class SearchBox {

	constructor(input, onChange) {
		this.input = input;
		let last = input.value.trim();
		input.addEventListener('input', () => {
			const value = input.value.trim();
			if (value !== last) {
				last = value;
				onChange(value);
			}
		});
		this._setLast = (value) => { last = value; };
	}

	setValue(q) {
		this.input.value = q;
		this._setLast(q.trim());
	}
}

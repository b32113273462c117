/*
 * FilterState: what the analyst asked for, kept in the page URL so a view can be shared.
 *
 * Query string: from=YYYY-MM-DD, to=YYYY-MM-DD, q=text, category=a,b.
 * `category` lists the enabled categories and is written only when not all are enabled
 * (an empty `category=` means none). Absent parameters mean "no limit" / "all".
 * The hash (#zoom/lat/lon) belongs to MapHash and is left as it is.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FilterState {

	constructor({from = '', to = '', q = '', categories = null} = {}) {
		this.from = from;             // '' or YYYY-MM-DD
		this.to = to;                 // '' or YYYY-MM-DD
		this.q = q;                   // '' or search text
		this.categories = categories; // null = all enabled, else a Set of enabled keys
	}

	static fromSearch(search) {
		const params = new URLSearchParams(search);
		const date = (name) => {
			const value = (params.get(name) || '').trim();
			return DATE.test(value) ? value : '';
		};
		const categories = params.has('category') ?
			new Set(params.get('category').split(',').map((key) => key.trim()).filter(Boolean)) :
			null;
		return new FilterState({from: date('from'), to: date('to'), q: (params.get('q') || '').trim(), categories});
	}

	isEnabled(key) {
		return this.categories === null || this.categories.has(key);
	}

	// Enables or disables one category; `allKeys` are the known categories, so that
	// enabling the last disabled one goes back to "all" (no parameter).
	setEnabled(key, enabled, allKeys) {
		const set = this.categories === null ? new Set(allKeys) : new Set(this.categories);
		if (enabled) { set.add(key); } else { set.delete(key); }
		this.categories = allKeys.every((k) => set.has(k)) ? null : set;
	}

	// Drops keys the server does not know; a link naming only unknown keys shows all categories
	// rather than an empty map.
	restrictTo(allKeys) {
		if (this.categories === null) { return; }
		const set = new Set([...this.categories].filter((key) => allKeys.includes(key)));
		const onlyUnknown = set.size === 0 && this.categories.size > 0;
		this.categories = onlyUnknown || allKeys.every((k) => set.has(k)) ? null : set;
	}

	toSearch(allKeys = []) {
		const params = new URLSearchParams();
		if (this.from) { params.set('from', this.from); }
		if (this.to) { params.set('to', this.to); }
		if (this.categories !== null) {
			// keep the server's order so equal filters give equal URLs
			const ordered = allKeys.filter((key) => this.categories.has(key));
			const extra = [...this.categories].filter((key) => !allKeys.includes(key)).sort();
			params.set('category', ordered.concat(extra).join(','));
		}
		if (this.q) { params.set('q', this.q); }
		// commas in category lists and dashes in dates stay readable
		return params.toString().replace(/%2C/gi, ',');
	}

	// Replaces the query string of the current history entry, keeping path and hash.
	writeToUrl(allKeys) {
		const search = this.toSearch(allKeys);
		const url = location.pathname + (search ? '?' + search : '') + location.hash;
		if (url !== location.pathname + location.search + location.hash) {
			history.replaceState(history.state, '', url);
		}
	}
}

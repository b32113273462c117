/*
 * FilterState: what the analyst asked for, kept in the page URL so a view can be shared.
 *
 * Query string: from=YYYY-MM-DD, to=YYYY-MM-DD, q=text, category=a,b, province=KH-12,KH-18,
 * country=KHM, confirmed=true (hide what rests only on an unconfirmed single source), minRating=B3
 * (best-supported Admiralty rating B or better and 3 or better); and two switches of the page: shade=off (provinces not shaded), inview=1 (exports
 * and the table only for the area in view). `category` lists the enabled categories and is
 * written only when not all are enabled (an empty `category=` means none). Absent parameters
 * mean "no limit" / "all" / the switch's default. The hash (#zoom/lat/lon) belongs to MapHash.
 *
 * toParams() is the one translation of the filter into API parameters: incidents, provinces,
 * timeline, spread and exports all ask the server through it, so every count follows one filter.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
const COUNTRY = /^[A-Z]{3}$/;
const RATING = /^[A-F][1-6]$/;

export class FilterState {

	constructor({from = '', to = '', q = '', categories = null, provinces = [], countries = [], confirmed = false,
		minRating = '', shade = true, inView = false} = {}) {
		this.from = from;             // '' or YYYY-MM-DD
		this.to = to;                 // '' or YYYY-MM-DD
		this.q = q;                   // '' or search text
		this.categories = categories; // null = all enabled, else a Set of enabled keys
		this.provinces = provinces;   // province codes ([] = any)
		this.countries = countries;   // ISO 3166-1 alpha-3 codes ([] = any)
		this.confirmed = confirmed;   // true: only incidents rated confirmed (credibility 1 or 2)
		this.minRating = minRating;   // '' or e.g. 'B3': rating at least this on both scales
		this.shade = shade;           // provinces shaded by their counts
		this.inView = inView;         // exports and the table limited to the map's view
	}

	static fromSearch(search) {
		const params = new URLSearchParams(search);
		const date = (name) => {
			const value = (params.get(name) || '').trim();
			return DATE.test(value) ? value : '';
		};
		const list = (name, pattern) => (params.get(name) || '').split(',').map((v) => v.trim())
			.filter((v) => pattern.test(v));
		const categories = params.has('category') ?
			new Set(params.get('category').split(',').map((key) => key.trim()).filter(Boolean)) :
			null;
		return new FilterState({
			from: date('from'), to: date('to'), q: (params.get('q') || '').trim(), categories,
			provinces: list('province', CODE), countries: list('country', COUNTRY),
			confirmed: params.get('confirmed') === 'true',
			minRating: RATING.test((params.get('minRating') || '').trim().toUpperCase()) ?
				params.get('minRating').trim().toUpperCase() : '',
			shade: params.get('shade') !== 'off', inView: params.get('inview') === '1'
		});
	}

	copy() {
		return new FilterState({...this, categories: this.categories && new Set(this.categories),
			provinces: [...this.provinces], countries: [...this.countries]});
	}

	isEnabled(key) {
		return this.categories === null || this.categories.has(key);
	}

	// true when no category is enabled: the filter selects nothing
	isEmpty() {
		return this.categories !== null && this.categories.size === 0;
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

	// The API parameters of this filter (from, to, q, category, province, country, confirmed, minRating).
	// options: {categories: false} leaves the categories out (the map fetches every category and
	// shows or hides them itself); {dates: false} leaves the time window out (charts over all dates).
	// `allKeys` orders the categories as the server lists them, so equal filters give equal URLs.
	toParams(allKeys = [], {categories = true, dates = true} = {}) {
		const params = new URLSearchParams();
		if (dates && this.from) { params.set('from', this.from); }
		if (dates && this.to) { params.set('to', this.to); }
		if (categories && this.categories !== null) {
			const ordered = allKeys.filter((key) => this.categories.has(key));
			const extra = [...this.categories].filter((key) => !allKeys.includes(key)).sort();
			params.set('category', ordered.concat(extra).join(','));
		}
		if (this.q) { params.set('q', this.q); }
		if (this.provinces.length > 0) { params.set('province', this.provinces.join(',')); }
		if (this.countries.length > 0) { params.set('country', this.countries.join(',')); }
		if (this.confirmed) { params.set('confirmed', 'true'); }
		if (this.minRating) { params.set('minRating', this.minRating); }
		return params;
	}

	// The page's query string: the API parameters and the page's switches.
	toSearch(allKeys = []) {
		const params = this.toParams(allKeys);
		if (!this.shade) { params.set('shade', 'off'); }
		if (this.inView) { params.set('inview', '1'); }
		return readable(params);
	}

	// Writes the query string into the URL, keeping path and hash. push: a new history entry
	// (Back returns to the filter before), else the current entry is replaced.
	writeToUrl(allKeys, push = false) {
		const search = this.toSearch(allKeys);
		const url = location.pathname + (search ? '?' + search : '') + location.hash;
		if (url !== location.pathname + location.search + location.hash) {
			if (push) {
				history.pushState(history.state, '', url);
			} else {
				history.replaceState(history.state, '', url);
			}
		}
	}
}

// commas in lists and dashes in dates stay readable
export function readable(params) {
	return params.toString().replace(/%2C/gi, ',');
}

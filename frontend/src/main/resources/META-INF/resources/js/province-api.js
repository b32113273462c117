/*
 * ProvinceApi: the province endpoints, with the map's filter turned into query parameters.
 *
 * `categories` is the list of enabled category keys, or null when all are enabled (no parameter).
 * Rejects like Api does: an ApiError carrying the problem+json detail, or an AbortError.
 */
export class ProvinceApi {

	constructor(api) {
		this.api = api;
	}

	// FeatureCollection of boundaries with count, firstDate, lastDate, ongoing, categories per province.
	// geometry false: null geometries (counts only); simplify: tolerance in degrees (0: none; the
	// extract is generalised already, so it saves little).
	collection(filter, categories, {geometry = true, simplify = 0} = {}, signal) {
		const params = filterParams(filter, categories);
		if (!geometry) {
			params.set('geometry', 'false');
		} else if (simplify > 0) {
			params.set('simplify', String(simplify));
		}
		return this.api.json('/api/provinces?' + params, signal);
	}

	// {interval, from, to, provinces, periods: [{start, end, incidents, counts, provincesActive,
	// provincesAffected, newProvinces}]} over all dates with data; `province` narrows to one code.
	timeline(categories, {interval = 'month', province = null} = {}, signal) {
		const params = filterParams({}, categories);
		params.set('interval', interval);
		if (province) { params.set('province', province); }
		return this.api.json('/api/provinces/timeline?' + params, signal);
	}
}

function filterParams(filter, categories) {
	const params = new URLSearchParams();
	if (filter.from) { params.set('from', filter.from); }
	if (filter.to) { params.set('to', filter.to); }
	if (filter.q) { params.set('q', filter.q); }
	if (categories && categories.length > 0) { params.set('category', categories.join(',')); }
	return params;
}

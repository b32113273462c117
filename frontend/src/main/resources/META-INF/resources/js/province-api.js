/*
 * ProvinceApi: the province endpoints. `params` are the filter's API parameters, from
 * FilterState.toParams(), so provinces, timeline and spread follow the same filter as the map.
 *
 * Rejects like Api does: an ApiError carrying the problem+json detail, or an AbortError.
 */
export class ProvinceApi {

	constructor(api) {
		this.api = api;
	}

	// FeatureCollection of boundaries with count, firstDate, lastDate, ongoing, categories per province.
	// geometry false: null geometries (counts only); simplify: tolerance in degrees (0: none; the
	// extract is generalised already, so it saves little).
	collection(params, {geometry = true, simplify = 0} = {}, signal) {
		const query = new URLSearchParams(params);
		if (!geometry) {
			query.set('geometry', 'false');
		} else if (simplify > 0) {
			query.set('simplify', String(simplify));
		}
		return this.api.json('/api/provinces?' + query, signal);
	}

	// {interval, from, to, provinces, periods: [{start, end, incidents, counts, provincesActive,
	// provincesAffected, newProvinces}]}; `province` narrows to one code.
	timeline(params, {interval = 'month', province = null} = {}, signal) {
		const query = new URLSearchParams(params);
		query.set('interval', interval);
		if (province) { query.set('province', province); }
		return this.api.json('/api/provinces/timeline?' + query, signal);
	}

	// [{code, name, country, firstDate, firstIncident, count}] in the order the provinces were first reached.
	spread(params, signal) {
		return this.api.json('/api/provinces/spread?' + new URLSearchParams(params), signal);
	}
}

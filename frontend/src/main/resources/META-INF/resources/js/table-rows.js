/*
 * TableRows: what the results table lists while the map draws clusters (too many incidents in view to
 * draw one by one). The table still lists the filter's incidents, so it fetches them itself, in the
 * map's lean form (view=map): the filter, and with "Only the area in view" the map's view; at most
 * `limit` of them (the answer's numberMatched says how many more there are, or numberMatchedMoreThan that
 * there are more, uncounted: a text search). Latest request wins; a
 * request equal to the one in flight waits for it, and one equal to the last one answered hands over
 * that answer again without fetching (the table may have been set loading in between). When the map draws points, the table uses
 * the map's own features and cancel() drops any request in flight.
 */
const DEFAULT_LIMIT = 50000;

export class TableRows {

	// options: {limit, onRows(features, numberMatched, numberMatchedMoreThan), onError(error)}
	constructor(api, options) {
		this.api = api;
		this.limit = options.limit || DEFAULT_LIMIT;
		this.onRows = options.onRows;
		this.onError = options.onError;
		this._controller = null;
		this._key = null;
		this._last = null;
	}

	// params: the filter's URLSearchParams (categories left out: the table hides categories itself);
	// bounds: Leaflet bounds of the view, or null for the whole filter.
	request(params, bounds) {
		const query = new URLSearchParams(params);
		if (bounds) {
			query.set('bbox', [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
				.map((v, i) => Math.min(i % 2 ? 90 : 180, Math.max(i % 2 ? -90 : -180, v)).toFixed(5)).join(','));
		}
		query.set('view', 'map');
		query.set('limit', String(this.limit));
		const key = query.toString();
		if (key === this._key) {
			if (!this._controller && this._last) { this.onRows(this._last.features, this._last.matched, this._last.moreThan); }
			return;
		}
		this.cancel();
		this._key = key;
		const controller = new AbortController();
		this._controller = controller;
		this.api.json('/api/incidents?' + key, controller.signal).then((collection) => {
			if (this._controller !== controller) { return; }
			this._controller = null;
			const features = collection.features || [];
			this._last = {features, matched: collection.numberMatched ?? features.length,
				moreThan: collection.numberMatchedMoreThan};
			this.onRows(this._last.features, this._last.matched, this._last.moreThan);
		}, (error) => {
			if (this._controller !== controller || error.name === 'AbortError') { return; }
			this._controller = null;
			this._key = null;
			this._last = null;
			this.onError(error);
		});
	}

	cancel() {
		if (this._controller) { this._controller.abort(); }
		this._controller = null;
		this._key = null;
		this._last = null;
	}
}

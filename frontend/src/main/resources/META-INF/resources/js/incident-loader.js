/*
 * IncidentLoader: fetches what the map draws for the latest filter and view, debounced, latest
 * request wins.
 *
 * When the whole filter matches at most `pointLimit` incidents, they are fetched once in the map's
 * lean form (view=map: id, category, title, dates, precision, status; the popup fetches the rest)
 * and moving the map fetches nothing. Otherwise, per view: the clusters of the padded view
 * (GET /api/incidents/clusters: counts per grid cell and category, computed in PostGIS for the
 * view, the zoom and the filter), and when the view holds at most `pointLimit` incidents, those
 * incidents. So the map never asks for more than it can draw, and counts stay true at any zoom.
 * A new filter asks for both at once (the view's answer is dropped when the whole filter fits), so
 * a large filter is drawn after one round trip, not two.
 *
 * request() marks the page "loading" at once (not when the debounce ends), so anything waiting
 * for "ready" never sees the result of an older filter; an older request still in flight is
 * aborted. onLoad({features, clusters, numberMatched}) runs (features empty when clusters are
 * drawn), then the state becomes "ready"; on failure onError(error) runs and the state "error".
 * A move of the map waits only `moveDelay` (moveend already marks the end of a gesture), and fetches
 * nothing while the view stays inside the padded view last fetched at the same zoom (what is drawn
 * already covers it: clusters or every incident of that padded view).
 *
 * User Timing marks for bench/page-benchmark.sh (names in MARKS): the map's move ended, the first
 * request of a load was sent, and the load was drawn (after onLoad, once the browser has painted
 * the next frame; detail {features, clusters, sequence}).
 */
export const MARKS = {moved: 'incidents-moveend', requested: 'incidents-request', drawn: 'incidents-drawn'};

export class IncidentLoader {

	// options: {map, delay, pointLimit, setState(state), onLoad(result), onError(error)}
	constructor(api, options) {
		this.api = api;
		this.map = options.map;
		this.delay = options.delay === undefined ? 250 : options.delay;
		this.moveDelay = options.moveDelay === undefined ? Math.min(this.delay, 50) : options.moveDelay;
		this.pointLimit = options.pointLimit || 3000;
		this.setState = options.setState;
		this.onLoad = options.onLoad;
		this.onError = options.onError;
		this._timer = null;
		this._controller = null;
		this._sequence = 0;
		this._filter = null;
		// what the last probe found: {key: the filter's query string, fits: all its incidents drawn}
		this._probe = null;
		if (this.map) {
			this.map.on('moveend', () => {
				mark(MARKS.moved);
				if (!this._filter || (this._probe && this._probe.fits)) { return; }
				if (this._covers(this._filter)) {
					markDrawn({features: 0, clusters: 0, reused: true});
					return;
				}
				this._schedule(this._filter, false, true);
			});
		}
	}

	// filter: a FilterState; immediate skips the debounce (first load).
	request(filter, immediate = false) {
		this._schedule(filter, immediate, false);
	}

	// Whether what is drawn already answers this filter for the current view: it was fetched for a padded view at
	// the same zoom (same cluster grid) that contains this one, and no request is pending.
	_covers(filter) {
		const drawn = this._drawn;
		return Boolean(drawn && !this._controller && drawn.key === filter.toParams([], {categories: false}).toString() &&
			drawn.zoom === Math.round(this.map.getZoom()) && drawn.bounds.contains(this.map.getBounds()));
	}

	// viewOnly: the filter is unchanged and too large to draw whole; only the view moved.
	_schedule(filter, immediate, viewOnly) {
		this._filter = filter;
		const params = filter.toParams([], {categories: false});
		this._drawn = null;
		this.setState('loading');
		this._sequence++;
		clearTimeout(this._timer);
		if (this._controller) {
			this._controller.abort();
			this._controller = null;
		}
		if (immediate) {
			this._fetch(params, viewOnly, this._sequence);
		} else {
			const sequence = this._sequence;
			this._timer = setTimeout(() => this._fetch(params, viewOnly, sequence), viewOnly ? this.moveDelay : this.delay);
		}
	}

	async _fetch(params, viewOnly, sequence) {
		const controller = new AbortController();
		this._controller = controller;
		mark(MARKS.requested, {sequence});
		let result;
		try {
			result = await this._load(params, viewOnly, controller.signal);
		} catch (error) {
			if (sequence !== this._sequence || error.name === 'AbortError') { return; }
			this._controller = null;
			this.onError(error);
			this.setState('error');
			return;
		}
		if (sequence !== this._sequence) { return; }
		this._controller = null;
		this._drawn = result.view ? {key: params.toString(), ...result.view} : null;
		this.onLoad(result);
		this.setState('ready');
		markDrawn({features: result.features.length, clusters: result.clusters ? result.clusters.cells.length : 0, sequence});
	}

	async _load(params, viewOnly, signal) {
		if (!this.map) {
			const collection = await this.api.json('/api/incidents?' + params, signal);
			return {features: collection.features || [], clusters: null, numberMatched: collection.numberMatched};
		}
		if (viewOnly && this._probe && this._probe.key === params.toString()) {
			return this._loadView(params, signal);
		}
		// a new filter: whether all of it fits, and meanwhile the view, so a large filter waits for one round trip
		// (the view's request is abandoned when the whole filter fits)
		const viewController = new AbortController();
		signal.addEventListener('abort', () => viewController.abort());
		const viewResult = this._loadView(params, viewController.signal);
		viewResult.catch(() => {}); // awaited below, or abandoned
		const all = new URLSearchParams(params);
		all.set('view', 'map');
		all.set('limit', String(this.pointLimit));
		let collection;
		try {
			collection = await this.api.json('/api/incidents?' + all, signal);
		} catch (error) {
			viewController.abort();
			throw error;
		}
		const features = collection.features || [];
		this._probe = {key: params.toString(), fits: features.length < this.pointLimit};
		if (this._probe.fits) {
			viewController.abort();
			return {features, clusters: null, numberMatched: collection.numberMatched};
		}
		return viewResult;
	}

	// The view's clusters, or its incidents when it holds at most pointLimit
	async _loadView(params, signal) {
		const padded = this.map.getBounds().pad(0.25);
		const fetched = {zoom: Math.round(this.map.getZoom()), bounds: padded};
		const view = new URLSearchParams(params);
		view.set('bbox', bbox(padded));
		const clustersQuery = new URLSearchParams(view);
		clustersQuery.set('zoom', String(fetched.zoom));
		const clusters = await this.api.json('/api/incidents/clusters?' + clustersQuery, signal);
		if (clusters.count > this.pointLimit) {
			return {features: [], clusters, numberMatched: clusters.count, view: fetched};
		}
		view.set('view', 'map');
		view.set('limit', String(this.pointLimit));
		const collection = await this.api.json('/api/incidents?' + view, signal);
		const features = collection.features || [];
		// a full page of points may have left some of the padded view out: fetch again on the next move
		return {features, clusters: null, numberMatched: collection.numberMatched,
			view: features.length < this.pointLimit ? fetched : null};
	}
}

// drawn: once the browser has painted the next frame
function markDrawn(detail) {
	requestAnimationFrame(() => setTimeout(() => mark(MARKS.drawn, detail), 0));
}

function mark(name, detail = null) {
	if (window.performance && performance.mark) { performance.mark(name, {detail}); }
}

// minLon,minLat,maxLon,maxLat of Leaflet bounds, clamped to the world, 5 decimals
function bbox(bounds) {
	const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
	return [clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90),
		clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)]
		.map((v) => v.toFixed(5)).join(',');
}

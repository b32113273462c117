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
 * aborted. onLoad({features, clusters, numberMatched, numberMatchedMoreThan}) runs (features empty when
 * clusters are drawn; numberMatchedMoreThan instead of numberMatched when the server did not count past its
 * limit, as for a text search, and the count is only known to be more than it), then the state becomes
 * "ready"; on failure onError(error) runs and the state "error".
 * A move of the map waits only `moveDelay` (moveend already marks the end of a gesture), and fetches
 * nothing while the view stays inside the padded view last fetched at the same zoom (what is drawn
 * already covers it: clusters or every incident of that padded view).
 *
 * Start-up and large filters: the probe of the whole filter and the view's clusters race; clusters of
 * more than `pointLimit` incidents in view prove the filter cannot fit, so they are drawn at once and
 * the probe is abandoned (a large filter waits for the clusters alone). `ready` (a Promise) holds
 * back onLoad/onError until the page is wired, so the first request can leave before the page has
 * its config and categories.
 *
 * Zooms: the last few answers of this filter (clusters, or every incident of a padded view) are kept
 * per zoom until the next request(): a move back to a zoom whose kept padded view contains the view
 * draws that answer again without a request. Zooming in where the kept clusters of a coarser zoom
 * count at most `pointLimit` incidents in the cells touching the new padded view asks for the points
 * at once (one round trip, not clusters first); a full page of them falls back to the clusters.
 *
 * User Timing marks for bench/page-benchmark.sh (names in MARKS): the map's move ended, the first
 * request of a load was sent, and the load was drawn (after onLoad, once the browser has painted
 * the next frame; detail {features, clusters, sequence or reused, view: the map's #zoom/lat/lon}).
 */
import {MapHash} from './map-hash.js';

// numberMatched, or numberMatchedMoreThan when the server only says that more matched than it sent
const matched = (collection) => ({numberMatched: collection.numberMatched,
	numberMatchedMoreThan: collection.numberMatchedMoreThan});

export const MARKS = {moved: 'incidents-moveend', requested: 'incidents-request', drawn: 'incidents-drawn'};

export class IncidentLoader {

	// options: {map, delay, pointLimit, ready, setState(state), onLoad(result), onError(error)}
	constructor(api, options) {
		this.api = api;
		this.map = options.map;
		this.delay = options.delay === undefined ? 250 : options.delay;
		this.moveDelay = options.moveDelay === undefined ? Math.min(this.delay, 50) : options.moveDelay;
		this.pointLimit = options.pointLimit || 3000;
		this.setState = options.setState;
		this.onLoad = options.onLoad;
		this.onError = options.onError;
		this.ready = options.ready || Promise.resolve();
		this._timer = null;
		this._controller = null;
		this._sequence = 0;
		this._filter = null;
		// what the last probe found: {key: the filter's query string, fits: all its incidents drawn}
		this._probe = null;
		// answers kept for moves back to a zoom: [{key, zoom, bounds, result}], newest last
		this._kept = [];
		if (this.map) {
			this.map.on('moveend', () => {
				mark(MARKS.moved);
				if (!this._filter || (this._probe && this._probe.fits)) { return; }
				if (this._covers(this._filter)) {
					markDrawn({features: 0, clusters: 0, reused: true, view: MapHash.format(this.map)});
					return;
				}
				if (this._redrawKept(this._filter)) { return; }
				this._schedule(this._filter, false, true);
			});
		}
	}

	// filter: a FilterState; immediate skips the debounce (first load). Forgets the kept answers (a reload after a
	// write, or another filter).
	request(filter, immediate = false) {
		this._kept = [];
		this._schedule(filter, immediate, false);
	}

	// Draws a kept answer of this filter at the map's zoom whose padded view contains the view; false if none.
	_redrawKept(filter) {
		const key = filter.toParams([], {categories: false}).toString();
		const zoom = Math.round(this.map.getZoom());
		const view = this.map.getBounds();
		const kept = this._kept.find((k) => k.key === key && k.zoom === zoom && k.bounds.contains(view));
		if (!kept) { return false; }
		this._schedule(filter, false, true, false); // cancels anything pending, fetches nothing
		this._drawn = {key, zoom, bounds: kept.bounds};
		this.onLoad(kept.result);
		this.setState('ready');
		markDrawn({features: kept.result.features.length, clusters: kept.result.clusters ? kept.result.clusters.cells.length : 0,
			reused: true, view: MapHash.format(this.map)});
		return true;
	}

	_keep(key, view, result) {
		this._kept = this._kept.filter((k) => !(k.key === key && k.zoom === view.zoom)).concat([{key, ...view, result}]);
		if (this._kept.length > KEPT) { this._kept.shift(); }
	}

	// Whether what is drawn already answers this filter for the current view: it was fetched for a padded view at
	// the same zoom (same cluster grid) that contains this one, and no request is pending.
	_covers(filter) {
		const drawn = this._drawn;
		return Boolean(drawn && !this._controller && drawn.key === filter.toParams([], {categories: false}).toString() &&
			drawn.zoom === Math.round(this.map.getZoom()) && drawn.bounds.contains(this.map.getBounds()));
	}

	// viewOnly: the filter is unchanged and too large to draw whole; only the view moved. fetch false: only cancel
	// what is pending (the caller draws a kept answer).
	_schedule(filter, immediate, viewOnly, fetch = true) {
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
		if (!fetch) {
			return;
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
		let result, failure = null;
		try {
			result = await this._load(params, viewOnly, controller.signal);
		} catch (error) {
			failure = error;
		}
		if (sequence !== this._sequence || (failure && failure.name === 'AbortError')) { return; }
		await this.ready; // the page is wired
		if (sequence !== this._sequence) { return; }
		this._controller = null;
		if (failure) {
			this.onError(failure);
			this.setState('error');
			return;
		}
		this._drawn = result.view ? {key: params.toString(), ...result.view} : null;
		if (result.view) { this._keep(params.toString(), result.view, result); }
		this.onLoad(result);
		this.setState('ready');
		markDrawn({features: result.features.length, clusters: result.clusters ? result.clusters.cells.length : 0, sequence,
			view: this.map ? MapHash.format(this.map) : null});
	}

	async _load(params, viewOnly, signal) {
		if (!this.map) {
			const collection = await this.api.json('/api/incidents?' + params, signal);
			return {features: collection.features || [], clusters: null, ...matched(collection)};
		}
		if (viewOnly && this._probe && this._probe.key === params.toString()) {
			return this._loadView(params, signal);
		}
		// a new filter: whether all of it fits, and meanwhile the view, so a large filter waits for one round trip
		// (the view's request is abandoned when the whole filter fits; the probe when the view's clusters prove
		// that it cannot)
		const viewController = new AbortController();
		const probeController = new AbortController();
		signal.addEventListener('abort', () => {
			viewController.abort();
			probeController.abort();
		});
		const viewResult = this._loadView(params, viewController.signal);
		viewResult.catch(() => {}); // awaited below, or abandoned
		const all = new URLSearchParams(params);
		all.set('view', 'map');
		all.set('limit', String(this.pointLimit));
		const probe = this.api.json('/api/incidents?' + all, probeController.signal)
			.then((collection) => ({collection}), (error) => ({error}));
		const tooMany = viewResult.then((view) => (view.clusters ? {view} : NEVER), () => NEVER);
		const first = await Promise.race([probe, tooMany]);
		if (first.view) {
			probeController.abort();
			this._probe = {key: params.toString(), fits: false};
			return first.view;
		}
		if (first.error) {
			viewController.abort();
			throw first.error;
		}
		const features = first.collection.features || [];
		this._probe = {key: params.toString(), fits: features.length < this.pointLimit};
		if (this._probe.fits) {
			viewController.abort();
			return {features, clusters: null, ...matched(first.collection)};
		}
		return viewResult;
	}

	// The view's clusters, or its incidents when it holds at most pointLimit
	async _loadView(params, signal) {
		const padded = this.map.getBounds().pad(0.25);
		const fetched = {zoom: Math.round(this.map.getZoom()), bounds: padded};
		const view = new URLSearchParams(params);
		view.set('bbox', bbox(padded));
		const points = new URLSearchParams(view);
		points.set('view', 'map');
		points.set('limit', String(this.pointLimit));
		if (this._fewInKept(params.toString(), padded)) { // points first: the kept clusters say they fit
			const collection = await this.api.json('/api/incidents?' + points, signal);
			const features = collection.features || [];
			if (features.length < this.pointLimit) {
				return {features, clusters: null, ...matched(collection), view: fetched};
			}
		}
		const clustersQuery = new URLSearchParams(view);
		clustersQuery.set('zoom', String(fetched.zoom));
		const clusters = await this.api.json('/api/incidents/clusters?' + clustersQuery, signal);
		if (clusters.count > this.pointLimit) {
			return {features: [], clusters, numberMatched: clusters.count, view: fetched};
		}
		const collection = await this.api.json('/api/incidents?' + points, signal);
		const features = collection.features || [];
		// a full page of points may have left some of the padded view out: fetch again on the next move
		return {features, clusters: null, ...matched(collection),
			view: features.length < this.pointLimit ? fetched : null};
	}

	// Whether kept clusters of this filter cover the bounds and count at most pointLimit incidents in the cells
	// touching them (a cell holds its incidents' mean position, so it is the cell of cellDegrees around that point).
	_fewInKept(key, bounds) {
		const kept = this._kept.filter((k) => k.key === key && k.result.clusters && k.bounds.contains(bounds));
		return kept.some(({result: {clusters}}) => {
			const size = clusters.cellDegrees;
			if (!(size > 0)) { return false; }
			const touches = (cell) => {
				const west = Math.floor(cell.lon / size) * size, south = Math.floor(cell.lat / size) * size;
				return west <= bounds.getEast() && west + size >= bounds.getWest() &&
					south <= bounds.getNorth() && south + size >= bounds.getSouth();
			};
			return clusters.cells.filter(touches).reduce((sum, cell) => sum + cell.count, 0) <= this.pointLimit;
		});
	}
}

const KEPT = 12;
const NEVER = new Promise(() => {});

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

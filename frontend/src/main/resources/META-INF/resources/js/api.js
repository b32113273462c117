/*
 * Api: the backend's JSON endpoints (same origin).
 *
 * Every method resolves with the parsed body or rejects with an ApiError whose
 * message is the problem+json `detail` (falling back to its title, then the HTTP status).
 * An aborted request rejects with the fetch AbortError untouched, so callers can ignore it.
 */
export class Api {

	constructor(base = '/api') {
		this.base = base;
	}

	// {tileUrl, tileAttribution, maxZoom, center: [lat, lon], zoom}
	config() {
		return this._get('/config');
	}

	// [{key, label, colour, count, firstDate, lastDate}]
	categories() {
		return this._get('/categories');
	}

	// GeoJSON FeatureCollection for the filter (a FilterState), all categories: the map shows and hides them itself.
	incidents(filter, signal) {
		const query = filter.toParams([], {categories: false}).toString();
		return this._get('/incidents' + (query ? '?' + query : ''), signal);
	}

	// Any same-origin JSON document by absolute path (e.g. config.boundariesUrl).
	json(url, signal) {
		return this._get(url, signal, '');
	}

	async _get(path, signal, base = this.base) {
		let response;
		try {
			response = await fetch(base + path, {
				headers: {Accept: 'application/json, application/geo+json, application/problem+json'},
				signal
			});
		} catch (e) {
			if (e.name === 'AbortError') { throw e; }
			throw new ApiError('The server could not be reached (' + e.message + ').', null);
		}
		if (!response.ok) {
			throw await ApiError.fromResponse(response);
		}
		return response.json();
	}
}

// An HTTP error; `problem` is the parsed problem+json body when the server sent one.
export class ApiError extends Error {

	constructor(message, problem, status) {
		super(message);
		this.name = 'ApiError';
		this.problem = problem;
		this.status = status;
	}

	// A 401 means the session ended (timeout, logout elsewhere, account disabled): the page goes to the login form.
	static async fromResponse(response) {
		if (response.status === 401) { // back here after signing in, with the same filter and view
			location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search + location.hash));
		}
		let problem = null;
		const type = response.headers.get('Content-Type') || '';
		if (type.includes('json')) {
			try { problem = await response.json(); } catch (e) { problem = null; }
		}
		const message = (problem && (problem.detail || problem.title)) ||
			'Request failed: HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '');
		return new ApiError(message, problem, response.status);
	}
}

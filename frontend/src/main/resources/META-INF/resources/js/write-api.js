/*
 * WriteApi: the endpoints that change data or help to, beside Api's reads: geocoding, creating,
 * editing and deleting incidents (with the ETag version they started from), and imports.
 *
 * Errors reject with ApiError (its `problem` is the problem+json body, e.g. `errors`,
 * `candidates`, `current`). An import that committed nothing still resolves: its report is the answer.
 */
import {ApiError} from './api.js';
import {csrfHeaders} from './csrf.js';

const JSON_TYPES = 'application/json, application/geo+json, application/problem+json';

export class WriteApi {

	constructor(base = '/api') {
		this.base = base;
	}

	// [{name, placeKey, displayName, lon, lat, country, province, precision, score, exact, ambiguous, source, note}]
	geocode(q, signal) {
		return this._json('GET', '/geocode?limit=8&q=' + encodeURIComponent(q), null, {}, signal).then((r) => r.body);
	}

	// The JSON Schema of an incident Feature: properties with types, limits, enum and oneOf [{const, title}];
	// fetched once per page
	schema() {
		if (!this._schema) {
			this._schema = this._json('GET', '/schema').then((r) => r.body);
			this._schema.catch(() => { this._schema = null; });
		}
		return this._schema;
	}

	// {feature, etag} of one incident
	incident(id) {
		return this._json('GET', '/incidents/' + encodeURIComponent(id)).then((r) => ({feature: r.body, etag: r.etag}));
	}

	create(feature) {
		return this._json('POST', '/incidents', feature).then((r) => ({feature: r.body, etag: r.etag}));
	}

	update(id, feature, etag) {
		return this._json('PUT', '/incidents/' + encodeURIComponent(id), feature, {'If-Match': etag})
			.then((r) => ({feature: r.body, etag: r.etag}));
	}

	remove(id, etag) {
		return this._json('DELETE', '/incidents/' + encodeURIComponent(id), null, {'If-Match': etag});
	}

	// The import report: {id, accepted, rejected, created, updated, unchanged, committed, mode, rows, rejectedCsv}
	async upload(file, mode) {
		const form = new FormData();
		form.append('file', file);
		form.append('mode', mode);
		const response = await this._fetch('POST', '/imports', form, {});
		const type = response.headers.get('Content-Type') || '';
		if (response.status === 422 && !type.includes('problem')) {
			return response.json(); // a report of an import that committed nothing
		}
		if (!response.ok) {
			throw await ApiError.fromResponse(response);
		}
		return response.json();
	}

	async _json(method, path, body, headers = {}, signal) {
		const payload = body === null || body === undefined ? undefined : JSON.stringify(body);
		const allHeaders = payload ? {...headers, 'Content-Type': 'application/geo+json'} : headers;
		const response = await this._fetch(method, path, payload, allHeaders, signal);
		if (!response.ok) {
			throw await ApiError.fromResponse(response);
		}
		return {body: response.status === 204 ? null : await response.json(), etag: response.headers.get('ETag')};
	}

	async _fetch(method, path, body, headers, signal) {
		try {
			return await fetch(this.base + path, {method, body, signal, headers: {Accept: JSON_TYPES, ...csrfHeaders(), ...headers}});
		} catch (e) {
			if (e.name === 'AbortError') { throw e; }
			throw new ApiError('The server could not be reached (' + e.message + ').', null);
		}
	}
}

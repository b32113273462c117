/*
 * IncidentLoader: fetches incidents for the latest filter, debounced, latest request wins.
 *
 * request() marks the page "loading" at once (not when the debounce ends), so anything waiting
 * for "ready" never sees the result of an older filter; an older request still in flight is
 * aborted. onLoad(collection) runs, then the state becomes "ready"; on failure onError(error)
 * runs and the state becomes "error".
 */
export class IncidentLoader {

	// options: {delay, setState(state), onLoad(collection), onError(error)}
	constructor(api, options) {
		this.api = api;
		this.delay = options.delay === undefined ? 250 : options.delay;
		this.setState = options.setState;
		this.onLoad = options.onLoad;
		this.onError = options.onError;
		this._timer = null;
		this._controller = null;
		this._sequence = 0;
	}

	// filter: a FilterState; immediate skips the debounce (first load).
	request(filter, immediate = false) {
		const snapshot = filter.copy();
		this.setState('loading');
		this._sequence++;
		clearTimeout(this._timer);
		if (this._controller) {
			this._controller.abort();
			this._controller = null;
		}
		if (immediate) {
			this._fetch(snapshot, this._sequence);
		} else {
			const sequence = this._sequence;
			this._timer = setTimeout(() => this._fetch(snapshot, sequence), this.delay);
		}
	}

	async _fetch(filter, sequence) {
		const controller = new AbortController();
		this._controller = controller;
		let collection;
		try {
			collection = await this.api.incidents(filter, controller.signal);
		} catch (error) {
			if (sequence !== this._sequence || error.name === 'AbortError') { return; }
			this._controller = null;
			this.onError(error);
			this.setState('error');
			return;
		}
		if (sequence !== this._sequence) { return; }
		this._controller = null;
		this.onLoad(collection);
		this.setState('ready');
	}
}

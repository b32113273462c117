/*
 * MapHash: keeps the map view in the URL hash as #zoom/lat/lon (like openstreetmap.org),
 * with replaceState so moving the map does not fill the history. The query string is left alone.
 */
export class MapHash {

	// Parses "#7/12.5000/104.9000"; returns {zoom, center: [lat, lon]} or null.
	static parse(hash) {
		const parts = hash.replace(/^#/, '').split('/');
		if (parts.length !== 3) { return null; }
		const [zoom, lat, lon] = parts.map(Number);
		if (![zoom, lat, lon].every(Number.isFinite) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
			return null;
		}
		return {zoom: Math.round(zoom), center: [lat, lon]};
	}

	static format(map) {
		const zoom = map.getZoom();
		const center = map.getCenter();
		const digits = Math.max(0, Math.ceil(Math.log(Math.max(zoom, 1)) / Math.LN2));
		return '#' + zoom + '/' + center.lat.toFixed(digits) + '/' + center.lng.toFixed(digits);
	}

	constructor(map) {
		this.map = map;
		this._onMoveEnd = () => this._write();
		this._onHashChange = () => this._read();
		map.on('moveend', this._onMoveEnd);
		window.addEventListener('hashchange', this._onHashChange);
	}

	remove() {
		this.map.off('moveend', this._onMoveEnd);
		window.removeEventListener('hashchange', this._onHashChange);
	}

	_write() {
		const hash = MapHash.format(this.map);
		if (hash !== location.hash) {
			history.replaceState(history.state, '', location.pathname + location.search + hash);
		}
	}

	// A hash typed or pasted by the user moves the map.
	_read() {
		const view = MapHash.parse(location.hash);
		if (view) {
			this.map.setView(view.center, view.zoom);
		}
	}
}

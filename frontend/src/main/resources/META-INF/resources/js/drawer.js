/*
 * Drawer: on narrow screens (see css/map.css, max-width 760px) the side panel is a drawer over the
 * full-screen map, opened by #drawer-open and closed by #drawer-close, Escape or a tap on the map.
 * body[data-drawer="open"] is what the CSS reads; on wide screens the attribute has no effect.
 */
export class Drawer {

	// elements: {panel, open, close}; map: the Leaflet map (resized when the layout changes)
	constructor(elements, map) {
		this.panel = elements.panel;
		this.openButton = elements.open;
		this.closeButton = elements.close;
		this.map = map;
		this.openButton.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
		this.closeButton.addEventListener('click', () => this.close());
		document.addEventListener('keydown', (event) => {
			if (event.key === 'Escape' && this.isOpen() && !document.querySelector('.leaflet-popup')) { this.close(); }
		});
		map.on('click', () => this.close());
		window.matchMedia(Drawer.NARROW).addEventListener('change', () => map.invalidateSize());
	}

	static get NARROW() {
		return '(max-width: 760px)';
	}

	static isNarrow() {
		return window.matchMedia(Drawer.NARROW).matches;
	}

	isOpen() {
		return document.body.dataset.drawer === 'open';
	}

	open() {
		document.body.dataset.drawer = 'open';
		this.openButton.setAttribute('aria-expanded', 'true');
		this.closeButton.focus();
	}

	close() {
		if (!this.isOpen()) { return; }
		delete document.body.dataset.drawer;
		this.openButton.setAttribute('aria-expanded', 'false');
		if (Drawer.isNarrow()) { this.openButton.focus(); }
	}
}

/*
 * Drawer: on narrow screens (see css/responsive.css, max-width 760px) the side panel and the
 * results list are sheets over the full-screen map, each opened by its app-bar button and closed
 * by its close button (if any), the same button, or Escape; a tap on the map closes them.
 * body[data-<name>="open"] is what the CSS reads; on wide screens the attribute has no effect.
 */
export class Drawer {

	// elements: {open, close (optional), focus (optional: what gets the focus when opened)};
	// name: the body data attribute; map: the Leaflet map (resized when the layout changes)
	constructor(elements, name, map) {
		this.openButton = elements.open;
		this.closeButton = elements.close || null;
		this.focusTarget = elements.focus || elements.close || null;
		this.name = name;
		this.openButton.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
		if (this.closeButton) { this.closeButton.addEventListener('click', () => this.close()); }
		document.addEventListener('keydown', (event) => {
			if (event.key === 'Escape' && this.isOpen() && !document.querySelector('.leaflet-popup')) { this.close(); }
		});
		map.on('click', () => this.close());
		window.matchMedia(Drawer.NARROW).addEventListener('change', () => map.invalidateSize());
		this.others = [];
	}

	static get NARROW() {
		return '(max-width: 760px)';
	}

	static isNarrow() {
		return window.matchMedia(Drawer.NARROW).matches;
	}

	isOpen() {
		return document.body.dataset[this.name] === 'open';
	}

	open() {
		this.others.forEach((other) => other.close(false));
		document.body.dataset[this.name] = 'open';
		this.openButton.setAttribute('aria-expanded', 'true');
		if (this.focusTarget) { this.focusTarget.focus(); }
	}

	close(refocus = true) {
		if (!this.isOpen()) { return; }
		delete document.body.dataset[this.name];
		this.openButton.setAttribute('aria-expanded', 'false');
		if (refocus && Drawer.isNarrow()) { this.openButton.focus(); }
	}
}

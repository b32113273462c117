/*
 * IncidentForm: adds or edits one incident from the side panel.
 *
 * Where it is: click the map or drag the marker (a point), or type a place name and pick one of
 * the gazetteer's candidates (which also fills location name, precision, country and province).
 * With no point, the typed place name is sent as `place` and the server looks it up; a name that
 * is ambiguous or unknown comes back with candidates to pick from. Sources are a list with add and
 * remove. An edit sends the ETag it was opened with: if someone saved in between, the answer is a
 * conflict and the form offers their version. Field errors are shown beside their fields.
 *
 * p.form-status gets data-state "editing" | "saving" | "saved" | "error" (tests wait on it).
 */
import {marker} from 'leaflet';
import {el} from './dom.js';
import {GeocodePicker} from './geocode-picker.js';
import {SitePicker} from './site-picker.js';

const SOURCE_FIELDS = [['outlet', 'Outlet'], ['url', 'URL'], ['publishedDate', 'Published (YYYY-MM-DD)'], ['language', 'Language (en, km, zh…)'],
	['reliability', 'Source reliability'], ['credibility', 'Information credibility']];
// Admiralty grades of a source: selects whose options (label, plain-language meaning) come from /api/schema
const GRADED = ['reliability', 'credibility'];

export class IncidentForm {

	// api: WriteApi (its schema() is the JSON Schema of an incident); options: {onSaved(feature), onDeleted(),
	// onOpen() when the form opens (e.g. to open the drawer on a phone), provinceName(code) for place candidates}
	constructor(container, map, api, options = {}) {
		this.map = map;
		this.api = api;
		this.options = options;
		this.marker = null;
		this.current = null; // {feature, etag} when editing
		this.shown = new Map(); // field → the text it showed when opened (what counts as untouched)
		this.opener = el('button', {type: 'button', className: 'form-open', id: 'add-incident'}, 'Add an incident');
		this.opener.addEventListener('click', () => this.open());
		this.form = this._build();
		this.ready = api.schema().then((schema) => this._applySchema(schema));
		this.form.hidden = true;
		container.append(el('h2', {className: 'section-title'}, 'Add or edit'), this.opener, this.form, this.status);
		// a map click places the pin only in "pick on map" mode, never by accident while the form is open
		map.on('click', (e) => {
			if (!this.form.hidden && this.picking) {
				this._setPoint(e.latlng.lng, e.latlng.lat);
				this._setPicking(false);
			}
		});
	}

	// A new incident (no argument) or an existing one: {feature, etag}.
	async open(existing = null) {
		await this.ready;
		this.current = existing;
		const p = existing ? existing.feature.properties : {};
		this.shown.clear();
		for (const input of this.form.querySelectorAll('[data-field]')) {
			const value = p[input.dataset.field];
			if (input.type === 'checkbox') {
				input.checked = value === true;
			} else {
				input.value = value === null || value === undefined ? '' :
					Array.isArray(value) ? value.join(' ') : String(value);
			}
			this.shown.set(input.dataset.field, controlValue(input));
		}
		this.provinceNote.textContent = p.provinceSource === 'computed' ? 'computed from the boundaries' : '';
		this.sources.replaceChildren();
		(p.sources && p.sources.length ? p.sources : [{}]).forEach((s) => this._addSource(s));
		this.shownSources = JSON.stringify(this._sources());
		this.picker.setValue(p.locationName || '');
		this.sitePicker.refresh();
		this._clearErrors();
		this.geometry = existing ? existing.feature.geometry : null;
		this._removeMarker();
		if (this.geometry && this.geometry.type === 'Point') {
			this._setPoint(...this.geometry.coordinates);
			this.geometry = existing.feature.geometry; // as read, until the marker is moved
		}
		this.title.textContent = existing ? 'Edit incident ' + existing.feature.id + ' (version ' + p.version + ')' : 'New incident';
		this.deleteButton.hidden = !existing;
		this.form.hidden = false;
		this.opener.hidden = true;
		this._setPicking(false);
		document.body.dataset.editing = 'open'; // province popups stay shut while the form is open
		this._state('editing', existing ? '' : 'Press "Pick on map" and click the map, or type a place name and pick it.');
		if (this.options.onOpen) { this.options.onOpen(); }
		this.form.scrollIntoView({block: 'start'});
		this.form.querySelector('[data-field="category"]').focus({preventScroll: true});
	}

	close() {
		this.form.hidden = true;
		this.opener.hidden = false;
		this._setPicking(false);
		delete document.body.dataset.editing;
		this._removeMarker();
		this.current = null;
	}

	_build() {
		const field = (label, name, control) => {
			control.dataset.field = name;
			control.id = 'incident-' + name;
			return el('div', {className: 'form-field', dataset: {for: name}},
				el('label', {className: 'field-label', for: control.id}, label), control,
				el('span', {className: 'field-error', dataset: {errorFor: name}}));
		};
		// options come from the schema (_applySchema); blank: the text of an empty choice
		const select = (name, blank = null) => el('select', {dataset: {enumeration: name, blank: blank || ''}});
		this.title = el('h3', {className: 'form-title'});
		this.provinceNote = el('p', {className: 'province-note'});
		this.status = el('p', {className: 'form-status', role: 'status'});
		const placeBox = el('div', {className: 'form-field', dataset: {for: 'place'}});
		this.picker = new GeocodePicker(placeBox, this.api, (c) => this._pickPlace(c), this.options.provinceName);
		this.pickButton = el('button', {type: 'button', className: 'form-pick', id: 'pick-on-map', 'aria-pressed': 'false'},
			'Pick on map');
		this.pickButton.addEventListener('click', () => this._setPicking(!this.picking));
		placeBox.append(this.pickButton);
		placeBox.append(el('span', {className: 'field-error', dataset: {errorFor: 'place'}}),
			el('span', {className: 'field-error', dataset: {errorFor: 'geometry'}}));
		this.sitePicker = new SitePicker();
		this.sources = el('ol', {className: 'source-list'});
		const addSource = el('button', {type: 'button', className: 'source-add'}, 'Add a source');
		addSource.addEventListener('click', () => this._addSource({}));
		this.deleteButton = el('button', {type: 'button', className: 'form-delete'}, 'Delete');
		this.deleteButton.addEventListener('click', () => this._delete());
		const cancel = el('button', {type: 'button', className: 'form-cancel'}, 'Cancel');
		cancel.addEventListener('click', () => this.close());
		const form = el('form', {className: 'incident-form', novalidate: true},
			this.title,
			field('Category', 'category', select('category')),
			field('Title', 'title', el('input', {type: 'text', maxlength: 500})),
			field('Description', 'description', el('textarea', {rows: 3})),
			el('div', {className: 'form-row'},
				field('Start (YYYY, YYYY-MM or YYYY-MM-DD)', 'startDate', el('input', {type: 'text'})),
				field('End (empty: ongoing, or the one day)', 'endDate', el('input', {type: 'text'})),
				field('Date precision', 'datePrecision', select('datePrecision', 'from the start date'))),
			placeBox,
			field('Location name', 'locationName', el('input', {type: 'text'})),
			el('div', {className: 'form-row'},
				field('Location precision', 'locationPrecision', select('locationPrecision', '—')),
				field('Country (ISO alpha-3, e.g. KHM)', 'country', el('input', {type: 'text', maxlength: 3}))),
			el('div', {className: 'form-row'},
				field('Province (code; empty: from the boundaries)', 'province', el('input', {type: 'text'})),
				field('Status', 'status', select('status'))),
			this.provinceNote,
			this.sitePicker.element,
			el('div', {className: 'form-row'},
				field('Victims', 'victimsCount', el('input', {type: 'number', min: 0, step: 1})),
				field('Nationalities (alpha-3, e.g. CHN VNM)', 'victimNationalities', el('input', {type: 'text'}))),
			field('Sensitive: shown generalised below analyst level', 'sensitive', el('input', {type: 'checkbox'})),
			el('fieldset', {className: 'form-sources'}, el('legend', {}, 'Sources'), this.sources, addSource,
				el('span', {className: 'field-error', dataset: {errorFor: 'sources'}})),
			el('div', {className: 'form-actions'},
				el('button', {type: 'submit', className: 'form-save'}, 'Save'), cancel, this.deleteButton));
		form.addEventListener('submit', (e) => {
			e.preventDefault();
			this._save();
		});
		return form;
	}

	// Fills each select with the allowed values of its property, labelled, from the JSON Schema.
	_applySchema(schema) {
		const properties = schema.properties.properties.properties;
		for (const select of this.form.querySelectorAll('select[data-enumeration]')) {
			const property = properties[select.dataset.enumeration];
			const options = (property.oneOf || []).filter((v) => v.const !== null)
				.map((v) => el('option', {value: v.const}, v.title));
			if (select.dataset.blank) { options.unshift(el('option', {value: ''}, select.dataset.blank)); }
			select.replaceChildren(...options);
		}
		for (const input of this.form.querySelectorAll('input[data-field], textarea[data-field]')) {
			const property = properties[input.dataset.field];
			if (property && property.maxLength) { input.maxLength = property.maxLength; }
		}
		const sourceProperties = properties.sources.items.properties;
		this.grades = Object.fromEntries(GRADED.map((name) => [name, {
			title: (sourceProperties[name] && sourceProperties[name].title) || name,
			values: ((sourceProperties[name] && sourceProperties[name].oneOf) || []).filter((v) => v.const !== null)
		}]));
	}

	_addSource(source) {
		const item = el('li', {className: 'source-item'});
		for (const [name, label] of SOURCE_FIELDS) {
			if (GRADED.includes(name)) {
				item.append(this._gradeSelect(name, source[name]));
				continue;
			}
			item.append(el('input', {type: 'text', placeholder: label, 'aria-label': label, dataset: {sourceField: name},
				value: source[name] || ''}));
		}
		const remove = el('button', {type: 'button', className: 'source-remove', 'aria-label': 'Remove this source'}, '×');
		remove.addEventListener('click', () => item.remove());
		item.append(remove);
		this.sources.append(item);
	}

	// A select of one Admiralty grade: "Source reliability: not rated", "B – Usually reliable", …; each option's
	// tooltip and the line below the select say what the chosen grade means in plain words.
	_gradeSelect(name, value) {
		const grade = (this.grades && this.grades[name]) || {title: name, values: []};
		const select = el('select', {'aria-label': grade.title, className: 'source-grade', dataset: {sourceField: name}},
			el('option', {value: ''}, grade.title + ': not rated'),
			grade.values.map((v) => el('option', {value: String(v.const), title: v.description || ''}, v.title)));
		select.value = value === null || value === undefined ? '' : String(value);
		const meaning = el('span', {className: 'grade-meaning', dataset: {meaningOf: name}});
		const explain = () => {
			const chosen = grade.values.find((v) => String(v.const) === select.value);
			meaning.textContent = chosen ? chosen.description : '';
		};
		select.addEventListener('change', explain);
		explain();
		return el('label', {className: 'grade-field'}, select, meaning);
	}

	_pickPlace(candidate) {
		this._setPoint(candidate.lon, candidate.lat);
		this._fill('locationName', candidate.name, true);
		this._fill('locationPrecision', candidate.precision === 'country' ? 'country' : candidate.precision, true);
		this._fill('country', candidate.country, true);
		this._fill('province', candidate.province || '', true);
		this.map.setView([candidate.lat, candidate.lon], Math.max(this.map.getZoom(), 9));
	}

	_fill(name, value, overwrite) {
		const input = this.form.querySelector('[data-field="' + name + '"]');
		if (input && (overwrite || !input.value)) { input.value = value; }
	}

	_setPoint(lon, lat) {
		this.geometry = {type: 'Point', coordinates: [round(lon), round(lat)]};
		if (!this.marker) {
			this.marker = marker([lat, lon], {draggable: true, title: 'The incident (drag to move)'}).addTo(this.map);
			this.marker.on('dragend', () => {
				const at = this.marker.getLatLng();
				this.geometry = {type: 'Point', coordinates: [round(at.lng), round(at.lat)]};
			});
		} else {
			this.marker.setLatLng([lat, lon]);
		}
	}

	// "Pick on map": the next map click places the pin (the button is pressed until then).
	_setPicking(on) {
		this.picking = on;
		this.pickButton.setAttribute('aria-pressed', String(on));
		this.pickButton.textContent = on ? 'Click the map… (press to stop)' : 'Pick on map';
		this.map.getContainer().classList.toggle('picking-place', on);
	}

	_removeMarker() {
		if (this.marker) {
			this.marker.remove();
			this.marker = null;
		}
	}

	// The Feature the API takes: for an edit, the incident as read with the fields the analyst changed.
	_feature() {
		const properties = this.current ? structuredClone(this.current.feature.properties) : {};
		for (const input of this.form.querySelectorAll('[data-field]')) {
			const name = input.dataset.field;
			const value = controlValue(input);
			if (this.current && value === this.shown.get(name)) {
				continue; // untouched: goes back as it came
			}
			if (input.type === 'checkbox') {
				properties[name] = value;
			} else if (name === 'victimNationalities') {
				properties[name] = value ? value.toUpperCase().split(/[\s,;]+/) : [];
			} else if (name === 'victimsCount' || name === 'siteId') {
				properties[name] = value === '' ? null : Number(value);
			} else {
				properties[name] = value === '' ? null : value;
			}
		}
		const sources = this._sources();
		if (!this.current || JSON.stringify(sources) !== this.shownSources) {
			properties.sources = sources;
		}
		if (!this.geometry && this.picker.value()) {
			properties.place = this.picker.value();
		}
		return {type: 'Feature', geometry: this.geometry, properties};
	}

	// The sources as the form shows them, empty ones left out.
	_sources() {
		return [...this.sources.children].map((item) => {
			const source = {};
			item.querySelectorAll('[data-source-field]').forEach((i) => {
				const value = i.value.trim() || null;
				source[i.dataset.sourceField] = value !== null && i.dataset.sourceField === 'credibility' ? Number(value) : value;
			});
			return source;
		}).filter((s) => Object.values(s).some((v) => v));
	}

	async _save() {
		this._clearErrors();
		this._state('saving', 'Saving…');
		try {
			const saved = this.current ?
				await this.api.update(this.current.feature.id, this._feature(), this.current.etag) :
				await this.api.create(this._feature());
			this.close();
			this._state('saved', 'Saved incident ' + saved.feature.id + '.');
			if (this.options.onSaved) { this.options.onSaved(saved.feature); }
		} catch (error) {
			this._showError(error);
		}
	}

	async _delete() {
		if (!this.current || !window.confirm('Delete this incident? It is kept in the history.')) { return; }
		try {
			await this.api.remove(this.current.feature.id, this.current.etag);
			this.close();
			this._state('saved', 'Deleted.');
			if (this.options.onDeleted) { this.options.onDeleted(); }
		} catch (error) {
			this._showError(error);
		}
	}

	_showError(error) {
		const problem = error.problem || {};
		for (const e of problem.errors || []) {
			const name = e.field.replace(/\[.*$/, '').replace(/\..*$/, '');
			const slot = this.form.querySelector('[data-error-for="' + name + '"]');
			if (slot) {
				slot.textContent = (slot.textContent ? slot.textContent + ' ' : '') + inWords(e, this.form);
				const input = this.form.querySelector('[data-field="' + name + '"]');
				if (input) { input.setAttribute('aria-invalid', 'true'); }
			}
		}
		if (problem.candidates) {
			this.picker.show(problem.candidates);
		}
		this._state('error', error.message);
		if (error.status === 409 && problem.current) {
			const reload = el('button', {type: 'button', className: 'form-reload'}, 'Load their version');
			reload.addEventListener('click', () => this.api.incident(problem.current.id).then((current) => this.open(current)));
			this.status.append(' ', reload);
		}
	}

	_clearErrors() {
		this.form.querySelectorAll('.field-error').forEach((slot) => { slot.textContent = ''; });
		this.form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
	}

	_state(state, text) {
		this.form.dataset.state = state;
		this.status.textContent = text || '';
		this.status.dataset.state = state;
	}

	// Adds an "Edit" button to an incident's popup, on its last line so the popup keeps the size Leaflet placed it at.
	// Adds Edit to the id line of a whole incident's popup content (CategoryLayers.decoratePopups), before its layout.
	decorate(node, feature) {
		const line = node.classList.contains('incident-popup') && node.querySelector('.incident-id');
		if (!feature || feature.id === undefined || !line || line.querySelector('.popup-edit')) { return; }
		const edit = el('button', {type: 'button', className: 'popup-edit'}, 'Edit');
		edit.addEventListener('click', () => {
			this.map.closePopup();
			this.api.incident(feature.id).then((current) => this.open(current), (error) => this._showError(error));
		});
		line.append(' ', edit);
	}
}

// An error as a person reads it: the field's label instead of its API name ("Location precision: is
// required", "Source 2, URL: …"), and the API name inside the message replaced by the label too.
function inWords(error, form) {
	const name = error.field.replace(/\[.*$/, '').replace(/\..*$/, '');
	const labelOf = (field) => {
		const label = form.querySelector('[data-for="' + field + '"] .field-label');
		return label ? label.textContent.replace(/\s*\(.*\)$/, '') : null;
	};
	let where = labelOf(name) || name;
	const source = /^sources\[(\d+)\](?:\.(\w+))?/.exec(error.field);
	if (source) {
		const part = SOURCE_FIELDS.find(([key]) => key === source[2]);
		where = 'Source ' + Number(source[1]) + (part ? ', ' + part[1] : ''); // the server counts sources from 1
	}
	const message = String(error.message || '').split(error.field).join(where).split(name).join(where);
	return message.startsWith(where) ? message : where + ': ' + message;
}

// What a control shows: a checkbox's state, or its trimmed text.
function controlValue(input) {
	return input.type === 'checkbox' ? input.checked : input.value.trim();
}

function round(degrees) {
	return Math.round(degrees * 1e6) / 1e6;
}

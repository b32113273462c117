/*
 * RatingFilter: "How sure we are" in the side panel (section#rating-filter): a switch that hides
 * what rests only on an unconfirmed single source (confirmed=true) and a minimum best-supported
 * Admiralty rating as two selects, source reliability (A–F) and information credibility (1–6),
 * which make minRating (e.g. B3; a scale left at "any" counts as its lowest grade, F or 6).
 * Labels and plain-language meanings come from /api/schema (setSchema); until then the grades
 * show as letters and digits. Every user change calls onChange({confirmed, minRating});
 * setValue() does not.
 */
import {el} from './dom.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const DIGITS = ['1', '2', '3', '4', '5', '6'];

export class RatingFilter {

	constructor(container, onChange) {
		this.onChange = onChange;
		this.confirmed = el('input', {type: 'checkbox', id: 'confirmed-only'});
		this.reliability = el('select', {id: 'min-reliability'});
		this.credibility = el('select', {id: 'min-credibility'});
		this._fill(this.reliability, LETTERS.map((g) => ({const: g, title: g})), 'Any source');
		this._fill(this.credibility, DIGITS.map((g) => ({const: g, title: g})), 'Any report');
		container.append(
			el('h2', {className: 'section-title'}, 'How sure we are'),
			el('label', {className: 'rating-toggle', for: 'confirmed-only'}, this.confirmed,
				' Hide unconfirmed single-source reports'),
			el('p', {className: 'field-hint'}, 'Shows only what two independent outlets report, or what a source ' +
				'rated confirmed or probably true.'),
			el('div', {className: 'date-row'},
				el('label', {className: 'date-field'}, el('span', {className: 'field-label'}, 'Source at least'),
					this.reliability),
				el('label', {className: 'date-field'}, el('span', {className: 'field-label'}, 'Report at least'),
					this.credibility)));
		const changed = () => this.onChange(this.value());
		this.confirmed.addEventListener('change', changed);
		this.reliability.addEventListener('change', changed);
		this.credibility.addEventListener('change', changed);
	}

	// The labels of the grades from the JSON Schema of an incident (its sources' reliability, credibility).
	setSchema(schema) {
		const source = schema.properties.properties.properties.sources.items.properties;
		const value = this.value();
		this._fill(this.reliability, source.reliability.oneOf.filter((o) => o.const !== null), 'Any source');
		this._fill(this.credibility, source.credibility.oneOf.filter((o) => o.const !== null), 'Any report');
		this.setValue(value);
	}

	value() {
		const r = this.reliability.value;
		const c = this.credibility.value;
		return {confirmed: this.confirmed.checked, minRating: r || c ? (r || 'F') + (c || '6') : ''};
	}

	setValue({confirmed = false, minRating = ''}) {
		this.confirmed.checked = confirmed;
		this.reliability.value = minRating && minRating[0] !== 'F' ? minRating[0] : '';
		this.credibility.value = minRating && minRating[1] !== '6' ? minRating[1] : '';
	}

	_fill(select, grades, any) {
		select.replaceChildren(el('option', {value: ''}, any),
			...grades.map((g) => el('option', {value: String(g.const), title: g.description || ''}, g.title)));
	}
}

/*
 * PlaceFilter: the country and province pickers of the side panel (select#country-filter,
 * select#province-filter), by name: provinces grouped by country, countries by their English
 * names. Choosing a country narrows the province list to it. Every user change calls
 * onChange({countries, provinces}) with code lists ([] = any); setValue() does not.
 */
import {el} from './dom.js';
import {countryName} from './countries.js';

export class PlaceFilter {

	// elements: {country, province}; onChange({countries, provinces})
	constructor(elements, onChange) {
		this.country = elements.country;
		this.province = elements.province;
		this.onChange = onChange;
		this.boundaries = [];
		this._value = {countries: [], provinces: []};
		this.country.addEventListener('change', () => {
			const countries = this.country.value ? [this.country.value] : [];
			const province = this._byCode(this.province.value);
			const provinces = province && countries.length > 0 && province.country !== countries[0] ? [] :
				this._value.provinces;
			this._value = {countries, provinces};
			this._render();
			this.onChange(this._value);
		});
		this.province.addEventListener('change', () => {
			this._value = {countries: this._value.countries, provinces: this.province.value ? [this.province.value] : []};
			this.onChange(this._value);
		});
		this._render();
	}

	// features of /api/provinces: properties {code, name, country}
	setBoundaries(features) {
		this.boundaries = features.map((f) => f.properties || {}).filter((p) => p.code)
			.map((p) => ({code: String(p.code), name: String(p.name || p.code), country: p.country || ''}));
		this._render();
	}

	// The province's name for a code (the code itself when no boundary has it).
	nameOf(code) {
		const province = this._byCode(code);
		return province ? province.name : code;
	}

	setValue({countries = [], provinces = []}) {
		this._value = {countries: [...countries], provinces: [...provinces]};
		this._render();
	}

	_byCode(code) {
		return this.boundaries.find((b) => b.code === code) || null;
	}

	_render() {
		const byName = (a, b) => a.name.localeCompare(b.name);
		const countries = [...new Set(this.boundaries.map((b) => b.country).filter(Boolean))]
			.map((code) => ({code, name: countryName(code)})).sort(byName);
		const wanted = this._value.countries;
		for (const code of wanted) { // a country in the URL that no boundary has is still shown as chosen
			if (!countries.some((c) => c.code === code)) { countries.push({code, name: countryName(code)}); }
		}
		this.country.replaceChildren(el('option', {value: ''}, 'All countries'),
			...countries.map((c) => el('option', {value: c.code}, c.name)));
		this.country.value = wanted[0] || '';

		const shown = this.boundaries.filter((b) => wanted.length === 0 || wanted.includes(b.country));
		const groups = countries.filter((c) => shown.some((b) => b.country === c.code)).map((c) =>
			el('optgroup', {label: c.name}, shown.filter((b) => b.country === c.code).sort(byName)
				.map((b) => el('option', {value: b.code}, b.name))));
		const loose = shown.filter((b) => !b.country).sort(byName).map((b) => el('option', {value: b.code}, b.name));
		const options = [el('option', {value: ''}, 'All provinces'), ...groups, ...loose];
		for (const code of this._value.provinces) {
			if (!this.boundaries.some((b) => b.code === code)) { options.push(el('option', {value: code}, code)); }
		}
		this.province.replaceChildren(...options);
		this.province.value = this._value.provinces[0] || '';
	}
}

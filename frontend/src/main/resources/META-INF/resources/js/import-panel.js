/*
 * ImportPanel: uploads a CSV or GeoJSON file to POST /api/imports and shows the report: what was
 * created, updated and left unchanged, each rejected row with its reason, and a link to the
 * rejected rows as CSV (the original columns plus an `error` column, to fix and upload again).
 *
 * div.import-report gets data-state "uploading" | "done" | "error" (tests wait on it).
 */
import {el} from './dom.js';

const SHOWN_ROWS = 50;

export class ImportPanel {

	// api: WriteApi; options: {onImported(report)} runs after an import that committed rows
	constructor(container, api, options = {}) {
		this.api = api;
		this.options = options;
		this.file = el('input', {type: 'file', id: 'import-file', accept: '.csv,.geojson,.json,text/csv,application/geo+json'});
		this.mode = el('select', {id: 'import-mode'},
			el('option', {value: 'all-or-nothing'}, 'All or nothing: any bad row imports nothing'),
			el('option', {value: 'accept-valid'}, 'Accept valid rows, report the others'));
		this.button = el('button', {type: 'button', className: 'import-upload', id: 'import-upload'}, 'Import');
		this.report = el('div', {className: 'import-report', 'aria-live': 'polite'});
		this.button.addEventListener('click', () => this.upload());
		container.append(el('h2', {className: 'section-title'}, 'Import'),
			el('label', {className: 'field-label', for: 'import-file'}, 'CSV or GeoJSON file'), this.file,
			el('label', {className: 'field-label', for: 'import-mode'}, 'Mode'), this.mode,
			this.button, this.report);
	}

	async upload() {
		const file = this.file.files[0];
		if (!file) {
			this._show('error', el('p', {}, 'Choose a file first.'));
			return;
		}
		this.button.disabled = true;
		this._show('uploading', el('p', {}, 'Importing ' + file.name + '…'));
		try {
			const report = await this.api.upload(file, this.mode.value);
			this._show('done', ...this._render(report));
			if (report.committed && this.options.onImported) { this.options.onImported(report); }
		} catch (error) {
			this._show('error', el('p', {className: 'import-error'}, error.message));
		} finally {
			this.button.disabled = false;
		}
	}

	_render(report) {
		const summary = report.committed ?
			report.created + ' created, ' + report.updated + ' updated, ' + report.unchanged + ' unchanged' +
				(report.rejected ? '; ' + report.rejected + ' rejected' : '') :
			'Nothing was imported: ' + report.rejected + ' of ' + (report.accepted + report.rejected) +
				' rows rejected (all-or-nothing). Fix them, or import with "Accept valid rows".';
		const parts = [el('p', {className: 'import-summary', dataset: {committed: String(report.committed)}}, summary)];
		if (report.rows.length) {
			parts.push(el('table', {className: 'import-rows'},
				el('thead', {}, el('tr', {}, el('th', {}, 'Row'), el('th', {}, 'Field'), el('th', {}, 'Problem'))),
				el('tbody', {}, report.rows.slice(0, SHOWN_ROWS).map((r) => el('tr', {},
					el('td', {}, String(r.row)), el('td', {}, r.field), el('td', {}, r.message))))));
			if (report.rows.length > SHOWN_ROWS || report.rowsTruncated) {
				parts.push(el('p', {}, 'More problems are listed in the CSV below.'));
			}
		}
		if (report.rejectedCsv) {
			parts.push(el('a', {className: 'import-rejected', href: report.rejectedCsv, download: ''},
				'Download the rejected rows (CSV)'));
		}
		return parts;
	}

	_show(state, ...children) {
		this.report.dataset.state = state;
		this.report.replaceChildren(...children);
	}
}

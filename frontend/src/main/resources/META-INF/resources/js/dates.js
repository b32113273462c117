/*
 * Calendar dates as the API sends them (YYYY-MM-DD strings, no time zone), and their display.
 *
 * Months are counted as integers (year * 12 + monthIndex) so the slider can step through them;
 * all arithmetic is on strings and integers, never on local-time Date objects.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(iso) {
	const [y, m, d] = iso.split('-').map(Number);
	return {y, m, d};
}

function pad(n, width = 2) {
	return String(n).padStart(width, '0');
}

// "2022-02-21" → 24265 (months since year 0)
export function monthOf(iso) {
	const {y, m} = parts(iso);
	return y * 12 + (m - 1);
}

// 24265 → "2022-02-01"
export function firstDayOfMonth(month) {
	return Math.floor(month / 12) + '-' + pad(month % 12 + 1) + '-01';
}

// 24265 → "2022-02-28"
export function lastDayOfMonth(month) {
	const y = Math.floor(month / 12);
	const m = month % 12 + 1;
	const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return y + '-' + pad(m) + '-' + pad(days);
}

// 24265 → "Feb 2022"
export function monthLabel(month) {
	return MONTHS[month % 12] + ' ' + Math.floor(month / 12);
}

// One date at its precision: day "21 Feb 2022", month "Feb 2022", year "2022".
export function formatDate(iso, precision = 'day') {
	const {y, m, d} = parts(iso);
	if (!Number.isFinite(y)) { return String(iso); }
	if (precision === 'year' || !m) { return String(y); }
	if (precision === 'month' || !d) { return MONTHS[m - 1] + ' ' + y; }
	return d + ' ' + MONTHS[m - 1] + ' ' + y;
}

// An incident's period: "Feb 2022", "2019–2023", "Mar 2021 – Sep 2022", "since Mar 2021 (ongoing)".
// endDate null means still running, unless `canRun` is false (a one-off event: just its date).
export function formatPeriod(startDate, endDate, precision = 'day', canRun = true) {
	if (!startDate) { return 'date unknown'; }
	const start = formatDate(startDate, precision);
	if (endDate === null || endDate === undefined || endDate === '') {
		return canRun ? 'since ' + start + ' (ongoing)' : start;
	}
	const end = formatDate(endDate, precision);
	if (start === end) { return start; }
	return precision === 'year' ? start + '–' + end : start + ' – ' + end;
}

// Today's date as YYYY-MM-DD in the analyst's time zone.
export function today() {
	const now = new Date();
	return now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
}

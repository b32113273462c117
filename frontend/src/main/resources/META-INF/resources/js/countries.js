/*
 * countryName: English short names for the ISO 3166-1 alpha-3 codes the data uses
 * (incident countries and victims' nationalities). Unknown codes are shown as they are.
 */
const NAMES = {
	KHM: 'Cambodia', THA: 'Thailand', LAO: 'Laos', MMR: 'Myanmar', VNM: 'Vietnam',
	MYS: 'Malaysia', SGP: 'Singapore', IDN: 'Indonesia', PHL: 'Philippines', BRN: 'Brunei',
	TLS: 'Timor-Leste', CHN: 'China', HKG: 'Hong Kong', MAC: 'Macao', TWN: 'Taiwan',
	KOR: 'South Korea', PRK: 'North Korea', JPN: 'Japan', MNG: 'Mongolia',
	IND: 'India', BGD: 'Bangladesh', PAK: 'Pakistan', NPL: 'Nepal', LKA: 'Sri Lanka',
	KAZ: 'Kazakhstan', KGZ: 'Kyrgyzstan', UZB: 'Uzbekistan', TJK: 'Tajikistan',
	KEN: 'Kenya', UGA: 'Uganda', ETH: 'Ethiopia', NGA: 'Nigeria', GHA: 'Ghana',
	TUR: 'Türkiye', RUS: 'Russia', UKR: 'Ukraine', BRA: 'Brazil', USA: 'United States',
	GBR: 'United Kingdom', AUS: 'Australia'
};

export function countryName(code) {
	if (code === null || code === undefined) { return ''; }
	const key = String(code).toUpperCase();
	return Object.prototype.hasOwnProperty.call(NAMES, key) ? NAMES[key] : String(code);
}

/*
 * csrfHeaders: the header that proves a state-changing request comes from this page.
 *
 * The server keeps the CSRF token in the XSRF-TOKEN cookie (readable by this origin's scripts only) and expects it
 * back in X-XSRF-TOKEN on every POST, PUT, PATCH and DELETE made with the session cookie.
 */
export function csrfHeaders() {
	const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
	return match ? {'X-XSRF-TOKEN': decodeURIComponent(match[1])} : {};
}

/**
 * Accounts, roles and the protection of sensitive incidents: who may see and change what, and the audit trail of
 * every change. Below analyst level every database read runs against the generalised views ({@link Visibility}).
 */
package org.incidentmapper.security;

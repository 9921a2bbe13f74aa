/**
 * Platform services every module stands on: the embedded PostgreSQL, the data directory, the audit trail, and what
 * the public JSON endpoints share (body reading and refusals, networks, stored HMAC keys, per-minute limits).
 */
package org.sanlv.platform;

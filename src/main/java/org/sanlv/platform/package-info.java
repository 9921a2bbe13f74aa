/** Platform services every module stands on: the embedded PostgreSQL, the data directory and the audit trail. */
package org.sanlv.platform;

/** Integrity flags of responses (duplicate, speeder, straight-lining, burst, late): computed on submit, re-computable, never deleting data. */
package org.sanlv.integrity;

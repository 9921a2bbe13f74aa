/** Phone fieldwork (CATI, 电话调查): the call queue, calling rules, AAPOR dispositions, do-not-call list, rates. */
package org.sanlv.fieldwork.cati;

/**
 * Organisation and jurisdiction: the area tree (province → city → county → town → village) with units, their
 * figures, user accounts with roles, and the scope rule "a user sees and changes only their node's subtree".
 */
package org.sanlv.org;

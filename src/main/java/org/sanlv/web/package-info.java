/** The web shell: security, the one scope check, language, layout, navigation and error pages. */
package org.sanlv.web;

/** The public anti-fraud knowledge quiz: its content (data, zh and en), the page, completions counted per area. */
package org.sanlv.quiz;

/**
 * The XLSForm/ODK expression language: parsed once into a tree whose references are slot indexes, then
 * evaluated many times without re-parsing. Internal to the {@code instrument} module.
 */
package org.sanlv.instrument.expr;

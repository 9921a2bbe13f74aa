// The interview engine in the interviewer's browser, for interviews without a connection: a port of the Java
// engine (instrument/expr/Parser, Expr, Values and instrument/InterviewFlow) that must decide exactly as it does.
// The Java engine stays the authority (the server re-validates every synced interview); the agreement test
// (CapiEngineAgreementBrowserTest) runs both on the same forms, answer paths and random expressions.
// Input: the JSON of GET /api/v1/capi/instruments/{id} (instrument/ClientForm). No dependencies, no build step
// (ES2015; Unicode property escapes where the browser has them).
(function (global) {
  'use strict';

  // ---- Java's character classes and string helpers ----

  // Character.isWhitespace: space separators except the non-breaking ones, line/paragraph separators, controls
  var JAVA_WS = /[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]/;
  // Unicode property classes where the browser has them (Chrome 64+); a broad approximation elsewhere
  var LETTER = unicodeClass('\\p{L}', 'A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02C1\u0370-\u03FF\u0400-\u0481'
    + '\u048A-\u052F\u3041-\u3096\u30A1-\u30FA\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF');
  var LETTER_OR_DIGIT = unicodeClass('\\p{L}\\p{Nd}', LETTER.source.slice(1, -1) + '0-9\uFF10-\uFF19');

  function unicodeClass(property, fallback) {
    try {
      return new RegExp('[' + property + ']', 'u');
    } catch (e) {
      return new RegExp('[' + fallback + ']');
    }
  }
  // Java's \s (ASCII only), for split("\\s+")
  var JAVA_SPACES = /[ \t\n\u000B\f\r]+/;

  function isWs(c) { return JAVA_WS.test(c); }

  /** String.strip(): Java whitespace at both ends. */
  function strip(s) {
    var a = 0;
    var b = s.length;
    while (a < b && isWs(s.charAt(a))) { a++; }
    while (b > a && isWs(s.charAt(b - 1))) { b--; }
    return s.substring(a, b);
  }

  /** String.trim(): characters up to U+0020 at both ends. */
  function trim(s) {
    var a = 0;
    var b = s.length;
    while (a < b && s.charCodeAt(a) <= 32) { a++; }
    while (b > a && s.charCodeAt(b - 1) <= 32) { b--; }
    return s.substring(a, b);
  }

  function isBlankString(s) {
    for (var i = 0; i < s.length; i++) {
      if (!isWs(s.charAt(i))) { return false; }
    }
    return true;
  }

  /** s.split("\\s+") with Java's rule: trailing empty strings are removed. */
  function splitSpaces(s) {
    var parts = s.split(JAVA_SPACES);
    while (parts.length > 0 && parts[parts.length - 1] === '') { parts.pop(); }
    return parts;
  }

  function codePointCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { i++; }
      }
      n++;
    }
    return n;
  }

  function isNum(v) { return typeof v === 'number'; }
  function isList(v) { return Array.isArray(v); }

  // ---- numbers as Java prints them ----

  /** Digits and exponent of the shortest representation: 1.5e-7 → {neg, digits: "15", exp: -7}. */
  function decompose(d) {
    var e = Math.abs(d).toExponential();
    var at = e.indexOf('e');
    return { neg: d < 0 || (d === 0 && 1 / d < 0), digits: e.substring(0, at).replace('.', ''),
      exp: parseInt(e.substring(at + 1), 10) };
  }

  /** BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(). */
  function plain(d) {
    var p = decompose(d);
    var digits = p.digits.replace(/0+$/, '');
    if (digits === '') { return '0'; }
    var point = p.exp + 1; // digits before the decimal point
    var s;
    if (point <= 0) {
      s = '0.' + new Array(1 - point).join('0') + digits;
    } else if (point >= digits.length) {
      s = digits + new Array(point - digits.length + 1).join('0');
    } else {
      s = digits.substring(0, point) + '.' + digits.substring(point);
    }
    return (d < 0 ? '-' : '') + s;
  }

  /** Values.numberToString: integers without ".0", others in plain notation. */
  function numberToString(d) {
    if (d !== d) { return 'NaN'; }
    if (d === Infinity) { return 'Infinity'; }
    if (d === -Infinity) { return '-Infinity'; }
    if (d === Math.round(d) && Math.abs(d) < 1e15) { return String(d + 0); }
    return plain(d);
  }

  /** Double.toString: "3.0", "0.001", "1.0E-4", "1.0E7". */
  function javaDouble(d) {
    if (d !== d) { return 'NaN'; }
    if (d === Infinity) { return 'Infinity'; }
    if (d === -Infinity) { return '-Infinity'; }
    if (d === 0) { return 1 / d < 0 ? '-0.0' : '0.0'; }
    var a = Math.abs(d);
    if (a >= 1e-3 && a < 1e7) {
      var s = plain(d);
      return s.indexOf('.') < 0 ? s + '.0' : s;
    }
    var p = decompose(d);
    var m = p.digits.charAt(0) + '.' + (p.digits.length > 1 ? p.digits.substring(1) : '0');
    return (p.neg ? '-' : '') + m + 'E' + p.exp;
  }

  /** String.valueOf(Object) of a value read from JSON, for problem arguments and calculated defaults. */
  function javaValueOf(v) {
    if (v === null || v === undefined) { return 'null'; }
    if (typeof v === 'string') { return v; }
    if (typeof v === 'boolean') { return v ? 'true' : 'false'; }
    if (isNum(v)) { return Number.isInteger(v) && Math.abs(v) < 9.2e18 ? String(v + 0) : javaDouble(v); }
    if (isList(v)) { return '[' + v.map(javaValueOf).join(', ') + ']'; }
    return '{' + Object.keys(v).map(function (k) { return k + '=' + javaValueOf(v[k]); }).join(', ') + '}';
  }

  // ---- Values: XPath 1.0 conversions (null, number, string, boolean, list of codes) ----

  function toBoolean(v) {
    if (v === null || v === undefined) { return false; }
    if (typeof v === 'boolean') { return v; }
    if (isNum(v)) { return v !== 0 && v === v; }
    if (typeof v === 'string') { return v.length > 0; }
    if (isList(v)) { return v.length > 0; }
    return true;
  }

  function toNumber(v) {
    if (isNum(v)) { return v; }
    if (v === null || v === undefined) { return NaN; }
    if (typeof v === 'boolean') { return v ? 1 : 0; }
    if (typeof v === 'string') { return parseNumber(v); }
    if (isList(v)) { return v.length === 1 ? parseNumber(String(v[0])) : NaN; }
    return NaN;
  }

  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  /** Days since 1970-01-01 of a valid ISO date, or NaN (LocalDate.parse, strict). */
  function dateToDays(s) {
    var m = ISO_DATE.exec(s);
    if (!m || !validDate(+m[1], +m[2], +m[3])) { return NaN; }
    var t = new Date(0);
    t.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
    return Math.round(t.getTime() / 86400000);
  }

  function validDate(y, mo, d) {
    if (mo < 1 || mo > 12 || d < 1) { return false; }
    var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
    return d <= days;
  }

  /** XPath number syntax (optional minus, digits, optional fraction) plus ISO dates as days since 1970. */
  function parseNumber(raw) {
    var s = strip(raw);
    var n = s.length;
    if (n === 0 || n > 40) { return NaN; }
    if (n === 10 && s.charAt(4) === '-' && s.charAt(7) === '-') { return dateToDays(s); }
    var i = s.charAt(0) === '-' ? 1 : 0;
    var digits = false;
    var dot = false;
    for (; i < n; i++) {
      var c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c === '.' && !dot) {
        dot = true;
      } else {
        return NaN;
      }
    }
    return digits ? parseFloat(s) : NaN;
  }

  function toStr(v) {
    if (v === null || v === undefined) { return ''; }
    if (typeof v === 'string') { return v; }
    if (isNum(v)) { return numberToString(v); }
    if (typeof v === 'boolean') { return v ? 'true' : 'false'; }
    if (isList(v)) {
      if (v.length === 1) { return javaValueOf(v[0]); }
      return v.map(javaValueOf).join(' ');
    }
    return javaValueOf(v);
  }

  function isEmpty(v) {
    return v === null || v === undefined || v === '' || (isList(v) && v.length === 0);
  }

  function selected(v, code) {
    if (isList(v)) {
      for (var i = 0; i < v.length; i++) {
        if (v[i] === code) { return true; }
      }
      return false;
    }
    if (v === null || v === undefined) { return false; }
    var s = toStr(v);
    if (s === code) { return true; }
    if (s.indexOf(' ') < 0) { return false; }
    var parts = splitSpaces(trim(s));
    for (var k = 0; k < parts.length; k++) {
      if (parts[k] === code) { return true; }
    }
    return false;
  }

  function countSelected(v) {
    if (isList(v)) { return v.length; }
    var s = trim(toStr(v));
    return s === '' ? 0 : splitSpaces(s).length;
  }

  function selectedAt(v, index) {
    if (index !== index || index < 0) { return ''; }
    var i = Math.min(Math.trunc(index), 2147483647);
    if (isList(v)) { return i < v.length ? javaValueOf(v[i]) : ''; }
    var s = trim(toStr(v));
    if (s === '') { return ''; }
    var parts = splitSpaces(s);
    return i < parts.length ? parts[i] : '';
  }

  // ---- the expression language: lexer and parser (instrument/expr/Parser.java) ----

  var MAX_LENGTH = 4000;
  var MAX_DEPTH = 100;
  var OPERATOR_WORDS = ['and', 'or', 'div', 'mod'];
  var FUNCTIONS = ['not', 'true', 'false', 'selected', 'count-selected', 'count-selected-of', 'selected-at', 'if',
    'coalesce', 'string-length', 'regex', 'int', 'number', 'string', 'concat', 'today'];

  function SyntaxError_(message) { this.message = message; }

  function isDigit(c) { return c >= '0' && c <= '9'; }
  function isNameChar(c) { return LETTER_OR_DIGIT.test(c) || c === '_' || c === '-' || c === '.'; }
  function isName(s) {
    if (s === '' || !(LETTER.test(s.charAt(0)) || s.charAt(0) === '_')) { return false; }
    for (var i = 1; i < s.length; i++) {
      if (!isNameChar(s.charAt(i))) { return false; }
    }
    return true;
  }

  function printable(c) {
    var code = c.charCodeAt(0);
    return (code < 32 || (code >= 0x7f && code <= 0x9f)) ? '\\u' + ('000' + code.toString(16)).slice(-4) : c;
  }

  function operatorWord(name) {
    for (var k = 0; k < OPERATOR_WORDS.length; k++) {
      var w = OPERATOR_WORDS[k];
      if (name.indexOf(w) === 0 && (name.length === w.length || name.charAt(w.length) === '-'
          || name.charAt(w.length) === '.')) {
        return w;
      }
    }
    return null;
  }

  function lex(text) {
    var tokens = [];
    var i = 0;
    var n = text.length;
    function afterOperand() {
      if (tokens.length === 0) { return false; }
      var k = tokens[tokens.length - 1].kind;
      return k === 'NUMBER' || k === 'STRING' || k === 'REF' || k === 'DOT' || k === 'RPAREN' || k === 'NAME';
    }
    while (i < n) {
      var c = text.charAt(i);
      if (isWs(c)) {
        i++;
      } else if (c === '$') {
        if (i + 1 >= n || text.charAt(i + 1) !== '{') {
          throw new SyntaxError_("'$' must start a reference like ${name} (character " + (i + 1) + ')');
        }
        var close = text.indexOf('}', i + 2);
        if (close < 0) { throw new SyntaxError_('reference at character ' + (i + 1) + " has no closing '}'"); }
        var name = strip(text.substring(i + 2, close));
        if (name === '' || !isName(name)) {
          throw new SyntaxError_("'${" + name + "}' is not a valid question name");
        }
        tokens.push({ kind: 'REF', text: name, pos: i });
        i = close + 1;
      } else if (c === "'" || c === '"') {
        var end = text.indexOf(c, i + 1);
        if (end < 0) { throw new SyntaxError_('text starting at character ' + (i + 1) + ' has no closing ' + c); }
        tokens.push({ kind: 'STRING', text: text.substring(i + 1, end), pos: i });
        i = end + 1;
      } else if (isDigit(c) || (c === '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
        var start = i;
        while (i < n && isDigit(text.charAt(i))) { i++; }
        if (i < n && text.charAt(i) === '.') {
          i++;
          while (i < n && isDigit(text.charAt(i))) { i++; }
        }
        tokens.push({ kind: 'NUMBER', text: text.substring(start, i), pos: start });
      } else if (c === '.') {
        tokens.push({ kind: 'DOT', text: '.', pos: i });
        i++;
      } else if (c === '(' || c === ')' || c === ',') {
        tokens.push({ kind: c === '(' ? 'LPAREN' : c === ')' ? 'RPAREN' : 'COMMA', text: c, pos: i });
        i++;
      } else if (c === '!' || c === '<' || c === '>') {
        if (i + 1 < n && text.charAt(i + 1) === '=') {
          tokens.push({ kind: 'OP', text: c + '=', pos: i });
          i += 2;
        } else if (c === '!') {
          throw new SyntaxError_("'!' must be followed by '=' (character " + (i + 1) + '); use not() to negate');
        } else {
          tokens.push({ kind: 'OP', text: c, pos: i });
          i++;
        }
      } else if (c === '=' || c === '+' || c === '-' || c === '*') {
        tokens.push({ kind: 'OP', text: c, pos: i });
        i++;
      } else if (LETTER.test(c) || c === '_') {
        var from = i;
        while (i < n && isNameChar(text.charAt(i))) { i++; }
        var word = text.substring(from, i);
        var op = afterOperand() ? operatorWord(word) : null;
        if (op !== null) {
          // XPath 1.0 §3.7: after a value a name is an operator, whatever follows ("and (", "div-1")
          tokens.push({ kind: 'OP', text: op, pos: from });
          i = from + op.length;
        } else {
          tokens.push({ kind: 'NAME', text: word, pos: from });
        }
      } else {
        throw new SyntaxError_("unexpected character '" + printable(c) + "' at character " + (i + 1));
      }
    }
    tokens.push({ kind: 'EOF', text: 'end of expression', pos: n });
    return tokens;
  }

  // expression nodes: {k: kind, t: static type, d: depth, ...}
  function node(k, t, children, extra) {
    var d = 0;
    for (var i = 0; i < children.length; i++) { d = Math.max(d, children[i].d); }
    var e = { k: k, t: t, d: d + 1, c: children };
    if (extra) {
      for (var key in extra) {
        if (Object.prototype.hasOwnProperty.call(extra, key)) { e[key] = extra[key]; }
      }
    }
    return e;
  }
  function literal(v, t) { return node('lit', t, [], { v: v }); }

  function selectable(t) { return t === 'CODES' || t === 'CODE' || t === 'STRING' || t === 'ANY'; }

  function kindOf(e) {
    if (e.k === 'lit' && typeof e.v === 'string') { return 'expr.kind.literal'; }
    switch (e.t) {
      case 'BOOLEAN': return 'expr.kind.boolean';
      case 'CODES': return 'expr.kind.multiple';
      case 'NUMBER': return 'expr.kind.number';
      case 'DATE': return 'expr.kind.date';
      case 'CODE': return 'expr.kind.single';
      default: return 'expr.kind.text';
    }
  }

  function describe(e) {
    if (e.k === 'lit' && typeof e.v === 'string') { return "the text '" + e.v + "'"; }
    switch (e.t) {
      case 'BOOLEAN': return 'a true/false value';
      case 'CODES': return 'a select_multiple answer';
      case 'NUMBER': return 'a number';
      case 'DATE': return 'a date';
      case 'CODE': return 'a select_one answer';
      default: return 'a text value';
    }
  }

  /**
   * Compiles an expression against a scope {question(name) → {slot, type} | {problem} | null, current: type|null,
   * choiceColumn(name) → index, choiceColumnsAllowed: bool}. Returns {expr, references, problems}; expr is null
   * when there are problems. Never throws.
   */
  function compile(text, scope, options) {
    // lenientRegex: for forms the Java compiler accepted, a pattern JavaScript cannot read never blocks an answer
    var lenientRegex = !!(options && options.lenientRegex);
    if (text === null || text === undefined || isBlankString(String(text))) {
      return { expr: null, references: [], problems: [{ syntax: true, message: 'is empty' }] };
    }
    if (text.length > MAX_LENGTH) {
      return { expr: null, references: [],
        problems: [{ syntax: true, message: 'is longer than ' + MAX_LENGTH + ' characters' }] };
    }
    var tokens;
    var index = 0;
    var nesting = 0;
    var problems = [];
    var references = [];

    function meaning(message, key) { problems.push({ syntax: false, message: message, key: key || null }); }
    function peek() { return tokens[index]; }
    function next() { return tokens[index++]; }
    function atOp(op) { var t = peek(); return t.kind === 'OP' && t.text === op; }
    function error(message, at) { return new SyntaxError_(message + ' at character ' + (at.pos + 1)); }
    function tooDeep() { return new SyntaxError_('is nested too deeply (more than ' + MAX_DEPTH + ' levels)'); }
    function enter() { if (++nesting > MAX_DEPTH) { throw tooDeep(); } }
    function checkDepth(e) { if (e.d > MAX_DEPTH) { throw tooDeep(); } return e; }

    function checkArithmetic(e, op) {
      if (e.t === 'BOOLEAN' || e.t === 'CODES' || (e.k === 'lit' && typeof e.v === 'string' && parseNumber(e.v) !== parseNumber(e.v))) {
        meaning('cannot use ' + describe(e) + " in arithmetic ('" + op + "')"
          + (e.t === 'CODES' ? '; use count-selected() for a select_multiple' : ''),
          e.t === 'CODES' ? 'expr.arithmeticMultiple' : 'expr.arithmetic');
      }
    }
    function checkComparable(a, b, op) {
      if ((a.t === 'CODES' && b.t === 'NUMBER') || (b.t === 'CODES' && a.t === 'NUMBER')) {
        meaning("compares a select_multiple answer with a number ('" + op.text + "'); use selected() or count-selected()",
          'expr.compareMultiple');
      }
    }
    function checkSelectable(fn, e) {
      if (!selectable(e.t)) { meaning(fn + '() needs a select question but was given ' + describe(e), 'expr.needsSelect'); }
    }
    function checkCode(fn, e) {
      if (e.t === 'BOOLEAN' || e.t === 'CODES') {
        meaning(fn + '() needs a choice code but was given ' + describe(e), 'expr.needsCode');
      }
    }
    function arity(name, args, min, max) {
      if (args.length >= min && args.length <= max) { return true; }
      var plural = function (k) { return k + (k === 1 ? ' argument' : ' arguments'); };
      var expected = min === max ? plural(min) : max === Infinity ? 'at least ' + plural(min)
        : min + ' to ' + max + ' arguments';
      meaning(name + '() takes ' + expected + ', not ' + args.length, 'expr.arity');
      return false;
    }

    function orExpr() {
      var left = andExpr();
      while (atOp('or')) { next(); left = checkDepth(node('or', 'BOOLEAN', [left, andExpr()])); }
      return left;
    }
    function andExpr() {
      var left = equality();
      while (atOp('and')) { next(); left = checkDepth(node('and', 'BOOLEAN', [left, equality()])); }
      return left;
    }
    function compareNode(op, a, b) {
      return node('cmp', 'BOOLEAN', [a, b], { op: op, numeric: a.t === 'NUMBER' && b.t === 'NUMBER' });
    }
    function equality() {
      var left = relational();
      while (atOp('=') || atOp('!=')) {
        var op = next();
        var right = relational();
        checkComparable(left, right, op);
        left = checkDepth(compareNode(op.text, left, right));
      }
      return left;
    }
    function relational() {
      var left = additive();
      while (atOp('<') || atOp('<=') || atOp('>') || atOp('>=')) {
        var op = next();
        var right = additive();
        checkComparable(left, right, op);
        left = checkDepth(compareNode(op.text, left, right));
      }
      return left;
    }
    function additive() {
      var left = multiplicative();
      while (atOp('+') || atOp('-')) {
        var op = next();
        var right = multiplicative();
        checkArithmetic(left, op.text);
        checkArithmetic(right, op.text);
        left = checkDepth(node('arith', 'NUMBER', [left, right], { op: op.text }));
      }
      return left;
    }
    function multiplicative() {
      var left = unary();
      while (atOp('*') || atOp('div') || atOp('mod')) {
        var op = next();
        var right = unary();
        checkArithmetic(left, op.text);
        checkArithmetic(right, op.text);
        left = checkDepth(node('arith', 'NUMBER', [left, right], { op: op.text }));
      }
      return left;
    }
    function unary() {
      if (atOp('-')) {
        next();
        enter();
        var operand = unary();
        nesting--;
        checkArithmetic(operand, '-');
        return checkDepth(node('neg', 'NUMBER', [operand]));
      }
      return primary();
    }
    function primary() {
      var t = next();
      switch (t.kind) {
        case 'NUMBER':
          return literal(parseFloat(t.text), 'NUMBER');
        case 'STRING':
          return literal(t.text, 'STRING');
        case 'REF':
          return reference(t);
        case 'DOT':
          if (scope.current === null || scope.current === undefined) {
            meaning("uses '.' (the current answer), which only a constraint may use", 'expr.dotOutsideConstraint');
            return literal(null, 'ANY');
          }
          return node('dot', scope.current, []);
        case 'LPAREN': {
          enter();
          var inner = orExpr();
          nesting--;
          if (peek().kind !== 'RPAREN') { throw error("expected ')' but found '" + peek().text + "'", peek()); }
          next();
          return inner;
        }
        case 'NAME':
          if (peek().kind === 'LPAREN') { return call(t); }
          return choiceColumn(t);
        case 'EOF':
          throw error('expected a value but the expression ended', t);
        default:
          throw error("expected a value but found '" + t.text + "'", t);
      }
    }
    function reference(t) {
      var b = scope.question(t.text);
      if (b === null || b === undefined) {
        problems.push({ syntax: false, message: 'refers to ${' + t.text + '}, which does not exist' });
        return literal(null, 'ANY');
      }
      if (b.problem) {
        problems.push({ syntax: false, message: 'refers to ${' + t.text + '}, ' + b.problem });
        return literal(null, 'ANY');
      }
      if (references.indexOf(b.slot) < 0) { references.push(b.slot); }
      return node('ref', b.type, [], { slot: b.slot });
    }
    function choiceColumn(t) {
      if (!scope.choiceColumnsAllowed) {
        meaning("uses the bare name '" + t.text + "'; refer to a question as ${" + t.text + '}', 'expr.bareName');
        return literal(null, 'ANY');
      }
      var col = scope.choiceColumn(t.text);
      if (col < 0) {
        meaning("uses the choices column '" + t.text + "', which the choice list does not have", 'expr.unknownChoiceColumn');
        return literal(null, 'ANY');
      }
      return node('col', 'STRING', [], { col: col });
    }
    function call(nameToken) {
      var name = nameToken.text;
      next();
      enter();
      var args = [];
      if (peek().kind !== 'RPAREN') {
        args.push(orExpr());
        while (peek().kind === 'COMMA') {
          next();
          args.push(orExpr());
        }
      }
      if (peek().kind !== 'RPAREN') {
        throw error("expected ',' or ')' in " + name + "() but found '" + peek().text + "'", peek());
      }
      next();
      nesting--;
      return checkDepth(fn(name, args));
    }
    function fn(name, args) {
      switch (name) {
        case 'true':
        case 'false':
          if (!arity(name, args, 0, 0)) { break; }
          return literal(name === 'true', 'BOOLEAN');
        case 'not':
          if (!arity(name, args, 1, 1)) { break; }
          return node('not', 'BOOLEAN', args);
        case 'selected':
          if (!arity(name, args, 2, 2)) { break; }
          checkSelectable(name, args[0]);
          checkCode(name, args[1]);
          return node('selected', 'BOOLEAN', args);
        case 'count-selected':
          if (!arity(name, args, 1, 1)) { break; }
          checkSelectable(name, args[0]);
          return node('count-selected', 'NUMBER', args);
        case 'count-selected-of':
          if (!arity(name, args, 2, Infinity)) { break; }
          checkSelectable(name, args[0]);
          for (var i = 1; i < args.length; i++) { checkCode(name, args[i]); }
          return node('count-selected-of', 'NUMBER', args);
        case 'selected-at':
          if (!arity(name, args, 2, 2)) { break; }
          checkSelectable(name, args[0]);
          checkArithmetic(args[1], 'selected-at()');
          return node('selected-at', 'STRING', args);
        case 'if':
          if (!arity(name, args, 3, 3)) { break; }
          return node('if', args[1].t === args[2].t ? args[1].t : 'ANY', args);
        case 'coalesce': {
          if (!arity(name, args, 2, Infinity)) { break; }
          var t = args[0].t;
          for (var k = 0; k < args.length; k++) {
            if (args[k].t !== t) { t = 'ANY'; }
          }
          return node('coalesce', t, args);
        }
        case 'string-length':
          if (!arity(name, args, 1, 1)) { break; }
          return node('string-length', 'NUMBER', args);
        case 'regex': {
          if (!arity(name, args, 2, 2)) { break; }
          var lit = args[1];
          if (lit.k !== 'lit' || typeof lit.v !== 'string') {
            meaning('regex() needs its pattern written as a quoted text literal', 'expr.regexLiteral');
            break;
          }
          if (lit.v.length > 500) {
            meaning('regex() pattern is longer than 500 characters', 'expr.regexTooLong');
            break;
          }
          var re = regExp(lit.v);
          if (re === null && lenientRegex) {
            return node('regex', 'BOOLEAN', args, { re: null });
          }
          if (re === null) {
            meaning("regex() pattern '" + lit.v + "' is not a valid regular expression", 'expr.regexInvalid');
            break;
          }
          return node('regex', 'BOOLEAN', args, { re: re });
        }
        case 'int':
          if (!arity(name, args, 1, 1)) { break; }
          checkArithmetic(args[0], 'int()');
          return node('int', 'NUMBER', args);
        case 'number':
          if (!arity(name, args, 1, 1)) { break; }
          return node('number', 'NUMBER', args);
        case 'string':
          if (!arity(name, args, 1, 1)) { break; }
          return node('string', 'STRING', args);
        case 'concat':
          if (!arity(name, args, 1, Infinity)) { break; }
          return node('concat', 'STRING', args);
        case 'today':
          if (!arity(name, args, 0, 0)) { break; }
          return node('today', 'DATE', []);
        default:
          meaning('uses the unknown function ' + name + '()', 'expr.unknownFunction');
          break;
      }
      return literal(null, 'ANY');
    }

    var expr;
    try {
      tokens = lex(String(text));
      expr = orExpr();
      if (peek().kind !== 'EOF') { throw error("unexpected '" + peek().text + "'", peek()); }
      if (expr.d > MAX_DEPTH) { throw tooDeep(); }
    } catch (e) {
      if (e instanceof SyntaxError_) {
        return { expr: null, references: [], problems: [{ syntax: true, message: e.message }] };
      }
      throw e;
    }
    if (problems.length > 0) { return { expr: null, references: references, problems: problems }; }
    return { expr: expr, references: references, problems: [] };
  }

  /**
   * Java's Pattern as near as JavaScript has it: leading inline flags ((?i), (?s), (?m)) become RegExp flags, \A and
   * \z anchors become ^ and $; Unicode mode when the pattern allows, else the plain one. Null when JavaScript cannot
   * read the pattern (e.g. (?x) comments, possessive quantifiers).
   */
  function regExp(p) {
    var flags = '';
    var m = /^\(\?([imsux]+)\)/.exec(p);
    if (m) {
      if (m[1].indexOf('x') >= 0) { return null; }
      p = p.substring(m[0].length);
      flags = m[1].replace(/[ux]/g, '');
    }
    p = p.replace(/(^|[^\\])\\A/g, '$1^').replace(/(^|[^\\])\\[zZ]/g, '$1$$');
    try {
      return new RegExp(p, flags + 'u');
    } catch (e) {
      try {
        return new RegExp(p, flags);
      } catch (e2) {
        return null;
      }
    }
  }

  // ---- evaluation (instrument/expr/Expr.java) ----

  /** env: {slots: [], dot, choiceRow, today: 'yyyy-MM-dd'} */
  function evaluate(e, env) {
    var c = e.c;
    switch (e.k) {
      case 'lit': return e.v;
      case 'ref': { var v = env.slots[e.slot]; return v === undefined ? null : v; }
      case 'dot': return env.dot === undefined ? null : env.dot;
      case 'col': {
        var row = env.choiceRow;
        return row === null || row === undefined || e.col >= row.length ? null : (row[e.col] === undefined ? null : row[e.col]);
      }
      case 'arith': {
        var x = toNumber(evaluate(c[0], env));
        var y = toNumber(evaluate(c[1], env));
        switch (e.op) {
          case '+': return x + y;
          case '-': return x - y;
          case '*': return x * y;
          case 'div': return x / y;
          default: return x % y;
        }
      }
      case 'neg': return -toNumber(evaluate(c[0], env));
      case 'cmp': return compare(e, env);
      case 'and': return test(c[0], env) && test(c[1], env);
      case 'or': return test(c[0], env) || test(c[1], env);
      case 'not': return !test(c[0], env);
      case 'selected': return selected(evaluate(c[0], env), toStr(evaluate(c[1], env)));
      case 'count-selected': return countSelected(evaluate(c[0], env));
      case 'count-selected-of': {
        var a = evaluate(c[0], env);
        var n = 0;
        for (var i = 1; i < c.length; i++) {
          if (selected(a, toStr(evaluate(c[i], env)))) { n++; }
        }
        return n;
      }
      case 'selected-at': return selectedAt(evaluate(c[0], env), toNumber(evaluate(c[1], env)));
      case 'if': return test(c[0], env) ? evaluate(c[1], env) : evaluate(c[2], env);
      case 'coalesce': {
        var last = null;
        for (var k = 0; k < c.length; k++) {
          last = evaluate(c[k], env);
          if (!isEmpty(last)) { return last; }
        }
        return last;
      }
      case 'string-length': return codePointCount(toStr(evaluate(c[0], env)));
      case 'regex': {
        var s = toStr(evaluate(c[0], env));
        if (s.length > 10000) { return false; }
        if (e.re === null) { return true; } // unreadable here: the server's check decides
        try {
          return e.re.test(s);
        } catch (err) {
          return false;
        }
      }
      case 'int': {
        var d = toNumber(evaluate(c[0], env));
        return d !== d || d === Infinity || d === -Infinity ? d : (d < 0 ? Math.ceil(d) : Math.floor(d));
      }
      case 'number': return toNumber(evaluate(c[0], env));
      case 'string': return toStr(evaluate(c[0], env));
      case 'concat': {
        var out = '';
        for (var j = 0; j < c.length; j++) { out += toStr(evaluate(c[j], env)); }
        return out;
      }
      case 'today': return env.today;
      default: throw new Error('unknown expression node ' + e.k);
    }
  }

  function test(e, env) { return toBoolean(evaluate(e, env)); }

  function compareNumbers(op, x, y) {
    switch (op) {
      case '=': return x === y;
      case '!=': return x !== y;
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      default: return x >= y;
    }
  }

  function compare(e, env) {
    var op = e.op;
    if (e.numeric) {
      return compareNumbers(op, toNumber(evaluate(e.c[0], env)), toNumber(evaluate(e.c[1], env)));
    }
    var x = evaluate(e.c[0], env);
    var y = evaluate(e.c[1], env);
    if (op === '=' || op === '!=') {
      var eq;
      if (typeof x === 'boolean' || typeof y === 'boolean') {
        eq = toBoolean(x) === toBoolean(y);
      } else if (isNum(x) || isNum(y)) {
        var dx = toNumber(x);
        var dy = toNumber(y);
        return op === '=' ? dx === dy : dx !== dy;
      } else {
        eq = toStr(x) === toStr(y);
      }
      return op === '=' ? eq : !eq;
    }
    var nx = toNumber(x);
    var ny = toNumber(y);
    if ((nx !== nx || ny !== ny) && typeof x === 'string' && typeof y === 'string' && x !== '' && y !== '') {
      // non-numeric strings: compare as text, so ISO dates and times order correctly
      var cmp = x < y ? -1 : x > y ? 1 : 0;
      switch (op) {
        case '<': return cmp < 0;
        case '<=': return cmp <= 0;
        case '>': return cmp > 0;
        default: return cmp >= 0;
      }
    }
    return compareNumbers(op, nx, ny);
  }

  // ---- the interview flow (instrument/InterviewFlow.java) ----

  var BAD = { bad: true };
  var DECIMAL = /^[-+]?(\d{1,15}(\.\d{0,15})?|\.\d{1,15})$/;
  var INTEGER = /^[-+]?\d{1,15}$/;
  var LONG_LIMIT = 9223372036854775807;

  var P = {
    UNKNOWN_QUESTION: 'answer.unknown-question', NOT_ANSWERABLE: 'answer.not-answerable',
    NOT_INTEGER: 'answer.not-integer', NOT_NUMBER: 'answer.not-number', NOT_DATE: 'answer.not-date',
    WRONG_SHAPE: 'answer.wrong-shape', UNKNOWN_CHOICE: 'answer.unknown-choice',
    DUPLICATE_CHOICE: 'answer.duplicate-choice', FILTERED_CHOICE: 'answer.filtered-choice',
    REQUIRED: 'answer.required', CONSTRAINT: 'answer.constraint', NOT_RELEVANT: 'answer.not-relevant'
  };

  function answerable(type) {
    return type !== 'note' && type !== 'calculate' && type !== 'begin_group' && type !== 'end_group';
  }
  function shown(n) { return answerable(n.type) || n.type === 'note'; }

  function valueType(type) {
    switch (type) {
      case 'integer': case 'decimal': return 'NUMBER';
      case 'select_one': return 'CODE';
      case 'select_multiple': return 'CODES';
      case 'date': return 'DATE';
      case 'text': return 'STRING';
      default: return 'ANY';
    }
  }

  function isBlank(v) {
    return v === null || v === undefined || (typeof v === 'string' && isBlankString(v)) || (isList(v) && v.length === 0);
  }

  function abbreviate(raw) {
    var s = javaValueOf(raw);
    return s.length <= 100 ? s : s.substring(0, 97) + '...';
  }

  function localToday() {
    var d = new Date();
    return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
  }

  function pick(texts, lang) {
    if (!texts) { return ''; }
    if (Object.prototype.hasOwnProperty.call(texts, lang)) { return texts[lang]; }
    var keys = Object.keys(texts);
    return keys.length ? texts[keys[0]] : '';
  }

  /**
   * The flow of one compiled instrument. options: {lang: 'zh'|'en', today: 'yyyy-MM-dd'}. Answers are plain
   * objects from question name to value (string, number, list of codes) as the Java engine takes them.
   */
  function flow(form, options) {
    var opts = options || {};
    var lang = opts.lang || 'zh';
    var today = opts.today || localToday();
    var messages = (form.messages && (form.messages[lang] || form.messages.zh)) || {};
    var nodes = [];
    var index = {};
    var rows = form.rows;
    var i;
    for (i = 0; i < rows.length; i++) {
      var r = rows[i];
      var n = { slot: i, row: r, name: r.name, type: r.type, parent: r.parent, terminator: r.terminator,
        terminates: !!r.terminates, vt: valueType(r.type), choices: r.choices || [], choiceIndex: {},
        requiredAlways: !!r.requiredAlways };
      for (var c = 0; c < n.choices.length; c++) {
        if (!Object.prototype.hasOwnProperty.call(n.choiceIndex, n.choices[c].name)) {
          n.choiceIndex[n.choices[c].name] = c;
        }
      }
      nodes.push(n);
      if (r.type !== 'end_group' && !Object.prototype.hasOwnProperty.call(index, r.name)) { index[r.name] = i; }
    }
    var order = form.order;

    function scopeFor(n, dot, choicesOf) {
      var columns = choicesOf ? (choicesOf.row.choiceColumns || []) : [];
      return {
        question: function (name) {
          if (!Object.prototype.hasOwnProperty.call(index, name)) { return null; }
          var target = nodes[index[name]];
          if (target.type === 'note') { return { problem: 'which is a note and has no value' }; }
          if (target.type === 'begin_group') { return { problem: 'which is a group and has no value' }; }
          return { slot: target.slot, type: target.vt };
        },
        current: dot,
        choiceColumnsAllowed: !!choicesOf,
        choiceColumn: function (name) { return columns.indexOf(name); }
      };
    }
    function expression(n, text, dot, choicesOf) {
      if (text === null || text === undefined || text === '') { return null; }
      var compiled = compile(text, scopeFor(n, dot, choicesOf), { lenientRegex: true });
      if (compiled.problems.length) {
        throw new Error('the form ' + form.formId + ' does not compile in the client at ' + n.name + ': '
          + text + ': ' + compiled.problems.map(function (p) { return p.message; }).join('; '));
      }
      return compiled.expr;
    }
    for (i = 0; i < nodes.length; i++) {
      var nd = nodes[i];
      var row = nd.row;
      if (nd.type === 'end_group') { continue; }
      nd.relevant = expression(nd, row.relevant, null, null);
      nd.calculation = expression(nd, row.calculation, null, null);
      nd.constraint = expression(nd, row.constraint, nd.vt, null);
      nd.choiceFilter = expression(nd, row.choiceFilter, null, nd);
      nd.requiredIf = expression(nd, row.requiredIf, null, null);
    }

    function slotOf(name) {
      if (!Object.prototype.hasOwnProperty.call(index, name)) {
        throw new Error("no question named '" + name + "' in " + form.formId);
      }
      return index[name];
    }

    function problem(code, question, args, formMessage) {
      var fm = formMessage || {};
      var text = pick(fm, lang) || messages[code] || code;
      return { code: code, question: question, args: args || [], formMessage: fm, message: text };
    }

    // -- coercion of a raw answer into its slot value --

    function coerce(n, raw, problems) {
      if (isBlank(raw)) { return null; }
      var value = BAD;
      var code = null;
      switch (n.type) {
        case 'integer': value = integer(raw); code = P.NOT_INTEGER; break;
        case 'decimal': value = decimal(raw); code = P.NOT_NUMBER; break;
        case 'date': value = date(raw); code = P.NOT_DATE; break;
        case 'text': value = typeof raw === 'string' ? raw : BAD; code = P.WRONG_SHAPE; break;
        case 'select_one': value = codeOf(raw); code = P.WRONG_SHAPE; break;
        case 'select_multiple': return codes(n, raw, problems);
        default: code = P.NOT_ANSWERABLE;
      }
      if (value === BAD && problems) { problems.push(problem(code, n.name, [abbreviate(raw)])); }
      return value;
    }
    function integer(raw) {
      if (isNum(raw)) {
        // JSON integers arrive as Java Integer/Long (any size a long holds), fractions as Double
        return Number.isInteger(raw) && Math.abs(raw) < LONG_LIMIT ? raw + 0 : BAD;
      }
      if (typeof raw === 'string' && INTEGER.test(strip(raw))) { return parseInt(strip(raw).replace('+', ''), 10) + 0; }
      return BAD;
    }
    function decimal(raw) {
      if (isNum(raw)) { return isFinite(raw) ? raw : BAD; }
      if (typeof raw === 'string' && DECIMAL.test(strip(raw))) { return parseFloat(strip(raw)); }
      return BAD;
    }
    function date(raw) {
      if (typeof raw === 'string') {
        var s = strip(raw);
        if (s.length === 10) { return dateToDays(s) === dateToDays(s) ? s : BAD; }
      }
      return BAD;
    }
    function codeOf(raw) {
      if (typeof raw === 'string') {
        var c = strip(raw);
        return c === '' || c.indexOf(' ') >= 0 ? BAD : c;
      }
      if (isNum(raw) && Number.isInteger(raw) && Math.abs(raw) < LONG_LIMIT) { return String(raw + 0); }
      return BAD;
    }
    function codes(n, raw, problems) {
      var list;
      if (isList(raw)) {
        list = raw.slice();
      } else if (typeof raw === 'string') {
        list = splitSpaces(strip(raw));
      } else {
        if (problems) { problems.push(problem(P.WRONG_SHAPE, n.name, [abbreviate(raw)])); }
        return BAD;
      }
      for (var k = 0; k < list.length; k++) {
        if (typeof list[k] !== 'string') {
          var s = codeOf(list[k]);
          if (s === BAD) {
            if (problems) { problems.push(problem(P.WRONG_SHAPE, n.name, [abbreviate(raw)])); }
            return BAD;
          }
          list[k] = s;
        }
      }
      for (var a = 0; a < list.length; a++) {
        for (var b = a + 1; b < list.length; b++) {
          if (list[a] === list[b]) {
            if (problems) { problems.push(problem(P.DUPLICATE_CHOICE, n.name, [list[a]])); }
            return BAD;
          }
        }
      }
      return list;
    }

    /** A calculated default as the text an answer would be: 3.0 → "3". */
    function defaultAnswer(v) {
      if (isNum(v) && v === v && isFinite(v) && v === Math.round(v) && Math.abs(v) < 1e15) { return String(v + 0); }
      if (v === null || v === undefined) { return null; }
      if (isNum(v) && v !== v) { return null; }
      return isNum(v) ? javaDouble(v) : javaValueOf(v);
    }

    // -- one evaluation of an answer set: slots, relevance, calculations --

    function run(answers, problems) {
      var size = nodes.length;
      var st = { slots: new Array(size), relevant: new Array(size), bad: null,
        env: { slots: null, dot: null, choiceRow: null, today: today } };
      var slots = st.slots;
      for (var s = 0; s < size; s++) { slots[s] = null; st.relevant[s] = false; }
      st.env.slots = slots;
      var keys = Object.keys(answers || {});
      for (var k = 0; k < keys.length; k++) {
        var key = keys[k];
        var raw = answers[key];
        if (!Object.prototype.hasOwnProperty.call(index, key)) {
          if (problems) { problems.push(problem(P.UNKNOWN_QUESTION, key, [key])); }
          continue;
        }
        var n = nodes[index[key]];
        if (n.type === 'calculate') { continue; } // stored calculates are recomputed, not trusted
        if (!answerable(n.type)) {
          if (problems && !isBlank(raw)) { problems.push(problem(P.NOT_ANSWERABLE, n.name, [])); }
          continue;
        }
        var v = coerce(n, raw, problems);
        if (v === BAD) {
          if (st.bad === null) { st.bad = new Array(size).fill(false); }
          st.bad[n.slot] = true;
          v = null;
        }
        slots[n.slot] = v;
      }
      var relevant = st.relevant;
      var env = st.env;
      for (var o = 0; o < order.length; o++) {
        var i = order[o];
        var nd = nodes[i];
        var rel = (nd.parent < 0 || relevant[nd.parent])
          && (nd.terminator < 0 || !relevant[nd.terminator])
          && (!nd.relevant || test(nd.relevant, env));
        relevant[i] = rel;
        var bad = st.bad !== null && st.bad[i];
        if (nd.calculation && !answerable(nd.type)) {
          slots[i] = rel ? evaluate(nd.calculation, env) : null;
        } else if (!rel && (slots[i] !== null || bad)) {
          if (problems) { problems.push(problem(P.NOT_RELEVANT, nd.name, [])); }
          slots[i] = null;
          if (st.bad !== null) { st.bad[i] = false; }
        } else if (rel && nd.calculation && slots[i] === null && !bad) {
          // a calculation on a question is its default: it holds until the respondent answers
          var dv = coerce(nd, defaultAnswer(evaluate(nd.calculation, env)), null);
          slots[i] = dv === BAD ? null : dv;
        }
      }
      return st;
    }

    function required(n, env) { return n.requiredAlways || (!!n.requiredIf && test(n.requiredIf, env)); }
    function requiredProblem(n) { return problem(P.REQUIRED, n.name, [], n.row.requiredMessage); }

    function choiceOk(n, code, env, problems) {
      if (!Object.prototype.hasOwnProperty.call(n.choiceIndex, code)) {
        problems.push(problem(P.UNKNOWN_CHOICE, n.name, [code]));
        return false;
      }
      if (n.choiceFilter) {
        env.choiceRow = n.choices[n.choiceIndex[code]].columns;
        var visible = test(n.choiceFilter, env);
        env.choiceRow = null;
        if (!visible) {
          problems.push(problem(P.FILTERED_CHOICE, n.name, [code]));
          return false;
        }
      }
      return true;
    }

    function check(n, v, env, problems) {
      if (n.type === 'select_one') {
        if (!choiceOk(n, v, env, problems)) { return; }
      } else if (n.type === 'select_multiple') {
        var ok = true;
        for (var k = 0; k < v.length; k++) { ok = choiceOk(n, v[k], env, problems) && ok; }
        if (!ok) { return; }
      }
      if (n.constraint) {
        env.dot = v;
        var holds = test(n.constraint, env);
        env.dot = null;
        if (!holds) {
          problems.push(problem(P.CONSTRAINT, n.name, [n.row.constraint], n.row.constraintMessage));
        }
      }
    }

    function checkAll(st, problems) {
      var ineligible = false;
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i];
        if (!st.relevant[i]) { continue; }
        if (n.terminates) { ineligible = true; continue; }
        if (!answerable(n.type) || (st.bad !== null && st.bad[i])) { continue; }
        var v = st.slots[i];
        if (v === null) {
          if (required(n, st.env)) { problems.push(requiredProblem(n)); }
        } else {
          check(n, v, st.env, problems);
        }
      }
      return ineligible;
    }

    function stored(n, v) {
      if (n.type === 'integer') { return Math.trunc(v) + 0; }
      if (n.type === 'select_multiple') { return v.slice(); }
      return v;
    }

    function normalised(st, withCalculates) {
      var out = {};
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i];
        var v = st.slots[i];
        if (v === null || !st.relevant[i]) { continue; }
        if (n.type === 'calculate') {
          if (withCalculates) { out[n.name] = isNum(v) ? (isFinite(v) ? v + 0 : null) : v; }
        } else if (answerable(n.type)) {
          out[n.name] = stored(n, v);
        }
      }
      return out;
    }

    // -- steps --

    function stepAt(st, i) {
      var n = nodes[i];
      var groups = [];
      for (var p = n.parent; p >= 0; p = nodes[p].parent) { groups.unshift(nodes[p].row); }
      var choices = n.choices;
      if (n.choiceFilter) {
        choices = [];
        for (var c = 0; c < n.choices.length; c++) {
          st.env.choiceRow = n.choices[c].columns;
          if (test(n.choiceFilter, st.env)) { choices.push(n.choices[c]); }
        }
        st.env.choiceRow = null;
      }
      return { status: n.terminates ? 'ended_ineligible' : 'ask', name: n.name, question: n.row,
        choices: choices, required: required(n, st.env), groups: groups };
    }

    function complete() {
      return { status: 'complete', name: null, question: null, choices: [], required: false, groups: [] };
    }

    function scanForward(st, from) {
      for (var i = from; i < nodes.length; i++) {
        if (shown(nodes[i]) && st.relevant[i]) { return stepAt(st, i); }
      }
      return complete();
    }

    function completeExact(answers) {
      var problems = [];
      var st = run(answers, problems);
      var ineligible = checkAll(st, problems);
      var outcome = problems.length ? 'invalid' : ineligible ? 'ineligible' : 'complete';
      return { ok: problems.length === 0, outcome: outcome, problems: problems, answers: normalised(st, true) };
    }

    function prune(answers) { return normalised(run(answers, null), false); }

    return {
      form: form,
      lang: lang,
      today: today,
      /** The rows as the engine runs them (or_other follow-ups included). */
      rows: function () { return rows; },
      question: function (name) {
        return Object.prototype.hasOwnProperty.call(index, name) ? nodes[index[name]].row : null;
      },
      first: function (answers) { return scanForward(run(answers, null), 0); },
      next: function (answers, name) { return scanForward(run(answers, null), slotOf(name) + 1); },
      /** The step before name, or null at the start. */
      previous: function (answers, name) {
        var st = run(answers, null);
        for (var i = slotOf(name) - 1; i >= 0; i--) {
          if (shown(nodes[i]) && st.relevant[i]) { return stepAt(st, i); }
        }
        return null;
      },
      step: function (answers, name) { return stepAt(run(answers, null), slotOf(name)); },
      /** Problems of one proposed answer in the context of the others; [] when it is accepted. */
      validate: function (answers, name, value) {
        if (!Object.prototype.hasOwnProperty.call(index, name)) { return [problem(P.UNKNOWN_QUESTION, name, [name])]; }
        var n = nodes[index[name]];
        if (!answerable(n.type)) { return [problem(P.NOT_ANSWERABLE, name, [])]; }
        var problems = [];
        var v = coerce(n, value, problems);
        if (v === BAD) { return problems; }
        var merged = {};
        Object.keys(answers || {}).forEach(function (k) { merged[k] = answers[k]; });
        merged[name] = value === undefined ? null : value;
        var st = run(merged, null);
        if (!st.relevant[n.slot]) { return [problem(P.NOT_RELEVANT, name, [])]; }
        if (v === null) {
          if (required(n, st.env)) { problems.push(requiredProblem(n)); }
          return problems;
        }
        check(n, v, st.env, problems);
        return problems;
      },
      /** The answer as it would be stored, or null when it is not a valid value for the question. */
      normalise: function (name, value) {
        var n = nodes[slotOf(name)];
        var v = coerce(n, value, null);
        return v === BAD || v === null ? null : stored(n, v);
      },
      prune: prune,
      /** Java's InterviewFlow.complete: validates the answer set as given. */
      completeExact: completeExact,
      /** Completes an interview: answers left from paths no longer taken are dropped first (Interview.complete). */
      complete: function (answers) { return completeExact(prune(answers)); },
      validateComplete: function (answers) {
        var problems = [];
        checkAll(run(answers, problems), problems);
        return problems;
      },
      /** A label or hint in the flow's language with each ${name} replaced by the answer as shown. */
      text: function (texts, answers, language) {
        var l = language || lang;
        var template = pick(texts, l);
        if (template.indexOf('${') < 0) { return template; }
        return template.replace(/\$\{([^}]*)\}/g, function (m, name) {
          return shownAnswer(strip(name), answers, l);
        });
      }
    };

    function shownAnswer(name, answers, l) {
      if (!Object.prototype.hasOwnProperty.call(index, name)) { return ''; }
      var v = answers ? answers[name] : null;
      if (v === null || v === undefined) { return ''; }
      var n = nodes[index[name]];
      var list = isList(v) ? v : [v];
      var parts = list.map(function (code) {
        var c = javaValueOf(code);
        if (n.type === 'select_one' || n.type === 'select_multiple') {
          var k = n.choiceIndex[c];
          var label = k === undefined ? '' : pick(n.choices[k].label, l);
          return label && !isBlankString(label) ? label : c;
        }
        return c;
      });
      return parts.join(l.indexOf('zh') === 0 ? '、' : ', ');
    }
  }

  global.SanlvEngine = {
    flow: flow,
    compile: compile,
    /** Evaluates a compiled expression over slots (for the agreement test and tools). */
    evaluate: function (expr, slots, dot, today) {
      return evaluate(expr, { slots: slots, dot: dot === undefined ? null : dot, choiceRow: null, today: today || localToday() });
    },
    values: { toBoolean: toBoolean, toNumber: toNumber, toStr: toStr, numberToString: numberToString,
      javaDouble: javaDouble, parseNumber: parseNumber },
    functions: FUNCTIONS.slice()
  };
})(typeof window !== 'undefined' ? window : this);

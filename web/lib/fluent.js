// A small implementation of the part of Fluent (https://projectfluent.org/) that VROOM's locales/*.ftl use, so the
// client formats the same files as the server (which uses the fluent-bundle crate) without a runtime dependency.
// No DOM: it runs in the browser and in Node.
//
// Supported: comments (#, ##, ###); messages and terms (`-brand = VROOM`); single- and multiline values (the
// common indentation of continuation lines is removed); placeables with variables `{ $name }`, term references
// `{ -brand }`, message references `{ other-id }`, string literals `{ "{" }` (with \" \\ \uXXXX \UXXXXXX escapes),
// number literals and nested placeables; select expressions
//
//     { $count ->
//         [0] none
//         [one] { $count } item
//        *[other] { $count } items
//     }
//
// matched by exact number first, then by the language's plural category (Intl.PluralRules), else the default
// `*[…]` variant; a string selector matches identifier keys. Numbers are formatted with Intl.NumberFormat.
// Not supported (reported as errors, never silently wrong): attributes, functions (NUMBER(), DATETIME()),
// parameterized terms. Values are plain text: no Unicode isolation marks (like the server's
// `set_use_isolating(false)`).

/**
 * @typedef {{type: "var", name: string}
 *   | {type: "term", name: string}
 *   | {type: "msg", name: string}
 *   | {type: "str", value: string}
 *   | {type: "num", value: number}
 *   | {type: "select", selector: Expr, variants: Variant[], def: number}} Expr
 * @typedef {{key: {type: "num", value: number} | {type: "id", name: string}, value: Pattern}} Variant
 * @typedef {(string | Expr)[]} Pattern
 * @typedef {string | number} FluentValue
 * @typedef {Record<string, FluentValue>} FluentArgs
 */

const IDENTIFIER = /[a-zA-Z][a-zA-Z0-9_-]*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?/y;
const MAX_DEPTH = 32;

class ParseError extends Error {}

/**
 * The messages and terms of one .ftl source, and what could not be read in it (each error names its line; the
 * entry it was in is skipped, the rest is kept).
 * @param {string} source
 * @returns {{messages: Map<string, Pattern>, terms: Map<string, Pattern>, errors: string[]}}
 */
export function parseResource(source) {
  const parser = new Parser(source.replace(/\r\n?/g, "\n"));
  return parser.resource();
}

class Parser {
  /** @param {string} src */
  constructor(src) {
    this.src = src;
    this.pos = 0;
  }

  resource() {
    /** @type {Map<string, Pattern>} */
    const messages = new Map();
    /** @type {Map<string, Pattern>} */
    const terms = new Map();
    /** @type {string[]} */
    const errors = [];
    const { src } = this;
    while (this.pos < src.length) {
      const ch = src[this.pos];
      if (ch === "\n") {
        this.pos++;
        continue;
      }
      const lineEnd = this.#lineEnd(this.pos);
      if (ch === "#" || src.slice(this.pos, lineEnd).trim() === "") {
        this.pos = lineEnd;
        continue;
      }
      const start = this.pos;
      try {
        const isTerm = ch === "-";
        if (isTerm) this.pos++;
        const id = this.#identifier();
        if (id === null) {
          throw this.#error(
            ch === " " ? "an indented line outside a value (attributes are not supported)" : "expected a message id",
          );
        }
        this.#spaces();
        if (src[this.pos] !== "=") throw this.#error(`expected "=" after "${id}"`);
        this.pos++;
        const value = this.#pattern(false);
        if (value === null) throw this.#error(`"${isTerm ? "-" : ""}${id}" has no value`);
        if (src[this.pos] !== undefined && src[this.pos] !== "\n") throw this.#error("unexpected character");
        const map = isTerm ? terms : messages;
        if (map.has(id)) errors.push(`line ${this.#line(start)}: "${isTerm ? "-" : ""}${id}" is defined twice`);
        else map.set(id, value);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        errors.push(err.message);
        this.#skipJunk(start);
      }
    }
    return { messages, terms, errors };
  }

  /** After an error: on to the next line (after the entry's first one) that starts an entry or a comment. @param {number} start */
  #skipJunk(start) {
    let p = this.#lineEnd(start);
    while (p < this.src.length) {
      const next = p + 1;
      if (/[a-zA-Z#-]/.test(this.src[next] ?? "")) {
        this.pos = next;
        return;
      }
      p = this.#lineEnd(next);
    }
    this.pos = this.src.length;
  }

  /** @param {number} from */
  #lineEnd(from) {
    const i = this.src.indexOf("\n", from);
    return i === -1 ? this.src.length : i;
  }

  /** @param {number} pos */
  #line(pos) {
    let n = 1;
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src[i] === "\n") n++;
    return n;
  }

  /** @param {string} message */
  #error(message) {
    return new ParseError(`line ${this.#line(this.pos)}: ${message}`);
  }

  #identifier() {
    IDENTIFIER.lastIndex = this.pos;
    const m = IDENTIFIER.exec(this.src);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }

  /** Spaces on this line. */
  #spaces() {
    while (this.src[this.pos] === " ") this.pos++;
  }

  /** Spaces and line breaks. */
  #blank() {
    while (this.src[this.pos] === " " || this.src[this.pos] === "\n") this.pos++;
  }

  /**
   * A pattern (a message's value, or a variant's), up to the end of its last line: continuation lines are the
   * indented ones that don't start with `[`, `*`, `.` or `}`. A variant's pattern also ends at `}`.
   * @param {boolean} inVariant
   * @returns {Pattern | null}
   */
  #pattern(inVariant) {
    const { src } = this;
    /** @type {(string | Expr | {indent: number})[]} */
    const parts = [];
    this.#spaces();
    for (;;) {
      const ch = src[this.pos];
      if (ch === undefined) break;
      if (ch === "\n") {
        // Blank lines belong to the pattern only when an indented line follows them.
        let p = this.pos;
        let breaks = 1;
        for (;;) {
          const end = this.#lineEnd(p + 1);
          if (end < src.length && src.slice(p + 1, end).trim() === "") {
            breaks++;
            p = end;
            continue;
          }
          break;
        }
        let indent = 0;
        while (src[p + 1 + indent] === " ") indent++;
        const first = src[p + 1 + indent];
        if (indent === 0 || first === undefined || first === "\n" || "[*.}".includes(first)) break;
        parts.push("\n".repeat(breaks), { indent });
        this.pos = p + 1 + indent;
        continue;
      }
      if (ch === "{") {
        parts.push(this.#placeable());
        continue;
      }
      if (ch === "}") {
        if (inVariant) break;
        throw this.#error('"}" in text (write { "}" })');
      }
      let end = this.pos;
      while (end < src.length && !"{}\n".includes(src[end])) end++;
      parts.push(src.slice(this.pos, end));
      this.pos = end;
    }
    // Remove the indentation common to the continuation lines.
    const indents = parts.flatMap((p) => (typeof p === "object" && "indent" in p ? [p.indent] : []));
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    /** @type {Pattern} */
    const out = [];
    for (const part of parts) {
      const piece = typeof part === "object" && "indent" in part ? " ".repeat(part.indent - common) : part;
      if (typeof piece === "string" && typeof out[out.length - 1] === "string") out[out.length - 1] += piece;
      else out.push(piece);
    }
    // A value that starts on the next line doesn't start with a line break; trailing blanks are not text.
    if (typeof out[0] === "string") out[0] = out[0].replace(/^\n+/, "");
    const last = out.length - 1;
    if (typeof out[last] === "string") out[last] = /** @type {string} */ (out[last]).replace(/[ \n]+$/, "");
    const pattern = out.filter((p) => p !== "");
    return pattern.length === 0 ? null : pattern;
  }

  /** `{ expression }` or `{ selector -> variants }`. @returns {Expr} */
  #placeable() {
    const { src } = this;
    this.pos++; // {
    this.#blank();
    const expr = this.#inline();
    this.#blank();
    if (src.startsWith("->", this.pos)) {
      if (expr.type === "select" || expr.type === "msg" || expr.type === "term") {
        throw this.#error("a selector must be a variable or a literal");
      }
      this.pos += 2;
      /** @type {Variant[]} */
      const variants = [];
      let def = -1;
      for (;;) {
        this.#blank();
        if (src[this.pos] === "}" || src[this.pos] === undefined) break;
        const isDefault = src[this.pos] === "*";
        if (isDefault) this.pos++;
        if (src[this.pos] !== "[") throw this.#error('expected a variant "[key]"');
        this.pos++;
        this.#spaces();
        /** @type {Variant["key"]} */
        let key;
        NUMBER.lastIndex = this.pos;
        const num = NUMBER.exec(src);
        if (num) {
          key = { type: "num", value: Number(num[0]) };
          this.pos += num[0].length;
        } else {
          const name = this.#identifier();
          if (name === null) throw this.#error("expected a variant key");
          key = { type: "id", name };
        }
        this.#spaces();
        if (src[this.pos] !== "]") throw this.#error('expected "]"');
        this.pos++;
        const value = this.#pattern(true);
        if (value === null) throw this.#error("a variant has no value");
        if (isDefault) {
          if (def !== -1) throw this.#error("more than one default variant");
          def = variants.length;
        }
        variants.push({ key, value });
      }
      if (variants.length === 0) throw this.#error("a select expression without variants");
      if (def === -1) throw this.#error("a select expression needs a default variant *[…]");
      if (src[this.pos] !== "}") throw this.#error('expected "}"');
      this.pos++;
      return { type: "select", selector: expr, variants, def };
    }
    if (src[this.pos] !== "}") throw this.#error('expected "}"');
    this.pos++;
    return expr;
  }

  /** @returns {Expr} */
  #inline() {
    const { src } = this;
    const ch = src[this.pos];
    if (ch === '"') return { type: "str", value: this.#string() };
    NUMBER.lastIndex = this.pos;
    const num = NUMBER.exec(src);
    if (num) {
      this.pos += num[0].length;
      return { type: "num", value: Number(num[0]) };
    }
    if (ch === "{") return this.#placeable();
    const sigil = ch === "$" || ch === "-" ? ch : "";
    this.pos += sigil.length;
    const name = this.#identifier();
    if (name === null) throw this.#error("expected an expression");
    if (src[this.pos] === "(") throw this.#error(`functions and term arguments are not supported (${sigil}${name})`);
    if (src[this.pos] === ".") throw this.#error(`attributes are not supported (${sigil}${name})`);
    if (sigil === "$") return { type: "var", name };
    if (sigil === "-") return { type: "term", name };
    return { type: "msg", name };
  }

  #string() {
    const { src } = this;
    this.pos++; // "
    let out = "";
    for (;;) {
      const ch = src[this.pos];
      if (ch === undefined || ch === "\n") throw this.#error("unterminated string literal");
      this.pos++;
      if (ch === '"') return out;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const esc = src[this.pos];
      if (esc === '"' || esc === "\\") {
        out += esc;
        this.pos++;
      } else if (esc === "u" || esc === "U") {
        const len = esc === "u" ? 4 : 6;
        const hex = src.slice(this.pos + 1, this.pos + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw this.#error(`bad escape \\${esc}${hex}`);
        const code = parseInt(hex, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw this.#error(`bad escape \\${esc}${hex}`);
        out += String.fromCodePoint(code);
        this.pos += 1 + len;
      } else {
        throw this.#error(`unknown escape \\${esc ?? ""}`);
      }
    }
  }
}

/** The messages of one language, formatted with that language's plural rules and number format. */
export class FluentBundle {
  /** @type {Map<string, Pattern>} */
  #messages = new Map();
  /** @type {Map<string, Pattern>} */
  #terms = new Map();

  /** @param {string} locale a BCP 47 tag, e.g. "fr" */
  constructor(locale) {
    this.locale = locale;
    this.plurals = new Intl.PluralRules(locale);
    this.numbers = new Intl.NumberFormat(locale);
  }

  /**
   * Adds the messages and terms of a .ftl source. Returns what went wrong (unreadable entries, ids defined
   * twice: the first definition stays).
   * @param {string} source
   * @returns {string[]}
   */
  addResource(source) {
    const { messages, terms, errors } = parseResource(source);
    for (const [map, into, sigil] of /** @type {const} */ ([
      [messages, this.#messages, ""],
      [terms, this.#terms, "-"],
    ])) {
      for (const [id, value] of map) {
        if (into.has(id)) errors.push(`"${sigil}${id}" is defined twice`);
        else into.set(id, value);
      }
    }
    return errors;
  }

  /** @param {string} id */
  hasMessage(id) {
    return this.#messages.has(id);
  }

  /** Every message id, in the order of the sources. */
  get messageIds() {
    return [...this.#messages.keys()];
  }

  /**
   * A message's text with `args` filled in; null when there is no such message. Problems (an unknown variable,
   * term or message) are pushed to `errors` and leave a `{$name}` mark in the text.
   * @param {string} id
   * @param {FluentArgs} [args]
   * @param {string[]} [errors]
   * @returns {string | null}
   */
  format(id, args = {}, errors = []) {
    const pattern = this.#messages.get(id);
    if (pattern === undefined) return null;
    return this.#pattern(pattern, args, errors, 0);
  }

  /**
   * @param {Pattern} pattern
   * @param {FluentArgs} args
   * @param {string[]} errors
   * @param {number} depth
   * @returns {string}
   */
  #pattern(pattern, args, errors, depth) {
    if (depth > MAX_DEPTH) {
      errors.push("references nested too deep (a cycle?)");
      return "{???}";
    }
    let out = "";
    for (const part of pattern) {
      out += typeof part === "string" ? part : this.#text(this.#expr(part, args, errors, depth));
    }
    return out;
  }

  /** @param {FluentValue} value */
  #text(value) {
    return typeof value === "number" ? this.numbers.format(value) : value;
  }

  /**
   * @param {Expr} expr
   * @param {FluentArgs} args
   * @param {string[]} errors
   * @param {number} depth
   * @returns {FluentValue}
   */
  #expr(expr, args, errors, depth) {
    switch (expr.type) {
      case "str":
      case "num":
        return expr.value;
      case "var": {
        if (!Object.hasOwn(args, expr.name)) {
          errors.push(`unknown variable $${expr.name}`);
          return `{$${expr.name}}`;
        }
        const value = args[expr.name];
        return typeof value === "number" ? value : String(value);
      }
      case "term": {
        const term = this.#terms.get(expr.name);
        if (term === undefined) {
          errors.push(`unknown term -${expr.name}`);
          return `{-${expr.name}}`;
        }
        return this.#pattern(term, {}, errors, depth + 1);
      }
      case "msg": {
        const msg = this.#messages.get(expr.name);
        if (msg === undefined) {
          errors.push(`unknown message ${expr.name}`);
          return `{${expr.name}}`;
        }
        return this.#pattern(msg, args, errors, depth + 1);
      }
      case "select": {
        const selector = this.#expr(expr.selector, args, errors, depth);
        const chosen = this.#variant(expr, selector);
        return this.#pattern(expr.variants[chosen].value, args, errors, depth + 1);
      }
    }
  }

  /**
   * The variant a selector's value picks: the same number, else the plural category, else the default.
   * @param {{variants: Variant[], def: number}} select
   * @param {FluentValue} value
   */
  #variant(select, value) {
    const { variants } = select;
    if (typeof value === "number") {
      const exact = variants.findIndex((v) => v.key.type === "num" && v.key.value === value);
      if (exact !== -1) return exact;
      const category = this.plurals.select(value);
      const plural = variants.findIndex((v) => v.key.type === "id" && v.key.name === category);
      if (plural !== -1) return plural;
    } else {
      const same = variants.findIndex((v) => v.key.type === "id" && v.key.name === value);
      if (same !== -1) return same;
    }
    return select.def;
  }
}

// Unit tests of the client's Fluent subset (web/lib/fluent.js), run in Node, and a check that it reads and formats
// every message of every language in locales/ (the server formats the same files with the fluent-bundle crate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FluentBundle, parseResource } from '../../web/lib/fluent.js';
import { ROOT } from './harness.mjs';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** @param {string} locale @param {string} source */
function bundle(locale, source) {
  const b = new FluentBundle(locale);
  assert.deepEqual(b.addResource(source), []);
  return b;
}

test('messages, variables and numbers in the language’s format', () => {
  const b = bundle('en', 'hello = Hello, { $name }!\ncount = { $n } items\n');
  assert.equal(b.format('hello', { name: 'Ada' }), 'Hello, Ada!');
  assert.equal(b.format('count', { n: 1800 }), '1,800 items');
  assert.equal(b.format('nope'), null);
  assert.equal(b.hasMessage('hello'), true);
  assert.deepEqual(b.messageIds, ['hello', 'count']);
  const fr = bundle('fr', 'count = { $n } éléments\n');
  assert.equal(fr.format('count', { n: 1800 }), `1${NNBSP}800 éléments`);
  // No isolation marks around placeables: plain text.
  assert.doesNotMatch(b.format('hello', { name: 'Ada' }), /[\u2066-\u2069]/);
});

test('comments, blank lines, and multiline values lose their common indentation', () => {
  const b = bundle(
    'en',
    [
      '### Resource comment',
      '',
      '## Group',
      '# About "para"',
      'para =',
      '    First line',
      '      indented more',
      '',
      '    after a blank line',
      'inline = Starts here',
      '    and goes on   ',
      '',
      '',
      'next = Next',
      '',
    ].join('\n'),
  );
  assert.equal(b.format('para'), 'First line\n  indented more\n\nafter a blank line');
  assert.equal(b.format('inline'), 'Starts here\nand goes on');
  assert.equal(b.format('next'), 'Next');
});

test('CRLF sources read like LF ones', () => {
  const b = bundle('en', 'a = One\r\n    two\r\nb = B\r\n');
  assert.equal(b.format('a'), 'One\ntwo');
  assert.equal(b.format('b'), 'B');
});

test('terms, message references, string and number literals, nested placeables', () => {
  const b = bundle(
    'en',
    [
      '-brand = VROOM',
      'about = { -brand } is yours',
      'title = About: { about }',
      'braces = Use { "{" } and { "}" }, quotes { "\\"" }, backslash { "\\\\" }',
      'escapes = a{ "\\u00A0" }b{ "\\U01F600" }',
      'lit = { 42 } and { -1.5 }',
      'nested = [{ { $x } }]',
    ].join('\n'),
  );
  assert.equal(b.format('about'), 'VROOM is yours');
  assert.equal(b.format('title'), 'About: VROOM is yours');
  assert.equal(b.format('braces'), 'Use { and }, quotes ", backslash \\');
  assert.equal(b.format('escapes'), `a${NBSP}b😀`);
  assert.equal(b.format('lit'), '42 and -1.5');
  assert.equal(b.format('nested', { x: 'y' }), '[y]');
});

const PLURALS = `
items =
    { $count ->
        [0] No items
        [one] One item
       *[other] { $count } items
    }
people = { $count ->
   [one] { $count } person
  *[other]
      { $count } people,
      on two lines
}
`;

test('select expressions: exact number, then plural category, then the default', () => {
  const en = bundle('en', PLURALS);
  assert.equal(en.format('items', { count: 0 }), 'No items');
  assert.equal(en.format('items', { count: 1 }), 'One item');
  assert.equal(en.format('items', { count: 2 }), '2 items');
  assert.equal(en.format('items', { count: 1000 }), '1,000 items');
  assert.equal(en.format('people', { count: 1 }), '1 person');
  assert.equal(en.format('people', { count: 3 }), '3 people,\non two lines');
  // French: 0 and 1 are "one"; exact keys still win.
  const fr = bundle('fr', PLURALS);
  assert.equal(fr.format('items', { count: 0 }), 'No items');
  assert.equal(fr.format('people', { count: 0 }), '0 person');
  assert.equal(fr.format('people', { count: 1 }), '1 person');
  assert.equal(fr.format('people', { count: 2 }), '2 people,\non two lines');
  // A string selector matches identifier keys; a number given as a string is not a number.
  const s = bundle('en', 'who = { $who ->\n  [you] You\n *[other] Someone\n}\n');
  assert.equal(s.format('who', { who: 'you' }), 'You');
  assert.equal(s.format('who', { who: 'them' }), 'Someone');
  assert.equal(en.format('items', { count: '1' }), '1 items');
});

test('a missing variable, term or message is an error and leaves a mark', () => {
  const b = bundle('en', 'a = Hi { $name }\nb = { -nope } { nope }\nc = { $count ->\n *[other] x\n}\n');
  const errors = [];
  assert.equal(b.format('a', {}, errors), 'Hi {$name}');
  assert.equal(b.format('b', {}, errors), '{-nope} {nope}');
  assert.equal(b.format('c', {}, errors), 'x');
  assert.deepEqual(errors, ['unknown variable $name', 'unknown term -nope', 'unknown message nope', 'unknown variable $count']);
});

test('a cycle of references is an error, not a hang', () => {
  const b = bundle('en', 'a = { b }\nb = { a }\n');
  const errors = [];
  b.format('a', {}, errors);
  assert.match(errors[0], /cycle/);
});

test('syntax errors name their line, skip their entry and keep the rest', () => {
  const cases = [
    ['bad = { $count ->\n    [one] x\n    [other] y\n}\n', /default variant/],
    ['bad = { $a ->\n *[one] x\n *[other] y\n}\n', /more than one default/],
    ['bad = { NUMBER($n) }\n', /functions/],
    ['bad = { -brand(case: "x") }\n', /functions and term arguments/],
    ['bad = { other.attr }\n', /attributes/],
    ['bad = Value\n    .title = Attribute\n', /attributes are not supported/],
    ['bad = text } more\n', /"}" in text/],
    ['bad = { "unterminated }\n', /unterminated/],
    ['bad = { "\\q" }\n', /unknown escape/],
    ['bad = { $x\n', /expected "}"/],
    ['bad =\n', /has no value/],
    ['bad value\n', /expected "="/],
    ['# a comment\n  indented = x\n', /indented line/],
    ['bad = { }\n', /expected an expression/],
    ['bad = { $x -> }\n', /without variants/],
  ];
  for (const [source, expected] of cases) {
    const { messages, errors } = parseResource(`ok = Fine\n${source}after = Still here\n`);
    assert.equal(errors.length, 1, `${JSON.stringify(source)} → ${JSON.stringify(errors)}`);
    assert.match(errors[0], expected, source);
    assert.match(errors[0], /^line \d+: /);
    assert.deepEqual([...messages.keys()].filter((k) => k !== 'bad'), ['ok', 'after'], source);
  }
  const dup = parseResource('a = 1\na = 2\n');
  assert.match(dup.errors[0], /"a" is defined twice/);
  const b = new FluentBundle('en');
  assert.deepEqual(b.addResource('a = 1\n'), []);
  assert.match(b.addResource('a = 2\n')[0], /defined twice/);
  assert.equal(b.format('a'), '1');
});

// ---- every message of every language, as the client will format it

const LOCALES = path.join(ROOT, 'locales');

/** All the .ftl files of a language, sorted, in one source (as GET /assets/i18n/<lang>.ftl serves them). */
function languageSource(lang) {
  const dir = path.join(LOCALES, lang);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ftl'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

/** The variables a pattern uses (through its terms and referenced messages too). */
function variables(pattern, res, out = new Set(), seen = new Set()) {
  for (const part of pattern) {
    if (typeof part === 'string') continue;
    const walk = (e) => {
      if (e.type === 'var') out.add(e.name);
      else if (e.type === 'select') {
        walk(e.selector);
        for (const v of e.variants) variables(v.value, res, out, seen);
      } else if ((e.type === 'msg' || e.type === 'term') && !seen.has(`${e.type}:${e.name}`)) {
        seen.add(`${e.type}:${e.name}`);
        const target = (e.type === 'msg' ? res.messages : res.terms).get(e.name);
        if (target) variables(target, res, out, seen);
      }
    };
    walk(part);
  }
  return out;
}

const NUMERIC = new Set(['count', 'n', 'max', 'min', 'limit', 'status', 'seconds', 'wait', 'cap']);

test('the client reads and formats every message of every language in locales/', () => {
  const langs = readdirSync(LOCALES).filter((d) => !d.startsWith('.')).sort();
  assert.ok(langs.includes('en') && langs.includes('fr'), `languages: ${langs}`);
  const ids = {};
  for (const lang of langs) {
    const source = languageSource(lang);
    const res = parseResource(source);
    assert.deepEqual(res.errors, [], `${lang}: syntax errors`);
    const b = new FluentBundle(lang);
    assert.deepEqual(b.addResource(source), [], `${lang}: errors`);
    ids[lang] = b.messageIds.slice().sort();
    const problems = [];
    for (const id of b.messageIds) {
      const vars = [...variables(res.messages.get(id), res)];
      const counts = vars.some((v) => NUMERIC.has(v)) ? [0, 1, 2, 5, 21, 1000] : [0];
      for (const n of counts) {
        const args = Object.fromEntries(vars.map((v) => [v, NUMERIC.has(v) ? n : `«${v}»`]));
        const errors = [];
        const text = b.format(id, args, errors);
        if (errors.length > 0) problems.push(`${lang} ${id}: ${errors.join('; ')}`);
        else if (!text || /[{}]/.test(text)) problems.push(`${lang} ${id}: ${JSON.stringify(text)}`);
        else if (/[\u2066-\u2069]/.test(text)) problems.push(`${lang} ${id}: isolation marks`);
      }
    }
    assert.deepEqual(problems, [], `${lang}: messages that don't format cleanly`);
  }
  for (const lang of langs) assert.deepEqual(ids[lang], ids.en, `${lang} has the same message ids as en`);
});

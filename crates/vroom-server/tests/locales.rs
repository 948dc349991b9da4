//! The translations are complete and all used: every `locales/<lang>/*.ftl` parses (fluent-syntax, no junk)
//! within the subset `web/lib/fluent.js` formats; every language has exactly English's message ids and terms,
//! each message with the same variables; ids are unique across a language's files; every id is used somewhere
//! and every id the code names exists.
//!
//! Where ids are found:
//! - `web/**/*.js`: the first argument of `t(…)`: its string literals must be ids; a template literal
//!   (`mod-${key}-by-you`) is a pattern that must be declared in [`DYNAMIC`] below with where it is built.
//!   Any other string literal equal to an id also counts as a use (ids kept in a table or a variable).
//! - `templates/**/*.{html,txt,subject}`: `t("id", …)`.
//! - `crates/vroom-server/src/**/*.rs`: `msg!("id", …)`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};
use fluent_syntax::parser;

/// Ids the code builds at run time: the pattern (`*` stands for one or more of `[a-z0-9-]`) and where.
const DYNAMIC: &[(&str, &str)] = &[
    ("mod-*", "web/ui/toast.js moderationText: mod-<action>"),
    (
        "mod-*-you",
        "web/ui/toast.js moderationText: what was done to you",
    ),
    (
        "mod-*-by-you",
        "web/ui/toast.js moderationText: what you did",
    ),
    (
        "set-*-*",
        "web/ui/toast.js settingsTexts: set-<change>-<by|you|anon>",
    ),
    (
        "rs-*-password",
        "web/ui/roomsettings.js passwordSetting: rs-<join|owner>-password",
    ),
    (
        "rs-*-password-hint",
        "web/ui/roomsettings.js passwordSetting",
    ),
    (
        "rs-*-password-is-set",
        "web/ui/roomsettings.js passwordSetting",
    ),
    (
        "prejoin-refused-*",
        "web/ui/prejoin.js: the code of a join the server refused",
    ),
    (
        "media-*-title",
        "web/ui/prejoin.js: the kind of media notice",
    ),
    (
        "media-*-body",
        "web/ui/prejoin.js: the kind of media notice",
    ),
    (
        "media-error-*-*",
        "web/ui/prejoin.js, web/ui/meeting.js: media-error-<audio|video>-<status>",
    ),
    ("fatal-*-title", "web/ui/meeting.js: the fatal error's code"),
    ("fatal-*-body", "web/ui/meeting.js: the fatal error's code"),
    (
        "room-name-*",
        "web/ui/home.js nameErrorText: the reason a room name is refused",
    ),
    ("colour-*", "web/ui/settings.js: colour-<palette index>"),
    ("quality-*", "web/ui/tile.js: quality-<good|fair|poor>"),
    (
        "reaction-*",
        "web/ui/reactions.js: reaction-<the protocol's reaction, _ as ->",
    ),
    (
        "language-*",
        "web/ui/language.js: language-<code> (and i18n.rs choices())",
    ),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "node_modules" && !name.starts_with('.') {
                files(&path, ext, out);
            }
        } else if name.ends_with(ext) {
            out.push(path);
        }
    }
    out.sort();
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A message's variables, and what `web/lib/fluent.js` would not format.
#[derive(Default)]
struct Walk {
    vars: BTreeSet<String>,
    terms: BTreeSet<String>,
    unsupported: Vec<String>,
}

impl Walk {
    fn pattern(&mut self, pattern: &ast::Pattern<&str>) {
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &Expression<&str>) {
        match expression {
            Expression::Select { selector, variants } => {
                if !matches!(
                    selector,
                    InlineExpression::VariableReference { .. }
                        | InlineExpression::StringLiteral { .. }
                        | InlineExpression::NumberLiteral { .. }
                ) {
                    self.unsupported
                        .push("a selector that is not a variable".into());
                }
                self.inline(selector);
                for variant in variants {
                    self.pattern(&variant.value);
                }
            }
            Expression::Inline(inline) => self.inline(inline),
        }
    }

    fn inline(&mut self, inline: &InlineExpression<&str>) {
        match inline {
            InlineExpression::VariableReference { id } => {
                self.vars.insert(id.name.to_owned());
            }
            InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                if attribute.is_some() || arguments.is_some() {
                    self.unsupported
                        .push(format!("-{}: term attributes or arguments", id.name));
                }
                self.terms.insert(id.name.to_owned());
            }
            InlineExpression::MessageReference { id, attribute } => {
                if attribute.is_some() {
                    self.unsupported
                        .push(format!("{}: a message attribute", id.name));
                }
            }
            InlineExpression::FunctionReference { id, .. } => {
                self.unsupported.push(format!("{}(): functions", id.name));
            }
            InlineExpression::Placeable { expression } => self.expression(expression),
            InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
        }
    }
}

struct Language {
    /// id → (file, variables)
    messages: BTreeMap<String, (String, BTreeSet<String>)>,
    terms: BTreeSet<String>,
    terms_used: BTreeSet<String>,
}

fn load(dir: &Path, problems: &mut Vec<String>) -> Language {
    let mut language = Language {
        messages: BTreeMap::new(),
        terms: BTreeSet::new(),
        terms_used: BTreeSet::new(),
    };
    let mut paths = Vec::new();
    files(dir, ".ftl", &mut paths);
    for path in paths {
        let file = rel(&path);
        let source = fs::read_to_string(&path).unwrap();
        let resource = match parser::parse(source.as_str()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                for e in errors {
                    problems.push(format!("{file}: syntax error {e:?}"));
                }
                resource
            }
        };
        for entry in &resource.body {
            match entry {
                Entry::Message(m) => {
                    let id = m.id.name.to_owned();
                    let mut walk = Walk::default();
                    match &m.value {
                        Some(value) => walk.pattern(value),
                        None => problems.push(format!("{file}: {id} has no value")),
                    }
                    if !m.attributes.is_empty() {
                        walk.unsupported.push("attributes".into());
                    }
                    for u in &walk.unsupported {
                        problems.push(format!(
                            "{file}: {id} uses {u}, which web/lib/fluent.js does not support"
                        ));
                    }
                    language.terms_used.extend(walk.terms);
                    if let Some((other, _)) = language.messages.get(&id) {
                        problems.push(format!("{file}: {id} is defined again (first in {other})"));
                    } else {
                        language.messages.insert(id, (file.clone(), walk.vars));
                    }
                }
                Entry::Term(term) => {
                    let mut walk = Walk::default();
                    walk.pattern(&term.value);
                    if !term.attributes.is_empty() || !walk.vars.is_empty() {
                        problems.push(format!(
                            "{file}: -{} has attributes or variables, which web/lib/fluent.js does not support",
                            term.id.name
                        ));
                    }
                    language.terms_used.extend(walk.terms);
                    if !language.terms.insert(term.id.name.to_owned()) {
                        problems.push(format!("{file}: -{} is defined again", term.id.name));
                    }
                }
                Entry::Junk { content } => {
                    problems.push(format!("{file}: cannot be read: {:?}", content.trim()));
                }
                _ => {}
            }
        }
    }
    language
}

/// Where `t(` starts a call (not `.t(`, `set(`, `Event(`…).
fn calls<'a>(source: &'a str, name: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let needle = format!("{name}(");
    let mut from = 0;
    while let Some(found) = source[from..].find(&needle) {
        let at = from + found;
        from = at + needle.len();
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
            continue;
        }
        out.push(&source[from..]);
    }
    out
}

/// String literals in JavaScript source: ('…' | "…" → text, `…` → text with `${…}` as `*`, and whether it had
/// any). Comments are not told apart: an id in a comment counts as a use.
fn literals(source: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let quote = chars[i];
        if quote != '"' && quote != '\'' && quote != '`' {
            i += 1;
            continue;
        }
        let (text, dynamic, end) = literal(&chars, i);
        out.push((text, dynamic));
        i = end;
    }
    out
}

/// The literal that starts at `chars[start]`: its text, whether it is a template with `${…}`, and the index
/// after it.
fn literal(chars: &[char], start: usize) -> (String, bool, usize) {
    let quote = chars[start];
    let mut text = String::new();
    let mut dynamic = false;
    let mut i = start + 1;
    while i < chars.len() && chars[i] != quote {
        if chars[i] == '\\' {
            i += 2;
            continue;
        }
        if quote == '`' && chars[i] == '$' && chars.get(i + 1) == Some(&'{') {
            dynamic = true;
            text.push('*');
            let mut depth = 0;
            while i < chars.len() {
                match chars[i] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if quote != '`' && chars[i] == '\n' {
            break;
        }
        text.push(chars[i]);
        i += 1;
    }
    (text, dynamic, i + 1)
}

/// The literals of a call's first argument (up to the first `,` or `)` outside brackets and strings), but
/// not those compared with something (`kind === "audio" ? "a" : "b"` names `a` and `b`).
fn first_argument(rest: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = rest.chars().collect();
    let mut out = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '"' | '\'' | '`' => {
                let (text, dynamic, end) = literal(&chars, i);
                let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
                let after = chars[end.min(chars.len())..]
                    .iter()
                    .find(|c| !c.is_whitespace());
                if before != Some(&'=') && after != Some(&'=') && after != Some(&'?') {
                    out.push((text, dynamic));
                }
                i = end;
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => break,
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn matches(pattern: &str, id: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (1..=s.len()).any(|n| {
                s[..n]
                    .iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                    && go(rest, &s[n..])
            }),
            Some((c, rest)) => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), id.as_bytes())
}

/// What the code names: literal ids (with where), patterns, and every string literal of the client.
#[derive(Default)]
struct Uses {
    named: BTreeMap<String, String>,
    patterns: BTreeMap<String, String>,
    mentioned: BTreeSet<String>,
}

fn scan_code() -> Uses {
    let root = root();
    let mut uses = Uses::default();
    let mut js = Vec::new();
    files(&root.join("web"), ".js", &mut js);
    for path in js {
        let file = rel(&path);
        let source = fs::read_to_string(&path).unwrap();
        for (text, dynamic) in literals(&source) {
            if !dynamic && is_id(&text) {
                uses.mentioned.insert(text);
            }
        }
        for rest in calls(&source, "t") {
            for (text, dynamic) in first_argument(rest) {
                if dynamic {
                    uses.patterns.entry(text).or_insert_with(|| file.clone());
                } else if is_id(&text) {
                    uses.named.entry(text).or_insert_with(|| file.clone());
                }
            }
        }
    }
    let mut html = Vec::new();
    // Pages, and mails (`mail/<kind>.html`, `.txt`, `.subject`).
    for ext in [".html", ".txt", ".subject"] {
        files(&root.join("templates"), ext, &mut html);
    }
    for path in html {
        let file = rel(&path);
        let source = fs::read_to_string(&path).unwrap();
        for rest in calls(&source, "t") {
            if let Some((text, false)) = first_argument(rest).into_iter().next() {
                uses.named.entry(text).or_insert_with(|| file.clone());
            }
        }
    }
    let mut rust = Vec::new();
    files(&root.join("crates/vroom-server/src"), ".rs", &mut rust);
    for path in rust {
        let file = rel(&path);
        let source = fs::read_to_string(&path).unwrap();
        for rest in calls(&source, "msg!") {
            if let Some((text, false)) = first_argument(rest).into_iter().next()
                && is_id(&text)
            {
                uses.named.entry(text).or_insert_with(|| file.clone());
            }
        }
    }
    uses
}

fn language_dirs() -> Vec<String> {
    let mut langs: Vec<String> = fs::read_dir(root().join("locales"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    langs
}

#[test]
fn every_language_has_every_message_and_every_message_is_used() {
    let mut problems = Vec::new();
    let langs = language_dirs();
    assert!(
        langs.contains(&"en".to_owned()) && langs.contains(&"fr".to_owned()),
        "{langs:?}"
    );
    let loaded: BTreeMap<String, Language> = langs
        .iter()
        .map(|l| {
            (
                l.clone(),
                load(&root().join("locales").join(l), &mut problems),
            )
        })
        .collect();

    // The same ids, terms and variables everywhere.
    let en = &loaded["en"];
    for (lang, language) in &loaded {
        for term in en.terms.symmetric_difference(&language.terms) {
            problems.push(format!(
                "{lang}: term -{term} is in one of en / {lang} only"
            ));
        }
        for unused in language.terms.difference(&language.terms_used) {
            problems.push(format!("{lang}: term -{unused} is never used"));
        }
        if lang == "en" {
            continue;
        }
        for (id, (file, vars)) in &en.messages {
            match language.messages.get(id) {
                None => problems.push(format!("{lang}: missing {id} (en: {file})")),
                Some((_, theirs)) if theirs != vars => problems.push(format!(
                    "{lang}: {id} has variables {theirs:?}, en has {vars:?}"
                )),
                Some(_) => {}
            }
        }
        for (id, (file, _)) in &language.messages {
            if !en.messages.contains_key(id) {
                problems.push(format!("{file}: {id} is not in en"));
            }
        }
    }

    // Every id named in code exists; every pattern is declared and every declaration still matches code.
    let uses = scan_code();
    for (id, file) in &uses.named {
        if !en.messages.contains_key(id) {
            problems.push(format!("{file} uses {id}, which locales/en does not have"));
        }
    }
    for (pattern, file) in &uses.patterns {
        if !DYNAMIC.iter().any(|(p, _)| p == pattern) {
            problems.push(format!(
                "{file} builds ids like `{pattern}`: declare it in DYNAMIC (tests/locales.rs) with where"
            ));
        }
    }
    for (pattern, place) in DYNAMIC {
        if !uses.patterns.contains_key(*pattern) {
            problems.push(format!(
                "DYNAMIC `{pattern}` ({place}) is built nowhere any more: remove it"
            ));
        } else if !en.messages.keys().any(|id| matches(pattern, id)) {
            problems.push(format!("DYNAMIC `{pattern}` ({place}) matches no message"));
        }
    }
    for id in en.messages.keys() {
        let used = uses.named.contains_key(id)
            || uses.mentioned.contains(id)
            || DYNAMIC.iter().any(|(p, _)| matches(p, id));
        if !used {
            problems.push(format!(
                "{id} ({}) is used nowhere: remove it, or use it",
                en.messages[id].0
            ));
        }
    }

    assert!(
        problems.is_empty(),
        "{} problem(s) with the translations:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn the_client_offers_every_language() {
    let source = fs::read_to_string(root().join("web/ui/language.js")).unwrap();
    let start = source
        .find("LANGUAGES = Object.freeze([")
        .expect("LANGUAGES in web/ui/language.js");
    let list = &source[start..];
    let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
    let offered: Vec<String> = list
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        offered,
        language_dirs(),
        "web/ui/language.js LANGUAGES vs locales/"
    );
}

#[test]
fn the_scanner_finds_what_it_should() {
    let src = r#"x = t("a-b"); y = this.t("no"); t(k === "z" ? "c" : 'd', { n: 1 }); t(`e-${k}-f`); new Event("g");"#;
    let found: Vec<_> = calls(src, "t")
        .into_iter()
        .flat_map(first_argument)
        .collect();
    assert_eq!(
        found,
        [
            ("a-b".to_owned(), false),
            ("c".to_owned(), false),
            ("d".to_owned(), false),
            ("e-*-f".to_owned(), true)
        ]
    );
    assert!(matches("mod-*-you", "mod-video-stopped-you"));
    assert!(!matches("mod-*-you", "mod--you"));
    assert!(matches("set-*-*", "set-locked-by"));
    assert!(!matches("rs-*-password", "rs-password"));
}

//! Translations. One set of Fluent files, `locales/<lang>/*.ftl` at the repository root, embedded in the binary,
//! serves the server (pages, API error messages) and the browser client (which downloads its language's files,
//! joined, from `/assets/i18n/<lang>.ftl` and formats them with `web/lib/fluent.js`). Every `.ftl` file of a
//! language's directory is loaded, in name order; ids are unique across a language's files.
//!
//! The language of a request: the `vroom_lang` cookie (set by the language choice of the UI, or by a `?lang=`
//! link, see `http::language`), else the best supported entry of `Accept-Language` ("fr-CA" → fr), else
//! English. [`scope`] makes it the current language while a request is handled, so that an [`ApiError`]
//! anywhere below says its message in it.
//!
//! [`ApiError`]: crate::http::error::ApiError

use std::future::Future;
use std::sync::LazyLock;

use axum::http::{HeaderMap, header};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rust_embed::Embed;
use unic_langid::LanguageIdentifier;

#[derive(Embed)]
#[folder = "../../locales/"]
#[include = "*.ftl"]
struct Files;

/// The cookie that remembers a chosen language ("en", "fr").
pub const COOKIE: &str = "vroom_lang";
/// The language when nothing else decides, and the one a message missing elsewhere falls back to.
pub const DEFAULT: &str = "en";

/// One language: its messages, and its files joined for the browser.
pub struct Language {
    pub code: String,
    bundle: FluentBundle<FluentResource>,
    /// Every `.ftl` file of the language, in name order, joined: what `/assets/i18n/<code>.ftl` serves.
    pub source: String,
}

/// Every language of `locales/`, sorted by code.
pub struct Locales {
    languages: Vec<Language>,
    default: usize,
}

/// A supported language (an index into [`Locales`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(usize);

impl Default for Lang {
    fn default() -> Self {
        Lang(locales().default)
    }
}

impl Lang {
    pub fn code(self) -> &'static str {
        &locales().languages[self.0].code
    }

    /// The supported language with this code ("fr"; case-insensitive), if any.
    pub fn from_code(code: &str) -> Option<Lang> {
        locales()
            .languages
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(code))
            .map(Lang)
    }

    /// Every supported language.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..locales().languages.len()).map(Lang)
    }

    /// The joined `.ftl` files of this language.
    pub fn source(self) -> &'static str {
        &locales().languages[self.0].source
    }

    /// A message of this language with its arguments; English when this language lacks it, its id when no
    /// language has it (both logged: `tests/locales.rs` keeps them from happening).
    pub fn text(self, message: &Message) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &message.args {
            args.set(*name, value.to_fluent());
        }
        self.format(message.id, &args)
    }

    /// The message `id` with `args` (see [`Lang::text`]).
    pub fn format(self, id: &str, args: &FluentArgs) -> String {
        let locales = locales();
        for index in [self.0, locales.default] {
            let bundle = &locales.languages[index].bundle;
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(
                    id,
                    lang = self.code(),
                    ?errors,
                    "message formatted with errors"
                );
            }
            return text.into_owned();
        }
        tracing::warn!(id, "no such message");
        id.to_owned()
    }

    /// The language a request asks for: the `vroom_lang` cookie, else Accept-Language, else the default.
    pub fn negotiate(headers: &HeaderMap) -> Lang {
        from_cookie(headers)
            .or_else(|| {
                headers
                    .get_all(header::ACCEPT_LANGUAGE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find_map(from_accept_language)
            })
            .unwrap_or_default()
    }
}

fn from_cookie(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Lang::from_code(value.trim()))
}

/// The most wanted supported language of an Accept-Language value (RFC 9110 §12.5.4): higher q first, then
/// header order; a region or script falls back to its language ("fr-CA" → fr); `q=0` and `*` choose nothing.
pub fn from_accept_language(value: &str) -> Option<Lang> {
    let mut wanted: Vec<(f32, usize, Lang)> = value
        .split(',')
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let mut q = 1.0_f32;
            for param in parts {
                if let Some((name, value)) = param.split_once('=')
                    && name.trim().eq_ignore_ascii_case("q")
                {
                    q = value.trim().parse().unwrap_or(0.0);
                }
            }
            let primary = tag.split(['-', '_']).next()?;
            let lang = Lang::from_code(primary)?;
            (q > 0.0).then_some((q, order, lang))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    wanted.first().map(|w| w.2)
}

tokio::task_local! {
    static CURRENT: Lang;
}

/// Runs `f` (the handling of one request) with `lang` as the current language.
pub async fn scope<F: Future>(lang: Lang, f: F) -> F::Output {
    CURRENT.scope(lang, f).await
}

/// The language of the request being handled (the default outside one).
pub fn current() -> Lang {
    CURRENT.try_with(|l| *l).unwrap_or_default()
}

/// A message to say in the reader's language: an id of `locales/*/*.ftl` and its arguments. Write it with
/// [`msg!`](crate::msg) so that `tests/locales.rs` sees the id.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Int(i64),
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The text in the current request's language.
    pub fn text(&self) -> String {
        current().text(self)
    }
}

impl Arg {
    pub fn to_fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Text(text) => FluentValue::from(text.as_str()),
            Arg::Int(n) => FluentValue::from(*n),
        }
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}

macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Int(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_args!(u16, u32, u64, usize, i64);

/// `msg!("error-room-exists", name = name.to_string())`: a [`Message`] with named arguments.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// The languages, read once from the embedded files.
pub fn locales() -> &'static Locales {
    static LOCALES: LazyLock<Locales> = LazyLock::new(Locales::load);
    &LOCALES
}

impl Locales {
    fn load() -> Locales {
        let mut files: Vec<(String, String)> = Files::iter()
            .filter_map(|path| {
                let (lang, name) = path.split_once('/')?;
                (!name.contains('/')).then(|| (lang.to_owned(), path.to_string()))
            })
            .collect();
        files.sort();
        let mut languages: Vec<Language> = Vec::new();
        for (code, path) in files {
            let Some(file) = Files::get(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&file.data).into_owned();
            if languages.last().is_none_or(|l| l.code != code) {
                languages.push(Language::new(&code));
            }
            if let Some(language) = languages.last_mut() {
                language.add(&path, text);
            }
        }
        let default = languages
            .iter()
            .position(|l| l.code == DEFAULT)
            .unwrap_or_else(|| {
                languages.push(Language::new(DEFAULT));
                languages.len() - 1
            });
        Locales { languages, default }
    }
}

impl Language {
    fn new(code: &str) -> Language {
        let id: LanguageIdentifier = code.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Plain text: no Unicode isolation marks around placeables (the client does the same).
        bundle.set_use_isolating(false);
        bundle.set_formatter(match code {
            "fr" => Some(grouped_narrow_space),
            "en" => Some(grouped_comma),
            _ => None,
        });
        Language {
            code: code.to_owned(),
            bundle,
            source: String::new(),
        }
    }

    fn add(&mut self, path: &str, mut text: String) {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if !self.source.is_empty() {
            self.source.push('\n');
        }
        self.source.push_str(&text);
        let resource = FluentResource::try_new(text).unwrap_or_else(|(resource, errors)| {
            tracing::error!(file = path, ?errors, "syntax errors in a translation file");
            resource
        });
        if let Err(errors) = self.bundle.add_resource(resource) {
            tracing::error!(file = path, ?errors, "translation file not fully loaded");
        }
    }
}

/// Whole numbers from 1000 up, grouped by thousands as `Intl.NumberFormat` does in the browser.
fn grouped(value: &FluentValue, separator: &str) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let plain = n.options.minimum_fraction_digits.is_none() && n.options.use_grouping;
    if !plain || n.value.fract() != 0.0 || n.value.abs() < 1000.0 || n.value.abs() > 1e15 {
        return None;
    }
    let digits = format!("{}", n.value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    Some(if n.value < 0.0 {
        format!("-{out}")
    } else {
        out
    })
}

fn grouped_comma<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(value, ",")
}

fn grouped_narrow_space<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(value, "\u{202f}")
}

/// The names of the languages, each in itself (`language-<code>`), for the language choice of the pages.
pub fn choices(current: Lang) -> Vec<Choice> {
    Lang::all()
        .map(|lang| Choice {
            code: lang.code(),
            name: lang.format(&format!("language-{}", lang.code()), &FluentArgs::new()),
            current: lang == current,
        })
        .collect()
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Choice {
    pub code: &'static str,
    pub name: String,
    pub current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn lang(code: &str) -> Lang {
        Lang::from_code(code).unwrap()
    }

    #[test]
    fn accept_language_picks_the_most_wanted_supported_language() {
        let pick = |v: &str| from_accept_language(v).map(Lang::code);
        assert_eq!(pick("fr-CA,fr;q=0.9,en;q=0.8"), Some("fr"));
        assert_eq!(pick("de-DE,de;q=0.9,fr;q=0.5,en;q=0.4"), Some("fr"));
        assert_eq!(pick("en;q=0.5, fr"), Some("fr"));
        assert_eq!(pick("fr;q=0, en"), Some("en"));
        assert_eq!(pick("FR-be"), Some("fr"));
        assert_eq!(pick("en-GB, fr;q=1"), Some("en"));
        assert_eq!(pick("de, *;q=0.1"), None);
        assert_eq!(pick(""), None);
        assert_eq!(pick("fr;q=abc"), None);
    }

    #[test]
    fn the_cookie_wins_then_accept_language_then_english() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::negotiate(&headers).code(), DEFAULT);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-FR,fr;q=0.9"),
        );
        assert_eq!(Lang::negotiate(&headers).code(), "fr");
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; vroom_lang=en; c=d"),
        );
        assert_eq!(Lang::negotiate(&headers).code(), "en");
        headers.insert(header::COOKIE, HeaderValue::from_static("vroom_lang=xx"));
        assert_eq!(
            Lang::negotiate(&headers).code(),
            "fr",
            "an unknown value is ignored"
        );
    }

    #[test]
    fn messages_are_formatted_in_each_language_without_isolation_marks() {
        let m = crate::msg!("error-room-exists", name = "team-sync");
        assert_eq!(
            lang("en").text(&m),
            "A room named team-sync exists already."
        );
        assert!(lang("fr").text(&m).contains("team-sync"));
        assert!(!lang("fr").text(&m).contains('\u{2068}'));
        let full = crate::msg!("full-lead-limit", room = "r", limit = 1000_u64);
        assert!(
            lang("en").text(&full).contains("1,000 people"),
            "{}",
            lang("en").text(&full)
        );
        assert!(
            lang("fr").text(&full).contains("1\u{202f}000 personnes"),
            "{}",
            lang("fr").text(&full)
        );
        let one = crate::msg!("full-lead-limit", room = "r", limit = 1_u64);
        assert!(
            lang("en").text(&one).contains("1 person."),
            "{}",
            lang("en").text(&one)
        );
        // A missing id says itself.
        assert_eq!(lang("fr").text(&Message::new("no-such-id")), "no-such-id");
    }

    #[test]
    fn the_browser_gets_every_file_of_a_language() {
        let fr = lang("fr").source();
        assert!(fr.contains("prejoin-title ="));
        assert!(fr.contains("error-room-exists ="));
        let names: Vec<_> = choices(lang("fr"))
            .into_iter()
            .map(|c| (c.code, c.name, c.current))
            .collect();
        assert_eq!(
            names,
            [
                ("en", "English".to_owned(), false),
                ("fr", "Français".to_owned(), true)
            ]
        );
    }
}

#![allow(clippy::result_large_err)] // figment::Jail's closures return figment's large error type

use super::*;

/// (file contents, environment, key the error must name)
type Case<'a> = (Option<&'a str>, &'a [(&'a str, &'a str)], &'a str);

fn load_in_jail(toml: Option<&str>, env: &[(&str, &str)]) -> Result<Config, String> {
    let mut out = Err(String::new());
    figment::Jail::expect_with(|jail| {
        for (k, v) in env {
            jail.set_env(k, v);
        }
        let path = toml.map(|text| {
            jail.create_file("vroom.toml", text).expect("write");
            Path::new("vroom.toml").to_owned()
        });
        out = Config::load(path.as_deref()).map_err(|e| e.to_string());
        Ok(())
    });
    out
}

#[test]
fn defaults_are_valid_and_documented_values() {
    let c = load_in_jail(None, &[]).unwrap();
    assert_eq!(c.server.listen.to_string(), "127.0.0.1:8090");
    assert_eq!(c.database.url, "sqlite://data/vroom.db");
    assert_eq!(c.rooms.inactivity_timeout, 60);
    assert_eq!(c.ice.turn_credentials, TurnCredentials::None);
    assert!(c.ice.stun_urls.is_empty());
}

#[test]
fn file_then_environment_override() {
    let c = load_in_jail(
        Some("[server]\nlisten = \"0.0.0.0:9000\"\n[rooms]\ninactivity_timeout = 5\n"),
        &[("VROOM_ROOMS__INACTIVITY_TIMEOUT", "7")],
    )
    .unwrap();
    assert_eq!(c.server.listen.to_string(), "0.0.0.0:9000");
    assert_eq!(c.rooms.inactivity_timeout, 7);
}

#[test]
fn the_example_file_loads_and_names_every_key() {
    let example = include_str!("../../../../vroom.example.toml");
    let c = load_in_jail(Some(example), &[]).unwrap();
    assert_eq!(c.server.listen.to_string(), "127.0.0.1:8090");
    // Every key of the defaults appears in the example (commented or not).
    let defaults = serde_json::to_value(Config::default()).unwrap();
    for (section, keys) in defaults.as_object().unwrap() {
        assert!(
            example.contains(&format!("[{section}]")),
            "section {section}"
        );
        for (key, value) in keys.as_object().unwrap() {
            // A nested table (`[mail.smtp]`): its header and each of its keys.
            if let Some(inner) = value.as_object() {
                assert!(
                    example.contains(&format!("[{section}.{key}]")),
                    "section {section}.{key}"
                );
                for inner_key in inner.keys() {
                    assert!(
                        example.contains(&format!("\n{inner_key} =")),
                        "key {section}.{key}.{inner_key} missing from vroom.example.toml"
                    );
                }
                continue;
            }
            assert!(
                example.contains(&format!("\n{key} =")) || example.contains(&format!("# {key} =")),
                "key {section}.{key} missing from vroom.example.toml"
            );
        }
    }
}

#[test]
fn other_vroom_variables_are_not_configuration() {
    let c = load_in_jail(
        None,
        &[
            ("VROOM_CONFIG", "elsewhere.toml"),
            ("VROOM_TEST_POSTGRES_URL", "postgres://x"),
            ("VROOM_LOG__LEVEL", "debug"),
        ],
    )
    .unwrap();
    assert_eq!(c.log.level, "debug");
}

#[test]
fn errors_name_the_key() {
    let cases: &[Case] = &[
        (Some("[server]\nlisten = \"nope\"\n"), &[], "server.listen"),
        (
            None,
            &[("VROOM_ROOMS__INACTIVITY_TIMEOUT", "soon")],
            "rooms.inactivity_timeout",
        ),
        (Some("[rooms]\nunknown_key = 1\n"), &[], "unknown_key"),
        (None, &[("VROOM_ROOM__INACTIVITY_TIMEOUT", "1")], "room"),
        (
            None,
            &[("VROOM_DATABASE__URL", "oracle://x")],
            "database.url",
        ),
        (
            None,
            &[("VROOM_ICE__TURN_CREDENTIALS", "rest")],
            "ice.turn_secret",
        ),
        (
            Some("[ice]\nstun_urls = [\"http://x\"]\n"),
            &[],
            "ice.stun_urls",
        ),
        (
            Some(
                "[ice]\nturn_credentials = \"static\"\nturn_username = \"u\"\nturn_password = \"p\"\n",
            ),
            &[],
            "ice.turn_urls",
        ),
        (
            Some("[etherpad]\nurl = \"ftp://pad\"\napi_key = \"k\"\n"),
            &[],
            "etherpad.url",
        ),
        (
            Some("[etherpad]\nurl = \"http://127.0.0.1:9001\"\n"),
            &[],
            "etherpad.api_key",
        ),
        (
            Some("[etherpad]\napi_key = \"k\"\napi_key_file = \"/k\"\n"),
            &[],
            "etherpad.api_key_file",
        ),
        (
            Some("[etherpad]\npublic_url = \"https://pad.example.org?x\"\n"),
            &[],
            "etherpad.public_url",
        ),
        (
            Some("[etherpad]\ncookie_domain = \"example.org/\"\n"),
            &[],
            "etherpad.cookie_domain",
        ),
        (
            None,
            &[("VROOM_ETHERPAD__TIMEOUT", "0")],
            "etherpad.timeout",
        ),
        (
            None,
            &[("VROOM_ETHERPAD__SESSION_LIFETIME", "5")],
            "etherpad.session_lifetime",
        ),
        (
            None,
            &[("VROOM_ETHERPAD__CHECK_INTERVAL", "0")],
            "etherpad.check_interval",
        ),
        (
            Some("[signalling]\nidle_timeout = 5\n"),
            &[],
            "signalling.idle_timeout",
        ),
        (
            Some("[server]\npublic_url = \"ftp://x\"\n"),
            &[],
            "server.public_url",
        ),
        (Some("[log]\nlevel = \"=nonsense=\"\n"), &[], "log.level"),
    ];
    for (toml, env, key) in cases {
        let err = load_in_jail(*toml, env).expect_err(key);
        assert!(
            err.to_lowercase().contains(key),
            "error `{err}` should name `{key}`"
        );
    }
}

#[test]
fn a_missing_file_is_an_error() {
    figment::Jail::expect_with(|_| {
        let err = Config::load(Some(Path::new("nope.toml"))).unwrap_err();
        assert!(err.to_string().contains("nope.toml"));
        Ok(())
    });
}

#[test]
fn redaction_hides_every_secret() {
    let mut c = Config::default();
    c.database.url = "postgres://vroom:hunter2@db/vroom".into();
    c.ice.turn_secret = "a-very-long-shared-secret".into();
    c.ice.turn_password = "pw".into();
    c.etherpad.api_key = "etherpad-api-key-value".into();
    let shown = serde_json::to_string(&c.redacted()).unwrap();
    for secret in [
        "hunter2",
        "a-very-long-shared-secret",
        "\"pw\"",
        "etherpad-api-key-value",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
    assert!(shown.contains("postgres://vroom:***@db/vroom"));
}

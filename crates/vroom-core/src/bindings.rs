//! The browser's type declarations for the protocol (`web/lib/protocol.gen.d.ts`) are generated from the Rust
//! types, so client and server cannot drift. This test fails when the file is stale; regenerate it with
//! `VROOM_BLESS=1 cargo test -p vroom-core bindings`.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::participant::{
    Colour, INVISIBLE_FORMAT_CHARS, MAX_DISPLAY_NAME_LEN, PALETTE_SIZE, ParticipantId,
    ParticipantInfo,
};
use crate::protocol::*;
use crate::role::Role;
use crate::room_name::{MAX_ROOM_NAME_LEN, RESERVED_NAMES};

const HEADER: &str = "// Generated from crates/vroom-core by its `bindings` tests: do not edit.\n\
                      // Regenerate with `VROOM_BLESS=1 cargo test -p vroom-core bindings`.\n";

fn declarations() -> String {
    let cfg = Config::default();
    let decls = [
        ParticipantId::decl(&cfg),
        ParticipantInfo::decl(&cfg),
        Colour::decl(&cfg),
        Role::decl(&cfg),
        ClientMessage::decl(&cfg),
        JoinRequest::decl(&cfg),
        ResumeRequest::decl(&cfg),
        UpdateRequest::decl(&cfg),
        SignalPayload::decl(&cfg),
        SessionDescription::decl(&cfg),
        SdpKind::decl(&cfg),
        IceCandidate::decl(&cfg),
        ServerMessage::decl(&cfg),
        Welcome::decl(&cfg),
        Limits::decl(&cfg),
        IceConfig::decl(&cfg),
        IceServer::decl(&cfg),
        LeaveReason::decl(&cfg),
        ErrorCode::decl(&cfg),
        ModerationAction::decl(&cfg),
        ModerationNotice::decl(&cfg),
        ParticipantRef::decl(&cfg),
        RequestKind::decl(&cfg),
        RoomSettingsView::decl(&cfg),
        ChatMessage::decl(&cfg),
        Reaction::decl(&cfg),
        InvitationResponse::decl(&cfg),
        EndReason::decl(&cfg),
    ];
    let mut out = format!("{HEADER}\n");
    for decl in decls {
        out.push_str("export ");
        out.push_str(decl.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn rules() -> String {
    let reserved = RESERVED_NAMES
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let ranges: String = INVISIBLE_FORMAT_CHARS
        .iter()
        .map(|&(first, last)| {
            format!(
                "\\\\u{{{:x}}}-\\\\u{{{:x}}}",
                u32::from(first),
                u32::from(last)
            )
        })
        .collect();
    format!(
        "{HEADER}\n\
         /** The signalling protocol version this client speaks. */\n\
         export const PROTOCOL_VERSION = {PROTOCOL_VERSION};\n\n\
         /** Longest room name, in characters. */\n\
         export const MAX_ROOM_NAME_LEN = {MAX_ROOM_NAME_LEN};\n\n\
         /** Names the server keeps for its own routes. */\n\
         export const RESERVED_ROOM_NAMES = Object.freeze([{reserved}]);\n\n\
         /** Longest display name, in characters. */\n\
         export const MAX_DISPLAY_NAME_LEN = {MAX_DISPLAY_NAME_LEN};\n\n\
         /** A character class (for `new RegExp(…, \"u\")`) of what a display name may not contain. */\n\
         export const FORBIDDEN_NAME_CHARS = \"[\\\\p{{Cc}}{ranges}]\";\n\n\
         /** Longest chat message, in characters. */\n\
         export const MAX_CHAT_CHARS = {MAX_CHAT_CHARS};\n\n\
         /** How many colours the participants' palette has (a colour is an index below this). */\n\
         export const PALETTE_SIZE = {PALETTE_SIZE};\n"
    )
}

fn check(relative: &str, want: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("VROOM_BLESS").is_some() {
        std::fs::write(&path, want).expect("write bindings");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{relative} is stale: run `VROOM_BLESS=1 cargo test -p vroom-core bindings`"
    );
}

#[test]
fn bindings_are_up_to_date() {
    check("../../web/lib/protocol.gen.d.ts", &declarations());
}

#[test]
fn rules_are_up_to_date() {
    check("../../web/lib/rules.gen.js", &rules());
}

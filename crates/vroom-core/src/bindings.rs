//! The browser's type declarations for the protocol (`web/lib/protocol.gen.d.ts`) are generated from the Rust
//! types, so client and server cannot drift. This test fails when the file is stale; regenerate it with
//! `VROOM_BLESS=1 cargo test -p vroom-core bindings`.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::participant::{ParticipantId, ParticipantInfo};
use crate::protocol::*;

fn declarations() -> String {
    let cfg = Config::default();
    let decls = [
        ParticipantId::decl(&cfg),
        ParticipantInfo::decl(&cfg),
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
    ];
    let mut out = String::from(
        "// Generated from crates/vroom-core/src/protocol.rs by its `bindings` test: do not edit.\n\
         // Regenerate with `VROOM_BLESS=1 cargo test -p vroom-core bindings`.\n\n",
    );
    out.push_str(&format!(
        "export const PROTOCOL_VERSION = {PROTOCOL_VERSION};\n\n"
    ));
    for decl in decls {
        out.push_str("export ");
        out.push_str(decl.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn bindings_are_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/lib/protocol.gen.d.ts");
    let want = declarations();
    if std::env::var_os("VROOM_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write bindings");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "web/lib/protocol.gen.d.ts is stale: run `VROOM_BLESS=1 cargo test -p vroom-core bindings`"
    );
}

//! `vroom-load`: drives a running VROOM server's signalling with many WebSocket participants in many
//! rooms and reports join times, relay latency, throughput and any lost, misattributed or
//! cross-room signal. See docs/load-testing.md.

mod cli;
mod participant;
mod stats;
mod wire;

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::Parser;
use futures_util::{StreamExt, TryStreamExt, stream};
use rand::Rng;
use reqwest::StatusCode;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::time::{self, Instant};

use crate::cli::{Args, DRAIN, Settings};
use crate::participant::{Context, JoinNote, Phase, Plan};
use crate::stats::{Outcome, Report, RunConfig, Shared};

/// Rooms created at the same time.
const ROOM_CREATION_CONCURRENCY: usize = 8;
/// How long the participants have to finish after `Leaving`, before the rest are abandoned.
const FINISH_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let settings = match Args::parse().validate() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("vroom-load: {error:#}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("vroom-load: cannot start the runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let json = settings.args.json;
    match runtime.block_on(run(Arc::new(settings))) {
        Ok(report) => {
            if json {
                match serde_json::to_string(&report) {
                    Ok(text) => println!("{text}"),
                    Err(error) => {
                        eprintln!("vroom-load: cannot write the report: {error}");
                        return ExitCode::from(2);
                    }
                }
            } else {
                print!("{}", report.human());
            }
            if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("vroom-load: {error:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(settings: Arc<Settings>) -> anyhow::Result<Report> {
    let args = &settings.args;
    let run_id = run_id();
    let rooms: Vec<Arc<str>> = (0..args.rooms)
        .map(|i| Arc::from(format!("{}-{run_id}-{i}", settings.prefix)))
        .collect();
    if args.rate >= cli::SERVER_DEFAULT_RATE {
        eprintln!(
            "vroom-load: warning: --rate {} reaches the server's default limit of {} messages/s per connection; expect rate_limited errors unless VROOM_SIGNALLING__MESSAGES_PER_SECOND is raised",
            args.rate,
            cli::SERVER_DEFAULT_RATE
        );
    }

    eprintln!(
        "vroom-load: run {run_id}: creating {} rooms on {}",
        rooms.len(),
        args.url
    );
    create_rooms(&settings, &rooms).await?;

    let planned = settings.participants;
    eprintln!(
        "vroom-load: connecting {planned} participants ({} per room)",
        args.per_room
    );
    let shared = Arc::new(Shared::new()?);
    let ctx = Arc::new(Context {
        settings: settings.clone(),
        shared: shared.clone(),
        connecting: Arc::new(Semaphore::new(args.connect_concurrency)),
    });
    let (phase_tx, phase_rx) = watch::channel(Phase::Connecting);
    let (note_tx, mut note_rx) = mpsc::channel::<JoinNote>(1024);
    let mut handles = Vec::new();
    for (room_index, room) in rooms.iter().enumerate() {
        for seat in 0..args.per_room {
            let index = room_index as u64 * u64::from(args.per_room) + u64::from(seat);
            handles.push(tokio::spawn(participant::run(
                ctx.clone(),
                index,
                room_index,
                room.clone(),
                phase_rx.clone(),
                note_tx.clone(),
            )));
        }
    }
    drop(note_tx);

    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut interrupted = false;

    // Connect phase: wait until everyone has joined or failed, within a budget that grows with the run.
    let connect_started = Instant::now();
    let connect_deadline =
        connect_started + Duration::from_secs(30) + Duration::from_millis(20) * planned as u32;
    let mut members: Vec<Vec<String>> = vec![Vec::new(); rooms.len()];
    let mut notes = 0u64;
    while notes < planned {
        tokio::select! {
            note = note_rx.recv() => match note {
                Some(JoinNote { room_index, id }) => {
                    notes += 1;
                    if let (Some(id), Some(room)) = (id, members.get_mut(room_index)) {
                        room.push(id);
                    }
                }
                None => break,
            },
            () = time::sleep_until(connect_deadline) => {
                eprintln!("vroom-load: the connect phase ran out of time; going on with those who joined");
                break;
            }
            _ = &mut ctrl_c => {
                interrupted = true;
                break;
            }
        }
    }
    let joined: usize = members.iter().map(Vec::len).sum();
    eprintln!(
        "vroom-load: {joined}/{planned} joined in {:.1} s; signalling for {} s warm-up + {} s measured",
        connect_started.elapsed().as_secs_f64(),
        args.warmup,
        args.duration
    );

    // Signalling phase: warm-up, then the measured window.
    let warmup = Duration::from_secs(args.warmup);
    let measure_start = participant::unix_nanos()
        .saturating_add(u64::try_from(warmup.as_nanos()).unwrap_or(u64::MAX));
    shared
        .measure_start_nanos
        .store(measure_start, Ordering::SeqCst);
    let running_since = Instant::now();
    let measure_from = running_since + warmup;
    let mut measured = Duration::ZERO;
    if !interrupted {
        phase_tx.send_replace(Phase::Running(Arc::new(Plan { members })));
        tokio::select! {
            () = time::sleep(warmup + Duration::from_secs(args.duration)) => {}
            _ = &mut ctrl_c => interrupted = true,
        }
        measured = Instant::now().saturating_duration_since(measure_from);
        phase_tx.send_replace(Phase::Draining);
        eprintln!(
            "vroom-load: sending stopped; draining for {} s",
            DRAIN.as_secs()
        );
        time::sleep(DRAIN).await;
    }
    phase_tx.send_replace(Phase::Leaving);

    // Everyone leaves; gather what each participant saw.
    let finish_deadline = Instant::now() + FINISH_TIMEOUT;
    let mut outcome = Outcome {
        connected: 0,
        failures: BTreeMap::new(),
        drops: BTreeMap::new(),
        join_times: Vec::new(),
        measured,
        interrupted,
    };
    for mut handle in handles {
        let end = match time::timeout_at(finish_deadline, &mut handle).await {
            Ok(Ok(end)) => end,
            Ok(Err(_)) => participant::End {
                join: Err("task_failed".to_owned()),
                dropped: None,
            },
            Err(_) => {
                handle.abort();
                participant::End {
                    join: Err("unfinished".to_owned()),
                    dropped: None,
                }
            }
        };
        match end.join {
            Ok(join_time) => {
                outcome.connected += 1;
                outcome.join_times.push(join_time);
            }
            Err(reason) => *outcome.failures.entry(reason).or_default() += 1,
        }
        if let Some(reason) = end.dropped {
            *outcome.drops.entry(reason).or_default() += 1;
        }
    }

    let config = RunConfig {
        url: args.url.clone(),
        run_id,
        rooms: args.rooms,
        per_room: args.per_room,
        duration_s: args.duration,
        warmup_s: args.warmup,
        drain_s: DRAIN.as_secs(),
        rate_per_participant: args.rate,
        payload_bytes: args.payload,
    };
    Ok(Report::build(config, planned, &shared, outcome))
}

/// Six random characters that tell this run's rooms from earlier ones.
fn run_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..6)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// Creates every room with `POST /api/rooms`; a room that exists already is fine.
async fn create_rooms(settings: &Settings, rooms: &[Arc<str>]) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .context("cannot build the HTTP client")?;
    stream::iter(rooms.iter().cloned())
        .map(|room| {
            let client = client.clone();
            async move { create_room(&client, settings, &room).await }
        })
        .buffer_unordered(ROOM_CREATION_CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(())
}

async fn create_room(
    client: &reqwest::Client,
    settings: &Settings,
    room: &str,
) -> anyhow::Result<()> {
    let response = client
        .post(settings.rooms_url.clone())
        .json(&serde_json::json!({ "name": room }))
        .send()
        .await
        .with_context(|| {
            format!(
                "cannot reach the server at {} to create room {room}: is it running?",
                settings.args.url
            )
        })?;
    match response.status() {
        StatusCode::CREATED | StatusCode::CONFLICT => Ok(()),
        StatusCode::TOO_MANY_REQUESTS => bail!(
            "the server refused to create room {room} with 429 rate_limited: it allows 10 room creations per minute per address by default; start it with VROOM_LIMITS__ROOM_CREATIONS_PER_MINUTE=100000"
        ),
        status => {
            let body = response.text().await.unwrap_or_default();
            let body: String = body.chars().take(300).collect();
            bail!("creating room {room} failed with HTTP {status}: {body}")
        }
    }
}

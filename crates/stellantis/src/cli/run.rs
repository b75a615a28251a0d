//! Running one invocation: connect, read or send, follow, and pick the exit code.

use std::time::Duration;

use stellantis::model::RemoteCommand;
use stellantis::{
    Client, ClientConfig, EventKind, Outcome, Secret, Session, Tracker, TrackerConfig,
    WebhookConfig,
};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use super::Exit;
use super::args::{Cli, Command, FeatureCommand, FollowArgs, SendArgs};
use super::credentials;
use super::output::{Output, Sent};

/// The channel label this tool finds or creates for its webhook.
const CHANNEL_LABEL: &str = "car-remote-cli";

/// Keeps the demo simulator running as long as the client uses it.
pub(super) struct Connection {
    pub(super) client: Client,
    #[cfg(feature = "demo")]
    _demo: Option<stellantis_sim::RunningSim>,
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Exit {
    let out = Output { json: cli.json };
    match cli.command {
        Command::Features => {
            out.features();
            Exit::Success
        }
        Command::Vehicles => match connect(&out, cli.demo).await {
            Ok(conn) => match conn.client.vehicles().await {
                Ok(list) => {
                    out.vehicles(&list);
                    Exit::Success
                }
                Err(error) => client_error(&out, &error),
            },
            Err(exit) => exit,
        },
        Command::Status { vehicle } => match connect(&out, cli.demo).await {
            Ok(conn) => match conn.client.latest_telemetry(&vehicle).await {
                Ok(telemetry) => {
                    out.telemetry(&vehicle, &telemetry);
                    Exit::Success
                }
                Err(error) => client_error(&out, &error),
            },
            Err(exit) => exit,
        },
        Command::Capability { vehicle } => match connect(&out, cli.demo).await {
            Ok(conn) => match conn.client.capability(&vehicle).await {
                Ok(capability) => {
                    out.capability(&vehicle, &capability);
                    Exit::Success
                }
                Err(error) => client_error(&out, &error),
            },
            Err(exit) => exit,
        },
        Command::Send(args) => send(&out, cli.demo, args).await,
        Command::FleetSend(args) => super::fleet::fleet_send(&out, cli.demo, args).await,
    }
}

pub(super) fn client_error(out: &Output, error: &stellantis::Error) -> Exit {
    out.error(error.kind().as_str(), &error.to_string());
    Exit::Error
}

/// The client for the real account, or for a fresh simulator with `--demo`.
pub(super) async fn connect(out: &Output, demo: bool) -> Result<Connection, Exit> {
    if demo {
        return connect_demo(out).await;
    }
    let account = credentials::from_environment().map_err(|missing| {
        out.error("signedOut", &missing.to_string());
        Exit::Error
    })?;
    let config = ClientConfig::new(
        account.base_url,
        account.token_url,
        account.client_id,
        account.client_secret,
    );
    let client = Client::new(config).map_err(|error| client_error(out, &error))?;
    Ok(Connection {
        client,
        #[cfg(feature = "demo")]
        _demo: None,
    })
}

#[cfg(feature = "demo")]
async fn connect_demo(out: &Output) -> Result<Connection, Exit> {
    // A twentieth of real time: remotes take a second or two instead of half a minute.
    let config = stellantis_sim::SimConfig {
        time_scale: 0.05,
        ..stellantis_sim::SimConfig::default()
    };
    let sim = stellantis_sim::start(config).await.map_err(|error| {
        out.error(
            "config",
            &format!("the demo simulator could not start: {error}"),
        );
        Exit::Error
    })?;
    let config = ClientConfig::new(
        sim.base_url(),
        sim.token_url(),
        sim.client_id(),
        Secret::new(sim.client_secret()),
    );
    let client = Client::new(config).map_err(|error| client_error(out, &error))?;
    Ok(Connection {
        client,
        _demo: Some(sim),
    })
}

#[cfg(not(feature = "demo"))]
async fn connect_demo(out: &Output) -> Result<Connection, Exit> {
    out.error(
        "config",
        "this build has no demo simulator; rebuild with `--features demo`",
    );
    Err(Exit::Error)
}

/// The command of `feature`, checked by the model, confirmed when it must be; its warning
/// printed. Nothing has been sent when this fails.
pub(super) fn checked_command(
    out: &Output,
    feature: &FeatureCommand,
    yes: bool,
) -> Result<RemoteCommand, Exit> {
    let command = match feature.to_input().and_then(RemoteCommand::try_from) {
        Ok(command) => command,
        Err(invalid) => {
            out.error("invalidInput", &format!("invalid input: {invalid}"));
            return Err(Exit::Error);
        }
    };
    if command.needs_confirmation() && !yes {
        out.error(
            "confirmationNeeded",
            &format!(
                "{} needs confirmation: {} Add --yes to send it.",
                command.feature(),
                command.warning().unwrap_or("it cannot easily be undone.")
            ),
        );
        return Err(Exit::Error);
    }
    if let Some(warning) = command.warning().filter(|_| !command.needs_confirmation()) {
        out.warning(warning);
    }
    Ok(command)
}

/// A tracker following remotes through `--channel` (polling), or through this tool's webhook
/// channel; the session (when there is one) must be kept alive while commands are followed.
pub(super) async fn tracker(
    out: &Output,
    client: &Client,
    follow: FollowArgs,
) -> Result<(Tracker, Option<Session>), Exit> {
    let config = TrackerConfig {
        poll_first: Duration::from_secs(2),
        poll_max: Duration::from_secs(20),
        unknown_after: Duration::from_secs(follow.timeout.max(1)),
        label_prefix: CHANNEL_LABEL.to_owned(),
        ..TrackerConfig::default()
    };
    match follow.channel {
        Some(channel) => Ok((Tracker::new(client.clone(), channel, config), None)),
        None => {
            let secret = Secret::random().map_err(|error| client_error(out, &error))?;
            let webhook = WebhookConfig::with_secret(secret);
            let session = Tracker::with_webhook(
                client.clone(),
                CHANNEL_LABEL,
                webhook,
                follow.public_url,
                config,
            )
            .await
            .map_err(|error| client_error(out, &error))?;
            Ok((session.tracker.clone(), Some(session)))
        }
    }
}

/// Checks, sends and follows one command.
async fn send(out: &Output, demo: bool, args: SendArgs) -> Exit {
    // Everything about the input is checked before any network traffic.
    let command = match checked_command(out, &args.feature, args.follow.yes) {
        Ok(command) => command,
        Err(exit) => return exit,
    };
    let conn = match connect(out, demo).await {
        Ok(conn) => conn,
        Err(exit) => return exit,
    };
    let timeout = Duration::from_secs(args.follow.timeout.max(1));
    // The session keeps the webhook receiver alive while the command is followed.
    let (tracker, _session) = match tracker(out, &conn.client, args.follow).await {
        Ok(tracked) => tracked,
        Err(exit) => return exit,
    };

    let mut events = tracker.events();
    let feature = command.feature();
    let mut tracked = tracker.send(&args.vehicle, command);
    let sent = Sent {
        command_id: tracked.command_id,
        label: tracked.label.clone(),
        vehicle_id: tracked.vehicle_id.clone(),
        feature,
    };
    let deadline = Instant::now() + timeout;
    let mut remote_action_id = None;

    if args.wait {
        let waiting = tracked.wait_done(timeout);
        tokio::pin!(waiting);
        let outcome = loop {
            tokio::select! {
                // Events first: the remote id and the steps must be shown before the end.
                biased;
                event = events.recv() => match event {
                    Ok(event) if event.command_id == sent.command_id => {
                        remote_action_id = event.remote_action_id.clone().or(remote_action_id);
                        out.progress(&event);
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => break (&mut waiting).await,
                },
                outcome = &mut waiting => break outcome,
            }
        };
        // The end can be seen before the stream's last events were read: read what is left.
        while let Ok(event) = events.try_recv() {
            if event.command_id == sent.command_id {
                remote_action_id = event.remote_action_id.clone().or(remote_action_id);
                out.progress(&event);
            }
        }
        out.outcome(&sent, remote_action_id.as_deref(), &outcome);
        return exit_for(&outcome);
    }

    // Without --wait: stop at the server's answer to the POST.
    loop {
        let event = match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(event)) => event,
            Ok(Err(RecvError::Lagged(_))) => continue,
            Ok(Err(RecvError::Closed)) | Err(_) => {
                out.outcome(&sent, remote_action_id.as_deref(), &Outcome::Unknown);
                return Exit::Unknown;
            }
        };
        if event.command_id != sent.command_id {
            continue;
        }
        remote_action_id = event.remote_action_id.clone().or(remote_action_id);
        out.progress(&event);
        let outcome = match event.event {
            EventKind::Sent | EventKind::Pending { .. } => {
                out.accepted(&sent, remote_action_id.as_deref());
                return Exit::Success;
            }
            EventKind::Queued => continue,
            EventKind::Done(report) => Outcome::Done(report),
            EventKind::Unknown { .. } => Outcome::Unknown,
            EventKind::Rejected { kind, message } => Outcome::Rejected { kind, message },
        };
        out.outcome(&sent, remote_action_id.as_deref(), &outcome);
        return exit_for(&outcome);
    }
}

/// 0 done, 2 failed or refused, 3 no answer yet.
fn exit_for(outcome: &Outcome) -> Exit {
    match outcome {
        Outcome::Done(report) if report.succeeded() => Exit::Success,
        Outcome::Done(_) | Outcome::Rejected { .. } => Exit::Failed,
        Outcome::Unknown => Exit::Unknown,
    }
}

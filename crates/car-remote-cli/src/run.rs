//! Running one invocation: connect, read or send, follow, and pick the exit code.

use std::time::Duration;

use std::sync::Arc;

use car_remote_journal::{
    CommandStore, Dispatched, Dispatcher, Journal, Origin, Request, new_request_id,
};
use stellantis::model::{CommandInput, RemoteCommand};
use stellantis::{
    Client, ClientConfig, EventKind, Outcome, Secret, Session, Tracker, TrackerConfig,
    WebhookConfig,
};
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
    demo: Option<stellantis_sim::RunningSim>,
}

impl Connection {
    /// The account commands are journaled under: the client id, or `demo`.
    pub(super) fn account(&self) -> String {
        if self.is_demo() {
            "demo".to_owned()
        } else {
            self.client.http().tokens().client_id().to_owned()
        }
    }

    /// Whether this is the built-in simulator.
    pub(super) fn is_demo(&self) -> bool {
        self.demo.is_some()
    }
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
        Command::History(args) => super::history::history(&out, args),
        Command::Recover(args) => super::history::recover(&out, cli.demo, args).await,
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
    Ok(Connection { client, demo: None })
}

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
        demo: Some(sim),
    })
}

/// The command of `feature` through the library's one door ([`RemoteCommand::checked`]), with
/// `--yes` as the confirmation, and the input it came from; a warning that needs no
/// confirmation is printed. Nothing has been sent when this fails.
pub(super) fn command_from_args(
    out: &Output,
    feature: &FeatureCommand,
    yes: bool,
    vehicle: Option<&str>,
) -> Result<(CommandInput, RemoteCommand), Exit> {
    let checked = feature
        .to_input()
        .map_err(stellantis::Error::from)
        .and_then(|input| Ok((input.clone(), RemoteCommand::checked(input, yes, vehicle)?)));
    match checked {
        Ok((input, command)) => {
            if let Some(warning) = command.warning().filter(|w| !w.needs_confirmation()) {
                out.warning(&warning.text(vehicle));
            }
            Ok((input, command))
        }
        Err(error @ stellantis::Error::ConfirmationNeeded { .. }) => {
            out.error(
                error.kind().as_str(),
                &format!("{error} Add --yes to send it."),
            );
            Err(Exit::Error)
        }
        Err(error) => Err(client_error(out, &error)),
    }
}

/// The journal the app and this tool share, in `CAR_REMOTE_DATA_DIR` or the app's data folder.
pub(super) fn journal(out: &Output) -> Result<Arc<dyn CommandStore>, Exit> {
    match Journal::open_default() {
        Ok(journal) => Ok(Arc::new(journal)),
        Err(error) => {
            out.error(error.kind().as_str(), &error.to_string());
            Err(Exit::Error)
        }
    }
}

/// What sends and follows through the journal, kept alive together: the connection (and the
/// demo simulator), the webhook session, and the dispatcher of the connection's account.
pub(super) struct Journaling {
    pub(super) dispatcher: Dispatcher,
    _session: Option<Session>,
    _conn: Connection,
}

/// Opens the journal, connects, starts following, and makes the dispatcher of the account:
/// commands journaled as sent from the CLI. The demo simulator lives as long as this run, so
/// what an earlier run left there is not followed.
pub(super) async fn journaling(
    out: &Output,
    demo: bool,
    follow: FollowArgs,
    send_by: Duration,
) -> Result<Journaling, Exit> {
    let store = journal(out)?;
    let conn = connect(out, demo).await?;
    let (tracker, session) = tracker(out, &conn.client, follow).await?;
    let dispatcher = Dispatcher::new(tracker, store, conn.account(), Origin::Cli, send_by);
    let dispatcher = if conn.is_demo() {
        dispatcher.ephemeral()
    } else {
        dispatcher
    };
    Ok(Journaling {
        dispatcher,
        _session: session,
        _conn: conn,
    })
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

/// Checks, records, sends and follows one command.
async fn send(out: &Output, demo: bool, args: SendArgs) -> Exit {
    // Everything about the input is checked before any network traffic.
    let (input, command) =
        match command_from_args(out, &args.feature, args.follow.yes, Some(&args.vehicle)) {
            Ok(checked) => checked,
            Err(exit) => return exit,
        };
    let timeout = Duration::from_secs(args.follow.timeout.max(1));
    let send_by = Duration::from_secs(args.send_by);
    // Kept alive while the command is followed: the webhook receiver, the demo simulator.
    let journaling = match journaling(out, demo, args.follow, send_by).await {
        Ok(journaling) => journaling,
        Err(exit) => return exit,
    };
    let dispatcher = &journaling.dispatcher;
    let feature = command.feature();
    let request = Request {
        request_id: args.request_id.unwrap_or_else(new_request_id),
        vehicle_id: args.vehicle.clone(),
        input,
        command,
        fleet_run_id: None,
        send_by: Some(send_by),
    };
    let mut journaled = match dispatcher.send(request).await {
        Ok(Dispatched::Sent(journaled)) => journaled,
        Ok(Dispatched::Existing(record)) => return super::history::already_recorded(out, &record),
        Err(error) => {
            out.error(error.kind().as_str(), &error.to_string());
            return Exit::Error;
        }
    };
    let sent = Sent {
        request_id: journaled.request_id.clone(),
        label: journaled.label.clone(),
        vehicle_id: journaled.vehicle_id.clone(),
        feature,
    };
    let deadline = Instant::now() + timeout;
    let mut remote_action_id = None;
    // The command's own steps, in order, until its final one or the follow time.
    let outcome = loop {
        let event = match tokio::time::timeout_at(deadline, journaled.next()).await {
            Ok(Some(event)) => event,
            Ok(None) | Err(_) => break Outcome::Unknown,
        };
        remote_action_id = event.remote_action_id.clone().or(remote_action_id);
        out.progress(&event);
        match event.event {
            // Without --wait: stop at the server's answer to the POST.
            EventKind::Sent | EventKind::Pending { .. } if !args.wait => {
                out.accepted(&sent, remote_action_id.as_deref());
                return Exit::Success;
            }
            EventKind::Done(report) => break Outcome::Done(report),
            EventKind::Rejected { kind, message } => break Outcome::Rejected { kind, message },
            EventKind::GaveUp { .. } => break Outcome::Unknown,
            EventKind::NotSent { reason } => break Outcome::NotSent { reason },
            EventKind::Queued
            | EventKind::Sent
            | EventKind::Pending { .. }
            | EventKind::Unknown { .. } => {}
        }
    };
    out.outcome(&sent, remote_action_id.as_deref(), &outcome);
    exit_for(&outcome)
}

/// 0 done, 2 failed or refused, 3 no answer yet.
fn exit_for(outcome: &Outcome) -> Exit {
    match outcome {
        Outcome::Done(report) if report.succeeded() => Exit::Success,
        Outcome::Done(_) | Outcome::Rejected { .. } | Outcome::NotSent { .. } => Exit::Failed,
        Outcome::Unknown => Exit::Unknown,
    }
}

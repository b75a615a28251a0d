//! The command line, and how each `send` subcommand becomes a [`CommandInput`].

use std::io::Read;

use clap::{Args, Parser, Subcommand};
use stellantis::model::{
    ChargeSettingsInput, CommandInput, DeferredInput, InvalidInput, PreconditioningSettingsInput,
    WaypointInput,
};

use super::program_spec;

const AFTER_HELP: &str = "\
Credentials: STELLANTIS_CLIENT_ID and STELLANTIS_CLIENT_SECRET, else the OS keyring (service
\"car-remote\", entries \"client-id\" and \"client-secret\", as saved by the Car Remote app).
STELLANTIS_BASE_URL and STELLANTIS_TOKEN_URL give the API and token endpoint. Secrets are
never taken from arguments. --demo runs against a built-in simulator instead.

Exit codes: 0 success, 1 usage or other error, 2 the command failed or was refused,
3 no answer yet (check later). fleet-send: 0 all succeeded, 3 any without an answer yet,
else 2 if any failed, was refused, is unsupported or was not sent.";

/// Send Stellantis remote commands and read vehicles from a terminal or a script.
#[derive(Debug, Parser)]
#[command(name = "car-remote-cli", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// Print JSON instead of text (one document on stdout).
    #[arg(long, global = true)]
    pub json: bool,
    /// Use a built-in simulated fleet instead of the real API (no credentials needed).
    #[arg(long, global = true)]
    pub demo: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The tool's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the account's vehicles.
    Vehicles,
    /// Show a vehicle's latest telemetry (energy, position...).
    Status {
        /// The vehicle id (from `vehicles`), not the VIN.
        vehicle: String,
    },
    /// Show which remote commands a vehicle supports.
    Capability {
        /// The vehicle id (from `vehicles`), not the VIN.
        vehicle: String,
    },
    /// List the 13 remote features and their names.
    Features,
    /// Send a remote command to a vehicle.
    Send(SendArgs),
    /// Send one remote command to many vehicles, follow each to its end and report per vehicle.
    FleetSend(FleetSendArgs),
    /// List the commands of the journal the app and this tool share, newest first.
    History(super::history::HistoryArgs),
    /// Follow to their end the commands an earlier run left without one (never resending any).
    Recover(super::history::RecoverArgs),
}

/// `send`: the vehicle, how to follow the command, and the command itself.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// The vehicle id (from `vehicles`), not the VIN.
    pub vehicle: String,
    /// Wait until the command is done (else return once the server accepted it).
    #[arg(long, global = true)]
    pub wait: bool,
    /// This call's id: a script that retries with the same id gets the same command back,
    /// never a second one. A fresh id when not given.
    #[arg(long, global = true, value_name = "ID")]
    pub request_id: Option<String>,
    /// Longest wait in seconds before the POST leaves (pacing, rate limits, the vehicle's
    /// previous command); past it, the command is not sent at all.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60)]
    pub send_by: u64,
    /// Confirmation, channel and timeout.
    #[command(flatten)]
    pub follow: FollowArgs,
    /// The command.
    #[command(subcommand)]
    pub feature: FeatureCommand,
}

/// What `send` and `fleet-send` share: confirmation, the channel to follow through, the timeout.
#[derive(Debug, Args)]
pub struct FollowArgs {
    /// Longest wait in seconds, for acceptance or (with --wait, and for each vehicle of
    /// `fleet-send`) the end.
    #[arg(long, global = true, default_value_t = 300)]
    pub timeout: u64,
    /// Confirm a command that needs it (immobilize, report stolen, delete onboard data...).
    #[arg(long, global = true)]
    pub yes: bool,
    /// Use this existing channel and poll, instead of a webhook channel of this tool.
    #[arg(long, global = true, env = "STELLANTIS_CHANNEL_ID")]
    pub channel: Option<String>,
    /// Public URL that relays to the local webhook receiver (the real server only posts to
    /// public HTTPS addresses).
    #[arg(long, global = true, env = "STELLANTIS_WEBHOOK_PUBLIC_URL")]
    pub public_url: Option<String>,
}

/// `fleet-send`: which vehicles, how many at once, and the command (the same subcommands as
/// `send`).
#[derive(Debug, Args)]
#[command(subcommand_precedence_over_arg = true)]
pub struct FleetSendArgs {
    /// Every vehicle of the account.
    #[arg(long, conflicts_with_all = ["vehicles_file", "vehicles"])]
    pub all: bool,
    /// A file with one vehicle id per line (blank lines and `#` comments skipped; `-` reads
    /// standard input).
    #[arg(long = "vehicles", value_name = "FILE", conflicts_with = "vehicles")]
    pub vehicles_file: Option<std::path::PathBuf>,
    /// Vehicle ids (from `vehicles`), not VINs. An id given twice is sent to once.
    #[arg(value_name = "VEHICLE")]
    pub vehicles: Vec<String>,
    /// Vehicles in flight at once (the server's burst limit is honoured whatever this is).
    #[arg(long, global = true, default_value_t = 64)]
    pub concurrency: usize,
    /// Send without reading each vehicle's capability first (unsupported vehicles then get a
    /// POST and the server's 501).
    #[arg(long, global = true)]
    pub no_capability_check: bool,
    /// The run's id (a new one when not given): the same id again sends no vehicle twice.
    #[arg(long, global = true, value_name = "ID")]
    pub run_id: Option<String>,
    /// Confirmation, channel and timeout.
    #[command(flatten)]
    pub follow: FollowArgs,
    /// The command.
    #[command(subcommand)]
    pub feature: FeatureCommand,
}

/// One subcommand per remote feature (plus `lock`, `unlock` and `json`).
#[derive(Debug, Subcommand)]
pub enum FeatureCommand {
    /// Start/stop charging, defer it, set programs or settings (exactly one).
    Charging(ChargingArgs),
    /// Declare the vehicle stolen or not, or inhibit its crank (exactly one).
    Stolen {
        /// Stolen (true) or not (false).
        #[arg(long)]
        state: Option<bool>,
        /// Inhibit the crank (true) or not (false).
        #[arg(long)]
        crank_inhibit: Option<bool>,
    },
    /// Switch the lights on or off.
    Lights {
        /// on, off, Activated or Unactivated.
        state: String,
    },
    /// Start/stop air conditioning, set programs or settings (exactly one).
    Preconditioning(PreconditioningArgs),
    /// Lock or unlock the doors.
    Locking {
        /// locked or unlocked (lock / unlock also accepted).
        state: String,
    },
    /// Lock the doors.
    Lock,
    /// Unlock the doors.
    Unlock,
    /// Sound the horn.
    Horn {
        /// on, off, Activated or Unactivated.
        #[arg(default_value = "on")]
        state: String,
    },
    /// Immobilize the vehicle (on) or allow it to start again (off).
    Immobilization {
        /// on or off.
        state: String,
    },
    /// Send a route: 1 to 10 points, start first, destination last.
    Navigation {
        /// A point as LAT,LON or LAT,LON,NAME (repeat for each point, in order).
        #[arg(long = "point", required = true)]
        points: Vec<String>,
    },
    /// Wake the vehicle, then show its latest telemetry.
    State,
    /// Wake the vehicle (wake-ups are counted per month).
    WakeUp,
    /// Ask the vehicle where it is.
    VehicleFinder,
    /// Theft alarm notifications: suppress, end suppression, or confirm/deny a theft.
    Tan {
        /// Suppress for a duration code: 0=2 h, 1=4 h, 2=12 h, 3=24 h, 4=3 days, 5=7 days.
        #[arg(long)]
        suppress: Option<i64>,
        /// Receive notifications again.
        #[arg(long)]
        end_suppression: bool,
        /// Confirm (true) or deny (false) a theft.
        #[arg(long)]
        confirm: Option<bool>,
    },
    /// Delete the personal data stored in the vehicle (irreversible).
    OnboardPersonalData,
    /// Any command as the JSON the app sends, e.g. '{"feature":"horn","state":"Activated"}';
    /// `-` reads it from standard input.
    Json {
        /// The JSON, or `-`.
        input: String,
    },
}

/// `send charging`.
#[derive(Debug, Args)]
pub struct ChargingArgs {
    /// Start charging now.
    #[arg(long, conflicts_with = "stop")]
    pub start: bool,
    /// Stop charging now.
    #[arg(long)]
    pub stop: bool,
    /// Deferred charge: start at this time (HH:MM).
    #[arg(long, conflicts_with = "deferred_now")]
    pub deferred_start: Option<String>,
    /// Deferred charge: start now (use with --deferred-end).
    #[arg(long)]
    pub deferred_now: bool,
    /// Deferred charge: end at this time (HH:MM).
    #[arg(long)]
    pub deferred_end: Option<String>,
    /// Deferred charge: keep charging until full.
    #[arg(long)]
    pub charge_to_full: bool,
    /// A program, e.g. `slot=1,start=22:30,end=06:00,days=Mon+Tue,min=20,max=80[,type=Cooperative][,enabled=false][,full=false]`
    /// or `slot=2,delete` (repeat for each program).
    #[arg(long = "program")]
    pub programs: Vec<String>,
    /// Charge rate: Low, LowPlus, Med, MedPlus or High.
    #[arg(long)]
    pub rate: Option<String>,
    /// Charge limit: MedPlus (80 %) or High (100 %).
    #[arg(long)]
    pub limit: Option<String>,
}

/// `send preconditioning`.
#[derive(Debug, Args)]
pub struct PreconditioningArgs {
    /// Start air conditioning now.
    #[arg(long, conflicts_with = "stop")]
    pub start: bool,
    /// Stop air conditioning now.
    #[arg(long)]
    pub stop: bool,
    /// A program, e.g. `slot=1,start=07:00,days=Mon+Fri[,temp=21][,enabled=false]` or `slot=3,delete`
    /// (repeat for each program).
    #[arg(long = "program")]
    pub programs: Vec<String>,
    /// Settings: target temperature in °C (10 to 35).
    #[arg(long)]
    pub temp: Option<f64>,
    /// Settings: Auto or Manual.
    #[arg(long, requires = "temp")]
    pub mode: Option<String>,
    /// Settings: Activated or Unactivated.
    #[arg(long, requires = "temp")]
    pub settings_state: Option<String>,
}

/// `on`/`off` as the API's words; anything else goes to the model, which names what is allowed.
fn activation(state: &str) -> String {
    match state.trim().to_ascii_lowercase().as_str() {
        "on" => "Activated".to_owned(),
        "off" => "Unactivated".to_owned(),
        _ => state.to_owned(),
    }
}

/// Immediate start/stop from two flags.
fn immediate(start: bool, stop: bool) -> Option<bool> {
    match (start, stop) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    }
}

/// `LAT,LON[,NAME]`.
fn point(index: usize, text: &str) -> Result<WaypointInput, InvalidInput> {
    let field = format!("point[{index}]");
    let invalid = || {
        InvalidInput::new(
            &field,
            "LAT,LON or LAT,LON,NAME in degrees",
            format!("{text:?}"),
        )
    };
    let mut parts = text.splitn(3, ',');
    let latitude = parts
        .next()
        .and_then(|p| p.trim().parse().ok())
        .ok_or_else(invalid)?;
    let longitude = parts
        .next()
        .and_then(|p| p.trim().parse().ok())
        .ok_or_else(invalid)?;
    let name = parts.next().map(str::to_owned);
    Ok(WaypointInput {
        latitude,
        longitude,
        name,
    })
}

impl FeatureCommand {
    /// The command as the app would send it; the model checks it next.
    pub fn to_input(&self) -> Result<CommandInput, InvalidInput> {
        Ok(match self {
            FeatureCommand::Charging(a) => {
                let deferred = (a.deferred_start.is_some()
                    || a.deferred_now
                    || a.deferred_end.is_some()
                    || a.charge_to_full)
                    .then(|| DeferredInput {
                        immediate: a.deferred_now.then_some(true),
                        start_time: a.deferred_start.clone(),
                        end_time: a.deferred_end.clone(),
                        charge_to_full: a.charge_to_full.then_some(true),
                    });
                let programs = if a.programs.is_empty() {
                    None
                } else {
                    Some(
                        a.programs
                            .iter()
                            .enumerate()
                            .map(|(i, spec)| program_spec::charging(i, spec))
                            .collect::<Result<Vec<_>, _>>()?,
                    )
                };
                let settings =
                    (a.rate.is_some() || a.limit.is_some()).then(|| ChargeSettingsInput {
                        charge_preference_rate: a.rate.clone(),
                        charge_limit: a.limit.clone(),
                    });
                CommandInput::Charging {
                    immediate: immediate(a.start, a.stop),
                    deferred,
                    programs,
                    settings,
                }
            }
            FeatureCommand::Stolen {
                state,
                crank_inhibit,
            } => CommandInput::Stolen {
                state: *state,
                crank_inhibit: *crank_inhibit,
            },
            FeatureCommand::Lights { state } => CommandInput::Lights {
                state: activation(state),
            },
            FeatureCommand::Preconditioning(a) => {
                let programs = if a.programs.is_empty() {
                    None
                } else {
                    Some(
                        a.programs
                            .iter()
                            .enumerate()
                            .map(|(i, spec)| program_spec::preconditioning(i, spec))
                            .collect::<Result<Vec<_>, _>>()?,
                    )
                };
                CommandInput::Preconditioning {
                    immediate: immediate(a.start, a.stop),
                    programs,
                    settings: a.temp.map(|temp| PreconditioningSettingsInput {
                        temp,
                        mode: a.mode.clone(),
                        state: a.settings_state.clone(),
                    }),
                }
            }
            FeatureCommand::Locking { state } => CommandInput::Locking {
                state: match state.trim().to_ascii_lowercase().as_str() {
                    "lock" => "Locked".to_owned(),
                    "unlock" => "Unlocked".to_owned(),
                    _ => state.clone(),
                },
            },
            FeatureCommand::Lock => CommandInput::Locking {
                state: "Locked".to_owned(),
            },
            FeatureCommand::Unlock => CommandInput::Locking {
                state: "Unlocked".to_owned(),
            },
            FeatureCommand::Horn { state } => CommandInput::Horn {
                state: activation(state),
            },
            FeatureCommand::Immobilization { state } => CommandInput::Immobilization {
                activate: match state.trim().to_ascii_lowercase().as_str() {
                    "on" | "true" => true,
                    "off" | "false" => false,
                    _ => {
                        return Err(InvalidInput::new(
                            "state",
                            "on or off",
                            format!("{state:?}"),
                        ));
                    }
                },
            },
            FeatureCommand::Navigation { points } => CommandInput::Navigation {
                positions: points
                    .iter()
                    .enumerate()
                    .map(|(i, text)| point(i, text))
                    .collect::<Result<Vec<_>, _>>()?,
            },
            FeatureCommand::State => CommandInput::State,
            FeatureCommand::WakeUp => CommandInput::WakeUp,
            FeatureCommand::VehicleFinder => CommandInput::VehicleFinder,
            FeatureCommand::Tan {
                suppress,
                end_suppression,
                confirm,
            } => {
                let suppressing = match (suppress, end_suppression) {
                    (Some(_), true) => {
                        return Err(InvalidInput::new(
                            "tan",
                            "--suppress CODE or --end-suppression, not both",
                            "both",
                        ));
                    }
                    (Some(_), false) => Some(true),
                    (None, true) => Some(false),
                    (None, false) => None,
                };
                CommandInput::Tan {
                    suppress: suppressing,
                    duration: *suppress,
                    confirm: *confirm,
                }
            }
            FeatureCommand::OnboardPersonalData => CommandInput::OnboardPersonalData,
            FeatureCommand::Json { input } => {
                let text = if input == "-" {
                    let mut text = String::new();
                    std::io::stdin()
                        .read_to_string(&mut text)
                        .map_err(|e| InvalidInput::new("json", "readable standard input", e))?;
                    text
                } else {
                    input.clone()
                };
                serde_json::from_str(&text).map_err(|e| {
                    InvalidInput::new(
                        "json",
                        "a command object such as {\"feature\":\"horn\",\"state\":\"Activated\"}",
                        e,
                    )
                })?
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_parse_with_and_without_names() {
        let p = point(0, "48.85, 2.29,Home, sweet home").unwrap();
        assert_eq!((p.latitude, p.longitude), (48.85, 2.29));
        assert_eq!(p.name.as_deref(), Some("Home, sweet home"));
        assert_eq!(point(2, "48.85").unwrap_err().field, "point[2]");
        assert!(point(0, "north,2").is_err());
    }

    #[test]
    fn on_and_off_become_api_words() {
        assert_eq!(activation("ON"), "Activated");
        assert_eq!(activation("off"), "Unactivated");
        assert_eq!(activation("blink"), "blink");
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

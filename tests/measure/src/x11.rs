//! A process's windows seen as an X11 client: the moment one is mapped (the root window's
//! `MapNotify` events, matched to the process by the window's `_NET_WM_PID`), where it is, and
//! moving or closing it the way a window manager would.

use std::time::{Duration, Instant};

use x11rb::CURRENT_TIME;
use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ChangeWindowAttributesAux, ClientMessageEvent, ConfigureWindowAux,
    ConnectionExt as _, EventMask, MapState, Window,
};
use x11rb::rust_connection::RustConnection;

/// Where a window is and how big, in pixels of the root window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// A connection that hears of every top-level window mapped on the display.
pub struct MapWatcher {
    connection: RustConnection,
    root: Window,
    pid_atom: u32,
}

fn failed(error: impl std::fmt::Display) -> String {
    format!("X11: {error}")
}

impl MapWatcher {
    /// Connects to `$DISPLAY` and subscribes to the root window's structure changes; do it
    /// before starting the process so its first map cannot be missed.
    pub fn connect() -> Result<Self, String> {
        let (connection, screen) =
            x11rb::connect(None).map_err(|e| format!("no X display ($DISPLAY): {e}"))?;
        let root = connection.setup().roots[screen].root;
        let events = ChangeWindowAttributesAux::new().event_mask(EventMask::SUBSTRUCTURE_NOTIFY);
        connection
            .change_window_attributes(root, &events)
            .map_err(failed)?
            .check()
            .map_err(failed)?;
        let pid_atom = Self::atom(&connection, "_NET_WM_PID")?;
        Ok(Self {
            connection,
            root,
            pid_atom,
        })
    }

    fn atom(connection: &RustConnection, name: &str) -> Result<u32, String> {
        Ok(connection
            .intern_atom(false, name.as_bytes())
            .map_err(failed)?
            .reply()
            .map_err(failed)?
            .atom)
    }

    /// Drops the events of earlier runs.
    pub fn drain(&self) {
        while let Ok(Some(_)) = self.connection.poll_for_event() {}
    }

    /// Waits until a top-level window of process `pid` is mapped; returns when it was seen.
    pub fn wait_for_map(&self, pid: u32, timeout: Duration) -> Result<(Instant, Window), String> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.connection.poll_for_event().map_err(failed)? {
                Some(Event::MapNotify(event))
                    if !event.override_redirect && self.pid_of(event.window) == Some(pid) =>
                {
                    return Ok((Instant::now(), event.window));
                }
                Some(_) => {}
                None if Instant::now() > deadline => {
                    return Err(format!("no window of process {pid} mapped in {timeout:?}"));
                }
                None => std::thread::sleep(Duration::from_micros(500)),
            }
        }
    }

    /// The visible top-level windows of process `pid`.
    pub fn windows_of(&self, pid: u32) -> Result<Vec<Window>, String> {
        let tree = self
            .connection
            .query_tree(self.root)
            .map_err(failed)?
            .reply()
            .map_err(failed)?;
        Ok(tree
            .children
            .into_iter()
            .filter(|window| self.pid_of(*window) == Some(pid))
            .filter(|window| {
                self.connection
                    .get_window_attributes(*window)
                    .ok()
                    .and_then(|cookie| cookie.reply().ok())
                    .is_some_and(|a| a.map_state == MapState::VIEWABLE && !a.override_redirect)
            })
            .collect())
    }

    /// Where `window` is on the screen.
    pub fn geometry(&self, window: Window) -> Result<Geometry, String> {
        let size = self
            .connection
            .get_geometry(window)
            .map_err(failed)?
            .reply()
            .map_err(failed)?;
        let place = self
            .connection
            .translate_coordinates(window, self.root, 0, 0)
            .map_err(failed)?
            .reply()
            .map_err(failed)?;
        Ok(Geometry {
            x: place.dst_x.into(),
            y: place.dst_y.into(),
            width: size.width.into(),
            height: size.height.into(),
        })
    }

    /// Moves and resizes `window` (with no window manager running, the request is the change).
    pub fn configure(&self, window: Window, to: Geometry) -> Result<(), String> {
        let request = ConfigureWindowAux::new()
            .x(to.x)
            .y(to.y)
            .width(to.width)
            .height(to.height);
        self.connection
            .configure_window(window, &request)
            .map_err(failed)?
            .check()
            .map_err(failed)
    }

    /// Asks `window` to close, as a window manager's close button does (`WM_DELETE_WINDOW`).
    pub fn close(&self, window: Window) -> Result<(), String> {
        let protocols = Self::atom(&self.connection, "WM_PROTOCOLS")?;
        let delete = Self::atom(&self.connection, "WM_DELETE_WINDOW")?;
        let message =
            ClientMessageEvent::new(32, window, protocols, [delete, CURRENT_TIME, 0, 0, 0]);
        self.connection
            .send_event(false, window, EventMask::NO_EVENT, message)
            .map_err(failed)?
            .check()
            .map_err(failed)
    }

    fn pid_of(&self, window: Window) -> Option<u32> {
        let reply = self
            .connection
            .get_property(false, window, self.pid_atom, AtomEnum::CARDINAL, 0, 1)
            .ok()?
            .reply()
            .ok()?;
        reply.value32()?.next()
    }
}

//! What one call may spend: VM instructions (counted by a debug hook every
//! [`HOOK_EVERY`] instructions), wall-clock time (compared at every hook call and at every
//! charge), and the work of the library functions the hook cannot see, which charge the
//! same budget ([`Meter::charge`]).
//!
//! Once a call is over its budget or past its deadline the meter is *stopped*: every later
//! hook call and every charge fails again with the same message until the call returns.
//! That is what keeps `pcall`, `coroutine.resume` and friends from swallowing the error and
//! looping on (the prelude's wrappers re-raise it, see `prelude.lua`).
//!
//! The hook is installed with the raw C API rather than `Lua::set_hook`, because mlua's
//! hook belongs to one thread only and switches itself off in coroutines, whereas
//! `lua_newthread` gives each new coroutine the hook of the thread that made it.

use std::cell::{Cell, RefCell};
use std::os::raw::{c_int, c_void};
use std::rc::Rc;
use std::time::Instant;

use mlua::{ffi, Lua};

use crate::sandbox::Limits;

/// How often the hook runs; the budget is exact to this many instructions.
const HOOK_EVERY: c_int = 1000;

/// Charges below this many units do not read the clock.
const SMALL_CHARGE: u64 = HOOK_EVERY as u64;

/// The registry key under which a state keeps the address of its meter.
static METER_KEY: u8 = 0;

/// The limits of the call in progress, and why it was stopped, if it was.
pub(crate) struct Meter {
    file: String,
    limits: Limits,
    /// Instructions (or their equivalent in library work) left in the current call.
    left: Cell<u64>,
    /// `None` while the host itself runs Lua code (restoring the environment).
    deadline: Cell<Option<Instant>>,
    /// Set once the call is over a limit; sticky until the next [`Meter::start`].
    stopped: RefCell<Option<String>>,
    /// Bytes the host holds for the script outside Lua's allocator (compiled regexes,
    /// keyword matchers); Lua's own limit is lowered by as much.
    host: Cell<usize>,
}

impl Meter {
    /// A meter for `lua`, installed as its hook. `lua` keeps a reference to it (its app
    /// data), so the address the hook reads stays valid as long as the state.
    pub(crate) fn install(lua: &Lua, file: &str, limits: Limits) -> mlua::Result<Rc<Meter>> {
        let meter = Rc::new(Meter {
            file: file.to_owned(),
            limits,
            left: Cell::new(u64::MAX),
            deadline: Cell::new(None),
            stopped: RefCell::new(None),
            host: Cell::new(0),
        });
        lua.set_app_data(Rc::clone(&meter));
        let address = Rc::as_ptr(&meter) as *mut c_void;
        // SAFETY: the closure runs in a protected call on `lua`'s current (main) thread;
        // it pushes and stores one light userdata and sets the hook, nothing that unwinds.
        unsafe {
            lua.exec_raw::<()>((), |state| {
                ffi::lua_pushlightuserdata(state, address);
                ffi::lua_rawsetp(state, ffi::LUA_REGISTRYINDEX, meter_key());
                ffi::lua_sethook(state, Some(hook), ffi::LUA_MASKCOUNT, HOOK_EVERY);
            })?;
        }
        Ok(meter)
    }

    /// Starts a call (a document, or loading the script) with the full limits.
    pub(crate) fn start(&self) {
        self.left.set(self.limits.instructions);
        self.deadline
            .set(Instant::now().checked_add(self.limits.time));
        *self.stopped.borrow_mut() = None;
    }

    /// No limits, for the host's own Lua code between calls.
    pub(crate) fn unlimited(&self) {
        self.left.set(u64::MAX);
        self.deadline.set(None);
        *self.stopped.borrow_mut() = None;
    }

    /// Why the current call was stopped, if it was.
    pub(crate) fn stopped(&self) -> Option<String> {
        self.stopped.borrow().clone()
    }

    /// Takes `units` from the budget (an instruction's worth of work each) and checks the
    /// deadline; the error says where the script was (`script:line`) and what to raise.
    pub(crate) fn charge(&self, lua: &Lua, units: u64) -> mlua::Result<()> {
        if self.spend(units) {
            return Ok(());
        }
        if self.stopped.borrow().is_none() {
            self.stop(caller_line(lua));
        }
        Err(mlua::Error::RuntimeError(
            self.stopped().unwrap_or_default(),
        ))
    }

    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// Counts `bytes` the host allocates for the script against its memory limit.
    pub(crate) fn host_alloc(&self, lua: &Lua, bytes: usize) -> mlua::Result<()> {
        let host = self.host.get().saturating_add(bytes);
        if host > self.limits.memory {
            return Err(mlua::Error::MemoryError(format!(
                "{bytes} bytes for the host"
            )));
        }
        self.host.set(host);
        self.sync_memory(lua)
    }

    /// Gives back what [`Meter::host_alloc`] counted; Lua's limit follows at the next
    /// allocation or call.
    pub(crate) fn host_free(&self, bytes: usize) {
        self.host.set(self.host.get().saturating_sub(bytes));
    }

    /// Lua's memory limit: what the host does not hold (at least a byte: 0 means none).
    pub(crate) fn sync_memory(&self, lua: &Lua) -> mlua::Result<()> {
        let left = self.limits.memory.saturating_sub(self.host.get()).max(1);
        lua.set_memory_limit(left).map(|_| ())
    }

    /// Spends `units`; false when the call is (or now becomes) over a limit.
    fn spend(&self, units: u64) -> bool {
        if self.stopped.borrow().is_some() {
            return false;
        }
        let left = self.left.get().saturating_sub(units);
        self.left.set(left);
        // Small charges skip the clock: the instructions between them run the hook, which
        // reads it.
        left > 0 && (units < SMALL_CHARGE || self.deadline.get().is_none_or(|d| Instant::now() < d))
    }

    /// Records why the call stops, at `line` of the script (0: unknown).
    fn stop(&self, line: i32) {
        let file = &self.file;
        let at = if line > 0 {
            format!("{file}:{line}")
        } else {
            file.clone()
        };
        let message = if self.left.get() == 0 {
            format!(
                "{at}: instruction budget of {} exceeded (an endless loop? raise `instruction_limit` in [stage.options])",
                self.limits.instructions
            )
        } else {
            format!(
                "{at}: time limit of {} ms exceeded (an endless loop or a slow pattern? raise `time_limit_ms` in [stage.options])",
                self.limits.time.as_millis()
            )
        };
        *self.stopped.borrow_mut() = Some(message);
    }
}

fn meter_key() -> *const c_void {
    &METER_KEY as *const u8 as *const c_void
}

/// The meter of `lua`'s call in progress.
pub(crate) fn of(lua: &Lua) -> Rc<Meter> {
    Rc::clone(
        &lua.app_data_ref::<Rc<Meter>>()
            .expect("every state has a meter"),
    )
}

/// Charges `units` to the call in progress (see [`Meter::charge`]).
pub(crate) fn charge(lua: &Lua, units: u64) -> mlua::Result<()> {
    of(lua).charge(lua, units)
}

/// Bytes the host may allocate for the script in one go: its memory limit.
pub(crate) fn memory_limit(lua: &Lua) -> usize {
    of(lua).limits.memory
}

/// `script:line` of the script line that called a library function (`script` alone when
/// no line is known), for the messages of the host's library functions.
pub(crate) fn caller(lua: &Lua) -> String {
    let meter = of(lua);
    match caller_line(lua) {
        0 => meter.file.clone(),
        line => format!("{}:{line}", meter.file),
    }
}

/// The name the sandbox's own Lua code (`prelude.lua`) is loaded under: its lines are not
/// the script's, so messages skip its frames.
pub(crate) const PRELUDE_CHUNK: &str = "=[sandbox]";

/// The line of the innermost function of the script on the stack (the script line that
/// called a library function, past the prelude's wrappers), 0 if there is none.
pub(crate) fn caller_line(lua: &Lua) -> i32 {
    (0..MAX_LEVELS)
        .filter_map(|level| lua.inspect_stack(level as usize))
        .filter(|frame| frame.source().source.as_deref() != Some(PRELUDE_CHUNK))
        .map(|frame| frame.curr_line())
        .find(|line| *line > 0)
        .unwrap_or(0)
}

/// How far down the stack a message looks for the script's line.
const MAX_LEVELS: c_int = 16;

/// [`caller_line`] from inside the hook, with the raw C API (no `Lua` handle there).
///
/// # Safety
/// `state` must be the state the hook runs on.
unsafe fn script_line(state: *mut ffi::lua_State) -> i32 {
    let mut frame: ffi::lua_Debug = std::mem::zeroed();
    for level in 0..MAX_LEVELS {
        if ffi::lua_getstack(state, level, &mut frame) == 0 {
            break;
        }
        if ffi::lua_getinfo(state, c"Sl".as_ptr(), &mut frame) == 0 || frame.currentline <= 0 {
            continue;
        }
        let source = std::ffi::CStr::from_ptr(frame.source);
        if source.to_bytes() != PRELUDE_CHUNK.as_bytes() {
            return frame.currentline;
        }
    }
    0
}

/// The count hook: spends [`HOOK_EVERY`] instructions and raises the stop message once the
/// call is over a limit (again at every later hook call: stopping is sticky).
unsafe extern "C-unwind" fn hook(state: *mut ffi::lua_State, _ar: *mut ffi::lua_Debug) {
    ffi::lua_rawgetp(state, ffi::LUA_REGISTRYINDEX, meter_key());
    let meter = ffi::lua_touserdata(state, -1) as *const Meter;
    ffi::lua_pop(state, 1);
    if meter.is_null() {
        return;
    }
    // SAFETY: the meter outlives the state's calls (see `Meter::install`).
    let meter = &*meter;
    if meter.spend(HOOK_EVERY as u64) {
        return;
    }
    if meter.stopped.borrow().is_none() {
        meter.stop(script_line(state));
    }
    // No Rust value that needs dropping may be alive when `lua_error` jumps out: take
    // the message's address and length, then let the borrow go.
    let (bytes, len) = {
        let stopped = meter.stopped.borrow();
        let message = stopped.as_deref().unwrap_or_default();
        (message.as_ptr(), message.len())
    };
    ffi::lua_pushlstring(state, bytes as *const _, len);
    ffi::lua_error(state);
}
